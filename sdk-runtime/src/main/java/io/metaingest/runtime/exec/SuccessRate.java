package io.metaingest.runtime.exec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * OpenMetadata 1.6's verdict on a run: the workflow's success is the mean of every step's success
 * percentage (source, processor, stage, sink, bulk sink), compared with {@code successThreshold}.
 */
public final class SuccessRate {

    private SuccessRate() {
    }

    /** The mean of the steps' success percentages, rounded to two decimals; 100 with no steps. */
    public static double of(List<StepSummary> steps) {
        if (steps.isEmpty()) {
            return 100.0;
        }
        BigDecimal sum = steps.stream().map(s -> BigDecimal.valueOf(s.success())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(steps.size()), 2, RoundingMode.HALF_UP).doubleValue();
    }

    /**
     * The final state: {@code success} at 100, {@code partialSuccess} from the threshold (inclusive)
     * up to 100, {@code failed} below it.
     */
    public static RunState state(double success, int threshold) {
        if (success >= 100.0) {
            return RunState.SUCCESS;
        }
        return success >= threshold ? RunState.PARTIAL_SUCCESS : RunState.FAILED;
    }
}
