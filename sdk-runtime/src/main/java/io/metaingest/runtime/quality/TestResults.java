package io.metaingest.runtime.quality;

import io.metaingest.api.quality.TestCaseStatus;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tests of one test-suite run counted by status, as the {@code orm-test-runner} ended them: one per
 * run (the run's injector makes it once), read by the runner for the run's result and its report.
 */
@Singleton
public final class TestResults {

    private final EnumMap<TestCaseStatus, LongAdder> counts = new EnumMap<>(TestCaseStatus.class);

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

    /** How many tests ended in a result. */
    public long run() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** How many did not pass: Failed or Aborted. */
    public long notPassed() {
        return counts.get(TestCaseStatus.Failed).sum() + counts.get(TestCaseStatus.Aborted).sum();
    }

    /** The counts by status name (Success, Failed, Aborted; Queued only when any), in that order. */
    public Map<String, Long> byStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((status, count) -> {
            if (status != TestCaseStatus.Queued || count.sum() > 0) {
                out.put(status.name(), count.sum());
            }
        });
        return out;
    }

    /** {@code 4 run: 3 Success, 0 Failed, 1 Aborted}. */
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder().append(run()).append(" run: ");
        String sep = "";
        for (Map.Entry<String, Long> e : byStatus().entrySet()) {
            line.append(sep).append(e.getValue()).append(' ').append(e.getKey());
            sep = ", ";
        }
        return line.toString();
    }
}
