package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.mask.SecretMasker;
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

    /** The report names the process writing it, which {@code metaingest status} reads back to tell a live run. */
    @Test
    void theReportNamesItsProcessForStatusToFindItAlive() throws Exception {
        Path file = dir.resolve("report.json");
        new RunReportWriter(Optional.of(file), Mappers.standard(), SecretMasker.NONE).write(report(RunState.RUNNING));
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
        new RunReportWriter(Optional.of(link), Mappers.standard(), SecretMasker.NONE).write(report(RunState.RUNNING));
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
}
