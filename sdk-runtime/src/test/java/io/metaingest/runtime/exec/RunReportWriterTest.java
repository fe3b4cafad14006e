package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.testing.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportWriterTest {

    @TempDir
    Path dir;

    private static RunResult report(RunState state) {
        return new RunResult("run-1", "svc", "shelf", state, 100.0, 90, Instant.EPOCH, Instant.EPOCH,
                state == RunState.FAILED ? "stopped by signal" : null, false, List.of(), List.of(), List.of(), null, null);
    }

    private String state(Path file) throws Exception {
        return Mappers.standard().readTree(file.toFile()).path("state").asText();
    }

    @Test
    void aHeartbeatAfterTheFinalStateDoesNotTurnItBackToRunning() throws Exception {
        Path file = dir.resolve("report.json");
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE);
        writer.write(report(RunState.RUNNING));
        assertThat(state(file)).isEqualTo("running");

        writer.write(report(RunState.FAILED)); // the stop's final report
        writer.write(report(RunState.RUNNING)); // the heartbeat that was already under way

        assertThat(state(file)).isEqualTo("failed");
        assertThat(Files.readString(file)).contains("stopped by signal");
    }

    /**
     * A report whose folder went away mid-run (a file now in its place) is warned of once, not at every heartbeat
     * of a long run; once it could be written again, a new failure is warned of again.
     */
    @Test
    void aReportThatCannotBeWrittenIsWarnedOfOnceForAsLongAsTheReasonLasts() throws Exception {
        Path folder = dir.resolve("reports");
        Files.createDirectories(folder);
        Path file = folder.resolve("report.json");
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE);
        try (CapturedLogs logs = CapturedLogs.logger(RunReportWriter.class)) {
            writer.write(report(RunState.RUNNING));
            removeTree(folder);
            Files.writeString(folder, "in the way");
            for (int heartbeat = 0; heartbeat < 5; heartbeat++) {
                writer.write(report(RunState.RUNNING));
            }
            assertThat(warnings(logs)).hasSize(1).allMatch(w -> w.startsWith("cannot write the run report " + file));

            Files.delete(folder);
            writer.write(report(RunState.RUNNING)); // the folder is made again
            assertThat(state(file)).isEqualTo("running");
            removeTree(folder);
            Files.writeString(folder, "in the way again");
            writer.write(report(RunState.FAILED));
            assertThat(warnings(logs)).hasSize(2);
        }
    }

    private static void removeTree(Path folder) throws Exception {
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> warnings(CapturedLogs logs) {
        return logs.events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
    }

    /** The report names the process writing it, which {@code metaingest status} reads back to tell a live run. */
    @Test
    void theReportNamesItsProcessForStatusToFindItAlive() throws Exception {
        Path file = dir.resolve("report.json");
        writeRunning(file);
        Optional<RunProcess> process = RunProcess.of(Mappers.standard().readTree(file.toFile()));
        assertThat(process).contains(RunProcess.current());
        assertThat(process.get().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(process.get().isAliveHere(Instant.now())).isTrue();
        assertThat(new RunProcess(process.get().pid(), "").isAliveHere(Instant.now())).isFalse();
    }

    /** A report the user restricted, or routed through a link, stays so at every rewrite. */
    @Test
    void aRestrictedOrLinkedReportStaysSo() throws Exception {
        Path real = dir.resolve("report-real.json");
        Files.writeString(real, "{}");
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("report.json"), real.getFileName());
        writeRunning(link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(state(real)).isEqualTo("running");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
                .isEqualTo("rw-------");
    }

    @Test
    void aFinalStateMayStillBeRewrittenByAnotherFinalOne() throws Exception {
        Path file = dir.resolve("report.json");
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE);
        writer.write(report(RunState.PARTIAL_SUCCESS));
        writer.write(report(RunState.FAILED));
        assertThat(state(file)).isEqualTo("failed");
    }

    /** A disk with no room while the previous run's report is there: every write fails until it is removed. */
    private static RunReportWriter.Replacer fullWhile(Path previous) {
        return (file, text) -> {
            if (Files.exists(previous)) {
                throw new java.io.IOException("No space left on device");
            }
            io.metaingest.runtime.files.OutputFiles.replace(file, text);
        };
    }

    private static final String PREVIOUS_SUCCESS = """
            {"pipelineRunId": "old-run", "state": "success", "startedAt": "2026-11-01T00:00:00Z", "exitCode": 0}
            """;

    /**
     * A full disk must not leave the previous run's success to be read as this run's: its report is removed,
     * which frees its blocks, and the write tried once more.
     */
    @Test
    void aFullDiskRemovesThePreviousRunsOutcomeAndWritesThisRunsState() throws Exception {
        Path file = dir.resolve("report.json");
        Files.writeString(file, PREVIOUS_SUCCESS);
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                fullWhile(file), java.time.Clock.systemUTC());
        writer.write(report(RunState.FAILED));
        assertThat(state(file)).isEqualTo("failed");
        assertThat(Mappers.standard().readTree(file.toFile()).path("pipelineRunId").asText()).isEqualTo("run-1");
    }

    /** When even the retry fails, no report is left: "no report" is true, the previous run's success is not. */
    @Test
    void aDiskThatStaysFullLeavesNoReportRatherThanThePreviousRunsOutcome() throws Exception {
        Path file = dir.resolve("report.json");
        Files.writeString(file, PREVIOUS_SUCCESS);
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                (f, text) -> {
                    throw new java.io.IOException("No space left on device");
                }, java.time.Clock.systemUTC());
        try (CapturedLogs logs = CapturedLogs.logger(RunReportWriter.class)) {
            writer.write(report(RunState.QUEUED));
            // The failure is named once, though the line also says the earlier report was removed.
            assertThat(warnings(logs)).containsExactly("cannot write the run report " + file + ": IOException: No space"
                    + " left on device; the report it held before was removed, so that no earlier state is read as this"
                    + " run's outcome");
        }
        assertThat(file).doesNotExist();
    }

    /** A final state that finds no room takes the place of this run's own running state (which frees it). */
    @Test
    void aFinalStateReplacesThisRunsRunningStateWhenTheDiskIsFull() throws Exception {
        Path file = dir.resolve("report.json");
        writeRunning(file);
        RunReportWriter full = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                fullWhile(file), java.time.Clock.systemUTC());
        full.write(report(RunState.RUNNING)); // a heartbeat: this run's state stays
        assertThat(state(file)).isEqualTo("running");
        full.write(report(RunState.FAILED));
        assertThat(state(file)).isEqualTo("failed");
    }

    /** This run's own final state is kept when a later write fails: it is this run's. */
    @Test
    void aFailedWriteKeepsThisRunsOwnEarlierFinalState() throws Exception {
        Path file = dir.resolve("report.json");
        boolean[] full = {false};
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                (f, text) -> {
                    if (full[0]) {
                        throw new java.io.IOException("No space left on device");
                    }
                    io.metaingest.runtime.files.OutputFiles.replace(f, text);
                }, java.time.Clock.systemUTC());
        writer.write(report(RunState.PARTIAL_SUCCESS));
        full[0] = true;
        writer.write(report(RunState.FAILED));
        assertThat(state(file)).isEqualTo("partialSuccess");
    }

    /**
     * The output's commit is in the report as soon as it happens, before the final state, and a later heartbeat
     * keeps it: a run killed while writing its final state leaves a report saying its data was written.
     */
    @Test
    void aCommittedOutputIsRecordedBeforeTheFinalStateAndKeptByHeartbeats() throws Exception {
        Path file = dir.resolve("report.json");
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), java.time.ZoneOffset.UTC);
        RunReportWriter writer = new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE,
                io.metaingest.runtime.files.OutputFiles::replace, clock);
        writer.committed(SinkOutput.of("file", "/out/pg.ndjson", 7, true)); // before any state: nothing to record into
        assertThat(file).doesNotExist();
        writer.write(report(RunState.RUNNING));
        writer.committed(SinkOutput.of("file", "/out/pg.ndjson", 7, true));
        com.fasterxml.jackson.databind.JsonNode json = Mappers.standard().readTree(file.toFile());
        assertThat(json.path("state").asText()).isEqualTo("running");
        assertThat(json.path(RunReportWriter.OUTPUT_COMMITTED_AT).asText()).isEqualTo("2026-12-01T02:00:00Z");
        assertThat(json.at("/outputs/0/destination").asText()).isEqualTo("/out/pg.ndjson");
        assertThat(json.at("/outputs/0/kept").asBoolean()).isTrue();
        assertThat(json.at("/outputs/0/records").asLong()).isEqualTo(7);

        writer.write(report(RunState.RUNNING)); // a heartbeat under way
        assertThat(Mappers.standard().readTree(file.toFile()).at("/outputs/0/kept").asBoolean()).isTrue();

        writer.write(report(RunState.SUCCESS)); // the final state says it all itself
        json = Mappers.standard().readTree(file.toFile());
        assertThat(json.path("state").asText()).isEqualTo("success");
        assertThat(json.has(RunReportWriter.OUTPUT_COMMITTED_AT)).isFalse();
    }

    /** A running state of the report at {@code file}, written by a writer of this process. */
    private static void writeRunning(Path file) throws Exception {
        new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE).write(report(RunState.RUNNING));
    }

    /** A temporary file of r.json's writer {@code pid}, its {@code n}th, as a write it never finished leaves it. */
    private Path temporaryFileOf(long pid, int n) throws Exception {
        return Files.writeString(dir.resolve(".r.json." + pid + "." + n + ".tmp"), "{");
    }

    private static long deadPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(ProcessHandle.of(gone.pid())).isEmpty();
        return gone.pid();
    }

    private static void reportOf(Path file, long pid) throws Exception {
        reportOf(file, pid, RunProcess.current().pidNamespace());
    }

    private static void reportOf(Path file, long pid, String pidNamespace) throws Exception {
        RunProcess me = RunProcess.current();
        com.fasterxml.jackson.databind.node.ObjectNode report = Mappers.standard().createObjectNode()
                .put("pipelineRunId", "killed").put("state", "running").put("startedAt", "2026-11-01T00:00:00Z");
        new RunProcess(pid, me.host(), me.bootId(), pidNamespace, null).writeInto(report);
        Files.writeString(file, report.toString());
    }

    /**
     * The launcher's mark over a final report names this run's own process: a killed writer's leftovers are still
     * told by their pid (a recording run's JVM, a child of its launcher, names its files with its own pid).
     */
    @Test
    void leftoversAreRemovedAlsoUnderThisRunsOwnMark() throws Exception {
        Path file = dir.resolve("r.json");
        long dead = deadPid();
        reportOf(file, ProcessHandle.current().pid());
        Path heartbeat = temporaryFileOf(dead, 2);

        writeRunning(file);

        assertThat(heartbeat).doesNotExist();
    }

    /** A report written in another PID namespace (another container on a shared volume): its pids mean nothing here. */
    @Test
    void leftoversOfAReportWrittenInAnotherPidNamespaceAreLeft() throws Exception {
        Path file = dir.resolve("r.json");
        long dead = deadPid();
        reportOf(file, dead, "pid:[1]");
        Path heartbeat = temporaryFileOf(dead, 2);

        writeRunning(file);

        assertThat(heartbeat).exists();
    }

    /** A writer killed mid-write leaves its temporary files; the next run of the report removes them, not a live one's. */
    @Test
    void theTemporaryFilesOfAKilledWriterOfTheReportAreRemovedByTheNextRun() throws Exception {
        Path file = dir.resolve("r.json");
        long dead = deadPid();
        reportOf(file, dead);
        Path heartbeat = temporaryFileOf(dead, 3);
        Path mark = Files.writeString(dir.resolve("r.json." + dead + ".queued.tmp"), "{");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path others = temporaryFileOf(live, 1);
        Path otherReport = Files.writeString(dir.resolve(".other.json." + dead + ".1.tmp"), "{");

        writeRunning(file);

        assertThat(heartbeat).doesNotExist();
        assertThat(mark).doesNotExist();
        assertThat(others).exists();
        assertThat(otherReport).exists();
        assertThat(state(file)).isEqualTo("running");
    }

    /** A report whose writer still runs keeps that writer's temporary files: they may be its write in progress. */
    @Test
    void theTemporaryFilesOfALiveWriterAreLeft() throws Exception {
        Path file = dir.resolve("r.json");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        reportOf(file, live);
        Path heartbeat = temporaryFileOf(live, 3);

        writeRunning(file);

        assertThat(heartbeat).exists();
    }
}
