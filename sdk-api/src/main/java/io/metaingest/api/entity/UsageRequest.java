package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;

/**
 * OpenMetadata's {@code UsageRequest} for one entity and day ({@code PUT /usage/table/...}).
 *
 * @param entity the table
 * @param date the day, {@code yyyy-MM-dd}
 * @param count how many queries used the table that day
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageRequest(EntityReference entity, String date, int count) implements EntityRequest {

    @Override
    public String entityType() {
        return "usage";
    }

    @Override
    public String key() {
        return entity.fullyQualifiedName() + "@" + date;
    }
}
