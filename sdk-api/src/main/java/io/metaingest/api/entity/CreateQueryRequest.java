package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;

/**
 * OpenMetadata's {@code CreateQueryRequest}: a query seen in the query log.
 *
 * @param query the SQL text
 * @param queryDate epoch milliseconds of the day or time it ran
 * @param duration mean duration in milliseconds
 * @param users users who ran it
 * @param queryUsedIn the tables it touched
 * @param service the database service's name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateQueryRequest(String query, Long queryDate, Double duration, List<String> users,
                                 List<EntityReference> queryUsedIn, String service)
        implements EntityRequest {

    @Override
    public String entityType() {
        return "query";
    }

    @Override
    public String key() {
        return service + ":" + Integer.toHexString(query.hashCode()) + "@" + queryDate;
    }
}
