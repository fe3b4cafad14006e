package io.metaingest.connectors.fivetran.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code data} of {@code GET /v1/destinations/{id}}; its id equals the group id.
 *
 * @param id the destination id
 * @param groupId the group id (same value)
 * @param service the warehouse type, e.g. {@code snowflake}
 * @param region the hosting region
 * @param setupStatus {@code connected}, {@code incomplete} or {@code broken}
 * @param config service-specific settings; {@code database} names the warehouse database
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FivetranDestination(
        @JsonProperty("id") String id,
        @JsonProperty("group_id") String groupId,
        @JsonProperty("service") String service,
        @JsonProperty("region") String region,
        @JsonProperty("setup_status") String setupStatus,
        @JsonProperty("config") JsonNode config) {
}
