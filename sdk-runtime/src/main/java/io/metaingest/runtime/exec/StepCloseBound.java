package io.metaingest.runtime.exec;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * How long the run waits for a step's {@code close()}: a connector whose close blocks (a pool waiting
 * for a connection never returned, a driver's logout to a server that does not answer) would otherwise
 * hold the run for ever after its records were read, and nothing would be committed or reported. The
 * close runs on a daemon thread of its own; past the bound that thread is interrupted and left, so the
 * process still exits when the close ignores the interrupt.
 *
 * @param bound how long one step's close may take
 */
record StepCloseBound(Duration bound) {

    /** The bound a run gives each step's close unless told otherwise. */
    static final Duration DEFAULT = Duration.ofSeconds(60);

    /**
     * What a close that did not return left: the one-line failure and where its thread was stuck.
     *
     * @param message the failure's message, naming the step
     * @param stackTrace the stuck thread's stack, for the report's failure
     */
    record Stuck(String message, String stackTrace) {
    }

    /**
     * Closes {@code step} within the bound.
     *
     * @param kind the step's kind as the message names it: {@code source}, {@code processor}, {@code sink}, …
     * @param name the step's name in the report (the connector's or the step's type)
     * @return empty when the close returned; the failure when it did not within the bound
     * @throws Exception what the close threw, as it would have on the caller's thread
     */
    Optional<Stuck> close(String kind, String name, AutoCloseable step) throws Exception {
        FutureTask<Void> task = new FutureTask<>(() -> {
            step.close();
            return null;
        });
        // Inherits the caller's context class loader, which a plugin's driver may rely on while closing.
        Thread thread = new Thread(task, "metaingest-close-" + kind.replace(' ', '-') + "-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            String stack = Arrays.stream(thread.getStackTrace()).map(f -> "\tat " + f).collect(Collectors.joining("\n"));
            task.cancel(true); // interrupts the close; the thread is a daemon, so it cannot keep the JVM alive
            return Optional.of(new Stuck(kind + " " + name + " close() did not return within " + described()
                    + "; the connector's close must not block", thread.getName() + " stuck in close()\n" + stack));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.empty(); // a stop: it takes the final state and releases what it can itself
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The bound as a person reads it: {@code 60 s}, {@code 250 ms}. */
    String described() {
        return bound.toMillisPart() == 0 && bound.toSeconds() > 0 ? bound.toSeconds() + " s" : bound.toMillis() + " ms";
    }
}
