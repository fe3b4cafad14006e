package io.metaingest.runtime.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import java.util.List;

/**
 * An immutable snapshot of one step's {@link Status}, with OpenMetadata's field names: the run
 * report's shape, which no connector touches. {@code discarded} is the report's own, beyond
 * OpenMetadata's: written only when not 0, and never sent to the server.
 *
 * @param name the step's name, e.g. {@code postgres} or {@code file}
 * @param records records produced or written (and, for a sink, kept: see {@code discarded})
 * @param updatedRecords records that updated an existing entity
 * @param warnings number of warnings
 * @param errors number of failures
 * @param filtered number of filtered entities
 * @param success the step's success percentage, over what it did before anything was discarded
 * @param failures the first failures in full
 * @param warningDetails the first warnings
 * @param filteredDetails the first filtered entities
 * @param discarded records (and updated records) a sink took that its destination did not keep, because
 *                  the run failed (see {@link SinkOutput#kept()}); 0 for every other step
 */
public record StepSummary(
        String name,
        long records,
        @JsonProperty("updated_records") long updatedRecords,
        long warnings,
        long errors,
        long filtered,
        double success,
        List<StepError> failures,
        @JsonProperty("warning_details") List<String> warningDetails,
        @JsonProperty("filtered_details") List<String> filteredDetails,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long discarded) {

    /** A summary of a step that discarded nothing. */
    public StepSummary(String name, long records, long updatedRecords, long warnings, long errors, long filtered,
                       double success, List<StepError> failures, List<String> warningDetails,
                       List<String> filteredDetails) {
        this(name, records, updatedRecords, warnings, errors, filtered, success, failures, warningDetails,
                filteredDetails, 0);
    }

    /**
     * This sink's summary once its destination did not keep what it wrote: those records count as
     * discarded, not as written. The success percentage stays the one the run's state was decided on.
     */
    public StepSummary discardingWritten() {
        return discardingWritten(0);
    }

    /**
     * As {@link #discardingWritten()}, with {@code neverReached} more: records the sink had accepted but not yet
     * written when the run failed, which its destination did not keep either.
     */
    public StepSummary discardingWritten(long neverReached) {
        return new StepSummary(name, 0, 0, warnings, errors, filtered, success, failures, warningDetails,
                filteredDetails, discarded + records + updatedRecords + neverReached);
    }

    /** A snapshot of {@code status} under the given step name. */
    public static StepSummary of(String stepName, Status status) {
        return of(stepName, status, 0);
    }

    /** A snapshot of {@code status} plus {@code moreRecords} counted outside it (see {@link StepTally}). */
    static StepSummary of(String stepName, Status status, long moreRecords) {
        long records = status.records() + moreRecords;
        return new StepSummary(stepName, records, status.updatedRecords(), status.warnings(), status.failures(),
                status.filtered(), Status.successPercent(records, status.updatedRecords(), status.failures()),
                status.firstFailures(), status.firstWarnings(), status.firstFiltered());
    }
}
