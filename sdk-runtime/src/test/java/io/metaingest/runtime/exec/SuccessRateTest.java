package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.exec.StepSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessRateTest {

    private static StepSummary step(double success) {
        return new StepSummary("s", 0, 0, 0, 0, 0, success, List.of(), List.of(), List.of());
    }

    @Test
    void workflowSuccessIsTheMeanOverAllSteps() {
        assertThat(SuccessRate.of(List.of(step(100), step(80)))).isEqualTo(90.0);
        assertThat(SuccessRate.of(List.of(step(100), step(100), step(50)))).isEqualTo(83.33);
        assertThat(SuccessRate.of(List.of())).isEqualTo(100.0);
    }

    @Test
    void aSinkFailureLowersTheWorkflowEvenWhenTheSourceIsPerfect() {
        // 1.5 looked at the source only; 1.6 averages all steps.
        assertThat(SuccessRate.of(List.of(step(100), step(0)))).isEqualTo(50.0);
    }

    @Test
    void thresholdEdges() {
        assertThat(SuccessRate.state(100.0, 90)).isEqualTo(RunState.SUCCESS);
        assertThat(SuccessRate.state(90.0, 90)).isEqualTo(RunState.PARTIAL_SUCCESS);
        assertThat(SuccessRate.state(89.99, 90)).isEqualTo(RunState.FAILED);
        assertThat(SuccessRate.state(99.99, 100)).isEqualTo(RunState.FAILED);
        assertThat(SuccessRate.state(0.0, 0)).isEqualTo(RunState.PARTIAL_SUCCESS);
    }
}
