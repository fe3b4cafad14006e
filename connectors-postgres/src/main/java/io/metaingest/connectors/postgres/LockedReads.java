package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The tables and views of one database whose rows another session's lock holds back, for the reads of
 * rows (the profiler, the auto-classification, the test suites), so that a locked table costs one
 * lock_timeout, not one per table or view that reads it. Nothing is asked while no read timed out (the
 * lock-free path runs no extra query). After a read gives up at lock_timeout the server is asked once
 * which relations the locks hold back ({@link LockHolders#readingRows}); those fail at once, naming the
 * lock and its session ({@link LockTimeout#locked}), until a later timeout of a relation not known to be
 * held back asks again. Safe for the workers of one database to share.
 */
public final class LockedReads {

    /** What the locks hold back, as last asked, and the timeout that asked. */
    private record Known(LockHolders holders, SQLException timeout) {
    }

    private final LockTimeout lockTimeout;
    /** Null until a read timed out and the server named a lock. */
    private volatile Known known;

    /** Nothing known to be locked yet, failures explained with {@code lockTimeout}'s setting. */
    public LockedReads(LockTimeout lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    /**
     * The failure of {@code schema.name} when a lock found after an earlier timeout holds back its
     * rows: it is not read. Null when none is known.
     */
    public Throwable heldBack(String schema, String name) {
        Known k = known;
        String who = k == null ? null : k.holders().describe(schema, name);
        return who == null ? null : lockTimeout.locked(k.timeout(), who);
    }

    /**
     * The failure of {@code schema.name}, whose read on {@code c} ended with {@code failure}: when that is
     * a lock timeout, the lock and its session that hold it back, asking the server unless already
     * known; null when {@code failure} is no lock timeout or no lock is found, for the caller's own
     * explanation. Asking rolls back {@code c}'s aborted transaction first; the caller ends the one the
     * question leaves open.
     */
    public Throwable timedOut(Connection c, String schema, String name, Throwable failure) {
        if (!(failure instanceof SQLException timeout) || !LockTimeout.SQLSTATE.equals(timeout.getSQLState())
                || failure instanceof LockTimeout.Explained) {
            return null;
        }
        Throwable held = heldBack(schema, name); // read side by side with the one that found the lock
        if (held != null) {
            return held;
        }
        PostgresClient.rollback(c);
        LockHolders now = LockHolders.readingRows(c);
        if (now.isEmpty()) {
            return null; // what was known stays: a failed question or a lock that is gone says nothing new
        }
        known = new Known(now, timeout);
        String who = now.describe(schema, name);
        return who == null ? null : lockTimeout.locked(timeout, who);
    }
}
