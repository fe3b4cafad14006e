package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two runs given one report, and the workflow file a report names in every state. */
class SharedReportTest {

    @TempDir
    Path dir;

    private static RunResult result(RunState state, Instant startedAt) {
        return new RunResult("run-" + startedAt.toEpochMilli(), "svc", "shelf", state, 100.0, 90, startedAt,
                Instant.now(), null, false, List.of(), List.of(), List.of(), null, null);
    }

    private JsonNode read(Path file) throws Exception {
        return Mappers.standard().readTree(file.toFile());
    }

    /** The queued report names the workflow file; the run's states written after it (another writer) keep it. */
    @Test
    void everyStateKeepsTheWorkflowTheQueuedReportNamed() throws Exception {
        Path file = dir.resolve("report.json");
        Instant queuedAt = Instant.now();
        new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE)
                .write(new RunResult(null, null, null, RunState.QUEUED, 0, 0, queuedAt, queuedAt, null, false, List.of(),
                        List.of(), List.of(), null, null), List.of(), Map.of(RunReportWriter.WORKFLOW, "/w/wf.yaml"));
        RunReportWriter run = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE);
        Instant startedAt = Instant.now();
        run.write(result(RunState.RUNNING, startedAt));
        assertThat(read(file).path(RunReportWriter.WORKFLOW).asText()).isEqualTo("/w/wf.yaml");
        run.write(result(RunState.FAILED, startedAt));
        assertThat(read(file).path("state").asText()).isEqualTo("failed");
        assertThat(read(file).path(RunReportWriter.WORKFLOW).asText()).isEqualTo("/w/wf.yaml");
        // Over another run's outcome, none is claimed.
        RunReportWriter next = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE);
        next.write(result(RunState.RUNNING, Instant.now()));
        assertThat(read(file).has(RunReportWriter.WORKFLOW)).isFalse();
    }

    /**
     * Two runs started together in this process, each writing its running state before either ends: each says, at its
     * end, that the other took the report over, on its warning line and in its final report.
     */
    @Test
    void twoOverlappingRunsBothWarn() throws Exception {
        Path file = dir.resolve("shared.json");
        List<String> saidA = new ArrayList<>();
        List<String> saidB = new ArrayList<>();
        RunReportWriter a = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE, saidA::add);
        RunReportWriter b = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE, saidB::add);
        Instant startedA = Instant.parse("2026-12-01T05:00:00.001Z");
        Instant startedB = Instant.parse("2026-12-01T05:00:00.002Z");
        CountDownLatch bothRunning = new CountDownLatch(2);
        CompletableFuture<Void> runA = CompletableFuture.runAsync(() -> {
            a.write(result(RunState.RUNNING, startedA));
            bothRunning.countDown();
            await(bothRunning);
            a.write(result(RunState.FAILED, startedA)); // the unreachable server's run, first to end
        });
        b.write(result(RunState.RUNNING, startedB));
        bothRunning.countDown();
        runA.get(30, TimeUnit.SECONDS);
        b.write(result(RunState.SUCCESS, startedB));

        long pid = ProcessHandle.current().pid();
        // Whichever running state A found at its end, B's (or A's own, when B wrote first and A after it), A's final
        // write either warns of B or B's does of A: at least one says so, and B's, ending last, always does.
        assertThat(saidB).singleElement().asString().isEqualTo(file + " is the status file of another run that ended"
                + " after this one started (process " + pid + ", failed); the two runs overwrite each other's state:"
                + " give each run its own --report");
        assertThat(read(file).path("state").asText()).isEqualTo("success");
        assertThat(read(file).path("warnings")).extracting(JsonNode::asText).containsExactlyElementsOf(saidB);
        assertThat(saidA).allSatisfy(w -> assertThat(w).isEqualTo(file + " is the status file of another run still"
                + " going on (process " + pid + " on this host); the two runs overwrite each other's state: give each"
                + " run its own --report"));
    }

    /**
     * The walker's race: a run that failed fast ended before the other run's first look. Its final state, written by
     * another process after this one started, is another run's; one written before this process started is an earlier
     * run's outcome, replaced without a word.
     */
    @Test
    void aFinalStateWrittenAfterThisProcessStartedIsAnotherRunsToo() throws Exception {
        Process other = new ProcessBuilder("true").start();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant thisStarted = ProcessHandle.current().info().startInstant().orElseThrow();
        // Within a second of this process's start is before it, as far as the start is known: a script's previous run.
        for (Instant ended : List.of(Instant.now(), thisStarted.minusSeconds(60),
                thisStarted.plus(RunReportWriter.START_KNOWN_TO).minusMillis(100))) {
            Path file = dir.resolve("shared-" + ended.toEpochMilli() + ".json");
            new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE)
                    .write(result(RunState.FAILED, ended));
            ObjectNode failed = (ObjectNode) read(file);
            failed.put("updatedAt", ended.toString());
            RunProcess me = RunProcess.current();
            failed.putObject("process").put("pid", other.pid()).put("host", me.host()).put("bootId", me.bootId())
                    .put("pidNamespace", me.pidNamespace());
            Mappers.standard().writeValue(file.toFile(), failed);

            List<String> said = new ArrayList<>();
            new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE, said::add)
                    .write(result(RunState.QUEUED, Instant.now()));
            if (ended.isAfter(thisStarted.plus(RunReportWriter.START_KNOWN_TO))) {
                assertThat(said).containsExactly(file + " is the status file of another run that ended after this one"
                        + " started (process " + other.pid() + ", failed); the two runs overwrite each other's state:"
                        + " give each run its own --report");
            } else {
                assertThat(said).isEmpty();
            }
        }
    }

    /**
     * A run whose report another run (a live process) takes over after the run's first state says so as the run's
     * other warnings are said, a {@code warning: } line on its messages stream, once; and in its final report. The run
     * writes its sink's commit record over the report before its final state (a console sink's too): that write looks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{type: console}", "{type: file, config: {path: out.ndjson}}"})
    void aRunWhoseReportIsTakenOverMidRunSaysSoOnItsWarningLine(String sink) throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            ObjectMapper mapper = Mappers.standard();
            Path workflow = Files.writeString(dir.resolve("shelf.yaml"), """
                    source:
                      type: shelf
                      serviceName: shelf_service
                      serviceConnection:
                        config: {type: Shelf, hostPort: "shelf:1", count: 3}
                      sourceConfig:
                        config: {type: DatabaseMetadata}
                    sink: %s
                    """.formatted(sink.replace("out.ndjson", "\"" + dir.resolve("out.ndjson") + "\"")));
            Path report = dir.resolve("report.json");
            // Right after the run's first state, a second run given the same --report writes its own running state there.
            AtomicBoolean takenOver = new AtomicBoolean();
            RunReportWriter.Replacer takeOver = (file, text) -> {
                OutputFiles.replace(file, text);
                if (takenOver.compareAndSet(false, true)) {
                    ObjectNode theirs = (ObjectNode) mapper.readTree(text);
                    theirs.put("state", "running").put("startedAt", Instant.now().plusSeconds(5).toString());
                    theirs.putObject("process").put("pid", other.pid()).put("host", RunProcess.current().host());
                    OutputFiles.replace(file, mapper.writeValueAsString(theirs));
                }
            };
            Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new ShelfSpec()), mapper, Clock.systemUTC(),
                    Map.<String, String>of()::get);
            ByteArrayOutputStream messages = new ByteArrayOutputStream();

            RunResult result = new WorkflowRunner(mapper, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8), new PrintStream(messages, true, StandardCharsets.UTF_8), false,
                    ShutdownHooks.RUNTIME, takeOver).run(runtime.load(workflow), Optional.of(report));

            assertThat(takenOver).isTrue();
            assertThat(result.state()).isEqualTo(RunState.SUCCESS);
            String warning = " is the status file of another run still going on (process " + other.pid() + " on this host);"
                    + " the two runs overwrite each other's state: give each run its own --report";
            assertThat(messages.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(warning)).toList())
                    .singleElement().asString().startsWith("warning: ").endsWith(report.getFileName() + warning);
            assertThat(read(report).get("warnings")).anySatisfy(w -> assertThat(w.asText()).endsWith(warning));
        } finally {
            other.destroyForcibly();
        }
    }

    /**
     * The race the lock closes: another process replaces the report between a writer's look and its rename. Here that
     * process holds the report's lock; the writer waits for it, and once the other process has written its running state
     * and let go, the writer's look finds it and says so.
     */
    @Test
    void aWriterWaitsForAnotherProcessesWriteAndThenFindsItsState() throws Exception {
        Path file = dir.resolve("shared.json");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                file.toString()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(CompletableFuture.supplyAsync(() -> readLine(said)).get(60, TimeUnit.SECONDS))
                    .as(() -> readString(dir.resolve("stderr.txt"))).isEqualTo("locked");
            List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
            RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                    warnings::add);
            Thread writing = new Thread(() -> writer.write(result(RunState.RUNNING, Instant.now())));
            writing.start();
            // Its poll for the lock is the writer's only timed wait: once in it, the writer has not looked yet.
            while (writing.getState() != Thread.State.TIMED_WAITING && writing.getState() != Thread.State.TERMINATED) {
                Thread.onSpinWait();
            }
            assertThat(writing.getState()).as("the writer did not wait for the lock").isEqualTo(Thread.State.TIMED_WAITING);

            holder.getOutputStream().write('\n');
            holder.getOutputStream().flush();
            writing.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(writing.isAlive()).isFalse();
            assertThat(warnings).singleElement().asString().isEqualTo(file + " is the status file of another run still"
                    + " going on (process " + holder.pid() + " on this host); the two runs overwrite each other's state:"
                    + " give each run its own --report");
            assertThat(read(file).path("warnings")).extracting(JsonNode::asText).containsExactlyElementsOf(warnings);
            assertThat(ReportLock.fileOf(file)).exists();
        } finally {
            holder.getOutputStream().close();
            holder.destroyForcibly();
        }
    }

    /** Holds the lock of the report named by its argument, says "locked", and on a line of input writes a running state there, lets go and waits for the end of its input. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            Path file = Path.of(args[0]);
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(ReportLock.fileOf(file),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                channel.lock();
                System.out.println("locked");
                System.out.flush();
                System.in.read();
                ObjectNode mine = Mappers.standard().createObjectNode().put("pipelineRunId", "holder").put("state", "running")
                        .put("startedAt", Instant.now().toString()).put("updatedAt", Instant.now().toString());
                RunProcess.current().writeInto(mine);
                OutputFiles.replace(file, Mappers.standard().writeValueAsString(mine));
            }
            while (System.in.read() >= 0) {
                continue;
            }
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
