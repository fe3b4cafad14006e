package io.metaingest.connectors.fivetran.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A connector ("connection" since Fivetran's rename): an item of {@code GET /v1/groups/{id}/connections}
 * or the {@code data} of {@code GET /v1/connections/{id}}. List items carry no {@code config}.
 *
 * @param id the connector id
 * @param groupId the group (and destination) id
 * @param service the connector type, e.g. {@code postgres_rds}
 * @param serviceVersion the connector type's version
 * @param schema the destination schema name, or schema prefix for database connectors
 * @param connectedBy who set it up
 * @param createdAt ISO-8601 creation time
 * @param paused whether syncs are paused
 * @param succeededAt last successful sync (ISO-8601 UTC) or null
 * @param failedAt last failed sync (ISO-8601 UTC) or null
 * @param syncFrequency minutes between syncs
 * @param dailySyncTime {@code HH:mm}, meaningful only at a frequency of 1440
 * @param status setup and sync state
 * @param config service-specific settings (details only; secrets come back masked)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FivetranConnector(
        @JsonProperty("id") String id,
        @JsonProperty("group_id") String groupId,
        @JsonProperty("service") String service,
        @JsonProperty("service_version") Integer serviceVersion,
        @JsonProperty("schema") String schema,
        @JsonProperty("connected_by") String connectedBy,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("paused") Boolean paused,
        @JsonProperty("succeeded_at") String succeededAt,
        @JsonProperty("failed_at") String failedAt,
        @JsonProperty("sync_frequency") Integer syncFrequency,
        @JsonProperty("daily_sync_time") String dailySyncTime,
        @JsonProperty("status") ConnectorStatus status,
        @JsonProperty("config") JsonNode config) {

    /** Whether syncs are paused. */
    public boolean isPaused() {
        return Boolean.TRUE.equals(paused);
    }

    /** {@code status.sync_state}, or null. */
    public String syncState() {
        return status == null ? null : status.syncState();
    }

    /** {@code status.setup_state}, or null. */
    public String setupState() {
        return status == null ? null : status.setupState();
    }

    /**
     * The connector's {@code status} object.
     *
     * @param setupState {@code incomplete}, {@code connected} or {@code broken}
     * @param syncState {@code scheduled}, {@code syncing}, {@code paused} or {@code rescheduled}
     * @param updateState {@code on_schedule} or {@code delayed}
     * @param isHistoricalSync whether a historical sync is running
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConnectorStatus(
            @JsonProperty("setup_state") String setupState,
            @JsonProperty("sync_state") String syncState,
            @JsonProperty("update_state") String updateState,
            @JsonProperty("is_historical_sync") Boolean isHistoricalSync) {
    }
}
