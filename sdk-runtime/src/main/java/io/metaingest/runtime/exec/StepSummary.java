package io.metaingest.runtime.exec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import java.util.List;

/**
 * An immutable snapshot of one step's {@link Status}, with OpenMetadata's field names: the run
 * report's shape, which no connector touches.
 *
 * @param name the step's name, e.g. {@code postgres} or {@code file}
 * @param records records produced or written
 * @param updatedRecords records that updated an existing entity
 * @param warnings number of warnings
 * @param errors number of failures
 * @param filtered number of filtered entities
 * @param success the step's success percentage
 * @param failures the first failures in full
 * @param warningDetails the first warnings
 * @param filteredDetails the first filtered entities
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
        @JsonProperty("filtered_details") List<String> filteredDetails) {

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
