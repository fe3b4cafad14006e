package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;

/**
 * OpenMetadata's {@code TableQuery}: one entry of a query log, as a usage source emits it for the
 * {@code query-parser} processor.
 *
 * @param query the SQL text
 * @param userName who ran it
 * @param analysisDate when it was seen, ISO-8601 ({@code 2026-03-04T00:00:00Z})
 * @param serviceName the database service's name
 * @param databaseName the database it ran in
 * @param databaseSchema the schema unqualified names resolve in, when the log knows it
 * @param duration mean duration in milliseconds
 * @param executions how many times it ran (1 for a log of single runs; pg_stat_statements' calls);
 *     metaingest's addition, so that a cumulative log is counted as often as the queries ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableQuery(String query, String userName, String analysisDate, String serviceName, String databaseName,
                         String databaseSchema, Double duration, Long executions) implements EntityRequest {

    @Override
    public String entityType() {
        return "tableQuery";
    }

    /**
     * Names the query for users where it failed or was left out, e.g.
     * {@code query "SELECT * FROM orders WHERE …" on pg.shop (2026-03-04T00:00:00Z, #472d6b5d)}.
     */
    @Override
    public String key() {
        return QueryNames.name(query, databaseName == null ? serviceName : serviceName + "." + databaseName,
                analysisDate == null ? "no date" : analysisDate);
    }
}
