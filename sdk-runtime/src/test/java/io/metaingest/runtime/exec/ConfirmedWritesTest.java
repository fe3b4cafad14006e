package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.Sink;
import io.metaingest.api.Status;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConfirmedWritesTest {

    /** A sink that reports how many accepted records reached its destination; -1 means all of them. */
    private static final class Buffering implements Sink<Object> {
        final AtomicLong confirmed = new AtomicLong(-1);

        @Override
        public WriteOutcome write(Object record) {
            return WriteOutcome.CREATED;
        }

        @Override
        public long confirmed() {
            return confirmed.get();
        }
    }

    @Test
    void aSinkThatConfirmsEveryRecordIsCountedAtOnceCreatedAndUpdatedApart() {
        StepTally tally = new StepTally(new Status());
        ConfirmedWrites writes = new ConfirmedWrites(new Buffering(), tally);

        writes.accepted(Sink.WriteOutcome.CREATED);
        writes.accepted(Sink.WriteOutcome.UPDATED);
        writes.accepted(Sink.WriteOutcome.CREATED);

        assertThat(tally.records()).isEqualTo(2);
        assertThat(tally.updatedRecords()).isEqualTo(1);
        assertThat(tally.summary("file").records()).isEqualTo(2);
        assertThat(writes.unconfirmed()).isZero();
    }

    @Test
    void recordsWaitUntilTheSinkConfirmsThemAndKeepTheirOrder() {
        Buffering sink = new Buffering();
        sink.confirmed.set(0);
        StepTally tally = new StepTally(new Status());
        ConfirmedWrites writes = new ConfirmedWrites(sink, tally);
        writes.accepted(Sink.WriteOutcome.CREATED);
        sink.confirmed.set(1);

        writes.accepted(Sink.WriteOutcome.UPDATED);
        writes.accepted(Sink.WriteOutcome.CREATED);

        assertThat(tally.records()).isEqualTo(1);
        assertThat(writes.unconfirmed()).isEqualTo(2);

        sink.confirmed.set(2);
        writes.settle();
        assertThat(tally.updatedRecords()).isEqualTo(1);
        assertThat(tally.records()).isEqualTo(1);

        sink.confirmed.set(3);
        writes.accepted(Sink.WriteOutcome.CREATED);
        assertThat(tally.records()).as("the waiting record first").isEqualTo(2);
        assertThat(writes.unconfirmed()).as("the new one waits").isEqualTo(1);
    }

    @Test
    void whetherASinkConfirmsAtOnceIsAskedOnce() {
        Buffering sink = new Buffering();
        StepTally tally = new StepTally(new Status());
        ConfirmedWrites writes = new ConfirmedWrites(sink, tally);

        sink.confirmed.set(0); // breaks the contract: answered -1 before
        writes.accepted(Sink.WriteOutcome.CREATED);

        assertThat(tally.records()).isEqualTo(1);
    }
}
