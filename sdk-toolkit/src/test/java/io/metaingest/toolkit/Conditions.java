package io.metaingest.toolkit;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waiting on a condition in tests, without sleeping. */
final class Conditions {

    private Conditions() {
    }

    /** Spins until {@code condition} holds, failing after 10 s. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}

/** A small pool for test workers, shut down by try-with-resources. */
final class Workers implements AutoCloseable {
    private final ExecutorService pool;

    Workers(int threads) {
        pool = Executors.newFixedThreadPool(threads);
    }

    <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
