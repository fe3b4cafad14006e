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
 */
final class LockHolders {

    /** Nothing is known to be locked. */
    static final LockHolders NONE = new LockHolders(Map.of());

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

    private LockHolders(Map<Long, List<Holder>> blocked) {
        this.blocked = blocked;
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

    /**
     * The relations held back now, read under a savepoint on {@code c} (in a transaction): a failure
     * only leaves the answer unknown ({@link #NONE}), with the transaction usable for the reads after it.
     */
    static LockHolders read(Connection c, boolean ddl) {
        Savepoint savepoint;
        try {
            savepoint = c.setSavepoint();
        } catch (SQLException e) {
            return NONE;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setBoolean(1, ddl);
            Map<Long, List<Holder>> blocked = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocked.computeIfAbsent(rs.getLong(1), oid -> new ArrayList<>()).add(new Holder(rs.getString(2),
                            (Integer) rs.getObject(3), rs.getBoolean(4), rs.getString(5), rs.getString(6)));
                }
            }
            c.releaseSavepoint(savepoint);
            return new LockHolders(blocked);
        } catch (SQLException e) {
            try {
                c.rollback(savepoint); // a failed query aborts the transaction the next reads run in
            } catch (SQLException ignored) {
                // the reads after it report the connection's state themselves
            }
            return NONE;
        }
    }

    /**
     * Held locks, then the relations whose read needs each (itself, and the views whose rule reads it),
     * kept when that read deparses something: naming a relation by regclass takes no lock.
     */
    private static final String SQL = CatalogQueries.MARKER + """
             WITH held AS (
                 SELECT l.relation, l.pid, l.granted, a.usename, a.application_name
                 FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
                   AND l.pid IS DISTINCT FROM pg_backend_pid()
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())),
             needs AS (
                 SELECT h.relation AS needed, h.relation AS reader FROM held h
                 UNION
                 SELECT h.relation, r.ev_class FROM held h
                 JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = h.relation
                                 AND d.classid = 'pg_rewrite'::regclass
                 JOIN pg_rewrite r ON r.oid = d.objid)
             SELECT c.oid, h.relation::regclass::text, h.pid, h.granted, h.usename, h.application_name
             FROM needs n
             JOIN held h ON h.relation = n.needed
             JOIN pg_class c ON c.oid = n.reader
             WHERE c.relkind IN ('v', 'm')
                OR (c.oid = n.needed AND (c.relkind = 'p' OR (? AND (
                    EXISTS (SELECT 1 FROM pg_attrdef ad WHERE ad.adrelid = c.oid)
                    OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c')))))
             ORDER BY c.oid, 2, h.pid""";
}
