package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.StepError;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run's state on its OpenMetadata ingestion pipeline: {@code running} at start, again at
 * every heartbeat with the step summaries so far, and exactly one final state from {@link #finish},
 * which the runtime calls at the end of a run and from its shutdown hook (SIGTERM, SIGINT). A report
 * that cannot be sent is a warning, never the run's failure: the server being down must not stop an
 * ingestion that writes elsewhere. Reports get few, short retries, so a shutdown is not held up.
 */
public final class RunStatusPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunStatusPublisher.class);
    private static final RetryPolicy RETRIES = RetryPolicy.DEFAULT.withMaxAttempts(2)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).withRequestTimeout(Duration.ofSeconds(5));

    /** Makes a reporter with a client of its own: one whose client gave the server up is replaced by a new one. */
    private final Supplier<IngestionStatusReporter> reporters;
    /** Only {@link #send} (synchronized) reads and replaces it. */
    private IngestionStatusReporter reporter;
    private final String runId;
    private final Clock clock;
    private final long startDate;
    private final Supplier<List<IngestionPipelineStatus.StepSummary>> steps;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set when the final state could not be sent. */
    private volatile String finalStateProblem;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Duration every;

    private RunStatusPublisher(Supplier<IngestionStatusReporter> reporters, IngestionStatusReporter reporter,
                               String runId, Clock clock, long startDate,
                               Supplier<List<IngestionPipelineStatus.StepSummary>> steps, Duration every) {
        this.reporters = reporters;
        this.reporter = reporter;
        this.runId = runId;
        this.clock = clock;
        this.startDate = startDate;
        this.steps = steps;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "metaingest-status-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        this.every = every;
    }

    /**
     * Reports {@code running} and starts the heartbeat, unless the final state was already reported
     * (a stop that came between {@link #open} and this call).
     *
     * @return this publisher
     */
    public RunStatusPublisher begin() {
        send("running", null, List.of());
        long millis = Math.max(1, every.toMillis());
        try {
            heartbeat.scheduleWithFixedDelay(() -> send("running", null, this.steps.get()), millis, millis,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException finishedAlready) {
            // finish() ran first: no heartbeat may follow the final state
        }
        return this;
    }

    /**
     * Checks that the server knows {@code ingestionPipelineFqn}, reports {@code running} and starts
     * the heartbeat.
     *
     * @param steps the step summaries so far, asked at each heartbeat
     * @param every the heartbeat period
     * @throws ConnectionException when the server cannot be reached, refuses the token or lacks the pipeline
     */
    public static RunStatusPublisher start(WorkflowSettings settings, String ingestionPipelineFqn, String runId,
                                           HttpClient http, ObjectMapper mapper, Clock clock, Duration every,
                                           Supplier<List<IngestionPipelineStatus.StepSummary>> steps)
            throws ConnectionException {
        return open(settings, ingestionPipelineFqn, runId, http, mapper, clock, every, steps).begin();
    }

    /**
     * Checks that the server knows {@code ingestionPipelineFqn} and returns a publisher that has
     * reported nothing yet: register it where a shutdown hook can reach it, then call {@link #begin()},
     * so that a stop right after {@code running} reached the server still reports the final state.
     *
     * @throws ConnectionException when the server cannot be reached, refuses the token or lacks the pipeline
     */
    public static RunStatusPublisher open(WorkflowSettings settings, String ingestionPipelineFqn, String runId,
                                          HttpClient http, ObjectMapper mapper, Clock clock, Duration every,
                                          Supplier<List<IngestionPipelineStatus.StepSummary>> steps)
            throws ConnectionException {
        return open(settings, ingestionPipelineFqn, runId, clock.instant(), http, mapper, clock, every, steps);
    }

    /**
     * As {@link #open(WorkflowSettings, String, String, HttpClient, ObjectMapper, Clock, Duration, Supplier)},
     * every status sent with {@code startedAt} as its {@code startDate}: the run's report says the same
     * start, and so does {@code metaingest status} when it sends a final state for the run later, so the
     * run's start does not move on the server (the pipeline check takes a moment).
     */
    public static RunStatusPublisher open(WorkflowSettings settings, String ingestionPipelineFqn, String runId,
                                          java.time.Instant startedAt, HttpClient http, ObjectMapper mapper, Clock clock,
                                          Duration every, Supplier<List<IngestionPipelineStatus.StepSummary>> steps)
            throws ConnectionException {
        OpenMetadataServerConfig server = OpenMetadataConnections.requireServer(settings);
        Supplier<IngestionStatusReporter> reporters = () -> new IngestionStatusReporter(new OpenMetadataClient(server,
                http, mapper, 2, RETRIES, Sleeper.SYSTEM), ingestionPipelineFqn);
        IngestionStatusReporter reporter = reporters.get();
        reporter.checkPipeline();
        return new RunStatusPublisher(reporters, reporter, runId, clock, startedAt.toEpochMilli(), steps, every);
    }

    /**
     * Reports the final state once; later calls do nothing, so the end of a run and the shutdown hook
     * may both call it.
     *
     * @param state {@code success}, {@code partialSuccess} or {@code failed}
     * @param summaries the final step summaries
     * @return whether this call sent the final state
     */
    public boolean finish(String state, List<IngestionPipelineStatus.StepSummary> summaries) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        // No interrupt: an interrupted heartbeat's PUT may still reach the server after the final state
        // and put the run back to "running". Sends are serialised, so the final one goes after it.
        heartbeat.shutdown();
        send(state, clock.millis(), summaries);
        return true;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    /**
     * The words of the report's warning for a final state the server did not take: {@code metaingest status}
     * finds such runs by them and sends the final state again.
     */
    public static final String FINAL_STATE_NOT_TAKEN = "did not take the final state";

    /**
     * The report's warning for a final state {@code state} that pipeline {@code fqn} did not take, and why
     * ({@code ": <error>"} or {@code " within 1500 ms"}).
     */
    public static String finalStateNotTaken(String fqn, String state, String why) {
        return "ingestion pipeline " + fqn + " " + FINAL_STATE_NOT_TAKEN + " (" + state + ")" + why
                + "; its status on the server may still say running";
    }

    /** Why the final state did not reach the server, once {@link #finish} has tried; empty when it did. */
    public Optional<String> finalStateProblem() {
        return Optional.ofNullable(finalStateProblem);
    }

    private synchronized void send(String state, Long endDate, List<IngestionPipelineStatus.StepSummary> summaries) {
        if (endDate == null && finished.get()) {
            return; // a heartbeat that lost the race with the final state must not overwrite it
        }
        IngestionPipelineStatus status = new IngestionPipelineStatus(runId, state, startDate, clock.millis(), endDate,
                summaries);
        try {
            try {
                reporter.report(status);
            } catch (OpenMetadataUnavailableException e) {
                // The client gives the server up for its life once it stopped answering (right for the sinks,
                // which must not wait per record), but a server back from a restart must still get the later
                // heartbeats and the final state: a new client, once, for this state and those after it.
                reporter = reporters.get();
                reporter.report(status);
            }
        } catch (Exception | LinkageError e) {
            if (endDate != null) {
                // Not logged as a warning: the run's result carries it, and the command prints it once.
                finalStateProblem = finalStateNotTaken(reporter.ingestionPipelineFqn(), state, ": " + StepError.oneLine(e));
                LOG.debug("final state not taken: {}", StepError.oneLine(e));
            } else if (warned.compareAndSet(false, true)) {
                LOG.warn("could not report the run's {} state to ingestion pipeline {}: {}", state,
                        reporter.ingestionPipelineFqn(), StepError.oneLine(e));
            }
        }
    }
}
