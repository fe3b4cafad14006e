package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a connector's own bugs look like from the command line: a source whose {@code close()} never
 * returns (the bound made short here) and a connection tester that throws a RuntimeException of its own.
 */
@Timeout(60) // without the bound, the stuck close would hold the command for ever
class ConnectorBugsTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int execute(String yaml, String... args) throws Exception {
        Path file = Files.writeString(dir.resolve("wf.yaml"), yaml);
        Main main = cli.main(plugins -> CapturedCli.runtime(ServiceSpecRegistry.of(new ShelfSpec()), Map.of())
                .withStepCloseBound(Duration.ofMillis(300)));
        String[] command = new String[args.length + 2];
        System.arraycopy(args, 0, command, 0, args.length);
        command[args.length] = "-c";
        command[args.length + 1] = file.toString();
        return Main.execute(main, command);
    }

    private String workflow(String hostPort, int threshold) {
        return ShelfWorkflows.metadata("tablr_cli", "hostPort: \"" + hostPort + "\", books: [a, b, c, d, e, f]",
                ShelfWorkflows.fileSink(dir.resolve("out.ndjson")) + "workflowConfig: {successThreshold: " + threshold + "}\n");
    }

    private String errors() {
        return cli.err();
    }

    @Test
    void aSourceCloseThatNeverReturnsIsTheSourcesFailureAndTheRunEndsWithItsRecordsKept() throws Exception {
        int exit = execute(workflow("stuck-close:1", 80), "ingest");

        assertThat(exit).as(errors()).isEqualTo(ExitCodes.OK); // partial success: above the threshold
        assertThat(errors()).contains("warning: source shelf close() did not return within 300 ms; the connector's"
                + " close must not block\n").doesNotContain("\tat ");
        assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).hasSize(8);
    }

    @Test
    void belowTheThresholdTheStuckCloseFailsTheRun() throws Exception {
        int exit = execute(workflow("stuck-close:1", 95), "ingest");

        assertThat(exit).as(errors()).isEqualTo(ExitCodes.FAILED);
        assertThat(errors()).contains("source shelf close() did not return within 300 ms");
    }

    @Test
    void aTesterThatThrowsIsOneLineNamingTheServiceTheConnectorAndItsOrigin() throws Exception {
        int exit = execute(workflow("buggy:1", 90), "test-connection");

        assertThat(exit).as(errors()).isEqualTo(ExitCodes.FAILED); // nothing was concluded about the connection
        assertThat(cli.out()).isEmpty();
        assertThat(errors().lines().toList()).containsExactly("connection not tested: tablr_cli: the Shelf connector's"
                + " tester failed with IllegalStateException: tester bug: index 3 out of bounds; a bug in the connector"
                + " (embedded), report it to its author");
    }

    @Test
    void withDebugTheTestersStackTraceFollowsItsLine() throws Exception {
        int exit = execute(workflow("buggy:1", 90), "--debug", "test-connection");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(errors()).contains("tester failed with IllegalStateException: tester bug: index 3 out of bounds;")
                .contains("\tat io.metaingest.testconnectors.ShelfTester.test(");
    }

    @Test
    void aSuiteServiceWhoseTesterThrowsIsItsOwnLineAndTheOthersAreStillTested() throws Exception {
        int exit = execute(ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("first_svc", "Shelf", "buggy:1", null),
                ShelfWorkflows.service("second_svc", "Shelf", "shelf:2", null)), "test-connection");

        assertThat(exit).as(errors()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out().lines().toList()).containsExactly("ok: second_svc: reached shelf:2: 1 books");
        assertThat(errors().lines().toList()).containsExactly("connection not tested: first_svc: the Shelf connector's"
                + " tester failed with IllegalStateException: tester bug: index 3 out of bounds; a bug in the connector"
                + " (embedded), report it to its author");
    }
}
