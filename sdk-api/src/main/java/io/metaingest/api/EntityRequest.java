package io.metaingest.api;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A record that a sink can write: an OpenMetadata create request (or lineage, status, usage).
 * Implementations are immutable records whose JSON field names are OpenMetadata's.
 */
public interface EntityRequest {

    /** OpenMetadata's entity type, e.g. {@code table}, {@code pipeline}, {@code lineage}. */
    @JsonIgnore
    String entityType();

    /**
     * A stable key naming the entity in statuses and golden files, usually its FQN
     * (for lineage: {@code from -> to}).
     */
    @JsonIgnore
    String key();
}
