package io.metaingest.testkit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs what the kit asks of a connector's code (a run, building a step, driving a processor) on a
 * thread of its own and gives it a time bound: a step that blocks forever (a latch nobody counts down,
 * a read without timeout) would otherwise hold the whole test run. On expiry the thread is interrupted
 * and given a short grace to end; one that ignores the interrupt cannot be stopped in Java, so it is
 * left running, as a daemon thread that does not keep the JVM alive.
 */
final class BoundedRun {

    /** Frames of the stuck thread shown in the message. */
    private static final int SHOWN_FRAMES = 4;

    private BoundedRun() {
    }

    /**
     * What a bounded call does, in the words of the message when it does not end in time: {@code
     * late} ("the metadata-1 run did not end"), {@code holder} of the thread named {@code thread}
     * ("its source thread") and the {@code advice} that ends the message.
     */
    record Task(String thread, String late, String holder, String advice, Map<String, String> atWork) {

        /** Copies {@code atWork}. */
        Task {
            atWork = Map.copyOf(atWork);
        }

        /** A task whose thread runs one piece of the connector's code. */
        Task(String thread, String late, String holder, String advice) {
            this(thread, late, holder, advice, Map.of());
        }

        /** A kit run of a workflow, named {@code name} ({@code metadata-1}), of the source alone. */
        static Task run(String name) {
            return run(name, Map.of());
        }

        /**
         * A kit run of a workflow, named {@code name}, with steps after the source: {@code steps} names
         * each by its class ({@code processor 'acme-tagger' (com.acme.AcmeTagger)}), so that a wait in
         * one of them is blamed on it, not on the source.
         */
        static Task run(String name, Map<Class<?>, String> steps) {
            Map<String, String> byClass = new java.util.LinkedHashMap<>();
            steps.forEach((type, who) -> byClass.put(type.getName(), who));
            return new Task("kit-run-" + name, "the " + name + " run did not end", "its source thread",
                    "a source must bound every wait (connect and read timeouts) and end when its thread is interrupted",
                    byClass);
        }

        /** The step of {@link #atWork} whose code the stuck thread was in (its innermost frame); empty for none. */
        Optional<String> stepAtWork(StackTraceElement[] stack) {
            for (StackTraceElement frame : stack) {
                for (Map.Entry<String, String> step : atWork.entrySet()) {
                    String type = frame.getClassName();
                    if (type.equals(step.getKey()) || type.startsWith(step.getKey() + "$")) {
                        return Optional.of(step.getValue());
                    }
                }
            }
            return Optional.empty();
        }

        /** Building {@code step} ({@code source io.acme.AcmeSource}) through its constructor. */
        static Task construction(String step, Class<?> type) {
            return new Task("kit-build-" + type.getSimpleName(), "the constructor of " + step + " did not return",
                    "the kit's thread building it", "a constructor must not wait without a bound: set a connect and read"
                    + " timeout on every connection it opens (or connect later, in read() or test()), and end when its"
                    + " thread is interrupted");
        }

        /** Closing {@code step} once built, as the runtime closes it after a run. */
        static Task closing(String step, Class<?> type) {
            return new Task("kit-close-" + type.getSimpleName(), "close() of " + step + " did not return",
                    "the kit's thread closing it", "close() must not wait without a bound (give what it closes a"
                    + " timeout) and must end when its thread is interrupted");
        }

        /** Driving {@code who} (a processor) with its source's records one by one, in a {@code kind} workflow. */
        static Task drive(String kind, String who) {
            return new Task("kit-drive-" + kind + "-processor", "driving " + who + " record by record with the "
                    + kind + " source's records did not end", "the kit's thread driving it", "a processor and its"
                    + " source must bound every wait (connect and read timeouts) and end when their thread is interrupted");
        }
    }

    /**
     * The call did not end within its bound; the message says where it was stuck and what became of
     * it, and {@link #leftRunning()} gives the thread when it ignored the interrupt.
     */
    static final class Expired extends Exception {
        private final transient Thread leftRunning;
        private final String stepAtWork;

        Expired(String message, Thread leftRunning, String stepAtWork) {
            super(message);
            this.leftRunning = leftRunning;
            this.stepAtWork = stepAtWork;
        }

        /** The step after the source whose code the thread was in (as {@link Task#atWork} names it); empty for the source's. */
        Optional<String> stepAtWork() {
            return Optional.ofNullable(stepAtWork);
        }

        /** The thread that ignored the interrupt and still runs the connector's code; empty when it ended. */
        Optional<Thread> leftRunning() {
            return Optional.ofNullable(leftRunning);
        }
    }

    /**
     * {@code body}'s result, computed on a daemon thread named by {@code task}.
     *
     * @throws Expired when it did not end within {@code bound}
     * @throws Exception what {@code body} threw
     */
    static <T> T call(Task task, Duration bound, Duration grace, Callable<T> body) throws Exception {
        FutureTask<T> future = new FutureTask<>(body);
        Thread runner = new Thread(future, task.thread());
        runner.setDaemon(true);
        runner.start();
        try {
            T result = future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
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
            StackTraceElement[] stack = runner.getStackTrace();
            String where = frames(stack);
            // The source's thread also runs the steps after it: a wait in one of them is that step's to bound.
            Optional<String> step = task.stepAtWork(stack);
            String holder = step.map(s -> s + " was at work: its thread").orElse(task.holder());
            String advice = step.map(s -> s + " must bound every wait (connect and read timeouts, a latch or lock it"
                    + " waits on) and end when its thread is interrupted").orElse(task.advice());
            runner.interrupt();
            runner.join(grace.toMillis());
            boolean alive = runner.isAlive();
            throw new Expired(task.late() + " within " + shown(bound) + " (runBound()); " + holder
                    + " '" + runner.getName() + "' was at " + where + "; " + (alive
                    ? "it ignored the interrupt the kit sent and still ran " + shown(grace) + " later: the kit leaves it"
                    + " running (a Java thread cannot be stopped; it is a daemon thread, so the JVM can still end)"
                    : "it ended when the kit interrupted it")
                    + "; " + advice, alive ? runner : null, step.orElse(null));
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
