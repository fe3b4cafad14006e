package io.metaingest.runtime.exec;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * An {@link OutOfMemoryError} told as what it is, on one line with the fix (the launcher passes
 * {@code METAINGEST_JAVA_OPTS} to the JVM), rather than as a stack trace followed by "interrupted".
 * Also the JVM's handler of errors no thread caught: an out-of-memory error on any thread goes to the
 * runs going on ({@link #watch}), which end as failed with it.
 */
public final class OutOfMemory {

    private static final long MIB = 1024 * 1024;
    private static final Set<Consumer<OutOfMemoryError>> WATCHERS = new CopyOnWriteArraySet<>();
    private static boolean installed;
    /** Released when a thread dies of it, so that saying so does not run out too. */
    private static volatile byte[] reserve;
    /**
     * Whether the line has been printed ({@link #TOLD}): several threads (a scan's workers) often run out together;
     * or a printing of it ran out itself ({@link #LOST}), to be printed again when the command ends.
     */
    private static final java.util.concurrent.atomic.AtomicInteger TELLING = new java.util.concurrent.atomic.AtomicInteger();
    private static final int UNTOLD = 0;
    private static final int TOLD = 1;
    private static final int LOST = 2;
    /** The first out-of-memory error a thread died of, through the installed handler; null while none. */
    private static volatile OutOfMemoryError died;
    /** Other errors threads died of, told when the command ends ({@link #tellUncaught}). */
    private static final java.util.Queue<Uncaught> UNCAUGHT = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Counted down when a thread dies of it: wakes the {@link #endWhenStuck watchdog}, allocating nothing. */
    private static final java.util.concurrent.CountDownLatch DYING = new java.util.concurrent.CountDownLatch(1);

    /** An error no code caught, on the thread it ended. */
    private record Uncaught(String thread, Throwable error) {
    }

    private OutOfMemory() {
    }

    /** The out-of-memory error {@code e} is or was caused by; empty when none. */
    public static Optional<OutOfMemoryError> in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return Optional.of(oom);
            }
        }
        return Optional.empty();
    }

    /**
     * The out-of-memory error {@code e} is or was caused by, else the one a thread of this process died
     * of before (through the {@link #install installed} handler): after that, a failure that does not say
     * it (a library's "uncaught exception during scan", an interrupted wait) is one of its consequences,
     * and the fix is the heap's. Empty when neither.
     */
    public static Optional<OutOfMemoryError> inOrEarlier(Throwable e) {
        Optional<OutOfMemoryError> own = in(e);
        return own.isPresent() ? own : Optional.ofNullable(died);
    }

    /**
     * Tells, one line each on {@code err}, the errors other threads died of (their stack traces with
     * {@code debug}), each once; none once an out-of-memory error was told: they are its consequences.
     */
    public static void tellUncaught(java.io.PrintStream err, boolean debug) {
        boolean consequences = TELLING.get() != UNTOLD || died != null;
        boolean any = false;
        for (Uncaught u = UNCAUGHT.poll(); u != null; u = UNCAUGHT.poll()) {
            if (consequences) {
                continue;
            }
            any = true;
            err.println("error: " + io.metaingest.api.StepError.oneLine(u.error()) + " (uncaught, in thread " + u.thread() + ")");
            if (debug) {
                u.error().printStackTrace(err);
            }
        }
        if (any && !debug) {
            err.println("(run with --debug for the stack trace)");
        }
        err.flush();
    }

    /**
     * Notes that the process ran out of memory ({@code e}, caught by its command rather than by the
     * handler), so that later failures and the report's last word ({@link #inOrEarlier}) are told as it.
     */
    public static void ranOut(OutOfMemoryError e) {
        if (died == null) {
            died = e;
        }
    }

    /** One line: what ran out, the heap's limit, and how to raise it. */
    public static String reason(OutOfMemoryError e) {
        long max = Runtime.getRuntime().maxMemory() / MIB;
        String what = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
        return "out of memory" + what + ": the Java heap of at most " + max + " MiB is too small for this run;"
                + " raise it with METAINGEST_JAVA_OPTS=-Xmx" + Math.max(512, 2 * max) + "m (or more)";
    }

    /**
     * Prints {@code "error: " + }{@link #reason reason(e)}{@code + suffix} on {@code err}, unless the process said it
     * ran out of memory already: the line is printed once. A printing that runs out itself is done again by
     * {@link #tellIfLost} when the command ends, when memory has been given back.
     */
    public static void tell(java.io.PrintStream err, OutOfMemoryError e, String suffix) {
        int was = TELLING.get();
        if (was == TOLD || !TELLING.compareAndSet(was, TOLD)) {
            return;
        }
        try {
            err.println("error: " + reason(e) + suffix);
            err.flush();
        } catch (OutOfMemoryError again) {
            TELLING.set(LOST);
        }
    }

    /** Prints the line that a {@link #tell} before could not, for lack of memory; nothing otherwise. */
    public static void tellIfLost(java.io.PrintStream err) {
        OutOfMemoryError e = died;
        if (TELLING.get() == LOST && e != null) {
            tell(err, e, "");
        }
    }

    /**
     * Tells {@code watcher} of every out-of-memory error no thread caught, until the returned handle is
     * closed, once the process's owner has {@link #install installed} the handler (the command line does;
     * a runtime embedded in another program changes no JVM-wide state, so there only the run's own
     * thread's error ends the run this way).
     */
    public static AutoCloseable watch(Consumer<OutOfMemoryError> watcher) {
        WATCHERS.add(watcher);
        return () -> WATCHERS.remove(watcher);
    }

    /**
     * Makes the JVM's handler of errors no thread caught say an out-of-memory error on one line (to the
     * runs going on, else to standard error); any other error is kept for {@link #tellUncaught} (and told
     * on standard error if the process is stopped first). Idempotent.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> tellUncaught(System.err, false), "metaingest-uncaught"));
        reserve = new byte[256 * 1024];
        Thread.setDefaultUncaughtExceptionHandler(new Handler());
    }

    /**
     * As {@link #install}, and ends the process with {@code exitCode} when it is still running {@code grace}
     * after a thread died of an out-of-memory error, having said so on one line (unless that was said). A library
     * waiting for its dead thread's answer (a class-path scan's pool waits for its worker for ever) would
     * otherwise hang the command with no end. The end is {@link System#exit}, a stop's path: the shutdown hooks
     * write the run's final state ({@code failed}, for this error). Only for the process's owner; idempotent.
     */
    public static synchronized void install(java.time.Duration grace, int exitCode) {
        install();
        if (watchdog != null) {
            return;
        }
        endReserve = new byte[1024 * 1024];
        watchdog = new Thread(() -> endWhenStuck(grace, exitCode), "metaingest-out-of-memory");
        watchdog.setDaemon(true); // the process's end is never held by it
        watchdog.start(); // now, while there is memory: when it is needed there may be none for a thread
    }

    private static Thread watchdog;
    /** Whether the watchdog is ending the process: a run it stops failed for this error, not for a stop. */
    private static volatile boolean ending;

    /**
     * The out-of-memory error the process is being ended for, by the {@link #install(java.time.Duration, int)
     * watchdog}; empty while it is not (a stop's shutdown, or no watchdog). A run stopped by this end failed of it.
     */
    public static Optional<OutOfMemoryError> endingTheProcess() {
        return ending ? Optional.ofNullable(died) : Optional.empty();
    }
    /**
     * Released just before the {@link #endWhenStuck end}: the threads still waiting hold what filled the heap, and
     * the shutdown hooks need some of it to write the run's final state.
     */
    private static volatile byte[] endReserve;

    private static void endWhenStuck(java.time.Duration grace, int exitCode) {
        try {
            DYING.await();
            Thread.sleep(grace.toMillis()); // the bound a run has to end on its own, as it does when nothing waits for the dead
        } catch (InterruptedException e) {
            return; // nobody interrupts it but the JVM's end
        }
        endReserve = null; // first: the line and the hooks allocate
        ending = true;
        OutOfMemoryError e = died;
        if (e != null) {
            tell(System.err, e, "");
        }
        try {
            System.exit(exitCode);
        } catch (Throwable cannot) {
            Runtime.getRuntime().halt(exitCode);
        }
    }

    /** A class, not a lambda: linked when installed, so that running it allocates as little as can be. */
    private record Handler() implements Thread.UncaughtExceptionHandler {
        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            reserve = null; // first: whatever follows allocates
            if (error instanceof OutOfMemoryError oom) {
                ranOut(oom); // before anything that allocates; a wrapped one is seen below
                DYING.countDown();
            }
            try {
                Optional<OutOfMemoryError> oom = in(error);
                oom.ifPresent(OutOfMemory::ranOut);
                if (oom.isPresent()) {
                    DYING.countDown();
                }
                if (oom.isPresent() && !WATCHERS.isEmpty()) {
                    WATCHERS.forEach(w -> w.accept(oom.get())); // the run says it once, in its outcome line
                } else if (oom.isPresent()) {
                    tell(System.err, oom.get(), " (in thread " + thread.getName() + ")");
                } else if (!oom.isPresent()) {
                    // Told when the command ends, unless memory ran out: with a heap too small, a library's
                    // threads die of what running out left behind (a lock left half released, say) before
                    // the command can say what happened, and those are no problem of their own.
                    UNCAUGHT.add(new Uncaught(thread.getName(), error));
                }
            } catch (OutOfMemoryError again) {
                // Nothing more can be said here; the command's line (or the run's outcome) says it.
            }
        }
    }
}
