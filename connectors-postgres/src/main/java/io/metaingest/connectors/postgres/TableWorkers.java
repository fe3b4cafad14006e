package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * Reads tables of each database on {@code threads} connections at once, with the toolkit's
 * {@link ParallelMap} (results in catalog order, at most twice {@code threads} tables in flight).
 * Each connection runs with {@code statement_timeout} set to the per-table timeout ({@link StatementLimit}:
 * the step's, or the user's statement_timeout when shorter), so a table that
 * takes longer is cancelled by the server and becomes that table's failure while the others go on.
 * One table is one read-only transaction, ended after it. A statement the server cannot cancel (its
 * process stuck) gets no answer within the read timeout: that table's failure, its connection dropped
 * and replaced; so is a table whose connection the server ended (pg_terminate_backend, a cut connection).
 * Only a server that does not answer a new connection ends the run.
 *
 * <p>The workers never outnumber the connections the role may still open: {@code threads} is capped at
 * the server's free connections (max_connections, the role's and the database's CONNECTION LIMIT, the
 * sessions open), with a warning saying so; a worker the server still refuses for too many
 * connections (SQLSTATE 53300, another client took the room meanwhile) shares the other workers'
 * connections instead of failing the run, again with a warning. So the outcome does not depend on
 * which worker connects first, and the tables profiled are never lost to a connection limit.
 *
 * <p>A table another session has locked costs the database one lock_timeout (per worker reading
 * beside it at most), not one per table or view that reads it ({@link LockedReads}).
 */
final class TableWorkers implements AutoCloseable {

    /** The work for one table on a worker's connection. */
    @FunctionalInterface
    interface TableTask {
        List<Result<EntityRequest>> run(Connection c, ProfileTarget target, String fqn) throws SQLException;
    }

    private final PostgresClient client;
    private final String service;
    private final ConfiguredFilter databaseFilter;
    private final TableScope scope;
    private final int threads;
    /** The workers of this run: {@code threads}, capped at the connections the server has free. */
    private volatile int workers;
    /** The per-table statement timeout in force and what sets it ({@link StatementLimit}). */
    private final StatementLimit limit;
    private final long timeoutMillis;
    private final ConcurrentLinkedQueue<Connection> open = new ConcurrentLinkedQueue<>();
    /** Connections a worker is running a table on: the ones a stop must cancel. */
    private final java.util.Set<Connection> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Workers whose step limits each statement to {@code timeoutMillis} (the profiler's timeoutSeconds). */
    TableWorkers(PostgresClient client, String service, FilterPattern databaseFilter, TableScope scope, int threads,
                 long timeoutMillis) {
        this(client, service, databaseFilter, scope, threads, java.util.OptionalLong.of(timeoutMillis));
    }

    /**
     * Workers whose step limits each statement to {@code stepMillis}, or (empty) has no limit of its own;
     * the user's statement_timeout holds besides it ({@link StatementLimit}).
     */
    TableWorkers(PostgresClient client, String service, FilterPattern databaseFilter, TableScope scope, int threads,
                 java.util.OptionalLong stepMillis) {
        this.client = client;
        this.service = service;
        this.databaseFilter = ConfiguredFilter.of("databaseFilterPattern", "databases", databaseFilter,
                PostgresMetadataSource.DEFAULT_DATABASE_FILTER);
        this.scope = scope;
        this.threads = Math.max(1, threads);
        this.workers = this.threads;
        this.limit = StatementLimit.of(client.config(), stepMillis, "timeoutSeconds");
        this.timeoutMillis = limit.millis();
    }

    /** Runs {@code task} on every selected table of every database read; connects before returning. */
    Stream<Result<EntityRequest>> run(String workerName, TableTask task) throws ConnectionException {
        String first = client.config().databaseOrDefault();
        Connection catalog = track(client.open(first));
        List<String> databases = client.databasesToRead(catalog);
        Stream<Result<EntityRequest>> capped = Stream.empty();
        int free = freeConnections(catalog);
        if (free < threads) {
            workers = Math.max(1, free);
            capped = Stream.of(Result.warning(workerName, "threads (" + threads + ") is more than the connections"
                    + " PostgreSQL has free for this role (" + free + ", from max_connections, the role's and the"
                    + " database's CONNECTION LIMIT and the sessions open): reading on " + workers + " connections"));
        }
        Stream<Result<EntityRequest>> tables = databases.stream().flatMap(db -> {
            java.util.Optional<String> rejected = databaseFilter.rejection(db);
            if (rejected.isPresent()) {
                return Stream.of(Result.filtered(Fqn.build(service, db), rejected.get()));
            }
            return database(db, db.equals(first) ? catalog : null, workerName, task);
        });
        // Last, once every name went through the filters, in the metadata workflow's order and words: an include
        // aimed at a pg_* schema does nothing, and a pattern of the user's that let nothing through says so.
        return Stream.concat(capped, Stream.concat(tables, scope.noneLetThrough(databaseFilter)));
    }

    /**
     * The connections this role may still open: the server's (max_connections less the reserved
     * ones a non-superuser may not take, less the client sessions open), the role's and the
     * database's CONNECTION LIMIT less their sessions, whichever is least. On a failure to read
     * them, {@code threads}: a worker that cannot connect then waits for another's connection.
     */
    private int freeConnections(Connection c) {
        String sql = CatalogQueries.MARKER + """
                 SELECT least(
                    current_setting('max_connections')::int
                        - CASE WHEN r.rolsuper THEN 0 ELSE current_setting('superuser_reserved_connections')::int
                            + coalesce(current_setting('reserved_connections', true)::int, 0) END
                        - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),
                    CASE WHEN r.rolconnlimit >= 0 AND NOT r.rolsuper THEN r.rolconnlimit - (SELECT count(*)
                        FROM pg_stat_activity WHERE backend_type = 'client backend' AND usename = current_user) END,
                    CASE WHEN d.datconnlimit >= 0 AND NOT r.rolsuper THEN d.datconnlimit - (SELECT count(*)
                        FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = d.datname) END)
                 FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()""";
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : threads;
        } catch (SQLException e) {
            PostgresClient.rollback(c); // the catalog's reads that follow need a transaction that is not aborted
            return threads;
        }
    }

