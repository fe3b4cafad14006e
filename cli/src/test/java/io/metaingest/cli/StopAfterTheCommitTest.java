package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Metaingest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop (SIGTERM) that comes once the run has committed its output and written its final report does not undo
 * the run: the process ends with the code the report holds, and the outcome line and {@code status} say the same.
 */
class StopAfterTheCommitTest {

    @TempDir
    Path dir;

    @Test
    void aSigtermDuringTheSummaryEndsTheProcessWithTheRunsOwnExitCode() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path target = out.resolve("records.ndjson");
        Path workflow = dir.resolve("shelf.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(target));
        Path report = dir.resolve("report.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoppedDuringTheSummary.class.getName(), target.toString(), "ingest", "-c", workflow.toString(),
                "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String console = Files.readString(dir.resolve("console.txt"));
            JsonNode last = new ObjectMapper().readTree(report.toFile());
            assertThat(last.path("state").asText()).as(console).isEqualTo("success");
            assertThat(last.path("endedBy").asText()).isEqualTo("completed");
            // Was 143 while the report said 0.
            assertThat(process.exitValue()).as(console).isZero().isEqualTo(last.path("exitCode").asInt());
            assertThat(console).contains("shelf: success - 4 records written to " + target)
                    .doesNotContain("interrupted");
            assertThat(Files.readAllLines(target)).hasSize(4);

            ByteArrayOutputStream status = new ByteArrayOutputStream();
            int code = Main.execute(new Main(new PrintStream(status, true, StandardCharsets.UTF_8),
                    new PrintStream(status, true, StandardCharsets.UTF_8), Metaingest::discover), "status", report.toString());
            assertThat(code).isZero();
            assertThat(status.toString(StandardCharsets.UTF_8)).contains(" success, ended ");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theRunsOwnCodeReplacesTheSignalsOnlyWhenAStopEndsAProcessWhoseRunHadEnded() {
        // A stop after the run ended: the command's code once it returned (a report it could not write makes it 1)...
        assertThat(Main.codeAfterAStop(true, true, 1, OptionalInt.of(0))).hasValue(1);
        // ...else the run's, when the command is still printing after the wait.
        assertThat(Main.codeAfterAStop(true, false, 1, OptionalInt.of(0))).hasValue(0);
        // The stop ended the run: its signal's code stands.
        assertThat(Main.codeAfterAStop(true, true, 143, OptionalInt.empty())).isEmpty();
        // No stop: the command's own System.exit ends the process.
        assertThat(Main.codeAfterAStop(false, true, 0, OptionalInt.of(0))).isEmpty();
    }
}
