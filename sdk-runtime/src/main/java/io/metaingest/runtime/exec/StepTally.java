package io.metaingest.runtime.exec;

import io.metaingest.api.Status;

/**
 * A step's {@link Status} plus the records the run's thread counts for it. Counting a record is on
 * the per-record path, where {@link Status#recordOk()} costs an atomic instruction, and even a
 * release or opaque store per record keeps the JIT from holding the count in a register (a third of
 * the runtime's throughput on small records). So the run's thread counts in a plain field and
 * publishes the count to other threads (progress, heartbeat, shutdown) every
 * {@value #PUBLISH_EVERY} records and when it asks for a figure itself. Another thread therefore
 * sees a count at most {@value #PUBLISH_EVERY} behind and never ahead of the truth; the run's own
 * thread, which writes the final report, always sees the exact count.
 */
final class StepTally {

    /** A power of two: publishing is a mask test per record. */
    static final int PUBLISH_EVERY = 1024;

    private final Status status;
    private final Thread owner;
    /** The run's thread only. */
    private long counted;
    /** What other threads read. */
    private volatile long published;

    /** A tally counted by the calling thread. */
    StepTally(Status status) {
        this.status = status;
        this.owner = Thread.currentThread();
    }

    /** The step's status: failures, warnings, filtered entities, and records counted by other threads. */
    Status status() {
        return status;
    }

    /** Counts one record; called by the run's thread only. */
    void recordOk() {
        long now = ++counted;
        if ((now & (PUBLISH_EVERY - 1)) == 0) {
            published = now;
        }
    }

    /** Records produced or written. */
    long records() {
        return status.records() + own();
    }

    /** Records that updated an existing entity. */
    long updatedRecords() {
        return status.updatedRecords();
    }

    /** Failures. */
    long failures() {
        return status.failures();
    }

    /** A snapshot under the step's name. */
    StepSummary summary(String name) {
        return StepSummary.of(name, status, own());
    }

    /** The exact count on the run's thread (which then publishes it); the last published one elsewhere. */
    private long own() {
        if (Thread.currentThread() == owner) {
            published = counted;
            return counted;
        }
        return published;
    }
}
