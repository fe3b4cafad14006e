package io.metaingest.runtime.usage;

import io.metaingest.api.entity.TableJoinsRequest.ColumnJoins;
import java.util.List;

/**
 * One line of the {@code table-usage} stage's files: a table's usage on one day, as OpenMetadata's
 * stage writes it for the {@code metadata-usage} bulk sink.
 *
 * @param table the table's fully qualified name
 * @param date the day, {@code yyyy-MM-dd}
 * @param count how many times queries touched it that day
 * @param serviceName the database service
 * @param sqlQueries the queries that touched it
 * @param columnJoins its columns' joins with other columns that day, counted ({@code TableJoins.columnJoins});
 *     empty when it joined nothing (OpenMetadata's stage keeps them uncounted, as {@code joins})
 */
public record TableUsageCount(String table, String date, long count, String serviceName, List<SqlQuery> sqlQueries,
                              List<ColumnJoins> columnJoins) {

    /** A file staged without joins reads as none. */
    public TableUsageCount {
        columnJoins = columnJoins == null ? List.of() : List.copyOf(columnJoins);
    }

    /**
     * A query that touched the table.
     *
     * @param query the SQL text
     * @param count its executions that day
     * @param users who ran it
     * @param duration mean duration in milliseconds
     */
    public record SqlQuery(String query, long count, List<String> users, Double duration) {
    }
}
