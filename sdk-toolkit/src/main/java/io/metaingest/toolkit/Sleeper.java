package io.metaingest.toolkit;

import java.time.Duration;

/**
 * Waits. Every wait of the toolkit (backoff, {@code Retry-After}, the shared rate-limit pause) goes
 * through one, so tests can record the waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep(long, int)}. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        }
    };

    /**
     * Waits for {@code duration}.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration duration) throws InterruptedException;
}
