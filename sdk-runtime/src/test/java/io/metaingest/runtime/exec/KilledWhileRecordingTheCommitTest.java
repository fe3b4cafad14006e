package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed (SIGKILL) while it writes the record of its file sink's commit, after the rename: the report it leaves
 * is the one written just before the rename, {@code running} with the commit announced ({@code outputCommitting}), and
 * the target's identity tells that the commit happened ({@link CommitRecord#resolved}), so {@code status} and the next
 * run say the data was written. Before, that report was a bare {@code running} that read as nothing written.
 */
class KilledWhileRecordingTheCommitTest {

    private static final String AT_THE_COMMIT_RECORD = "writing the commit record";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Mappers.standard();

    /**
     * Runs a shelf workflow with a file sink; the write of the commit record leaves half its temporary file, as a kill
     * mid-write does, says so on stdout and waits there for the kill.
     */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            ObjectMapper mapper = Mappers.standard();
            Path workflow = Path.of(args[0]);
            Path report = Path.of(args[1]);
            Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new ShelfSpec()), mapper, Clock.systemUTC(),
                    Map.<String, String>of()::get);
            RunReportWriter.Replacer cut = (file, text) -> {
                if (mapper.readTree(text).has(RunReportWriter.OUTPUT_COMMITTED_AT)) {
                    Path temporary = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid()
                            + ".99.tmp");
                    Files.writeString(temporary, text.substring(0, text.length() / 2));
                    System.out.println(AT_THE_COMMIT_RECORD);
                    System.out.flush();
                    try {
                        new CountDownLatch(1).await(); // the kill ends it here
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                OutputFiles.replace(file, text);
            };
            new WorkflowRunner(mapper, Clock.systemUTC(), new PrintStream(System.err, true), new PrintStream(System.err, true),
                    false, ShutdownHooks.RUNTIME, cut).run(runtime.load(workflow), Optional.of(report));
        }
    }

    @Test
    void aKillWhileTheCommitIsRecordedLeavesAReportFromWhichTheCommitIsTold() throws Exception {
        Path target = dir.resolve("out/records.ndjson");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "{\"previous\": true}\n");
        Path workflow = Files.writeString(dir.resolve("shelf.yaml"), """
                source:
                  type: shelf
                  serviceName: shelf_service
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", password: tok-SECRET-123, count: 3}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink:
                  type: file
                  config: {path: "%s"}
                """.formatted(target));
        Path report = dir.resolve("report.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                workflow.toString(), report.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try { // the log goes to stdout too: read up to the mark, or the end
                    String read;
                    while ((read = stdout.readLine()) != null && !read.equals(AT_THE_COMMIT_RECORD)) {
                        continue;
                    }
                    return read;
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).as(Files.readString(dir.resolve("stderr.txt"))).isEqualTo(AT_THE_COMMIT_RECORD);
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        // The rename happened: the target holds the run's records.
        long lines = Files.readAllLines(target).size();
        assertThat(Files.readString(target)).doesNotContain("previous");
        assertThat(lines).isPositive();
        // The report is the one written before the rename: running, the commit announced, not recorded as done.
        JsonNode left = mapper.readTree(report.toFile());
        assertThat(left.path("state").asText()).isEqualTo("running");
        assertThat(left.has(RunReportWriter.OUTPUT_COMMITTED_AT)).isFalse();
        assertThat(left.path(RunReportWriter.OUTPUT_COMMITTING).path("destination").asText()).isEqualTo(target.toString());
        assertThat(RunProcess.of(left).map(RunProcess::pid)).hasValue(child.pid());

        // Its reader tells the commit from the target, as the run would have recorded it.
        JsonNode told = CommitRecord.resolved(left);
        assertThat(told.path(RunReportWriter.OUTPUT_COMMITTED_AT).asText())
                .isEqualTo(left.path(RunReportWriter.OUTPUT_COMMITTING).path("at").asText()).isNotEmpty();
        assertThat(told.path("outputs")).singleElement().satisfies(o -> {
            assertThat(o.path("destination").asText()).isEqualTo(target.toString());
            assertThat(o.path("kept").asBoolean()).isTrue();
            assertThat(o.path("records").asLong()).isEqualTo(lines);
        });
    }

    /** Killed before the rename, the target is the file it was: nothing is told as written. */
    @Test
    void aCommitAnnouncedWhoseTargetIsStillTheFileItWasToReplaceIsNotToldAsDone() throws Exception {
        Path target = Files.writeString(dir.resolve("records.ndjson"), "{\"previous\": true}\n");
        JsonNode announced = announced(target);
        assertThat(CommitRecord.resolved(announced)).isSameAs(announced);

        // Replaced by a rename, as the file sink's commit does: told.
        Path temporary = Files.writeString(dir.resolve(".records.ndjson.tmp"), "{\"new\": true}\n");
        Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(CommitRecord.resolved(announced).path(RunReportWriter.OUTPUT_COMMITTED_AT).asText())
                .isEqualTo("2026-12-01T04:00:00Z");

        // A report of another host: its path names another file system, so nothing is told.
        com.fasterxml.jackson.databind.node.ObjectNode elsewhere = ((com.fasterxml.jackson.databind.node.ObjectNode) announced)
                .deepCopy();
        elsewhere.with("process").put("host", "another-host-" + RunProcess.current().host());
        assertThat(CommitRecord.resolved(elsewhere)).isSameAs(elsewhere);
    }

    private JsonNode announced(Path target) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode run = mapper.createObjectNode().put("state", "running")
                .put("startedAt", "2026-12-01T03:59:00Z");
        RunProcess.current().writeInto(run);
        run.set(RunReportWriter.OUTPUT_COMMITTING, CommitRecord.of(SinkOutput.of("file", target.toString(), 1, true),
                java.time.Instant.parse("2026-12-01T04:00:00Z"), mapper).orElseThrow());
        return run;
    }
}
