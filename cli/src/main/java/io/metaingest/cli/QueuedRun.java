package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.config.KnownRun;
import io.metaingest.runtime.exec.EndedBy;
import io.metaingest.runtime.exec.OutOfMemory;
import io.metaingest.runtime.exec.RunReportWriter;
import io.metaingest.runtime.exec.StopSignals;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The time between the command's start and the run's start (discovery, loading): the report says
 * {@code queued}, and a SIGTERM in that time still ends it as {@code failed}. The run installs its
 * own handling when it starts, so {@link #end()} is called just before.
 */
final class QueuedRun {

    /**
     * The field of a queued report (the launcher's mark and this one) naming the workflow file it was started for,
     * absolute; none in container mode, whose workflow is an environment variable.
     */
    static final String WORKFLOW = RunReportWriter.WORKFLOW;

    private static final String STOPPED = "interrupted: the process was stopped before the run started";
    private static final String NOTHING_RUN = "nothing was run: the command line ran no workflow (its output says why)";

    private final RunReportWriter writer;
    private final PrintStream err;
    private final Instant startedAt = Instant.now();
    private final Thread hook = new Thread(this::onShutdown, "metaingest-queued-shutdown");
    private boolean ended;
    private boolean stoppedEarly;
    /** The warnings the command said before the run (without "warning: "), for the report's warnings. */
    private final List<String> said = new java.util.ArrayList<>();

    private QueuedRun(Optional<Path> report, PrintStream err) {
        // Another run found in the report is a warning line of the command's, kept for the run's report.
        this.writer = new RunReportWriter(report, Mappers.standard(), SecretMasker.NONE, this::warn);
        this.err = err;
    }

    /**
     * Writes the {@code queued} report and starts watching for SIGTERM. When the process is already
     * being stopped (a signal while the command line was parsed), the report ends as {@code failed}
     * at once and {@link #stopped()} tells the command to run nothing.
     */
    static QueuedRun start(Optional<Path> report, PrintStream err) {
        return start(report, err, List.of());
    }

    /**
     * As {@link #start(Optional, PrintStream)}, the command having said {@code saidBefore} already (warnings without
     * "warning: "): they, and this one's own, are in every report this run writes ({@link #said()}).
     */
    static QueuedRun start(Optional<Path> report, PrintStream err, List<String> saidBefore) {
        return start(report, Optional.empty(), err, saidBefore);
    }

    /**
     * As {@link #start(Optional, PrintStream, List)}, the queued report naming {@code workflow} (absolute) in its
     * {@value #WORKFLOW} field, as the launcher's mark does: a run killed while it loaded is then known by its file.
     */
    static QueuedRun start(Optional<Path> report, Optional<Path> workflow, PrintStream err, List<String> saidBefore) {
        QueuedRun queued = new QueuedRun(report, err);
        queued.said.addAll(saidBefore);
        if (!EarlyStop.handOver()) {
            synchronized (queued) {
                queued.stoppedEarly = true; // stopped while the command line was parsed; the report says so
            }
            return queued;
        }
        try {
            Runtime.getRuntime().addShutdownHook(queued.hook);
        } catch (IllegalStateException shuttingDown) {
            queued.onShutdown();
            return queued;
        }
        queued.writeQueued(workflow.map(Path::toAbsolutePath));
        return queued;
    }

    /** The queued report, naming {@code workflow} when there is one: only a run not started yet needs it told apart. */
    private void writeQueued(Optional<Path> workflow) {
        writer.write(result(RunState.QUEUED, null, null, null), List.of(),
                workflow.map(w -> java.util.Map.of(WORKFLOW, w.toString())).orElse(java.util.Map.of()));
    }

    /** Says {@code warning} on the console and keeps it for the report. */
    synchronized void warn(String warning) {
        err.println("warning: " + warning);
        said.add(warning);
    }

    /** Keeps {@code warning}, said on the console already, for the report. */
    synchronized void noted(String warning) {
        said.add(warning);
    }

    /** The warnings said before the run, in order: the run's report lists them among its own. */
    synchronized List<String> said() {
        return List.copyOf(said);
    }

    /**
     * Whether {@code pid} is this run's: this JVM, or the launcher that waits for it (a recording run).
     * The launcher marks the report queued under its own pid, which an {@code exec}'d JVM keeps.
     */
    private static boolean thisRun(long pid) {
        return pid == RunProcess.current().pid() || String.valueOf(pid).equals(System.getProperty(Main.LAUNCHER_PID));
    }

    /**
     * The command line ran nothing (a usage error, a missing workflow, {@code --help}): the queued
     * state the launcher wrote for this process over the previous run's report ends as failed, so
     * it does not stay queued. Any other report is left as it was.
     */
    static void nothingRun(Path report, PrintStream err, int exitCode) {
        try {
            JsonNode existing = Mappers.standard().readTree(report.toFile());
            boolean markedForUs = existing.path("state").asText("").equals(RunState.QUEUED.value())
                    && !existing.hasNonNull("pipelineRunId") && RunProcess.of(existing).filter(p -> thisRun(p.pid())).isPresent();
            if (markedForUs) {
                QueuedRun run = new QueuedRun(Optional.of(report), err);
                run.end();
                run.writer.write(run.result(RunState.FAILED, NOTHING_RUN, EndedBy.NOTHING_RUN, null).withExitCode(exitCode));
            }
        } catch (IOException | RuntimeException e) {
            // No file, or not a status file: not the launcher's mark, nothing to end.
        }
    }

    /** Replaces {@code report} with a failed run that ran nothing, for {@code problem}: a command refused before any run. */
    static void refused(Path report, String problem, PrintStream err) {
        new QueuedRun(Optional.of(report), err).invalid(problem, KnownRun.NONE);
    }

    /** Ends {@code report} as failed for a stop before the command took over ({@link EarlyStop}). */
    static void stoppedBeforeStart(Path report, PrintStream err) {
        new QueuedRun(Optional.of(report), err).onShutdown();
    }

    /** Whether the process was being stopped before the run could start: nothing is to be run. */
    synchronized boolean stopped() {
        return stoppedEarly;
    }

    /** The run takes over (or nothing is run); false when the process was stopped first and nothing may run. */
    synchronized boolean end() {
        if (stoppedEarly) {
            return false;
        }
        ended = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting; the hook sees ended and does nothing.
        }
        return true;
    }

    /**
     * Nothing is run, the workflow being invalid: the report ends as failed with {@code "invalid configuration: "
     * + problem}, keeping what the file said about its run ({@code known}: service, run id, threshold).
     */
    synchronized void invalid(String problem, KnownRun known) {
        invalid(problem, known, SecretMasker.NONE);
    }

    /**
     * As {@link #invalid(String, KnownRun)}, the report masked by {@code masker} (the refused file's secrets) as a
     * run's report is: a secret's text in the service name, a path or a problem shows as {@code ******}.
     */
    synchronized void invalid(String problem, KnownRun known, SecretMasker masker) {
        invalid(List.of(problem), List.of(), known, masker);
    }

    /**
     * As {@link #invalid(String, KnownRun, SecretMasker)} for every one of {@code problems}: {@code fatalError} names
     * the first and how many more there are, the report's {@code problems} has each line (a scheduler reading only
     * the report sees them all), and its {@code warnings} are {@code warnings} (the workflow's and discovery's), each once.
     */
    synchronized void invalid(List<String> problems, List<String> warnings, KnownRun known, SecretMasker masker) {
        end();
        String first = problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        java.util.Set<String> all = new java.util.LinkedHashSet<>(warnings);
        all.addAll(said);
        RunResult refused = result(RunState.FAILED, "invalid configuration: " + first, EndedBy.INVALID_CONFIGURATION,
                known, List.copyOf(all));
        // The queued state was written before the file's secrets were known; nothing of them is in it.
        (masker == SecretMasker.NONE ? writer : new RunReportWriter(writer.path(), Mappers.standard(), masker))
                .write(refused, problems);
    }

    /**
     * The run will not start, for {@code reason} (the demo's server did not start, an earlier workflow was refused): the
     * report ends as failed with it. Nothing when the run has started, or a stop has ended the report already.
     */
    synchronized void notRun(String reason) {
        if (ended || stoppedEarly) {
            return;
        }
        end();
        writer.write(result(RunState.FAILED, "nothing was run: " + reason, EndedBy.ERROR, null));
    }

    /** The process ran out of memory before the run took over (its line is said already); unless the run has. */
    synchronized void outOfMemoryUnlessStarted(OutOfMemoryError e) {
        if (!ended && !stoppedEarly) {
            end();
            writer.write(result(RunState.FAILED, OutOfMemory.reason(e), EndedBy.OUT_OF_MEMORY, null));
        }
    }

    private synchronized void onShutdown() {
        Optional<OutOfMemoryError> ranOut = OutOfMemory.inOrEarlier(null);
        if (!ended && ranOut.isPresent()) {
            // Not a stop: the process ran out of memory before the run started (its line is said already).
            stoppedEarly = true;
            writer.write(result(RunState.FAILED, OutOfMemory.reason(ranOut.get()), EndedBy.OUT_OF_MEMORY, null));
            return;
        }
        if (!ended) {
            stoppedEarly = true;
            writer.write(result(RunState.FAILED, STOPPED, EndedBy.SIGNAL, null));
            err.println("metaingest: run interrupted before it started; final state failed"
                    + writer.path().map(p -> " written to " + p).orElse(""));
            err.flush();
        }
    }

    /** A result of a run that never started; {@code known} is what its refused workflow said, null when none was read. */
    private RunResult result(RunState state, String fatal, EndedBy endedBy, KnownRun known) {
        return result(state, fatal, endedBy, known, List.copyOf(said));
    }

    /** As {@link #result(RunState, String, EndedBy, KnownRun)}, with the report's {@code warnings}. */
    private RunResult result(RunState state, String fatal, EndedBy endedBy, KnownRun known, List<String> warnings) {
        return new RunResult(known == null ? null : known.pipelineRunId(), known == null ? null : known.serviceName(),
                known == null ? null : known.sourceType(), state, 0, known == null ? 0 : known.successThreshold(),
                startedAt, Instant.now(), fatal, false, List.of(), warnings, List.of(), null, null, null, endedBy,
                endedBy == EndedBy.SIGNAL ? StopSignals.received().orElse(null) : null);
    }
}