    private Stream<Result<EntityRequest>> database(String db, Connection reuse, String workerName, TableTask task) {
        String dbFqn = Fqn.build(service, db);
        Cursor<ProfileTarget> targets;
        try {
            Connection catalog = reuse != null ? reuse : track(client.open(db));
            // Streamed: the catalog's read-only transaction stays open while the workers read the tables.
            targets = Cursor.open(catalog, ProfileTarget.query(scope.schemas()), ProfileTarget::read);
        } catch (ConnectionException | SQLException e) {
            return Stream.of(Result.failed(dbFqn, e));
        }
        java.util.concurrent.LinkedBlockingQueue<Connection> idle = new java.util.concurrent.LinkedBlockingQueue<>();
        Pool pool = new Pool();
        LockedReads locks = new LockedReads(LockTimeout.of(client.config()));
        Stream<Outcome<ProfileTarget, List<Result<EntityRequest>>>> outcomes = ParallelMap.ordered(
                targets.stream().iterator(), workers, workerName, target -> {
                    String fqn = TableScope.fqn(dbFqn, target);
                    Result<ProfileTarget> selected = scope.select(target, fqn);
                    if (!(selected instanceof Result.Ok<ProfileTarget>)) {
                        return List.of(TableScope.retype(selected));
                    }
                    if (!target.populated()) {
                        return List.of(Result.filtered(fqn, "a materialized view never refreshed has no rows to read;"
                                + " REFRESH MATERIALIZED VIEW " + target.qualified() + " first"));
                    }
                    Throwable held = locks.heldBack(target.schema(), target.name());
                    if (held != null) {
                        return List.of(Result.failed(fqn, held));
                    }
                    Connection c = connection(db, idle, pool);
                    busy.add(c);
                    boolean dropped = false;
                    try {
                        return task.run(c, target, fqn);
                    } catch (SQLException e) {
                        if (ConnectionLost.readTimedOut(e)) {
                            dropped = true;
                            return List.of(Result.failed(fqn, stuck(db, c, idle, pool, e)));
                        }
                        if (ConnectionLost.endedByServer(e)) {
                            dropped = true;
                            return List.of(Result.failed(fqn, ended(db, c, idle, pool, e)));
                        }
                        Throwable locked = locks.timedOut(c, target.schema(), target.name(), e);
                        if (locked == null) {
                            // Asked on the table's connection, as only it knows the view that was read.
                            throw (SQLException) TableReadFailures.viaView(c, e,
                                    TableReadFailures.qualified(target.schema(), target.name()), target.name());
                        }
                        return List.of(Result.failed(fqn, locked));
                    } finally {
                        busy.remove(c);
                        if (!dropped) {
                            end(c, idle, pool);
                        }
                    }
                });
        // Evaluated after the tables: whether workers went without a connection of their own.
        Stream<Result<EntityRequest>> fewer = Stream.of(dbFqn).flatMap(f -> !pool.full.get() ? Stream.empty()
                : Stream.of(Result.warning(f, "PostgreSQL refused a worker connection for too many connections"
                        + " (SQLSTATE 53300): the tables were read on the " + pool.peak.get()
                        + " connection(s) it allowed")));
        return Stream.concat(outcomes.flatMap(o -> o.succeeded() ? o.value().stream()
                        : failed(TableScope.fqn(dbFqn, o.input()), o.input(), o.failure())), fewer)
                .onClose(() -> {
                    targets.close();
                    idle.forEach(this::close);
                });
    }

