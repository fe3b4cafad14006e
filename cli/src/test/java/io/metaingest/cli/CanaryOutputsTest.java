package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.testkit.canary.Canary;
import io.metaingest.testkit.canary.CanaryScan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs whose outputs the build's canary check reads: the shared test connector (Shelf) with the canary
 * password, run in-process with its NDJSON and report in {@code target/canary-outputs}, and as a real
 * process with {@code --debug} and {@code leak: true} (it echoes the credentials in records, logs and
 * errors), whose stdout and stderr go to this test's captured output, so the check also reads what
 * a real process prints (in-process log masking has its own test, {@code InProcessLogMaskingTest}).
 * The workflow files (inputs, holding the canary)
 * stay in a temporary folder the check does not read.
 */
class CanaryOutputsTest {

    @TempDir
    Path inputs;

    private final Path outputs = CanaryScan.outputs(Path.of("").toAbsolutePath());

    private Path workflow(String name, boolean leak, String sink) throws Exception {
        String connection = "hostPort: \"shelf:1\", books: [a, b, broken], failOn: [broken], username: alice, password: "
                + Canary.PASSWORD + ", leak: " + leak;
        return Files.writeString(inputs.resolve(name + ".yaml"),
                ShelfWorkflows.metadata(connection, "workflowConfig: {successThreshold: 50}\n" + sink + "\n"));
    }

    @Test
    void anInProcessRunWritesItsRecordsAndReportWhereTheCheckLooks() throws Exception {
        Path records = outputs.resolve("shelf.ndjson");
        Path report = outputs.resolve("shelf-report.json");
        CapturedCli cli = new CapturedCli();
        int code = cli.run("ingest", "-c",
                workflow("shelf", false, "sink: {type: file, config: {path: \"" + records + "\"}}").toString(),
                "--report", report.toString());
        System.out.println(cli.console());

        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllLines(records)).hasSize(4); // database, schema, a, b (broken failed)
        assertThat(Files.readString(report)).contains("\"failures\"");
    }

    @Test
    void aDebugProcessPrintsItsLogsIntoTheCapturedOutput() throws Exception {
        try (ChildCli cli = ChildCli.start(inputs, null, "--debug", "ingest", "-c",
                workflow("console", true, "sink: {type: console}").toString())) {
            int code = cli.exitCode();
            String err = String.join("\n", cli.errLines());
            System.out.println(cli.out() + err);
            assertThat(code).isEqualTo(ExitCodes.OK);
            assertThat(err).contains("the server answered");
        }
    }
}
