package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StepTallyTest {

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    private long seenElsewhere(StepTally tally) throws Exception {
        return CompletableFuture.supplyAsync(tally::records, other).get();
    }

    @Test
    void theRunsThreadSeesTheExactCount() {
        StepTally tally = new StepTally(new Status());
        for (int i = 0; i < 1500; i++) {
            tally.recordOk();
        }
        assertThat(tally.records()).isEqualTo(1500);
        assertThat(tally.summary("source").records()).isEqualTo(1500);
    }

    @Test
    void anotherThreadSeesACountBehindButNeverAheadAndTheExactOneOnceTheRunsThreadAsked() throws Exception {
        StepTally tally = new StepTally(new Status());
        for (int i = 0; i < StepTally.PUBLISH_EVERY + 5; i++) {
            tally.recordOk();
        }
        assertThat(seenElsewhere(tally)).isEqualTo(StepTally.PUBLISH_EVERY);

        tally.records(); // the run's thread asks, as it does before its final report
        assertThat(seenElsewhere(tally)).isEqualTo(StepTally.PUBLISH_EVERY + 5);
    }

    @Test
    void recordsCountedThroughTheStatusAddUp() throws Exception {
        Status status = new Status();
        StepTally tally = new StepTally(status);
        tally.recordOk();
        status.recordOk();

        assertThat(tally.records()).isEqualTo(2);
        assertThat(seenElsewhere(tally)).isEqualTo(2);
    }
}