    /** A worker's connection: the per-table timeout set for the session (committed, so a rollback keeps it). */
    private Connection worker(String db) throws ConnectionException, SQLException {
        Connection c = track(client.open(db));
        client.setStatementTimeout(c, timeoutMillis);
        return c;
    }

    /** The worker connections of one database. */
    private static final class Pool {
        /** Connections open or being opened. */
        final java.util.concurrent.atomic.AtomicInteger connected = new java.util.concurrent.atomic.AtomicInteger();
        /** Connections open. */
        final java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        /** Set once the server refused a connection for too many: no more are asked for while one is open. */
        final java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
    }

    /**
     * An idle connection of the database's workers, else a new one; when the server refuses a new one
     * for too many connections (SQLSTATE 53300: max_connections, or a role's or database's CONNECTION
     * LIMIT) while other workers hold one, this worker waits for one of theirs, and no worker asks for
     * another: fewer workers, not a connection failure. Only a refusal with no worker connected at all
     * fails (and ends the run).
     */
    private Connection connection(String db, java.util.concurrent.LinkedBlockingQueue<Connection> idle, Pool pool)
            throws ConnectionException, SQLException, InterruptedException {
        while (true) {
            Connection c = idle.poll();
            if (c != null) {
                return c;
            }
            if (!pool.full.get() || pool.connected.get() == 0) {
                // Counted before connecting: a worker refused while another is still connecting waits for it.
                pool.connected.incrementAndGet();
                try {
                    c = worker(db);
                    pool.peak.accumulateAndGet(pool.live.incrementAndGet(), Math::max);
                    return c;
                } catch (ConnectionException e) {
                    if (pool.connected.decrementAndGet() == 0 || !tooManyConnections(e)) {
                        throw e;
                    }
                    pool.full.set(true);
                } catch (SQLException | RuntimeException e) {
                    pool.connected.decrementAndGet();
                    throw e;
                }
            }
            // Bounded wait: a worker whose connection breaks drops it, and then this one connects anew.
            c = idle.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (c != null) {
                return c;
            }
        }
    }

