package io.metaingest.api.quality;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tests of one test-suite run counted by status, as the {@code orm-test-runner} ended them, and the
 * tests that never ran (their service could not be used: no result, a failure of the runner's step) as
 * {@value #NOT_RUN}: one per run (the run's injector makes it once), read by the runner for the run's
 * result and its report.
 */
@Singleton
public final class TestResults {

    /** The key of the tests that never ran, beside OpenMetadata's statuses. */
    public static final String NOT_RUN = "NotRun";

    private final EnumMap<TestCaseStatus, LongAdder> counts = new EnumMap<>(TestCaseStatus.class);
    private final LongAdder notRun = new LongAdder();

    /** An empty tally. */
    @Inject
    public TestResults() {
        for (TestCaseStatus status : TestCaseStatus.values()) {
            counts.put(status, new LongAdder());
        }
    }

    /** Counts one test's result. */
    public void count(TestCaseStatus status) {
        counts.get(status).increment();
    }

    /** Counts a test that never ran: its service could not be used. */
    public void countNotRun() {
        notRun.increment();
    }

    /** How many tests the run had: those with a result and those that never ran. */
    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum() + notRun.sum();
    }

    /**
     * The counts by status name (Success, Failed, Aborted; Queued only when any), in that order, then
     * {@value #NOT_RUN}, always: a reader of the report finds the same four keys whatever the run did.
     */
    public Map<String, Long> byStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((status, count) -> {
            if (status != TestCaseStatus.Queued || count.sum() > 0) {
                out.put(status.name(), count.sum());
            }
        });
        out.put(NOT_RUN, notRun.sum());
        return out;
    }
}
