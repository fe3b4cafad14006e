package io.metaingest.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a kit run on a thread of its own and gives it a time bound: a source that blocks forever (a
 * latch nobody counts down, a read without timeout) would otherwise hold the whole test run. On expiry
 * the thread is interrupted and given a short grace to end; one that ignores the interrupt cannot be
 * stopped in Java, so it is left running, as a daemon thread that does not keep the JVM alive.
 */
final class BoundedRun {

    /** Frames of the stuck thread shown in the message. */
    private static final int SHOWN_FRAMES = 4;

    private BoundedRun() {
    }

    /** The run did not end within its bound; the message says where it was stuck and what became of it. */
    static final class Expired extends Exception {
        Expired(String message) {
            super(message);
        }
    }

    /**
     * {@code body}'s result, computed on a daemon thread named {@code kit-run-<name>}.
     *
     * @throws Expired when it did not end within {@code bound}
     * @throws Exception what {@code body} threw
     */
    static <T> T call(String name, Duration bound, Duration grace, Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread runner = new Thread(task, "kit-run-" + name);
        runner.setDaemon(true);
        runner.start();
        try {
            T result = task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            runner.join(grace.toMillis()); // it is finishing: let it be gone before the kit counts threads
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (TimeoutException e) {
            String where = frames(runner.getStackTrace());
            runner.interrupt();
            runner.join(grace.toMillis());
            throw new Expired("the " + name + " run did not end within " + shown(bound) + " (runBound()); its source"
                    + " thread '" + runner.getName() + "' was at " + where + "; " + (runner.isAlive()
                    ? "it ignored the interrupt the kit sent and still ran " + shown(grace) + " later: the kit leaves it"
                    + " running (a Java thread cannot be stopped; it is a daemon thread, so the JVM can still end)"
                    : "it ended when the kit interrupted it")
                    + "; a source must bound every wait (connect and read timeouts) and end when its thread is interrupted");
        }
    }

    /**
     * The top frames from the connector's own code (a plugin class loader's, else the first frame
     * outside the JDK), with the JDK call it waits in: {@code CountDownLatch.await ← Source.read(Source.java:9)}.
     */
    static String frames(StackTraceElement[] stack) {
        List<StackTraceElement> all = Arrays.asList(stack);
        int own = indexOf(all, true);
        if (own < 0) {
            own = indexOf(all, false);
        }
        if (own < 0) {
            return stack.length == 0 ? "(no frames: it had just ended)" : shown(all.subList(0, Math.min(SHOWN_FRAMES, all.size())));
        }
        int from = Math.max(0, own - 1);
        return shown(all.subList(from, Math.min(all.size(), from + SHOWN_FRAMES)));
    }

    private static int indexOf(List<StackTraceElement> stack, boolean pluginOnly) {
        for (int i = 0; i < stack.size(); i++) {
            StackTraceElement frame = stack.get(i);
            boolean plugin = frame.getClassLoaderName() != null && frame.getClassLoaderName().startsWith("plugin-");
            String type = frame.getClassName();
            boolean jdk = type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
            if (pluginOnly ? plugin : !jdk) {
                return i;
            }
        }
        return -1;
    }

    private static String shown(List<StackTraceElement> frames) {
        return frames.stream().map(f -> f.getClassName() + "." + f.getMethodName()
                + (f.getFileName() == null ? "" : "(" + f.getFileName()
                + (f.getLineNumber() < 0 ? "" : ":" + f.getLineNumber()) + ")"))
                .collect(Collectors.joining(" ← "));
    }

    /** {@code 2 min}, {@code 3 s}, {@code 250 ms}. */
    static String shown(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
