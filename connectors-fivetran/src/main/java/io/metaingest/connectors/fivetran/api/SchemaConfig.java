package io.metaingest.connectors.fivetran.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The {@code data} of {@code GET /v1/connections/{id}/schemas}: what the connector syncs, keyed by
 * source names, with the names used in the destination. Maps keep the vendor's order.
 *
 * @param schemaChangeHandling {@code ALLOW_ALL}, {@code ALLOW_COLUMNS} or {@code BLOCK_ALL}
 * @param schemas source schema name → its config
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaConfig(
        @JsonProperty("schema_change_handling") String schemaChangeHandling,
        @JsonProperty("schemas") Map<String, SchemaEntry> schemas) {

    /**
     * One source schema.
     *
     * @param nameInDestination the schema's name in the destination
     * @param enabled whether it is synced
     * @param tables source table name → its config
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SchemaEntry(
            @JsonProperty("name_in_destination") String nameInDestination,
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("tables") Map<String, TableEntry> tables) {
    }

    /**
     * One source table.
     *
     * @param nameInDestination the table's name in the destination
     * @param enabled whether it is synced
     * @param syncMode {@code SOFT_DELETE}, {@code HISTORY} or {@code LIVE}
     * @param supportsColumnsConfig whether columns can be configured one by one
     * @param columns source column name → its config; often absent or partial
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TableEntry(
            @JsonProperty("name_in_destination") String nameInDestination,
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("sync_mode") String syncMode,
            @JsonProperty("supports_columns_config") Boolean supportsColumnsConfig,
            @JsonProperty("columns") Map<String, ColumnEntry> columns) {
    }

    /**
     * One source column.
     *
     * @param nameInDestination the column's name in the destination
     * @param enabled whether it is synced
     * @param hashed whether values are hashed on the way
     * @param isPrimaryKey whether it is part of the primary key
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ColumnEntry(
            @JsonProperty("name_in_destination") String nameInDestination,
            @JsonProperty("enabled") Boolean enabled,
            @JsonProperty("hashed") Boolean hashed,
            @JsonProperty("is_primary_key") Boolean isPrimaryKey) {
    }
}
