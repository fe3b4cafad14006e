package io.metaingest.runtime.exec;

import io.metaingest.api.Sink;
import io.metaingest.api.Status;
import java.util.ArrayDeque;

/**
 * Counts a sink's records in its {@link Status} only once the sink confirms they reached the
 * destination ({@link Sink#confirmed()}), so the report never claims more than the destination
 * holds. Accepted records wait here, in order, until confirmed. Thread-safe: the progress display,
 * the heartbeat and the shutdown hook settle the counts from their own threads.
 *
 * <p>Per record this is on the hot path: a sink that confirms every accepted record ({@code -1},
 * which {@link Sink#confirmed()} answers always or never) has each record counted at once, without
 * the lock, the queue or a volatile read, by the run's thread, the only one that calls
 * {@link #accepted}.
 */
final class ConfirmedWrites {

    private final Sink<?> sink;
    private final StepTally tally;
    private final Status status;
    private final ArrayDeque<Sink.WriteOutcome> pending = new ArrayDeque<>();
    /** Whether the sink confirms each record as it accepts it: asked once. */
    private final boolean immediate;
    private long counted;

    ConfirmedWrites(Sink<?> sink, StepTally tally) {
        this.sink = sink;
        this.tally = tally;
        this.status = tally.status();
        this.immediate = sink.confirmed() < 0;
    }

    /** The sink accepted a record (called by the run's thread only). */
    void accepted(Sink.WriteOutcome outcome) {
        if (immediate) {
            if (outcome == Sink.WriteOutcome.UPDATED) {
                status.recordUpdated();
            } else {
                tally.recordOk(); // this thread only: no atomic instruction
            }
            return;
        }
        synchronized (this) {
            pending.add(outcome);
            settle();
        }
    }

    /** Counts every record the sink has confirmed so far. */
    synchronized void settle() {
        long confirmed = sink.confirmed();
        while (!pending.isEmpty() && (confirmed < 0 || counted < confirmed)) {
            count(pending.poll());
        }
    }

    /** Under the lock, possibly on another thread: through the thread-safe status. */
    private void count(Sink.WriteOutcome outcome) {
        if (outcome == Sink.WriteOutcome.UPDATED) {
            status.recordUpdated();
        } else {
            status.recordOk();
        }
        counted++;
    }

    /**
     * Records accepted so far, confirmed or not: what the destination holds once the sink has written them all (as a
     * file sink's commit does before it renames). Called by the run's thread, the only one counting without the lock.
     */
    synchronized long accepted() {
        return tally.records() + tally.updatedRecords() + pending.size();
    }

    /** Records accepted but not confirmed: they never reached the destination. */
    synchronized long unconfirmed() {
        settle();
        return pending.size();
    }
}
