package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * OpenMetadata's {@code tableColumnJoin} (of {@code tableUsageCount} and {@code ParsedData.joins}): a
 * column of a table and the columns a query joined it with.
 *
 * @param tableColumn the column
 * @param joinedWith the columns it was joined with, one entry per join (a column joined twice is listed twice)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableColumnJoin(TableColumn tableColumn, List<TableColumn> joinedWith) {

    /** Copies the list. */
    public TableColumnJoin {
        joinedWith = List.copyOf(joinedWith);
    }

    /**
     * A column of a table.
     *
     * @param table the table's fully qualified name (where OpenMetadata keeps the name as the query wrote it)
     * @param column the column's name
     */
    public record TableColumn(String table, String column) {
    }
}
