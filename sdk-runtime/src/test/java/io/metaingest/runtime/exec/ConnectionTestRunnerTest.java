package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException.Reason;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tester's failure keeps the lines of the checks that passed before it and the other checks that
 * failed with it, masked, located, and for a test suite's service named by it.
 */
class ConnectionTestRunnerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Passes two checks, the second with a caveat, then fails two independent ones; it echoes the password. */
    public static final class HalfwayTester implements ConnectionTester {
        private final ShelfConnection connection;

        @Inject
        public HalfwayTester(ShelfConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            String key = connection.password().reveal();
            throw ConnectionException.of(List.of(
                    new ConnectionException(Reason.PERMISSION, "key " + key + " may not read the books: check "
                            + ConnectionPath.of("password")),
                    new ConnectionException(Reason.NOT_FOUND, "no loan log at " + connection.hostPort() + ": check "
                            + ConnectionPath.of("hostPort"))),
                    List.of("reached " + connection.hostPort() + " with key " + key, WARNING + "the shelf is dusty"));
        }
    }

    /** The shelf with the tester above. */
    private static final class HalfwayShelf extends ShelfSpec {
        @Override
        public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(HalfwayTester.class);
        }
    }

    private final Metaingest runtime = ShelfWorkflows.runtime(CLOCK, new HalfwayShelf());

    @Test
    void aFailureKeepsThePassedLinesAndTheOtherFailuresMasked() throws Exception {
        Path file = Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.shelfSource("""
                hostPort: "shelf:1"
                password: tok-SECRET-123
                """) + """
                sink: {type: file, config: {path: "%s"}}
                """.formatted(dir.resolve("out.ndjson")));

        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> runtime.testConnection(file));

        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.passed()).containsExactly("reached shelf:1 with key ******", "warning: the shelf is dusty");
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("key ****** may not read the books: check"
                + " source.serviceConnection.config.password");
        assertThat(e.otherFailures()).singleElement().satisfies(other -> {
            assertThat(other.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(other.getMessage()).isEqualTo("no loan log at shelf:1: check source.serviceConnection.config.hostPort");
        });
    }

    @Test
    void aSuitesServiceThatFailsKeepsItsPassedLinesNamedByItAndEachFailure() throws Exception {
        Path file = Files.writeString(dir.resolve("suite.yaml"), ShelfWorkflows.testSuiteSource("""
                - serviceName: alpha
                  serviceConnection:
                    config: {type: Shelf, hostPort: "alpha:5432", password: Alpha-Secret-1}
                """) + """
                processor: {type: orm-test-runner, config: {}}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(dir.resolve("out.ndjson")));

        ConnectionTestResult result = runtime.testConnection(file);

        assertThat(result.passed()).containsExactly("alpha: reached alpha:5432 with key ******",
                "warning: alpha: the shelf is dusty");
        assertThat(result.failed()).containsExactly(
                alphasFailuresUnder("source.sourceConfig.config.serviceConnections[0].serviceConnection.config."));
        assertThat(result.allPassed()).isFalse();
    }

    /** A suite as OpenMetadata's server writes it: its connection is the source's, and its lines name that path. */
    @Test
    void aSuiteInTheServersFormNamesTheConnectionFieldsOfItsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("suite.yaml"), """
                source:
                  type: shelf
                  serviceName: alpha
                  serviceConnection:
                    config: {type: Shelf, hostPort: "alpha:5432", password: Alpha-Secret-1}
                  sourceConfig:
                    config: {type: TestSuite, entityFullyQualifiedName: alpha.db.public.books}
                processor: {type: orm-test-runner, config: {}}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(dir.resolve("out.ndjson")));

        ConnectionTestResult result = runtime.testConnection(file);

        assertThat(result.failed()).containsExactly(alphasFailuresUnder("source.serviceConnection.config."));
    }

    /** The halfway tester's two failures for service alpha, each naming its field under {@code entry}. */
    private static ConnectionTestResult.Failed[] alphasFailuresUnder(String entry) {
        return new ConnectionTestResult.Failed[] {
                new ConnectionTestResult.Failed("alpha", Reason.PERMISSION,
                        "key ****** may not read the books: check " + entry + "password"),
                new ConnectionTestResult.Failed("alpha", Reason.NOT_FOUND,
                        "no loan log at alpha:5432: check " + entry + "hostPort")};
    }
}
