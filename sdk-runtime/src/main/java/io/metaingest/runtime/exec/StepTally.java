package io.metaingest.runtime.exec;

import io.metaingest.api.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A step's {@link Status} plus the records the run's thread counts for it. Counting a record is on
 * the per-record path, where {@link Status#recordOk()} costs an atomic instruction (and a call the
 * JIT does not inline); here only the run's thread writes, so a release store is enough for other
 * threads (progress, heartbeat, shutdown) to read a count that is never ahead of the truth.
 */
final class StepTally {

    private static final VarHandle OK;

    static {
        try {
            OK = MethodHandles.lookup().findVarHandle(StepTally.class, "ok", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Status status;
    /** Written by the run's thread only (release); read by others with acquire. */
    private long ok;

    StepTally(Status status) {
        this.status = status;
    }

    /** The step's status: failures, warnings, filtered entities, and records counted by other threads. */
    Status status() {
        return status;
    }

    /** Counts one record; called by the run's thread only. */
    void recordOk() {
        OK.setRelease(this, ok + 1);
    }

    /** Records produced or written. */
    long records() {
        return status.records() + (long) OK.getAcquire(this);
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
        return StepSummary.of(name, status, (long) OK.getAcquire(this));
    }
}
