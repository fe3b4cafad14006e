package io.metaingest.toolkit.sql;

import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.QueryText;
import io.metaingest.api.entity.TableQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import io.metaingest.api.entity.TableColumnJoin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The entries of a query log ({@link TableQuery}) as a {@code query-parser} step turns them into
 * {@link ParsedData}, stated once for the runtime's generic step and a connector's own (which
 * resolves the names on its server first): the day is the UTC date of {@code analysisDate}, a query
 * without {@code executions} ran once, and a warning quotes at most the start of a query, on one line.
 */
public final class TableQueries {

    /** Longest part of a query quoted in a warning. */
    private static final int QUOTED_QUERY = 200;

    private TableQueries() {
    }

    /** How many times {@code query} ran: its {@code executions}, or 1 for a log of single runs. */
    public static long executions(TableQuery query) {
        return query.executions() == null ? 1 : query.executions();
    }

    /**
     * The {@link ParsedData} of {@code query}.
     *
     * @param tables the fully qualified names of the tables it read or wrote
     */
    public static ParsedData parsedData(TableQuery query, Collection<String> tables) {
        return parsedData(query, tables, Map.of());
    }

    /**
     * The {@link ParsedData} of {@code query}, with its joins.
     *
     * @param tables the fully qualified names of the tables it read or wrote
     * @param joins per table, its columns' joins ({@link #joins})
     */
    public static ParsedData parsedData(TableQuery query, Collection<String> tables,
                                        Map<String, List<TableColumnJoin>> joins) {
        String date = Instant.parse(query.analysisDate()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return new ParsedData(List.copyOf(tables), query.query(), query.serviceName(), query.databaseName(),
                query.userName(), date, query.duration(), executions(query), joins);
    }

    /**
     * A statement's joins as {@code ParsedData.joins}: each join listed under both its tables (a column
     * joined with another is joined both ways), by the tables' FQNs. A join one of whose tables has no
     * FQN (not counted, say filtered out) is left out.
     *
     * @param tableFqn a table's FQN, or null when its usage is not counted
     * @param columnName a column's name as the database stores it (its folding of unquoted names)
     */
    public static Map<String, List<TableColumnJoin>> joins(List<ColumnJoin> joins, Function<TableName, String> tableFqn,
                                                           Function<ColumnName, String> columnName) {
        Map<String, List<TableColumnJoin>> out = new LinkedHashMap<>();
        for (ColumnJoin join : joins) {
            String left = tableFqn.apply(join.left().table());
            String right = tableFqn.apply(join.right().table());
            if (left == null || right == null) {
                continue;
            }
            TableColumnJoin.TableColumn l = new TableColumnJoin.TableColumn(left, columnName.apply(join.left()));
            TableColumnJoin.TableColumn r = new TableColumnJoin.TableColumn(right, columnName.apply(join.right()));
            if (l.equals(r)) {
                continue; // the same column twice (t.a = t.a): no join
            }
            out.computeIfAbsent(left, k -> new ArrayList<>()).add(new TableColumnJoin(l, List.of(r)));
            out.computeIfAbsent(right, k -> new ArrayList<>()).add(new TableColumnJoin(r, List.of(l)));
        }
        return out;
    }

    /** The start of {@code sql} on one line, its literals hidden, for a warning that quotes an unparsable query. */
    public static String quoted(String sql) {
        return QueryText.shown(sql, QUOTED_QUERY);
    }
}
