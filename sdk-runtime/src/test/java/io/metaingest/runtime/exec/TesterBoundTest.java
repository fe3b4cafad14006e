package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The bound test-connection puts on a connector's tester. */
class TesterBoundTest {

    @Test
    void aTesterThatIgnoresTheInterruptIsInterruptedAndLeftOnADaemonThread() throws Exception {
        AtomicReference<Thread> testerThread = new AtomicReference<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TesterBound bound = new TesterBound(Duration.ofMillis(100));

        var lines = bound.run("metaingest-test-connection-stuck", () -> {
            testerThread.set(Thread.currentThread());
            // A tester without timeouts that swallows the interrupt, as some drivers do.
            while (true) {
                try {
                    release.await();
                    return List.of("never");
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        });

        try {
            assertThat(lines).isEmpty();
            assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the tester was interrupted").isTrue();
            assertThat(testerThread.get().isDaemon()).as("a daemon: the process can still exit").isTrue();
            assertThat(testerThread.get().getName()).isEqualTo("metaingest-test-connection-stuck");
            assertThat(testerThread.get().isAlive()).as("left, not waited for").isTrue();
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTesterThatAnswersInTimeGivesItsLinesAndItsFailuresAsThrown() throws Exception {
        TesterBound bound = new TesterBound(Duration.ofMinutes(1));
        ConnectionException refused = new ConnectionException(ConnectionException.Reason.AUTHENTICATION, "refused");

        assertThat(bound.run("t", () -> List.of("reached"))).contains(List.of("reached"));
        assertThatThrownBy(() -> bound.run("t", () -> {
            throw refused;
        })).isSameAs(refused);
        assertThatThrownBy(() -> bound.run("t", () -> {
            throw new IllegalStateException("a bug");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    }

    @Test
    void theBoundReadsAsAPersonSaysIt() {
        assertThat(new TesterBound(ConnectionTestRunner.DEFAULT_BOUND).described()).isEqualTo("3 min");
        assertThat(new TesterBound(Duration.ofSeconds(30)).described()).isEqualTo("30 s");
        assertThat(new TesterBound(Duration.ofSeconds(90)).described()).isEqualTo("90 s");
        assertThat(new TesterBound(Duration.ofMillis(250)).described()).isEqualTo("250 ms");
    }
}
