package io.metaingest.toolkit.sql;

import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.QueryText;
import io.metaingest.api.entity.TableQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

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
        String date = Instant.parse(query.analysisDate()).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return new ParsedData(List.copyOf(tables), query.query(), query.serviceName(), query.databaseName(),
                query.userName(), date, query.duration(), executions(query));
    }

    /** The start of {@code sql} on one line, its literals hidden, for a warning that quotes an unparsable query. */
    public static String quoted(String sql) {
        return QueryText.shown(sql, QUOTED_QUERY);
    }
}
