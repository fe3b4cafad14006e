package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import org.junit.jupiter.api.Test;

class StepSummaryTest {

    @Test
    void summaryCarriesTheCounters() {
        Status status = new Status();
        status.recordOk();
        status.recordOk();
        status.recordUpdated();
        status.failed(new StepError("bad", "broken", null));
        StepSummary summary = StepSummary.of("source", status);
        assertThat(summary.records()).isEqualTo(2);
        assertThat(summary.updatedRecords()).isEqualTo(1);
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(summary.success()).isEqualTo(75.0);
    }
}
