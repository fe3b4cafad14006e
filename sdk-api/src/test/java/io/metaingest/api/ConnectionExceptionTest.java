package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException.Reason;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed check carries the lines of the checks that passed and the other checks that failed. */
class ConnectionExceptionTest {

    @Test
    void withPassedKeepsTheFailureAndAddsThePassedLines() {
        IOException cause = new IOException("refused");
        ConnectionException failure = new ConnectionException(Reason.PERMISSION, "no USAGE on schema hr", cause);

        ConnectionException carried = failure.withPassed(List.of("connected", "warning: a caveat"));

        assertThat(carried.passed()).containsExactly("connected", "warning: a caveat");
        assertThat(carried.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(carried.getMessage()).isEqualTo("no USAGE on schema hr");
        assertThat(carried.getCause()).isSameAs(cause);
        assertThat(carried.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(carried.otherFailures()).isEmpty();
        assertThat(failure.passed()).as("the original is left as it was").isEmpty();
    }

    @Test
    void ofIsTheFirstFailureCarryingTheOthersInOrderAndThePassedLines() {
        ConnectionException usage = new ConnectionException(Reason.PERMISSION, "no USAGE");
        ConnectionException select = new ConnectionException(Reason.PERMISSION, "no SELECT");
        ConnectionException views = new ConnectionException(Reason.PERMISSION, "views' owners");
        ConnectionException queryLog = new ConnectionException(Reason.NOT_FOUND, "no pg_stat_statements");

        ConnectionException all = ConnectionException.of(
                List.of(usage, ConnectionException.of(List.of(select, views), List.of()), queryLog), List.of("connected"));

        assertThat(all.getMessage()).isEqualTo("no USAGE");
        assertThat(all.passed()).containsExactly("connected");
        // A failure that carried others of its own keeps them, in the order the checks ran.
        assertThat(all.otherFailures()).extracting(Throwable::getMessage)
                .containsExactly("no SELECT", "views' owners", "no pg_stat_statements");
        assertThat(all.otherFailures()).extracting(ConnectionException::reason)
                .containsExactly(Reason.PERMISSION, Reason.PERMISSION, Reason.NOT_FOUND);
        // withPassed on such a failure keeps its other failures.
        assertThat(all.withPassed(List.of("a", "b")).otherFailures()).hasSize(3);
    }

    @Test
    void aFailureWithoutAttachedChecksCarriesNone() {
        ConnectionException plain = new ConnectionException(Reason.UNREACHABLE, "cannot reach host:1");
        assertThat(plain.passed()).isEmpty();
        assertThat(plain.otherFailures()).isEmpty();
        assertThatThrownBy(() -> ConnectionException.of(List.of(), List.of("connected")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