    private static boolean tooManyConnections(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Ends the table's transaction; a connection that cannot is dropped. */
    private void end(Connection c, java.util.concurrent.LinkedBlockingQueue<Connection> idle, Pool pool) {
        try {
            c.rollback();
            idle.add(c);
        } catch (SQLException e) {
            pool.connected.decrementAndGet();
            pool.live.decrementAndGet();
            close(c);
        }
    }

    /**
     * A table whose statement got no answer within the read timeout: its server process is stuck (a
     * stopped process, say), which the server's statement_timeout cannot end. The connection is dropped
     * without waiting on it and a fresh one is opened for the next tables: when the server answers it, the
     * stuck statement is this table's failure and the run goes on; when it does not, the exception of the
     * new connection ends the run ({@link ConnectionLost}). A server at its connection limit (the stuck
     * process still holds its slot) leaves the tables to the other workers' connections, if any are left.
     */
    private SQLException stuck(String db, Connection c, java.util.concurrent.LinkedBlockingQueue<Connection> idle,
                               Pool pool, SQLException timedOut) throws ConnectionException, SQLException {
        String answered = replace(db, c, idle, pool);
        return TableReadFailures.told(ConnectionLost.noAnswer(client.readTimeoutInForce(timeoutMillis))
                + " on this table's connection, while PostgreSQL " + answered + ": its server process is stuck"
                + " (stopped, or waiting on something statement_timeout cannot end); the connection was dropped and"
                + " the other tables read on; check that process (pg_stat_activity), or raise socketTimeout (seconds)"
                + " if the table legitimately takes longer", timedOut);
    }

    /**
     * A table whose connection the server ended while reading it (its process terminated by
     * pg_terminate_backend, idle_session_timeout or a pooler; a connection cut on the way): when the
     * server answers a new connection, that table is the failure and the run goes on, as with a stuck
     * process; when it does not (the server is shutting down or gone), the new connection's exception
     * ends the run ({@link ConnectionLost}).
     */
    private SQLException ended(String db, Connection c, java.util.concurrent.LinkedBlockingQueue<Connection> idle,
                               Pool pool, SQLException lost) throws ConnectionException, SQLException {
        String answered = replace(db, c, idle, pool);
        return TableReadFailures.told("PostgreSQL ended this table's connection while reading it (SQLSTATE "
                + lost.getSQLState() + ": " + PostgresClient.oneLine(lost.getMessage()) + "), and " + answered
                + ", so the other tables read on; check what ends sessions (pg_terminate_backend,"
                + " idle_session_timeout, a pooler or proxy) in the server's log", lost);
    }

    /**
     * Drops a table's connection without waiting on it and opens a fresh one for the next tables; what
     * the server did with the new one, for the table's failure message.
     */
    private String replace(String db, Connection c, java.util.concurrent.LinkedBlockingQueue<Connection> idle,
                           Pool pool) throws ConnectionException, SQLException {
        pool.live.decrementAndGet(); // still counted as connected: the fresh connection takes its place
        if (open.remove(c)) {
            try {
                c.abort(Runnable::run); // closes the socket at once: a rollback would wait for the stuck process
            } catch (SQLException ignored) {
                // already closed by the driver
            }
        }
        try {
            Connection fresh = worker(db);
            pool.peak.accumulateAndGet(pool.live.incrementAndGet(), Math::max);
            idle.add(fresh);
            return "answered a new one";
        } catch (ConnectionException e) {
            if (pool.connected.decrementAndGet() == 0 || !tooManyConnections(e)) {
                throw e;
            }
            pool.full.set(true);
            return "refused a new one for too many connections (SQLSTATE 53300), so the other workers' answer";
        } catch (SQLException | RuntimeException e) {
            pool.connected.decrementAndGet();
            throw e;
        }
    }

    /**
     * A table's failure, a lock timeout with the setting that raises it; one that says the server is
     * gone ends the run ({@link ConnectionLost}).
     */
    private Stream<Result<EntityRequest>> failed(String fqn, ProfileTarget target, Exception failure) {
        ConnectionLost.of(failure, client.readTimeoutInForce(timeoutMillis)).ifPresent(lost -> {
            throw lost;
        });
        return Stream.of(Result.failed(fqn, LockTimeout.of(client.config()).explain(failure(target, failure))));
    }

    /**
     * A statement the server cancelled for the timeout says so, with the setting to change; a table the
     * role may not read, with the GRANT that lets it; a foreign table, with its user mapping
     * ({@link TableReadFailures}).
     */
    private Exception failure(ProfileTarget target, Exception e) {
        if (e instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
            return new SQLException(limit.cancelled("the table", true), "57014", e);
        }
        return (Exception) TableReadFailures.explain(e, target.schema(), target.name(), target.relkind(),
                client.config().username());
    }

    private Connection track(Connection c) {
        open.add(c);
        return c;
    }

    private void close(Connection c) {
        if (open.remove(c)) {
            PostgresClient.release(c);
        }
    }

    /**
     * Closes every connection; a statement still running (a stop while a table is profiled) is
     * cancelled first, so the server does not go on reading for a client that is gone.
     */
    @Override
    public void close() {
        for (Connection c : List.copyOf(open)) {
            if (busy.contains(c)) {
                try {
                    c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
                } catch (SQLException ignored) {
                    // the statement ended meanwhile, or the connection is already gone
                }
            }
            close(c);
        }
    }
}
