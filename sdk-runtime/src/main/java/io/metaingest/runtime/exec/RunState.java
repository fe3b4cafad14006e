package io.metaingest.runtime.exec;

import com.fasterxml.jackson.annotation.JsonValue;

/** The states of an ingestion run, with OpenMetadata's names. */
public enum RunState {
    /** Accepted, not started. */
    QUEUED("queued"),
    /** In progress. */
    RUNNING("running"),
    /** Every step at 100 %. */
    SUCCESS("success"),
    /** Some failures, success at or above the threshold. */
    PARTIAL_SUCCESS("partialSuccess"),
    /** Below the threshold, or a fatal error. */
    FAILED("failed");

    private final String value;

    RunState(String value) {
        this.value = value;
    }

    /** Whether the run has ended in this state. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** OpenMetadata's name. */
    @JsonValue
    public String value() {
        return value;
    }
}
