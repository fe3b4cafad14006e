package io.metaingest.runtime.exec;

import io.metaingest.api.Sink;
import io.metaingest.api.Status;
import java.util.ArrayDeque;

/**
 * Counts a sink's records in its {@link Status} only once the sink confirms they reached the
 * destination ({@link Sink#confirmed()}), so the report never claims more than the destination
 * holds. Accepted records wait here, in order, until confirmed. Thread-safe: the progress display,
 * the heartbeat and the shutdown hook settle the counts from their own threads.
 */
final class ConfirmedWrites {

    private final Sink<?> sink;
    private final Status status;
    private final ArrayDeque<Sink.WriteOutcome> pending = new ArrayDeque<>();
    private long counted;

    ConfirmedWrites(Sink<?> sink, Status status) {
        this.sink = sink;
        this.status = status;
    }

    /** The sink accepted a record. */
    synchronized void accepted(Sink.WriteOutcome outcome) {
        pending.add(outcome);
        settle();
    }

    /** Counts every record the sink has confirmed so far. */
    synchronized void settle() {
        long confirmed = sink.confirmed();
        while (!pending.isEmpty() && (confirmed < 0 || counted < confirmed)) {
            if (pending.poll() == Sink.WriteOutcome.UPDATED) {
                status.recordUpdated();
            } else {
                status.recordOk();
            }
            counted++;
        }
    }

    /** Records accepted but not confirmed: they never reached the destination. */
    synchronized long unconfirmed() {
        settle();
        return pending.size();
    }
}
