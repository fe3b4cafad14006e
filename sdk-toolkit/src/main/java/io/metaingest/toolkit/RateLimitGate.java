package io.metaingest.toolkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The pause that every worker of a run shares when the vendor says "slow down" (HTTP 429). The worker
 * that was told to wait holds the gate closed for the advised time; every other worker that is about
 * to send waits at the gate instead of sending a request that would be refused too.
 *
 * <p>The pause is held by the waiting worker rather than computed from a clock, so a pause lasts
 * exactly as long as the {@link Sleeper} waits and tests can drive it without time passing. A worker
 * told to wait while a pause is already running joins that pause instead of starting a second one.
 *
 * <p>One gate per vendor account and run: {@link JsonHttpClient} makes one per client unless given a
 * shared one. Thread-safe.
 */
public final class RateLimitGate {

    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition open = lock.newCondition();
    private boolean closed;
    private int waiting;
    private long pauses;

    /** Creates an open gate whose pauses wait with {@code sleeper}. */
    public RateLimitGate(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Closes the gate for {@code wait} on behalf of all workers and waits it out on this thread; when a
     * pause is already running, waits for that one to end instead.
     *
     * @throws InterruptedException when interrupted; the gate opens again either way
     */
    public void pause(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                awaitOpenLocked();
                return;
            }
            closed = true;
            pauses++;
        } finally {
            lock.unlock();
        }
        try {
            sleeper.sleep(wait);
        } finally {
            lock.lock();
            try {
                closed = false;
                open.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Returns at once when the gate is open, else when the running pause ends.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void awaitOpen() throws InterruptedException {
        lock.lock();
        try {
            awaitOpenLocked();
        } finally {
            lock.unlock();
        }
    }

    private void awaitOpenLocked() throws InterruptedException {
        waiting++;
        try {
            while (closed) {
                open.await();
            }
        } finally {
            waiting--;
        }
    }

    /** Whether a pause is running now. */
    public boolean isPaused() {
        return read(() -> closed);
    }

    /** Workers waiting at the gate now (the one holding the pause not counted). */
    public int waitingWorkers() {
        return read(() -> waiting);
    }

    /** Pauses started so far. */
    public long pauseCount() {
        return read(() -> pauses);
    }

    private <T> T read(Supplier<T> field) {
        lock.lock();
        try {
            return field.get();
        } finally {
            lock.unlock();
        }
    }
}
