package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kinds of table. */
public enum TableType {
    /** Regular. */
    @JsonProperty("Regular")
    REGULAR,
    /** External. */
    @JsonProperty("External")
    EXTERNAL,
    /** Dynamic. */
    @JsonProperty("Dynamic")
    DYNAMIC,
    /** View. */
    @JsonProperty("View")
    VIEW,
    /** SecureView. */
    @JsonProperty("SecureView")
    SECURE_VIEW,
    /** MaterializedView. */
    @JsonProperty("MaterializedView")
    MATERIALIZED_VIEW,
    /** Iceberg. */
    @JsonProperty("Iceberg")
    ICEBERG,
    /** Local. */
    @JsonProperty("Local")
    LOCAL,
    /** Partitioned. */
    @JsonProperty("Partitioned")
    PARTITIONED,
    /** Foreign. */
    @JsonProperty("Foreign")
    FOREIGN,
    /** Transient. */
    @JsonProperty("Transient")
    TRANSIENT,
    /** Stream. */
    @JsonProperty("Stream")
    STREAM
}
