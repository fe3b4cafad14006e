package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.StepError;
import io.metaingest.openmetadata.IngestionPipelineStatus;
import io.metaingest.openmetadata.RunStatusPublisher;
import io.metaingest.runtime.config.LoadedWorkflow;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The run's state on the OpenMetadata ingestion pipeline {@code ingestionPipelineFQN} names, when
 * it names one: {@code running} with a heartbeat, then the final state the report gets, with the
 * same (masked) step summaries.
 */
final class ServerRunStatus {

    /** As often as the report file's heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final RunStatusPublisher publisher;

    private ServerRunStatus(RunStatusPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Checks the ingestion pipeline on the server without reporting anything yet; empty when the
     * workflow names no ingestion pipeline. Make it reachable from the shutdown hook, then {@link #begin()}.
     *
     * @param startedAt the run's start, as its report says: every status sends it as the start
     * @param running the run's current snapshot, asked at each heartbeat
     * @throws ConnectionException when the server cannot be reached, refuses the token or lacks the pipeline
     */
    static Optional<ServerRunStatus> open(LoadedWorkflow workflow, ObjectMapper mapper, Clock clock, Instant startedAt,
                                          Supplier<RunResult> running) throws ConnectionException {
        if (workflow.ingestionPipelineFqn().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServerRunStatus(RunStatusPublisher.open(workflow.settings(),
                workflow.ingestionPipelineFqn().get(), workflow.context().pipelineRunId(), startedAt, HttpClient.newHttpClient(),
                mapper, clock, HEARTBEAT, () -> steps(running.get()))));
    }

    /** Reports {@code running} and starts the heartbeat. */
    void begin() {
        publisher.begin();
    }

    /**
     * Reports the final state once (the end of the run and the shutdown hook may both call it).
     *
     * @return why the server did not take it, when it did not
     */
    Optional<String> finish(RunResult result) {
        publisher.finish(result.state().value(), steps(result));
        publisher.close();
        return publisher.finalStateProblem();
    }

    private static List<IngestionPipelineStatus.StepSummary> steps(RunResult result) {
        return result.steps().stream().map(step -> new IngestionPipelineStatus.StepSummary(step.name(), step.records(),
                step.updatedRecords(), step.warnings(), step.errors(), step.filtered(),
                step.failures().stream().map(ServerRunStatus::failure).toList())).toList();
    }

    private static IngestionPipelineStatus.Failure failure(StepError error) {
        return new IngestionPipelineStatus.Failure(error.name(), error.error(), error.stackTrace());
    }
}
