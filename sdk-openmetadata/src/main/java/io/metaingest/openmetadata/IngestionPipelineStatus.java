package io.metaingest.openmetadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * OpenMetadata's {@code pipelineStatus} of an ingestion pipeline run, the body of
 * {@code PUT /v1/services/ingestionPipelines/{fqn}/pipelineStatus}. The server keeps one per
 * {@code runId}, so each report of a run replaces the previous one.
 *
 * @param runId the run's id (a UUID)
 * @param pipelineState {@code queued}, {@code running}, {@code success}, {@code partialSuccess} or {@code failed}
 * @param startDate when the run started, epoch milliseconds
 * @param timestamp when this report was made, epoch milliseconds
 * @param endDate when the run ended, epoch milliseconds; null while running
 * @param status each step's summary, source first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionPipelineStatus(String runId, String pipelineState, long startDate, long timestamp, Long endDate,
                                      List<StepSummary> status) {

    /** How many failures of a step are sent in full. */
    public static final int FAILURES_SENT = 10;

    /**
     * OpenMetadata's {@code stepSummary}.
     *
     * @param name the step's name
     * @param records records produced or written
     * @param updatedRecords records that updated an existing entity
     * @param warnings warnings
     * @param errors failures
     * @param filtered filtered entities
     * @param failures the first {@value #FAILURES_SENT} failures
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepSummary(String name, long records, @JsonProperty("updated_records") long updatedRecords,
                              long warnings, long errors, long filtered, List<Failure> failures) {
        /** Keeps the first {@value #FAILURES_SENT} failures. */
        public StepSummary {
            failures = failures == null ? List.of() : List.copyOf(failures.subList(0, Math.min(FAILURES_SENT, failures.size())));
        }
    }

    /**
     * OpenMetadata's {@code stackTraceError}.
     *
     * @param name what failed
     * @param error why, on one line
     * @param stackTrace the stack trace, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String name, String error, String stackTrace) {
    }
}
