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
 * <p>Per record this is on the hot path: while nothing waits and the sink confirms every accepted
 * record ({@code -1}), a record is counted at once without taking the lock or queueing it. Only the
 * run's thread calls {@link #accepted}, and other threads change {@code counted} only while
 * something waits, so the volatile {@code waiting} flag orders the two paths.
 */
final class ConfirmedWrites {

    private final Sink<?> sink;
    private final StepTally tally;
    private final Status status;
    private final ArrayDeque<Sink.WriteOutcome> pending = new ArrayDeque<>();
    private long counted;
    /** Whether {@link #pending} holds records; written under the lock, read without it by {@link #accepted}. */
    private volatile boolean waiting;

    ConfirmedWrites(Sink<?> sink, StepTally tally) {
        this.sink = sink;
        this.tally = tally;
        this.status = tally.status();
    }

    /** The sink accepted a record (called by the run's thread only). */
    void accepted(Sink.WriteOutcome outcome) {
        if (!waiting && sink.confirmed() < 0) {
            if (outcome == Sink.WriteOutcome.UPDATED) {
                status.recordUpdated();
            } else {
                tally.recordOk(); // this thread only: no atomic instruction
            }
            counted++;
            return;
        }
        synchronized (this) {
            pending.add(outcome);
            waiting = true;
            settle();
        }
    }

    /** Counts every record the sink has confirmed so far. */
    synchronized void settle() {
        long confirmed = sink.confirmed();
        while (!pending.isEmpty() && (confirmed < 0 || counted < confirmed)) {
            count(pending.poll());
        }
        waiting = !pending.isEmpty();
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

    /** Records accepted but not confirmed: they never reached the destination. */
    synchronized long unconfirmed() {
        settle();
        return pending.size();
    }
}
