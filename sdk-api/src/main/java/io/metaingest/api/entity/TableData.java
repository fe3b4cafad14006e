package io.metaingest.api.entity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * OpenMetadata's {@code tableData} (table.json): sample rows, each a list of values in the order of
 * {@code columns}. Values are JSON scalars (text, numbers, booleans) or null.
 *
 * @param columns the column names
 * @param rows the rows
 */
public record TableData(List<String> columns, List<List<Object>> rows) {

    /** Copies; rows may hold nulls. */
    public TableData {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        rows.forEach(r -> copy.add(Collections.unmodifiableList(new ArrayList<>(r))));
        rows = Collections.unmodifiableList(copy);
    }
}
