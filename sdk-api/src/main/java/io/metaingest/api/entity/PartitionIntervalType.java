package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a partition column splits a table. */
public enum PartitionIntervalType {
    /** TIME-UNIT. */
    @JsonProperty("TIME-UNIT")
    TIME_UNIT,
    /** INTEGER-RANGE. */
    @JsonProperty("INTEGER-RANGE")
    INTEGER_RANGE,
    /** INGESTION-TIME. */
    @JsonProperty("INGESTION-TIME")
    INGESTION_TIME,
    /** COLUMN-VALUE. */
    @JsonProperty("COLUMN-VALUE")
    COLUMN_VALUE,
    /** INJECTED. */
    @JsonProperty("INJECTED")
    INJECTED,
    /** ENUM. */
    @JsonProperty("ENUM")
    ENUM,
    /** OTHER. */
    @JsonProperty("OTHER")
    OTHER
}
