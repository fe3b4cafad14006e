package io.metaingest.runtime.exec;

import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import java.io.PrintStream;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * While a run goes on: redraws a one-line progress display (records and rate per step) when the
 * output is a terminal, and rewrites the report every few seconds as a heartbeat, so an observer
 * can tell a live run from a dead one.
 */
final class RunMonitor implements AutoCloseable {

    private static final long PROGRESS_MILLIS = 500;
    private static final long HEARTBEAT_MILLIS = 5_000;

    private final Map<String, StepTally> statuses;
    private final PrintStream out;
    private final boolean progress;
    private final ScheduledExecutorService scheduler;
    private final long startNanos = System.nanoTime();
    private boolean drewProgress;

    RunMonitor(Map<String, StepTally> statuses, PrintStream out, boolean progress, RunReportWriter reportWriter,
               Supplier<RunResult> snapshot) {
        this.statuses = statuses;
        this.out = out;
        this.progress = progress;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "metaingest-monitor");
            thread.setDaemon(true);
            return thread;
        });
        if (progress) {
            scheduler.scheduleAtFixedRate(this::drawProgress, PROGRESS_MILLIS, PROGRESS_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (reportWriter.path().isPresent()) {
            scheduler.scheduleAtFixedRate(() -> reportWriter.write(snapshot.get()), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Whether a run draws the progress line: on a terminal, unless the {@code console} sink prints each
     * record there, whose lines would run into the progress line redrawn in place ({@code \r}); the
     * records scrolling by show the progress then.
     */
    static boolean showsProgress(boolean terminal, LoadedWorkflow workflow) {
        return terminal && workflow.sink().map(StepConfig::name).filter(CONSOLE_SINK::equals).isEmpty();
    }

    /** The {@code console} sink's type name (the steps are not this package's to import). */
    private static final String CONSOLE_SINK = "console";

    /** The length of the frame drawn last, which the next one covers. */
    private int lastFrameLength;

    // Package-private so a test can draw a frame without waiting for the timer.
    synchronized void drawProgress() {
        double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 0.001);
        StringJoiner line = new StringJoiner(" | ");
        Map<String, StepTally> steps;
        synchronized (statuses) {
            steps = new java.util.LinkedHashMap<>(statuses);
        }
        for (Map.Entry<String, StepTally> step : steps.entrySet()) {
            StepTally status = step.getValue();
            long done = status.records() + status.updatedRecords();
            line.add(step.getKey() + " " + done + " (" + Math.round(done / seconds) + "/s"
                    + (status.failures() > 0 ? ", " + status.failures() + " failed" : "") + ")");
        }
        String frame = line.toString();
        // A shorter frame (a rate losing a digit) is padded over the longer one before it, which \r alone leaves.
        out.print("\r" + frame + " ".repeat(Math.max(0, lastFrameLength - frame.length())));
        out.flush();
        lastFrameLength = frame.length();
        drewProgress = true;
    }

    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        if (drewProgress) {
            out.println();
        }
    }
}
