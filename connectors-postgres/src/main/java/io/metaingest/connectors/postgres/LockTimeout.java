package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionPath;
import io.metaingest.api.UserFacingMessage;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A statement the server cancelled after waiting {@code lock_timeout} for a lock another session
 * holds (SQLSTATE 55P03, lock_not_available; we never use NOWAIT, so only the timeout raises it),
 * explained with the setting in force and the two ways of raising it. The server's own text ("canceling
 * statement due to lock timeout") names neither.
 *
 * Public for the data-quality executor ({@code quality}), which hands {@link #explain} to the
 * toolkit's test runner.
 *
 * @param setting the session's lock_timeout as configured (milliseconds without a unit)
 */
public record LockTimeout(String setting) {

    static final String SQLSTATE = "55P03";

    /** The lock timeout of the sessions {@code config} opens. */
    public static LockTimeout of(PostgresConnection config) {
        return new LockTimeout(config.sessionOptions().settings().get(SessionOptions.LOCK_TIMEOUT));
    }

    /**
     * {@code failure} with the fix when it is a lock timeout, else a server error as users read it
     * ({@link ServerError}); any other failure itself.
     */
    public Throwable explain(Throwable failure) {
        if (!(failure instanceof SQLException sql) || !SQLSTATE.equals(sql.getSQLState())
                || failure instanceof Explained) {
            return ServerError.of(failure);
        }
        return new Explained("gave up after lock_timeout" + shown() + " waiting for a lock another session holds"
                + " (an ALTER TABLE, VACUUM FULL or REINDEX in progress, say): raise it with"
                + " connectionArguments.lock_timeout: 2min, or connectionArguments.options: \"-c lock_timeout=2min\""
                + " (0 waits without limit), or run when the lock is released; PostgreSQL said: "
                + ServerError.text(sql), sql);
    }

    /**
     * {@link #explain}, and for a catalog query the server cancelled at {@code statement_timeout} (SQLSTATE
     * 57014 with the server's "statement timeout"), what ended it and the fix: a lock another session
     * holds makes a catalog query wait up to lock_timeout, so a lock_timeout at or above statement_timeout
     * ends the read there instead of naming the lock.
     */
    public Throwable explainCatalogRead(Throwable failure) {
        if (failure instanceof SQLException sql && "57014".equals(sql.getSQLState()) && sql.getMessage() != null
                && sql.getMessage().contains("statement timeout")) {
            return new Explained("cancelled at statement_timeout: a catalog query ran longer than the session allows"
                    + " (one waiting for a lock another session holds waits up to lock_timeout" + shown()
                    + ", which should stay below statement_timeout); raise statement_timeout with"
                    + " connectionArguments.options: \"-c statement_timeout=10min\", lower lock_timeout, or run when"
                    + " the lock is released; PostgreSQL said: " + ServerError.text(sql), sql.getSQLState(), sql);
        }
        return explain(failure);
    }

    /**
     * A relation whose read gave up at lock_timeout, or that the lock found then holds back, while the
     * run read the other relations ({@link LockedRelations}, {@link LockedReads}): the timeout, who holds
     * the lock when known, and the fix.
     *
     * @param holders the locks another session holds that the read waits for, with the sessions
     *                ({@link LockHolders#describe}), or null when unknown
     */
    Throwable locked(SQLException timeout, String holders) {
        // "a read": the run waits once for the locks it finds, so most relations a lock holds back waited for nothing.
        return new Explained("locked by another session: not read, as a read gave up after lock_timeout" + shown()
                + " waiting for "
                + (holders == null ? "a lock on it or on a relation it reads" : holders)
                + " (an ALTER TABLE, VACUUM FULL or REINDEX in progress, say);"
                + " the other relations were read: raise connectionArguments.lock_timeout (e.g. 2min) or"
                + " connectionArguments.options: \"-c lock_timeout=2min\", or run when the lock is released;"
                + " PostgreSQL said: " + ServerError.text(timeout), timeout);
    }

    /** A warning's subject and text; see {@link #notBelowStatementTimeout}. */
    record Warning(String path, String message) {
    }

    /**
     * The metadata run's warning (and its test-connection's) when {@code config}'s sessions wait for a lock at
     * least as long as statement_timeout lets a statement run (0 waits without limit): a catalog query waiting
     * for a lock is then cancelled at statement_timeout and its database fails, where a shorter lock_timeout
     * names the lock and reads past it. Named by the user's setting of the two (lock_timeout's first); empty
     * when lock_timeout stays below, or statement_timeout is 0 (none) or not a duration this reads.
     */
    static Optional<Warning> notBelowStatementTimeout(PostgresConnection config) {
        SessionOptions options;
        try {
            options = config.sessionOptions();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a configuration problem, which loading reports
        }
        OptionalLong statement = options.statementTimeoutMillis();
        long lock = Long.parseLong(options.lockTimeout());
        if (statement.isEmpty() || statement.getAsLong() == 0 || (lock != 0 && lock < statement.getAsLong())) {
            return Optional.empty();
        }
        String lockOrigin = SessionOptions.origin(SessionOptions.LOCK_TIMEOUT, config.connectionOptions(),
                config.connectionArguments());
        String statementOrigin = SessionOptions.origin("statement_timeout", config.connectionOptions(),
                config.connectionArguments());
        String lockPath = lockOrigin == null ? "metaingest's default" : ConnectionPath.of(lockOrigin);
        String statementPath = statementOrigin == null ? "metaingest's default" : ConnectionPath.of(statementOrigin);
        // A value that clears the warning: above lock_timeout (twice it, 10min at least); none helps a lock_timeout of 0.
        String raise = lock == 0 ? "give lock_timeout a limit below statement_timeout (10s, metaingest's default)"
                : statementOrigin == null ? "raise statement_timeout with "
                + ConnectionPath.of("connectionArguments." + SessionOptions.OPTIONS) + ": \"-c statement_timeout="
                + shownMillis(Math.max(2 * lock, 600_000)) + "\""
                : "raise statement_timeout above " + lock + " ms in " + statementPath;
        // The warning is named by the user's setting; the other one says where it comes from.
        String lockWhere = lockOrigin == null ? " (" + lockPath + ")" : "";
        String statementWhere = lockOrigin == null ? "" : " (" + statementPath + ")";
        return Optional.of(new Warning(lockOrigin != null ? lockPath : statementPath, "lock_timeout "
                + (lock == 0 ? "0 (no limit)" : lock + " ms") + lockWhere + " is not below statement_timeout "
                + statement.getAsLong() + " ms" + statementWhere + ", so a catalog query waiting for a lock another"
                + " session holds is cancelled at statement_timeout and its database fails, instead of being read"
                + " past the lock: lower lock_timeout, or " + raise));
    }

    /** Milliseconds as a setting is written: 10min, 30s or 1500ms. */
    private static String shownMillis(long millis) {
        return millis % 60_000 == 0 ? millis / 60_000 + "min" : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** The setting as the messages show it: " (2000 ms)", or nothing when unknown. */
    String shown() {
        return setting == null ? "" : " (" + setting + (setting.matches("[0-9]+") ? " ms" : "") + ")";
    }

    /** A lock timeout with its fix, written for users. */
    static final class Explained extends SQLException implements UserFacingMessage {
        private static final long serialVersionUID = 1L;

        Explained(String message, SQLException cause) {
            this(message, SQLSTATE, cause);
        }

        Explained(String message, String state, SQLException cause) {
            super(message, state, cause);
        }
    }
}
