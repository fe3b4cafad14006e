package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaingest test-connection} against a shelf that accepts and never answers ({@code hang:}): the
 * command gives up after the runtime's bound (made short here), one line naming the service, its
 * connector, the bound and what to check, exit 3; for a test suite, each such service, the others still tested.
 */
class TestConnectionBoundTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int testConnection(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("wf.yaml"), yaml);
        Main main = cli.main(plugins -> CapturedCli.runtime(ServiceSpecRegistry.of(new ShelfSpec()), Map.of())
                .withConnectionTestBound(Duration.ofMillis(300)));
        return Main.execute(main, "test-connection", "-c", file.toString());
    }

    @Test
    void aTesterThatNeverAnswersIsAConnectionFailureAfterTheBound() throws Exception {
        int exit = testConnection(ShelfWorkflows.metadata("tablr_cli", "hostPort: \"hang:1\", books: [a]",
                ShelfWorkflows.fileSink(dir.resolve("out.ndjson"))));

        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().lines().toList()).containsExactly(
                "connection failed: tablr_cli (Shelf) did not answer the connection test within 300 ms; check"
                        + " source.serviceConnection.config.hostPort and that the tester sets connect and read timeouts");
    }

    @Test
    void eachServiceOfASuiteThatNeverAnswersIsItsOwnLineAndTheOthersAreStillTested() throws Exception {
        int exit = testConnection(ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("first_svc", "Shelf", "hang:1", null),
                ShelfWorkflows.service("second_svc", "Shelf", "shelf:2", null),
                ShelfWorkflows.service("third_svc", "Shelf", "down:3", null),
                ShelfWorkflows.service("fourth_svc", "Shelf", "hang:4", null)));

        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.out().lines().toList()).containsExactly("ok: second_svc: reached shelf:2: 1 books");
        assertThat(cli.err().lines().toList()).containsExactly(
                "connection failed (unreachable): third_svc: cannot reach down:3; check "
                        + "source.sourceConfig.config.serviceConnections[2].serviceConnection.config.hostPort",
                "connection failed: first_svc (Shelf) did not answer the connection test within 300 ms; check "
                        + "source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort"
                        + " and that the tester sets connect and read timeouts",
                "connection failed: fourth_svc (Shelf) did not answer the connection test within 300 ms; check "
                        + "source.sourceConfig.config.serviceConnections[3].serviceConnection.config.hostPort"
                        + " and that the tester sets connect and read timeouts");
    }
}
