package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunReportWriter;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.mask.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinalReportTest {

    @TempDir
    Path dir;

    private static RunResult run(String id, RunState state) {
        return new RunResult(id, "shelf_svc", "shelf", state, 100.0, 90, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:00Z"), null, false, List.of(), List.of(), List.of(), null, null);
    }

    private Path reportOf(RunResult result) {
        Path report = dir.resolve("report.json");
        new RunReportWriter(Optional.of(report), Mappers.standard(), SecretMasker.NONE).write(result);
        return report;
    }

    @Test
    void theRunsOwnFinalStateNeedsNoLine() {
        RunResult mine = run("11111111-1111-4111-8111-111111111111", RunState.SUCCESS);
        assertThat(FinalReport.missing(reportOf(mine), mine)).isEmpty();
    }

    @Test
    void anotherRunsStateWrittenOverThisRunsIsNamedWithTheFix() {
        RunResult other = run("22222222-2222-4222-8222-222222222222", RunState.FAILED);
        Path report = reportOf(other);

        assertThat(FinalReport.missing(report, run("11111111-1111-4111-8111-111111111111", RunState.SUCCESS)))
                .hasValue("error: " + report.toAbsolutePath() + " holds another run's state (run "
                        + "22222222-2222-4222-8222-222222222222, failed), written over this run's final state; whatever"
                        + " reads that file does not know how this run ended: give each run its own --report");
    }

    @Test
    void aFileWithoutTheFinalStateSaysItCouldNotBeWritten() throws Exception {
        Path report = dir.resolve("report.json");
        Files.writeString(report, "");

        assertThat(FinalReport.missing(report, run("11111111-1111-4111-8111-111111111111", RunState.SUCCESS)))
                .get().asString().startsWith("error: the final state could not be written to " + report.toAbsolutePath());
    }
}
