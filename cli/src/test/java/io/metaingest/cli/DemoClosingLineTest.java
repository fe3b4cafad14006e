package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's last line and the missing-report line claim no more than the runs wrote, with absolute paths. */
class DemoClosingLineTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskThatKeptNothingIsNotCalledRecordsAndReports() {
        DemoCommand.Written nothing = new DemoCommand.Written();
        nothing.add(false, false);
        nothing.add(false, false);
        assertThat(nothing.where(false, dir)).isEqualTo("no records or final reports were written to " + dir);

        DemoCommand.Written some = new DemoCommand.Written();
        some.add(true, true);
        some.add(false, true);
        assertThat(some.where(false, dir))
                .isEqualTo("the records of 1 of 2 runs and the final reports of 2 of 2 runs are in " + dir);

        DemoCommand.Written all = new DemoCommand.Written();
        all.add(true, true);
        assertThat(all.where(false, dir)).isEqualTo("records and reports are in " + dir);
        assertThat(all.where(true, dir)).isEqualTo("workflows and reports are in " + dir);
    }

    @Test
    void aReportThatWasNotWrittenIsNamedByItsAbsolutePath() {
        RunResult result = new RunResult("6a1f2c3d-1111-4a4a-9a9a-123456789abc", "pg", "postgres", RunState.FAILED,
                50, 90, Instant.EPOCH, Instant.EPOCH, "boom", false, List.of(), List.of(), List.of(), null, null);
        Path relative = Path.of("metaingest-demo-out-never-made", "metadata-report.json");
        assertThat(FinalReport.missing(relative, result)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("error: the final state could not be written to " + relative.toAbsolutePath() + " ("));
    }
}
