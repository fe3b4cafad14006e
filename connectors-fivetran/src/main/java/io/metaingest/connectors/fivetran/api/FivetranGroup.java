package io.metaingest.connectors.fivetran.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An item of {@code GET /v1/groups}. A group and its destination share one id.
 *
 * @param id the group id, e.g. {@code projected_sickle}
 * @param name the group name shown in the Fivetran dashboard
 * @param createdAt ISO-8601 creation time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FivetranGroup(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("created_at") String createdAt) {
}
