package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Which relations' catalog reads another session's lock holds back, asked once from the server
 * ({@code pg_locks}) after a read gave up at lock_timeout, so that the read past the lock fails them
 * at once instead of waiting lock_timeout for each ({@link LockedRelations}). Only ACCESS EXCLUSIVE
 * conflicts with the ACCESS SHARE lock PostgreSQL's deparsing functions take, granted or queued (a
 * read queues behind a waiting ALTER TABLE). A relation is held back when its read deparses something
 * of a locked relation: a view's definition ({@code pg_get_viewdef} locks the view and the relations
 * its rule reads, from {@code pg_depend}), a partitioned table's key ({@code pg_get_partkeydef}), and
 * with the DDL a table's column defaults and check constraints ({@code pg_get_expr},
 * {@code pg_get_constraintdef}); a plain table's columns need no lock. The holder is named by pid,
 * user and application_name, which pg_stat_activity shows every role; never by its query text,
 * which may hold secrets.
 *
 * <p>Reading rows ({@link #readingRows}: the profiler, the auto-classification, the test suites) needs
 * ACCESS SHARE on more: the relation itself whatever its kind, each index of it (the planner opens
 * them), and through a view every relation its rule reads, through a partitioned or inheritance parent
 * every child, transitively; a materialized view's rows are its own.
 */
final class LockHolders {

    /** Nothing is known to be locked. */
    static final LockHolders NONE = new LockHolders(Map.of(), Map.of());

    /**
     * One lock: the locked relation, the session (null pid: a prepared transaction) and whether it is
     * granted or queued.
     */
    record Holder(String relation, Integer pid, boolean granted, String user, String application) {

        /** "sales.orders, which another session holds in ACCESS EXCLUSIVE mode (pid 42, user bob, application psql)". */
        String describe() {
            if (pid == null) {
                return relation + ", which a prepared transaction holds in ACCESS EXCLUSIVE mode (COMMIT PREPARED or"
                        + " ROLLBACK PREPARED releases it)";
            }
            StringJoiner who = new StringJoiner(", ", " (", ")");
            who.add("pid " + pid);
            if (user != null) {
                who.add("user " + user);
            }
            if (application != null && !application.isEmpty()) {
                who.add("application " + application);
            }
            return relation + ", which another session " + (granted ? "holds" : "waits to lock")
                    + " in ACCESS EXCLUSIVE mode" + who;
        }
    }

    /** The relations held back, by oid, with the locks each waits for. */
    private final Map<Long, List<Holder>> blocked;
    /** The oids of {@link #blocked} by schema and name, for the reads that know a relation by name. */
    private final Map<List<String>, Long> named;

    private LockHolders(Map<Long, List<Holder>> blocked, Map<List<String>, Long> named) {
        this.blocked = blocked;
        this.named = named;
    }

    /** Whether nothing is known to be held back. */
    boolean isEmpty() {
        return blocked.isEmpty();
    }

    /** The oids of the relations held back. */
    Long[] oids() {
        return blocked.keySet().toArray(Long[]::new);
    }

    /** Whether reading relation {@code oid} waits for a lock another session holds. */
    boolean blocks(long oid) {
        return blocked.containsKey(oid);
    }

    /** The locks that hold back relation {@code oid}, described for users; null when none is known. */
    String describe(long oid) {
        List<Holder> holders = blocked.get(oid);
        if (holders == null) {
            return null;
        }
        StringJoiner all = new StringJoiner("; and for ");
        holders.forEach(h -> all.add(h.describe()));
        return all.toString();
    }

    /** The locks that hold back reading the rows of {@code schema.name}, described; null when none is known. */
    String describe(String schema, String name) {
        Long oid = named.get(List.of(schema, name));
        return oid == null ? null : describe(oid);
    }

    /**
     * The relations whose catalog read ({@code ddl}: with the DDL) is held back now, read under a
     * savepoint on {@code c} (in a transaction): a failure only leaves the answer unknown ({@link #NONE}),
     * with the transaction usable for the reads after it.
     */
    static LockHolders read(Connection c, boolean ddl) {
        return read(c, SQL, ddl);
    }

    /** The relations whose rows a SELECT cannot read now, as {@link #read(Connection, boolean)} asks. */
    static LockHolders readingRows(Connection c) {
        return read(c, ROWS_SQL, null);
    }

    private static LockHolders read(Connection c, String sql, Boolean ddl) {
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            return NONE;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (ddl != null) {
                ps.setBoolean(1, ddl);
            }
            Map<Long, List<Holder>> blocked = new HashMap<>();
            Map<List<String>, Long> named = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocked.computeIfAbsent(rs.getLong(1), oid -> new ArrayList<>()).add(new Holder(rs.getString(2),
                            (Integer) rs.getObject(3), rs.getBoolean(4), rs.getString(5), rs.getString(6)));
                    named.put(List.of(rs.getString(7), rs.getString(8)), rs.getLong(1));
                }
            }
            c.releaseSavepoint(savepoint);
            return new LockHolders(blocked, named);
        } catch (SQLException e) {
            try {
                c.rollback(savepoint); // a failed query aborts the transaction the next reads run in
            } catch (SQLException ignored) {
                // the reads after it report the connection's state themselves
            }
            return NONE;
        }
    }

    /** The ACCESS EXCLUSIVE locks other sessions hold or wait for in this database, with their sessions. */
    private static final String HELD = """
             held AS (
                 SELECT l.relation, l.pid, l.granted, a.usename, a.application_name
                 FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                   AND l.pid IS DISTINCT FROM pg_backend_pid()
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())),
            """;

    /** Each reader held back: its oid, the lock and its session, its schema and name. */
    private static final String READERS = """
             SELECT c.oid, h.relation::regclass::text, h.pid, h.granted, h.usename, h.application_name,
                    (SELECT s.nspname::text FROM pg_namespace s WHERE s.oid = c.relnamespace), c.relname::text
             FROM needs n
             JOIN held h ON h.relation = n.needed
             JOIN pg_class c ON c.oid = n.reader
            """;

    /**
     * Held locks, then the relations whose read needs each (itself, and the views whose rule reads it),
     * kept when that read deparses something: naming a relation by regclass takes no lock.
     */
    private static final String SQL = CatalogQueries.MARKER + " WITH" + HELD + """
             needs AS (
                 SELECT h.relation AS needed, h.relation AS reader FROM held h
                 UNION
                 SELECT h.relation, r.ev_class FROM held h
                 JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = h.relation
                                 AND d.classid = 'pg_rewrite'::regclass
                 JOIN pg_rewrite r ON r.oid = d.objid)
            """ + READERS + """
             WHERE c.relkind IN ('v', 'm')
                OR (c.oid = n.needed AND (c.relkind = 'p' OR (? AND (
                    EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = c.oid)
                    OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c')))))
             ORDER BY c.oid, 2, h.pid""";

    /**
     * Held locks, then, transitively, what a SELECT of each reader locks: an index's table, the views
     * whose rule reads it, a child's parents. Each step is looked up by the index of pg_depend, pg_index
     * or pg_inherits (one lateral sub-query: a recursive CTE may name itself once).
     */
    private static final String ROWS_SQL = CatalogQueries.MARKER + " WITH RECURSIVE" + HELD + """
             needs(needed, reader) AS (
                 SELECT h.relation, h.relation FROM held h
                 UNION
                 SELECT n.needed, up.reader FROM needs n, LATERAL (
                     SELECT r.ev_class AS reader FROM pg_depend d
                     JOIN pg_rewrite r ON r.oid = d.objid
                     JOIN pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'
                     WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = n.reader
                       AND d.classid = 'pg_rewrite'::regclass
                     UNION ALL
                     SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = n.reader
                     UNION ALL
                     SELECT p.inhparent FROM pg_inherits p WHERE p.inhrelid = n.reader) up)
            """ + READERS + """
             WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
             ORDER BY c.oid, 2, h.pid""";
}
