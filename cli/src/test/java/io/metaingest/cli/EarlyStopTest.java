package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop that lands before the command could watch for it still leaves a final report, and runs nothing. */
class EarlyStopTest {

    @TempDir
    Path dir;

    @Test
    void aStopWhileTheCommandLineIsParsedEndsTheReportAsFailed() throws Exception {
        Path workflow = dir.resolve("shelf.yaml");
        Path output = dir.resolve("out.ndjson");
        Files.writeString(output, "previous\n");
        Files.writeString(workflow, ShelfWorkflows.toFile(output));
        Path report = dir.resolve("report.json");

        try (ChildCli cli = ChildCli.startMain(dir, StoppedWhileStarting.class, "ingest", "-c", workflow.toString(),
                "--report", report.toString())) {
            assertThat(cli.exitCode()).isEqualTo(143);
            String err = String.join("\n", cli.errLines());
            assertThat(err).contains("metaingest: run interrupted before it started; final state failed written to " + report)
                    .doesNotContain("IllegalStateException").doesNotContain("Shutdown in progress");
            assertThat(cli.out()).contains("command exit code 1");
        }
        JsonNode written = new ObjectMapper().readTree(report.toFile());
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("fatalError").asText()).isEqualTo("interrupted: the process was stopped before the run started");
        assertThat(written.path("endedBy").asText()).isEqualTo("signal");
        assertThat(written.path("exitCode").asInt()).isEqualTo(143);
        assertThat(Files.readString(output)).isEqualTo("previous\n");
    }

    @Test
    void aStopBeforeTheCommandLineIsParsedReplacesThePreviousRunsReport() throws Exception {
        Path workflow = dir.resolve("shelf.yaml");
        Files.writeString(workflow, "source: {type: shelf}\n");
        Path report = dir.resolve("report.json");
        String previous = "{\"state\":\"success\",\"startedAt\":\"2026-11-30T10:00:00Z\","
                + "\"outputs\":[{\"records\":12004,\"kept\":true}]}";
        Files.writeString(report, previous);

        try (ChildCli cli = ChildCli.startMain(dir, StoppedBeforeParsing.class, "--debug", "ingest", "-c", workflow.toString(),
                "--report=" + report)) {
            assertThat(cli.exitCode()).isEqualTo(143);
            assertThat(String.join("\n", cli.errLines()))
                    .contains("metaingest: run interrupted before it started; final state failed written to " + report);
        }
        JsonNode written = new ObjectMapper().readTree(report.toFile());
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("fatalError").asText()).isEqualTo("interrupted: the process was stopped before the run started");
        assertThat(written.path("outputs")).isEmpty();
        // Not known before the workflow is loaded: left out, not written as 0.
        assertThat(written.has("success")).isFalse();
        assertThat(written.has("successThreshold")).isFalse();

        // Never over the workflow file, and only for ingest.
        try (ChildCli cli = ChildCli.startMain(dir, StoppedBeforeParsing.class, "ingest", "-c", workflow.toString(),
                "--report", workflow.toString())) {
            assertThat(cli.exitCode()).isEqualTo(143);
        }
        assertThat(Files.readString(workflow)).isEqualTo("source: {type: shelf}\n");
        // Nor over a file that holds something other than a run report.
        Path notes = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        try (ChildCli cli = ChildCli.startMain(dir, StoppedBeforeParsing.class, "ingest", "-c", workflow.toString(),
                "--report", notes.toString())) {
            assertThat(cli.exitCode()).isEqualTo(143);
        }
        assertThat(Files.readString(notes)).isEqualTo("my notes\n");
        Files.writeString(report, previous);
        try (ChildCli cli = ChildCli.startMain(dir, StoppedBeforeParsing.class, "validate", "-c", workflow.toString(),
                "--report", report.toString())) {
            assertThat(cli.exitCode()).isEqualTo(143);
        }
        assertThat(Files.readString(report)).isEqualTo(previous);
    }

    @Test
    void aStopBeforeTheCommandLineIsParsedMasksTheWorkflowsCredentialsInItsLine() throws Exception {
        // The report's folder is named like the workflow's password: the stop's line must not show it.
        String password = "Kx9-folder-secret";
        Path workflow = dir.resolve("pg.yaml");
        Files.writeString(workflow, "source:\n  type: postgres\n  serviceConnection:\n    config:\n"
                + "      password: " + password + "\n");
        Path report = Files.createDirectories(dir.resolve(password)).resolve("report.json");

        try (ChildCli cli = ChildCli.startMain(dir, StoppedBeforeParsing.class, "ingest", "-c", workflow.toString(),
                "--report", report.toString())) {
            assertThat(cli.exitCode()).isEqualTo(143);
            assertThat(String.join("\n", cli.errLines()))
                    .contains("metaingest: run interrupted before it started; final state failed written to "
                            + report.toString().replace(password, "******"))
                    .doesNotContain(password);
        }
        // The file itself is where it was asked to be: only the line is masked.
        assertThat(new ObjectMapper().readTree(report.toFile()).path("state").asText()).isEqualTo("failed");
    }

    @Test
    void aCommandLineThatRunsNothingLeavesThePreviousReportAndSaysNoStop() throws Exception {
        Path workflow = dir.resolve("shelf.yaml");
        Files.writeString(workflow, "source: {type: shelf}\n");
        Path report = dir.resolve("report.json");
        String previous = "{\"state\":\"success\",\"startedAt\":\"2026-11-30T10:00:00Z\"}";
        Files.writeString(report, previous);

        // The early-stop hook ran at this normal exit and wrote "interrupted" over the report.
        try (ChildCli cli = ChildCli.startMain(dir, Main.class, "ingest", "-c", workflow.toString(), "--report",
                report.toString(), "--bogus")) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(String.join("\n", cli.errLines())).contains("unknown option '--bogus'").doesNotContain("interrupted");
        }
        assertThat(Files.readString(report)).isEqualTo(previous);
    }
}
