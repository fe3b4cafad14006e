package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Outcome of a pipeline run or task. */
public enum ExecutionStatus {
    /** Successful. */
    @JsonProperty("Successful")
    SUCCESSFUL,
    /** Failed. */
    @JsonProperty("Failed")
    FAILED,
    /** Pending. */
    @JsonProperty("Pending")
    PENDING,
    /** Skipped. */
    @JsonProperty("Skipped")
    SKIPPED
}
