package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import io.metaingest.testkit.canary.Canary;
import io.metaingest.testkit.canary.CanaryScan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        Path file = inputs.resolve(name + ".yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a, b, broken], failOn: [broken], username: alice,
                             password: %s, leak: %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                workflowConfig: {successThreshold: 50}
                %s
                """.formatted(Canary.PASSWORD, leak, sink));
        return file;
    }

    @Test
    void anInProcessRunWritesItsRecordsAndReportWhereTheCheckLooks() throws Exception {
        Path records = outputs.resolve("shelf.ndjson");
        Path report = outputs.resolve("shelf-report.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Metaingest::discover),
                "ingest", "-c", workflow("shelf", false, "sink: {type: file, config: {path: \"" + records + "\"}}").toString(),
                "--report", report.toString());
        System.out.println(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));

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
