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

    /**
     * Names the query for users where it failed or was left out: its text (shortened), the table it
     * touched, its day; the text's hash keeps two queries with the same beginning apart, e.g.
     * {@code query "SELECT * FROM orders WHERE …" on pg.shop.public.orders (2026-11-29, #472d6b5d)}.
     */
    @Override
    public String key() {
        String on = queryUsedIn == null || queryUsedIn.isEmpty() || queryUsedIn.get(0).fullyQualifiedName() == null
                ? service : queryUsedIn.get(0).fullyQualifiedName() + (queryUsedIn.size() > 1
                        ? " and " + (queryUsedIn.size() - 1) + " more" : "");
        return QueryNames.name(query, on, day(queryDate));
    }

    /** The day (a query log's unit) or, for a time within it, the instant, in UTC. */
    private static String day(Long epochMillis) {
        if (epochMillis == null) {
            return "no date";
        }
        java.time.Instant at = java.time.Instant.ofEpochMilli(epochMillis);
        return epochMillis % 86_400_000L == 0 ? at.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString() : at.toString();
    }
}
