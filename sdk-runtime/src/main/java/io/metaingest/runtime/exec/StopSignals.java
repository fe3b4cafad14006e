package io.metaingest.runtime.exec;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Which signal stopped the process, for the report's {@code signal} and {@code exitCode}: a shutdown
 * hook is not told why the JVM ends. {@link #install()} puts a recorder in front of the JVM's own
 * handlers of SIGTERM, SIGINT and SIGHUP, which then run as before (exit 128 + the signal's number).
 */
public final class StopSignals {

    /** The signals a stop comes as, with their numbers (POSIX; the same on Linux and macOS). */
    private static final Map<String, Integer> NUMBERS = Map.of("SIGHUP", 1, "SIGINT", 2, "SIGTERM", 15);
    /** 128 + SIGTERM: what a stop exits with when no signal was seen (the launcher ended, System.exit). */
    private static final int AS_ON_SIGTERM = 143;

    private static final AtomicReference<String> RECEIVED = new AtomicReference<>();
    /** The exit code of a run that took its own final state; -1 while none has. */
    private static final java.util.concurrent.atomic.AtomicInteger OWN_END = new java.util.concurrent.atomic.AtomicInteger(-1);
    /** Whether a stop is waiting for a sink's commit (its output moved into place) to end. */
    private static volatile boolean commitAwaited;

    private StopSignals() {
    }

    /**
     * Records the stop signals from now on; the JVM's handling of each is kept. A signal the JVM does
     * not handle (ignored under {@code nohup}, or {@code -Xrs}) is left alone.
     */
    public static void install() {
        for (String name : NUMBERS.keySet()) {
            Signal signal = new Signal(name.substring(3));
            try {
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    RECEIVED.compareAndSet(null, name); // the first stop is the one the run ends on
                    SignalHandler jvm = previous[0];
                    if (jvm == null) {
                        System.exit(exitCode(name)); // came while this was installed: end as the JVM's would
                    } else {
                        jvm.handle(s);
                    }
                });
                if (previous[0] == SignalHandler.SIG_DFL || previous[0] == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, previous[0]); // not the JVM's handler: nothing to chain to
                }
            } catch (IllegalArgumentException | UnsupportedOperationException notHandled) {
                // Reserved by the JVM (-Xrs) or the platform: the stop is then reported without its name.
            }
        }
    }

    /** The signal that stopped the process ({@code SIGTERM}, {@code SIGINT}, {@code SIGHUP}), if one did. */
    public static Optional<String> received() {
        return Optional.ofNullable(RECEIVED.get());
    }

    /**
     * The exit code of the run that ended on its own, its final report written, before a stop could end it: its
     * output is committed, so the process must end with this code, not the signal's, for the report, the outcome
     * line and {@code status} to tell the same as the exit code. Empty when no run did (a stop ended it).
     */
    public static OptionalInt runsOwnExitCode() {
        int code = OWN_END.get();
        return code < 0 ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /**
     * Whether a stop waits for a sink's commit to end (see {@link WorkflowRunner}): the command's last lines come
     * later than a stop's usual few seconds, and whoever holds the process for them waits on.
     */
    public static boolean commitAwaited() {
        return commitAwaited;
    }

    /** A run begins: no run has ended on its own, nor does a stop wait for its commit. */
    static void runStarted() {
        OWN_END.set(-1);
        commitAwaited = false;
    }

    /** The run took its own final state, ending with {@code exitCode}. */
    static void ranToItsEnd(int exitCode) {
        OWN_END.set(exitCode);
    }

    /** A stop waits for a sink's commit. */
    static void awaitingCommit() {
        commitAwaited = true;
    }

    /** 128 + the number of {@code signal}; 143 (as on SIGTERM) when it is null or not a stop signal. */
    static int exitCode(String signal) {
        Integer number = signal == null ? null : NUMBERS.get(signal);
        return number == null ? AS_ON_SIGTERM : 128 + number;
    }
}
