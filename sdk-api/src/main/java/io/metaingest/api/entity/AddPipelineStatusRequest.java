package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;

/**
 * A pipeline run's status, sent to OpenMetadata as {@code PUT /pipelines/{fqn}/status}.
 *
 * @param pipelineFqn the pipeline's FQN
 * @param pipelineStatus the status body
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddPipelineStatusRequest(String pipelineFqn, PipelineStatus pipelineStatus) implements EntityRequest {

    @Override
    public String entityType() {
        return "pipelineStatus";
    }

    @Override
    public String key() {
        return pipelineFqn + "@" + pipelineStatus.timestamp();
    }

    /**
     * OpenMetadata's {@code pipelineStatus}.
     *
     * @param timestamp when the run happened, in epoch milliseconds
     * @param executionStatus the run's outcome
     * @param taskStatus each task's outcome
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PipelineStatus(long timestamp, ExecutionStatus executionStatus, List<TaskStatus> taskStatus) {
    }

    /**
     * One task's outcome in a run.
     *
     * @param name the task name
     * @param executionStatus the outcome
     * @param startTime epoch milliseconds
     * @param endTime epoch milliseconds
     * @param logLink a link to the logs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskStatus(String name, ExecutionStatus executionStatus, Long startTime, Long endTime,
                             String logLink) {
    }
}
