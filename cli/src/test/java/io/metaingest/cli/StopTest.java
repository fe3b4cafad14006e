package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run stopped with SIGTERM still ends in a final state: no run stays "running" forever. */
class StopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermWritesFailedAsTheFinalState() throws Exception {
        Path report = dir.resolve("report.json");
        Process process = startHangingRun(dir, "--report", report);
        try {
            JsonNode running = awaitReport(report, "running", Duration.ofSeconds(60));
            assertThat(running.get("state").asText()).isEqualTo("running");
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            JsonNode last = new ObjectMapper().readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            assertThat(last.get("fatalError").asText()).startsWith("interrupted");
            // Machine-readable: the signal and the code the process ended with.
            assertThat(last.path("endedBy").asText()).isEqualTo("signal");
            assertThat(last.path("signal").asText()).isEqualTo("SIGTERM");
            assertThat(last.path("exitCode").asInt()).isEqualTo(143).isEqualTo(process.exitValue());
            String console = Files.readString(dir.resolve("console.txt"));
            assertThat(console).contains("run interrupted; final state failed written");
            // The summary is whole: the JVM waits for the command's last line before it ends.
            assertThat(console).contains("shelf: failed - interrupted: the process was stopped before the run finished");
            // The stop's line comes before the summary's table, never inside it.
            int interrupted = console.indexOf("run interrupted; final state failed");
            int table = console.indexOf(String.format("%-24s", "step"));
            assertThat(table).as("the summary's table").isPositive();
            assertThat(interrupted).isLessThan(table);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * A closed terminal (SIGHUP) and Ctrl-C (SIGINT) end a run as SIGTERM does, each with its own code. The child
     * gets both signals' default handling back first: a build run under {@code nohup} or in a shell's background
     * would otherwise pass them on as ignored, and the JVM leaves an ignored signal alone.
     */
    @ParameterizedTest
    @CsvSource({"HUP, SIGHUP, 129", "INT, SIGINT, 130"})
    void sighupAndSigintEndTheRunAsSigtermDoesWithTheirOwnCodes(String kill, String signal, int code) throws Exception {
        Path report = dir.resolve("report.json");
        Process process = startHangingRun(dir, List.of("env", "--default-signal=HUP,INT"), "--report", report);
        try {
            awaitReport(report, "running", Duration.ofSeconds(60));
            Process sender = new ProcessBuilder("kill", "-" + kill, Long.toString(process.pid())).inheritIO().start();
            assertThat(sender.waitFor()).isZero();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            JsonNode last = new ObjectMapper().readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            assertThat(last.path("endedBy").asText()).isEqualTo("signal");
            assertThat(last.path("signal").asText()).isEqualTo(signal);
            assertThat(last.path("exitCode").asInt()).isEqualTo(code).isEqualTo(process.exitValue());
            assertThat(Files.readString(dir.resolve("console.txt"))).contains("run interrupted; final state failed written");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigtermDuringTestConnectionSaysWhatWasInterrupted() throws Exception {
        Path workflow = Files.writeString(dir.resolve("hang.yaml"),
                ShelfWorkflows.metadata("hostPort: \"hang:1\", books: [a]", ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.metaingest.cli.Main", "test-connection", "-c", workflow.toString()).redirectErrorStream(true).start();
        try (BufferedReader console = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            // The tester says when it waits: the stop comes then, not after a guessed delay.
            String line;
            while ((line = console.readLine()) != null && !line.equals("shelf: waiting for hang:1")) {
                // start-up lines
            }
            assertThat(line).as("the tester's waiting line").isNotNull();
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output unread
            List<String> rest = console.lines().toList(); // to the end: the process has ended
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).containsExactly("metaingest: test-connection interrupted while testing the"
                    + " connection of shelf_svc (Shelf); nothing was concluded about the connection");
            assertThat(process.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Starts {@code metaingest ingest} in a child JVM on a source that hangs after its first record,
     * writing its state to {@code report} through {@code reportOption} ({@code --report} or
     * {@code --status-file}); its console goes to {@code dir/console.txt}.
     */
    static Process startHangingRun(Path dir, String reportOption, Path report) throws IOException {
        return startHangingRun(dir, List.of(), reportOption, report);
    }

    /** The hanging run, its JVM started through {@code prefix} (a command that ends by running the rest). */
    static Process startHangingRun(Path dir, List<String> prefix, String reportOption, Path report) throws IOException {
        Path workflow = Files.writeString(dir.resolve("hang.yaml"),
                ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                        "hostPort: \"shelf:1\", books: [a, b], hangAfterFirst: true"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.metaingest.cli.Main", "ingest", "-c", workflow.toString(), reportOption, report.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
    }

    /** Waits until the report says {@code state}, woken by file-system events rather than a timer. */
    static JsonNode awaitReport(Path report, String state, Duration timeout) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return FolderChanges.await(report.getParent(), () -> {
            JsonNode node = Files.exists(report) ? mapper.readTree(report.toFile()) : null;
            return Optional.ofNullable(node).filter(n -> state.equals(n.path("state").asText()));
        }, timeout, "the report saying " + state);
    }
}
