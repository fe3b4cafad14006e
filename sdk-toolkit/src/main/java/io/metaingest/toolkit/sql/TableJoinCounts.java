package io.metaingest.toolkit.sql;

import io.metaingest.api.Fqn;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableColumnJoin;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableJoinsRequest.ColumnJoins;
import io.metaingest.api.entity.TableJoinsRequest.JoinedWith;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How often each table's columns were joined with other columns, per table and day, as OpenMetadata's
 * usage workflow counts them for {@code PUT /v1/tables/{id}/joins}: every join of a query counts once
 * for each of its two columns, and a query run {@code times} times counts its joins that many times, as
 * {@link TableUsage} counts the runs. Used by the runtime's {@code table-usage} stage and by a connector
 * that writes usage straight to a sink.
 *
 * <p>Not thread-safe: one instance per run.
 */
public final class TableJoinCounts {

    private record Key(LocalDate day, String table) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byDay = day.compareTo(o.day);
            return byDay != 0 ? byDay : table.compareTo(o.table);
        }
    }

    /** Per table and day: column name, then joined column FQN, then the count. Sorted, for stable output. */
    private final Map<Key, Map<String, Map<String, Long>>> counts = new TreeMap<>();

    /**
     * Counts the joins of one query that ran {@code times} times on {@code day}.
     *
     * @param joins per table FQN, its columns' joins ({@code ParsedData.joins})
     * @throws IllegalArgumentException when {@code times} is negative
     */
    public void add(LocalDate day, Map<String, List<TableColumnJoin>> joins, long times) {
        Objects.requireNonNull(day, "day");
        if (times < 0) {
            throw new IllegalArgumentException("times must not be negative: " + times);
        }
        joins.forEach((table, columns) -> {
            Map<String, Map<String, Long>> mine = counts.computeIfAbsent(new Key(day, table), k -> new TreeMap<>());
            for (TableColumnJoin join : columns) {
                Map<String, Long> with = mine.computeIfAbsent(join.tableColumn().column(), k -> new TreeMap<>());
                for (TableColumnJoin.TableColumn other : join.joinedWith()) {
                    with.merge(Fqn.append(other.table(), other.column()), times, Long::sum);
                }
            }
        });
    }

    /** The joins of {@code table} on {@code day}, by column name; empty when it joined nothing. */
    public List<ColumnJoins> columnJoins(LocalDate day, String table) {
        List<ColumnJoins> out = new ArrayList<>();
        counts.getOrDefault(new Key(day, table), Map.of()).forEach((column, with) -> {
            List<JoinedWith> joined = new ArrayList<>();
            with.forEach((fqn, n) -> joined.add(new JoinedWith(fqn, (int) Math.min(n, Integer.MAX_VALUE))));
            out.add(new ColumnJoins(column, joined));
        });
        return out;
    }

    /** One {@link TableJoinsRequest} per table and day that saw joins, ordered by day, then table. */
    public List<TableJoinsRequest> requests() {
        List<TableJoinsRequest> out = new ArrayList<>();
        for (Key key : counts.keySet()) {
            out.add(request(key.table(), key.day().toString(), columnJoins(key.day(), key.table())));
        }
        return out;
    }

    /** The request for one table and day: counted over that one day, with no direct table joins (as OpenMetadata sends). */
    public static TableJoinsRequest request(String table, String day, List<ColumnJoins> columnJoins) {
        return new TableJoinsRequest(EntityReference.byFqn("table", table), day, 1, columnJoins, List.of());
    }
}
