package io.metaingest.connectors.postgres;

import io.metaingest.api.Fqn;
import io.metaingest.api.entity.AddLineageRequest.ColumnLineage;
import io.metaingest.toolkit.sql.ColumnName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The column lineage of one edge, as view lineage and query lineage both state it: for each column of
 * the target, the columns of the edge's source it is computed from, named by FQN. Each kind brings its
 * own column sources (a view's stored query tree, a logged statement traced by the toolkit's parser).
 */
final class ColumnLineages {

    private ColumnLineages() {
    }

    /**
     * The column lineage from {@code fromFqn} to {@code toFqn}, or null when there is none (as
     * {@code LineageDetails.columnsLineage} leaves it out).
     *
     * @param sources for each target column (its name in the catalog), the source columns it comes from
     * @param fromColumn the name of a source column in {@code fromFqn}'s table, or null when it is another table's
     *     (or not a column the table has)
     */
    static <R> List<ColumnLineage> of(Map<String, ? extends Collection<R>> sources, Function<R, String> fromColumn,
                                      String fromFqn, String toFqn) {
        List<ColumnLineage> columns = new ArrayList<>();
        sources.forEach((to, refs) -> {
            List<String> from = refs.stream().map(fromColumn).filter(Objects::nonNull).distinct()
                    .map(n -> Fqn.append(fromFqn, n)).toList();
            if (!from.isEmpty()) {
                columns.add(new ColumnLineage(from, Fqn.append(toFqn, to)));
            }
        });
        return columns.isEmpty() ? null : columns;
    }

    /** A column's name as PostgreSQL stores it: a quoted name as written, an unquoted one with A-Z lower-cased. */
    static String folded(ColumnName column) {
        if (column.quoted()) {
            return column.name();
        }
        StringBuilder out = new StringBuilder(column.name().length());
        column.name().chars().forEach(ch -> out.append((char) (ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch)));
        return out.toString();
    }
}
