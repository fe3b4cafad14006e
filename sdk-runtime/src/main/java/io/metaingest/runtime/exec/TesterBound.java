package io.metaingest.runtime.exec;

import io.metaingest.api.ConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How long {@code test-connection} waits for a connector's tester: a tester without timeouts against a
 * host that accepts and never answers would otherwise hold the command for ever. The tester runs on a
 * daemon thread of its own; when the bound passes, that thread is interrupted and left, so the process
 * can still exit when the tester ignores the interrupt.
 *
 * @param bound how long the tester (its creation and its checks) may take
 */
record TesterBound(Duration bound) {

    /** A tester's creation and its checks: what {@link ConnectionTestRunner} runs within the bound. */
    interface Test {
        List<String> run() throws ConnectionException, Injectors.StepCreationException;
    }

    /**
     * Runs {@code test} within the bound.
     *
     * @param name the thread's name, naming the service
     * @return the tester's lines, or empty when it did not return within the bound
     */
    Optional<List<String>> run(String name, Test test) throws ConnectionException, Injectors.StepCreationException {
        FutureTask<List<String>> task = new FutureTask<>(test::run);
        // Inherits the caller's context class loader, which the connector's drivers may rely on.
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        try {
            return Optional.of(task.get(bound.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            task.cancel(true); // interrupts the tester; whatever it then throws concludes nothing more
            return Optional.empty();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ConnectionException(ConnectionException.Reason.OTHER,
                    "interrupted while waiting for the connection test; nothing was concluded");
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The tester's own failure, as it would have been thrown on the caller's thread. */
    private static ConnectionException rethrown(Throwable cause) throws Injectors.StepCreationException {
        if (cause instanceof ConnectionException connection) {
            return connection;
        }
        if (cause instanceof Injectors.StepCreationException creation) {
            throw creation;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause); // the test declares no other checked exception
    }

    /** The bound as a person reads it: {@code 3 min}, {@code 30 s}, {@code 250 ms}. */
    String described() {
        if (bound.toSecondsPart() == 0 && bound.toMillisPart() == 0 && bound.toMinutes() > 0) {
            return bound.toMinutes() + " min";
        }
        if (bound.toMillisPart() == 0 && bound.toSeconds() > 0) {
            return bound.toSeconds() + " s";
        }
        return bound.toMillis() + " ms";
    }
}
