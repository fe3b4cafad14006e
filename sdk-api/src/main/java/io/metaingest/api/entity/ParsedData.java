package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenMetadata's {@code ParsedData}: what the {@code query-parser} processor found in a
 * {@link TableQuery}, for the {@code table-usage} stage.
 *
 * @param tables the fully qualified names of the tables the query read or wrote (unlike OpenMetadata's
 *     bare names, ready to count): resolved by a connector's own {@code query-parser}, or as written
 *     under the query's database and schema by the runtime's generic one
 * @param sql the query
 * @param serviceName the database service's name
 * @param databaseName the database
 * @param userName who ran it
 * @param date the day it ran, {@code yyyy-MM-dd} (UTC)
 * @param duration mean duration in milliseconds
 * @param executions how many times it ran
 * @param joins for each table of {@code tables} (by FQN) that the query joins, its columns and the columns
 *     they were joined with, as OpenMetadata's {@code ParsedData.joins}: each join listed for both its
 *     tables; empty when the query joins nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParsedData(List<String> tables, String sql, String serviceName, String databaseName, String userName,
                         String date, Double duration, Long executions,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<TableColumnJoin>> joins)
        implements EntityRequest {

    /** Copies the table list and the joins. */
    public ParsedData {
        tables = List.copyOf(tables);
        joins = joins == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(joins));
    }

    /** A query that joins nothing. */
    public ParsedData(List<String> tables, String sql, String serviceName, String databaseName, String userName,
                      String date, Double duration, Long executions) {
        this(tables, sql, serviceName, databaseName, userName, date, duration, executions, Map.of());
    }

    @Override
    public String entityType() {
        return "parsedData";
    }

    /**
     * Names the query for users where it failed or was left out, e.g.
     * {@code query "SELECT * FROM orders WHERE …" on pg.shop.public.orders (2026-03-04, #472d6b5d)}.
     */
    @Override
    public String key() {
        String on = tables.isEmpty() ? (databaseName == null ? serviceName : serviceName + "." + databaseName)
                : tables.get(0) + (tables.size() > 1 ? " and " + (tables.size() - 1) + " more" : "");
        return QueryNames.name(sql, on, date == null ? "no date" : date);
    }
}
