package io.metaingest.toolkit;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Maps items on a fixed number of worker threads and hands the results out in input order, as a
 * lazy stream: at most {@code inFlight} items are taken from the input and held at a time, so memory
 * is bounded by the window, not by the input. An item whose function throws becomes a failed
 * {@link Outcome} and the others go on.
 *
 * <p>The workers are daemon threads named {@code <name>-<n>}; they end when the stream is exhausted
 * or closed (close it, e.g. with try-with-resources, when stopping early). Items already running when
 * the stream is closed are interrupted. The input iterator is read on the consuming thread only; an
 * exception it throws reaches the consumer.
 */
public final class ParallelMap {

    private ParallelMap() {
    }

    /** The work for one item; may throw, which makes the item a failed {@link Outcome}. */
    @FunctionalInterface
    public interface Work<I, O> {

        /** The result for {@code input}. */
        O apply(I input) throws Exception;
    }

    /**
     * {@link #ordered(Iterator, int, int, String, Work)} with {@code 2 * threads} items in flight.
     */
    public static <I, O> Stream<Outcome<I, O>> ordered(Iterator<? extends I> inputs, int threads, String name,
                                                       Work<I, O> work) {
        return ordered(inputs, threads, Math.max(2, 2 * threads), name, work);
    }

    /**
     * Maps {@code inputs} with {@code work} on {@code threads} workers, results in input order.
     *
     * @param inputs the items, read lazily on the consuming thread
     * @param threads worker threads, at least 1
     * @param inFlight items submitted but not yet handed out, at least {@code threads}
     * @param name the worker threads' name prefix, e.g. {@code fivetran}
     * @param work the work for one item
     */
    public static <I, O> Stream<Outcome<I, O>> ordered(Iterator<? extends I> inputs, int threads, int inFlight,
                                                       String name, Work<I, O> work) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(name, "name");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (inFlight < threads) {
            throw new IllegalArgumentException("inFlight must be at least threads (" + threads + "), was " + inFlight);
        }
        Window<I, O> window = new Window<>(inputs, threads, inFlight, name, work);
        return Streams.of(window).onClose(window::shutdown);
    }

    /** Submits items as results are taken and hands the results out in order. */
    private static final class Window<I, O> implements Iterator<Outcome<I, O>> {
        private final Iterator<? extends I> inputs;
        private final int size;
        private final Work<I, O> work;
        private final ExecutorService executor;
        private final ArrayDeque<Future<Outcome<I, O>>> inFlight = new ArrayDeque<>();

        Window(Iterator<? extends I> inputs, int threads, int size, String name, Work<I, O> work) {
            this.inputs = inputs;
            this.size = size;
            this.work = work;
            this.executor = Executors.newFixedThreadPool(threads, new Workers(name));
        }

        @Override
        public boolean hasNext() {
            try {
                while (inFlight.size() < size && inputs.hasNext()) {
                    I input = inputs.next();
                    inFlight.add(executor.submit(() -> run(input)));
                }
            } catch (RuntimeException | Error e) {
                shutdown();
                throw e;
            }
            if (inFlight.isEmpty()) {
                shutdown();
                return false;
            }
            return true;
        }

        private Outcome<I, O> run(I input) {
            try {
                return Outcome.success(input, work.apply(input));
            } catch (Exception e) {
                return Outcome.failure(input, e);
            }
        }

        @Override
        public Outcome<I, O> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Future<Outcome<I, O>> head = inFlight.poll();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutdown();
                throw new IllegalStateException("interrupted while waiting for parallel work", e);
            } catch (ExecutionException e) {
                // run() catches every Exception, so only an Error arrives here; it is not an item's failure.
                shutdown();
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        void shutdown() {
            executor.shutdownNow();
            inFlight.forEach(f -> f.cancel(true));
        }
    }

    /** Daemon workers, so an abandoned stream never keeps the JVM alive. */
    private static final class Workers implements ThreadFactory {
        private final String name;
        private final AtomicInteger count = new AtomicInteger();

        Workers(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
