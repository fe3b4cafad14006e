package io.metaingest.toolkit.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * For one table a statement writes, the source columns each of its columns is computed from: the
 * shape of a view's column lineage ({@code target column -> source columns}), before the caller
 * names them by fully qualified name. A target column whose sources are unknown or ambiguous is
 * absent, never guessed.
 *
 * @param table the written table
 * @param sources for each written column (in the statement's order), the columns it comes from
 */
public record WrittenColumns(TableName table, Map<ColumnName, Set<ColumnName>> sources) {

    /** Copies the map, keeping its order. */
    public WrittenColumns {
        Objects.requireNonNull(table, "table");
        Map<ColumnName, Set<ColumnName>> copy = new LinkedHashMap<>();
        sources.forEach((to, from) -> copy.put(to, Collections.unmodifiableSet(new LinkedHashSet<>(from))));
        sources = Collections.unmodifiableMap(copy);
    }
}
