package io.metaingest.toolkit.sql;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Usage per table and day, as OpenMetadata's {@code table-usage} stage aggregates it: for each
 * table and day, how many times queries touched the table, and which queries did. A table is the
 * caller's key (an FQN, once the caller has resolved the names {@link QueryParser} found); a query
 * that names a table twice counts once for it. Used by a connector that reads a query log and by the
 * runtime's {@code table-usage} stage alike.
 *
 * <pre>{@code
 * TableUsage usage = new TableUsage();
 * usage.add(day, "SELECT ... FROM orders JOIN customers ...", List.of(ordersFqn, customersFqn), 3);
 * for (TableUsage.Daily d : usage.results()) {
 *     emit(new UsageRequest(d.table(), d.day().toString(), d.count()));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one instance per run or per worker, merged with {@link #addAll}.
 */
public final class TableUsage {

    private record Key(LocalDate day, String table) {
    }

    private final Map<Key, Map<String, Long>> queries = new LinkedHashMap<>();

    /**
     * Counts {@code times} executions of {@code query} on {@code day}, for each of {@code tables}.
     *
     * @param day the day the query ran (the caller chooses the time zone; OpenMetadata uses UTC)
     * @param query the query's text, kept per table and day
     * @param tables the tables it touched (read or written), each counted once
     * @param times how many times it ran (1 for a log of single executions, the call count of a
     *     cumulative log such as pg_stat_statements)
     * @throws IllegalArgumentException when {@code times} is negative
     */
    public void add(LocalDate day, String query, Collection<String> tables, long times) {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(query, "query");
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        for (String table : new LinkedHashSet<>(tables)) {
            queries.computeIfAbsent(new Key(day, Objects.requireNonNull(table, "table")), k -> new LinkedHashMap<>())
                    .merge(query, times, Long::sum);
        }
    }

    /** Adds everything another aggregation counted. */
    public void addAll(TableUsage other) {
        other.queries.forEach((key, counts) -> {
            Map<String, Long> mine = queries.computeIfAbsent(key, k -> new LinkedHashMap<>());
            counts.forEach((query, times) -> mine.merge(query, times, Long::sum));
        });
    }

    /** Whether nothing was counted. */
    public boolean isEmpty() {
        return queries.isEmpty();
    }

    /** The usage of each table and day, ordered by day, then table. */
    public List<Daily> results() {
        List<Daily> out = new ArrayList<>(queries.size());
        queries.forEach((key, counts) -> {
            List<QueryCount> list = new ArrayList<>(counts.size());
            long total = 0;
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                list.add(new QueryCount(e.getKey(), e.getValue()));
                total += e.getValue();
            }
            out.add(new Daily(key.day(), key.table(), total, list));
        });
        out.sort(Comparator.comparing(Daily::day).thenComparing(Daily::table));
        return out;
    }

    /**
     * One table's usage on one day.
     *
     * @param day the day
     * @param table the table, as the caller keyed it
     * @param count how many times queries touched it that day (the sum of {@code queries}' counts)
     * @param queries the distinct queries that touched it, in the order first counted
     */
    public record Daily(LocalDate day, String table, long count, List<QueryCount> queries) {

        /** Copies the list. */
        public Daily {
            queries = List.copyOf(queries);
        }

        /** {@link #count()} as OpenMetadata's {@code UsageRequest.count} (an int), capped at Integer.MAX_VALUE. */
        public int countAsInt() {
            return (int) Math.min(count, Integer.MAX_VALUE);
        }
    }

    /**
     * A query and how many times it ran.
     *
     * @param query the query's text
     * @param count its executions
     */
    public record QueryCount(String query, long count) {
    }
}
