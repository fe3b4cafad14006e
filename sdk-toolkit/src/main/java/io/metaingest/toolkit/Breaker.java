package io.metaingest.toolkit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run-level view of whether a service is still there, shared by all calls of one
 * {@link JsonHttpClient}: counts calls in a row that failed for good on the service's side
 * (refused, timed out, reset, 5xx), so a dead service costs a bounded number of calls instead of the
 * full retries for every remaining one. Any answer below 500 shows the service is there and resets
 * the count. Thread-safe.
 */
final class Breaker {

    private final int callsInARow;
    private final AtomicInteger failedInARow = new AtomicInteger();
    private final AtomicReference<String> gaveUp = new AtomicReference<>();

    /** @param callsInARow calls in a row that may fail for good before the service is given up; at least 1 */
    Breaker(int callsInARow) {
        if (callsInARow < 1) {
            throw new IllegalArgumentException("callsInARow must be at least 1, was " + callsInARow);
        }
        this.callsInARow = callsInARow;
    }

    /** The service answered (below 500). */
    void answered() {
        if (gaveUp.get() == null) {
            failedInARow.set(0);
        }
    }

    /**
     * Whether an earlier call failed for good and none has been answered since: later calls get one
     * attempt each, so a dead service is recognised in seconds rather than minutes per call.
     */
    boolean degraded() {
        return failedInARow.get() > 0;
    }

    /**
     * A call failed for good; returns whether the service is now given up.
     *
     * @param why the call's error message
     * @param conclusive whether this failure alone says the service is gone (refused for the whole backoff)
     */
    boolean failed(String why, boolean conclusive) {
        if (failedInARow.incrementAndGet() >= callsInARow || conclusive) {
            gaveUp.compareAndSet(null, why);
        }
        return gaveUp.get() != null;
    }

    /** Calls in a row failed so far. */
    int failedInARow() {
        return failedInARow.get();
    }

    /** The failure after which the service was given up, or null while it is not. */
    String gaveUp() {
        return gaveUp.get();
    }
}
