package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import java.util.List;
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

    @Test
    void aSinksDiscardedOutputCountsAsDiscardedWithItsSuccessAndFailuresAsTheyWere() {
        StepSummary written = new StepSummary("file", 6316, 4, 1, 2, 0, 99.97, List.of(new StepError("t", "bad", null)),
                List.of("w"), List.of());
        StepSummary discarded = written.discardingWritten();
        assertThat(discarded.records()).isZero();
        assertThat(discarded.updatedRecords()).isZero();
        assertThat(discarded.discarded()).isEqualTo(6320);
        assertThat(discarded).usingRecursiveComparison().ignoringFields("records", "updatedRecords", "discarded")
                .isEqualTo(written);
        assertThat(written.discarded()).isZero();
    }
}
