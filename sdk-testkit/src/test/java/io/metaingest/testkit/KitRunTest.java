package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the kit reads from a run to decide whether checks may use its records. */
class KitRunTest {

    @Test
    void aRunThatWroteEveryRecordItsSourceEmittedIsComplete() {
        KitRun run = run(RunState.SUCCESS, null, 100, step("shelf", 3, 0), step("file", 3, 0), 3);
        assertThat(run.failure()).isEmpty();
        assertThat(run.incomplete()).isEmpty();
    }

    @Test
    void aRunWithAFatalErrorFailedWithThatError() {
        KitRun run = run(RunState.FAILED, "IllegalStateException: shelf server went away", 0,
                step("shelf", 2, 0), step("file", 0, 0), 0);
        assertThat(run.failure()).contains("IllegalStateException: shelf server went away");
        assertThat(run.incomplete()).contains("failed: IllegalStateException: shelf server went away");
    }

    @Test
    void aRunBelowTheThresholdFailedWithItsRateAndFirstFailure() {
        StepSummary source = new StepSummary("shelf", 1, 0, 0, 1, 0, 50, List.of(new StepError("shelf_svc.shelf.main.emma",
                "cannot map emma", "")), List.of(), List.of());
        KitRun run = run(RunState.FAILED, null, 50, source, step("file", 1, 0), 1);
        assertThat(run.failure()).contains("it ended FAILED with success 50.0 % (threshold 90 %);"
                + " first failure: shelf_svc.shelf.main.emma: cannot map emma");
    }

    /** A failure the author expects (a sample's broken file) must not hide a new one behind it. */
    @Test
    void aRunBelowTheThresholdNamesEveryDistinctFailureCapped() {
        StepSummary source = new StepSummary("shelf", 9, 0, 0, 1, 0, 90, List.of(new StepError("svc.db.hr.empty",
                "cannot read empty.csv: no header row", "")), List.of(), List.of());
        List<StepError> sinkErrors = new java.util.ArrayList<>();
        sinkErrors.add(new StepError("svc.db.s.a", "not an entity: step 'file' accepts EntityRequest, not String", ""));
        sinkErrors.add(new StepError("svc.db.s.b", "not an entity: step 'file' accepts EntityRequest, not String", ""));
        for (int i = 0; i < 6; i++) {
            sinkErrors.add(new StepError("svc.db.s.t" + i, "IOException: disk " + i, ""));
        }
        StepSummary sink = new StepSummary("file", 1, 0, 0, sinkErrors.size(), 0, 10, sinkErrors, List.of(), List.of());
        KitRun run = run(RunState.FAILED, null, 50, source, sink, 1);
        assertThat(run.failure().orElseThrow())
                .contains("; 8 distinct failures: svc.db.hr.empty: cannot read empty.csv: no header row"
                        + " | svc.db.s.a: not an entity: step 'file' accepts EntityRequest, not String"
                        + " | svc.db.s.t0: IOException: disk 0 | svc.db.s.t1: IOException: disk 1"
                        + " | svc.db.s.t2: IOException: disk 2 | and 3 more")
                .doesNotContain("svc.db.s.b").doesNotContain("first failure");
    }

    @Test
    void aRunWhoseSinkWroteFewerRecordsThanItsSourceEmittedIsIncompleteThoughNotFailed() {
        StepSummary sink = new StepSummary("file", 2, 0, 0, 1, 0, 66, List.of(new StepError("shelf_svc.shelf.main.emma",
                "IOException: No space left on device", "")), List.of(), List.of());
        KitRun run = run(RunState.PARTIAL_SUCCESS, null, 83, step("shelf", 3, 0), sink, 2);
        assertThat(run.failure()).isEmpty();
        assertThat(run.incomplete()).contains("wrote 2 of the 3 records its source emitted (IOException: No space left on device)");
    }

    @Test
    void aSinkFailureNamesTheSinkTheWorkflowNamesWhereTheKitRanItsFileSink() {
        StepSummary sink = new StepSummary("file", 3, 0, 0, 1, 0, 66, List.of(new StepError("not an entity",
                "step 'file' accepts EntityRequest records, not String", "")), List.of(), List.of());
        RunResult result = new RunResult("run-1", "shelf_svc", "shelf", RunState.PARTIAL_SUCCESS, 91, 90, Instant.EPOCH,
                Instant.EPOCH, null, false, List.of(step("shelf", 3, 0), sink), List.of(), List.of(), null, null);
        KitRun run = new KitRun("metadata-1", result, List.of("{}", "{}"), List.of(), java.util.Map.of(), List.of(), "console");
        assertThat(run.sinkFailure()).contains("the sink failed 1 record(s), first: not an entity: the sink 'console'"
                + " (which the kit runs as its file sink) accepts EntityRequest records, not String");
    }

    /** A driver in provided scope is on the test class path but not in the plugin: the fix names the scope too. */
    @Test
    void aClassMissingFromThePluginNamesTheMavenScopeToo() {
        String missing = "org.h2.Driver is not in plugin litedb; add the jar that holds it to the plugin's folder"
                + " (a plugin sees its own jars, the JDK and the shared io.metaingest:sdk-api)";
        String advice = "org.h2.Driver is not in plugin litedb; add the jar that holds it to the plugin's folder, or"
                + " change its Maven scope to compile or runtime (not provided or test) so the plugin assembly includes it"
                + " (a plugin sees its own jars";
        assertThat(run(RunState.FAILED, missing, 0, step("litedb", 0, 1), step("file", 0, 0), 0).failure().orElseThrow())
                .startsWith(advice);
        StepSummary source = new StepSummary("litedb", 0, 0, 0, 1, 0, 0, List.of(new StepError("litedb", missing, "")),
                List.of(), List.of());
        assertThat(run(RunState.FAILED, null, 0, source, step("file", 0, 0), 0).failure().orElseThrow())
                .contains("first failure: litedb: " + advice).containsOnlyOnce("Maven scope");
    }

    private static StepSummary step(String name, long records, long errors) {
        return new StepSummary(name, records, 0, 0, errors, 0, 100, List.of(), List.of(), List.of());
    }

    private static KitRun run(RunState state, String fatalError, double success, StepSummary source, StepSummary sink,
                              int lines) {
        RunResult result = new RunResult("run-1", "shelf_svc", "shelf", state, success, 90, Instant.EPOCH, Instant.EPOCH,
                fatalError, false, List.of(source, sink), List.of(), List.of(), null, null);
        List<String> written = java.util.stream.IntStream.range(0, lines).mapToObj(i -> "{}").toList();
        return new KitRun("metadata-1", result, written, List.of(), java.util.Map.of(), List.of(), null);
    }
}
