package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a user runs it, in its own JVM: real stdout, stderr, logs and signals. */
class ChildProcessTest {

    private static final String PASSWORD = io.metaingest.testkit.canary.Canary.PASSWORD;

    @TempDir
    Path dir;

    private Path workflow(String sink) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.metadata("hostPort: \"shelf:1\", books: [a, b, c],"
                + " username: alice, password: " + PASSWORD + ", leak: true", sink + "\n"));
    }

    @Test
    void aPipedDebugRunWritesOnlyRecordsToStdoutAndMasksItsLogs() throws Exception {
        try (ChildCli cli = ChildCli.start(dir, null, "--debug", "ingest", "-c", workflow("sink: {type: console}").toString())) {
            assertThat(cli.exitCode()).isZero();
            List<String> types = new java.util.ArrayList<>();
            for (String line : cli.out().lines().toList()) {
                types.add(new ObjectMapper().readTree(line).get("entityType").asText());
            }
            assertThat(types).containsExactly("database", "databaseSchema", "table", "table", "table");
            String err = String.join("\n", cli.errLines());
            // A debug run says what it does: steps with counts and timings, the sink's flush.
            assertThat(err).containsPattern("shelf: finished in \\d+ ms: 5 records, 0 filtered, 0 warnings, 0 failed")
                    .containsPattern("sink console: flushed in \\d+ ms, 5 records confirmed")
                    .contains("shelf: success - 5 records written to standard output");
            // The connector's log line echoing the credentials is masked like everything else.
            assertThat(err).contains("the server answered").contains("\"authorization\":\"Basic ******\"");
            String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(err + cli.out()).doesNotContain(PASSWORD).doesNotContain(basic);
        }
    }

    @Test
    void sigtermAsSoonAsTheCommandStartsStillLeavesAFinalReport() throws Exception {
        Path report = dir.resolve("report.json");
        Path target = dir.resolve("out.ndjson");
        try (ChildCli cli = ChildCli.start(dir, null, "ingest", "-c",
                workflow("sink: {type: file, config: {path: \"" + target + "\"}}").toString(), "--report", report.toString())) {
            StopTest.awaitReport(report, "queued", Duration.ofSeconds(60));
            cli.terminate();
            cli.exitCode();
            JsonNode last = new ObjectMapper().readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            assertThat(last.get("fatalError").asText()).startsWith("interrupted: the process was stopped before the run");
            assertThat(String.join("\n", cli.errLines())).contains("final state failed written to " + report);
            assertThat(Files.exists(target)).isFalse();
        }
    }

    @Test
    void aReaderThatClosedThePipeEndsTheCommandQuietlyWithTheCodeOfSigpipe() throws Exception {
        // `true` closes the pipe at once, long before the JVM's first write: every write meets EPIPE.
        try (ChildCli cli = ChildCli.piped(dir, "true", "connectors", "describe", "shelf")) {
            assertThat(cli.exitCode()).as(String.join("\n", cli.errLines())).isEqualTo(ExitCodes.READER_CLOSED);
            assertThat(cli.errLines()).isEmpty();
        }
    }

    @Test
    void standardOutputOnAFullDiskIsAnError() throws Exception {
        try (ChildCli cli = ChildCli.start(dir, "exec > /dev/full;", "connectors", "describe", "shelf")) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.errLines()).containsExactly("error: " + io.metaingest.runtime.sink.ConsoleSink.STDOUT_LOST);
        }
    }

    @Test
    void aReaderThatStopsReadingEndsTheRunWithoutClaimingTheRecordsItNeverGot() throws Exception {
        Path file = Files.writeString(dir.resolve("many.yaml"),
                ShelfWorkflows.toConsole("hostPort: \"shelf:1\", count: 5000"));
        Path report = dir.resolve("report.json");
        try (ChildCli cli = ChildCli.piped(dir, "head -n 1", "ingest", "-c", file.toString(), "--report", report.toString())) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out().lines()).hasSize(1);
            assertThat(String.join("\n", cli.errLines()))
                    .contains("failed - " + io.metaingest.runtime.sink.ConsoleSink.STDOUT_LOST);
            JsonNode last = new ObjectMapper().readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            JsonNode console = last.get("steps").get(last.get("steps").size() - 1);
            assertThat(console.get("records").asLong()).as(console.toString()).isLessThan(5003);
        }
    }
}
