package io.metaingest.runtime.exec;

import io.metaingest.api.StepError;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The error that ends a run, as a failure of the step it came from. OpenMetadata's success rate
 * counts failures only: a run that ends on, say, an unreachable source would otherwise report 100 %.
 */
final class FatalFailure {

    private FatalFailure() {
    }

    /** The failure: the step's name, the message the run reports, the stack trace every failure carries. */
    static StepError of(String step, String message, Throwable cause) {
        return new StepError(step, message, StepError.of(step, cause).stackTrace());
    }

    /**
     * Whether a step already recorded this error before throwing it, so it is not counted twice: any
     * step recorded the exception (or one it wraps) itself, seen by its identical stack trace, or the
     * failing step recorded a failure with the same text. Only the kept failures can be compared.
     */
    static boolean alreadyRecorded(StepTally failing, List<StepTally> steps, String message, Throwable cause) {
        Set<Throwable> chain = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = cause; t != null && chain.add(t); t = t.getCause()) {
            String trace = StepError.of("", t).stackTrace();
            String oneLine = StepError.oneLine(t);
            for (StepTally step : steps) {
                for (StepError recorded : step.status().firstFailures()) {
                    if (trace.equals(recorded.stackTrace()) || step == failing
                            && (message.equals(recorded.error()) || oneLine.equals(recorded.error())
                            || Objects.equals(t.getMessage(), recorded.error()))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
