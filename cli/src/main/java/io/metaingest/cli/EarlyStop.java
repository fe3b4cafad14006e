package io.metaingest.cli;

import io.metaingest.runtime.OutputCheck;
import io.metaingest.runtime.config.EarlySecrets;
import io.metaingest.runtime.mask.MaskingOutputStream;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first moments of {@code ingest --report FILE}: from {@link Main#main}'s first line until
 * {@link QueuedRun} takes over (after picocli has parsed the command line), a stop still ends the
 * report as {@code failed}. Without it a SIGTERM in those few hundred milliseconds left the previous
 * run's report in place, claiming its outcome (say {@code success}) for this run.
 *
 * <p>It cannot cover the JVM's own start, before {@link Main#main} runs (0.08–0.39 s measured, median
 * 0.15 s): a SIGTERM then ends the process with 143. The launcher covers that time: it first marks a
 * previous run's final report {@code queued} for its own process, which an {@code exec}'d JVM keeps;
 * a command line that then runs nothing ends that mark ({@link #release}).
 *
 * <p>Found by a plain scan of the arguments, before any library is loaded: picocli decides later
 * whether they are valid; a report path that is the workflow file, or cannot be written, gets nothing.
 */
final class EarlyStop {

    private static final Object LOCK = new Object();
    /** The hook until {@link QueuedRun} takes over; null when there is none. */
    private static Thread hook;
    /** The report watched, or null: a command line that runs nothing ends the launcher's queued mark on it. */
    private static Path watched;
    private static boolean handedOver;
    /** Whether the stop came before the hand-over and ended the report. */
    private static boolean stopped;

    private EarlyStop() {
    }

    /** Watches for a stop when {@code args} run {@code ingest} with a report. */
    static void guard(String[] args, PrintStream err) {
        // A path the JVM cannot name is not watched: picocli's converter refuses it next, in one line that says why.
        Optional<Path> report = value(args, "--report", "--status-file").flatMap(PathArguments::ifNameable);
        if (report.isEmpty() || !"ingest".equals(command(args))) {
            return;
        }
        Optional<Path> workflow = value(args, "-c", "--config").flatMap(PathArguments::ifNameable);
        Thread watching = new Thread(() -> onStop(report.get(), workflow, err), "metaingest-early-stop");
        synchronized (LOCK) {
            hook = watching;
            watched = report.get();
        }
        try {
            Runtime.getRuntime().addShutdownHook(watching);
        } catch (IllegalStateException stopping) {
            watching.run();
        }
    }

    /**
     * {@link QueuedRun} takes over: from now on it ends the report on a stop.
     *
     * @return false when a stop came first and has already ended the report
     */
    static boolean handOver() {
        synchronized (LOCK) {
            if (stopped) {
                return false;
            }
            handedOver = true;
            removeHook(); // if a stop is running it already, the hook sees handedOver and leaves the report to QueuedRun
            return true;
        }
    }

    /**
     * The command line ended without a run taking over (a usage error, {@code --help}): the process
     * ends normally and its shutdown hooks run, and the hook took that for a stop, ending the previous
     * run's report as "interrupted" and saying so. Nothing ran, so the report is left as it is, unless
     * the launcher marked it queued for this run ({@link QueuedRun#nothingRun}).
     */
    static void release(PrintStream err, int exitCode) {
        Path report;
        synchronized (LOCK) {
            if (handedOver) {
                return;
            }
            handedOver = true;
            removeHook(); // if a stop came meanwhile, the hook sees handedOver and leaves the report
            report = watched;
        }
        if (report != null) {
            QueuedRun.nothingRun(report, err, exitCode);
        }
    }

    /** Unregisters the hook; once the JVM is stopping that is refused, and the hook runs. Under LOCK. */
    private static void removeHook() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException stopping) {
                // Stopping already: the hook runs and reads handedOver.
            }
            hook = null;
        }
    }

    private static void onStop(Path report, Optional<Path> workflow, PrintStream err) {
        synchronized (LOCK) {
            if (handedOver) {
                return;
            }
            handedOver = true; // once
            // The checks ingest makes before it writes the queued report: never over the workflow file, nor over
            // a file that holds something other than a run report.
            if (workflow.isEmpty() || OutputCheck.reportProblem(report, workflow.get()).isPresent()
                    || ReportFile.foreign(report).isPresent()) {
                return;
            }
            stopped = true;
            // Nothing masks err yet (the command's streams mask only once the workflow is read): the line names the
            // report's path, which may hold a secret of the workflow's, so its credentials are read for the mask here.
            MaskingOutputStream masked = new MaskingOutputStream(err);
            masked.use(secrets(workflow.get()));
            QueuedRun.stoppedBeforeStart(report, new PrintStream(masked, true, StandardCharsets.UTF_8));
        }
    }

    /**
     * The workflow's credential values as {@link EarlySecrets} reads them (the container's {@code config} variable
     * for its command line); none when it cannot be read. Only at a stop: the common start pays nothing for it.
     */
    static SecretMasker secrets(Path workflow) {
        if (workflow.toString().equals(ContainerRun.SOURCE)) {
            String text = System.getenv(ContainerEnvironment.CONFIG);
            return text == null ? SecretMasker.NONE : EarlySecrets.of(text, System::getenv);
        }
        return EarlySecrets.of(workflow, System::getenv);
    }

    /** The command: the first argument that is not a global option ({@code --plugins DIR}, {@code --debug}). */
    static String command(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--plugins")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    /** The value of the first of {@code names} given, as {@code NAME VALUE} or {@code NAME=VALUE}. */
    static Optional<String> value(String[] args, String... names) {
        for (int i = 0; i < args.length; i++) {
            for (String name : names) {
                if (args[i].equals(name) && i + 1 < args.length) {
                    return Optional.of(args[i + 1]);
                }
                if (args[i].startsWith(name + "=")) {
                    return Optional.of(args[i].substring(name.length() + 1));
                }
                if (name.length() == 2 && args[i].startsWith(name) && args[i].length() > 2) {
                    return Optional.of(args[i].substring(2)); // -cFILE
                }
            }
        }
        return Optional.empty();
    }
}
