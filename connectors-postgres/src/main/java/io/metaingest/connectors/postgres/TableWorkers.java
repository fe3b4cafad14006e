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
 * Each connection runs with {@code statement_timeout} set to the per-table timeout, so a table that
 * takes longer is cancelled by the server and becomes that table's failure while the others go on.
 * One table is one read-only transaction, ended after it.
 */
final class TableWorkers implements AutoCloseable {

    /** The work for one table on a worker's connection. */
    @FunctionalInterface
    interface TableTask {
        List<Result<EntityRequest>> run(Connection c, ProfileTarget target, String fqn) throws SQLException;
    }

    private final PostgresClient client;
    private final String service;
    private final FilterPattern databaseFilter;
    private final TableScope scope;
    private final int threads;
    private final long timeoutMillis;
    private final ConcurrentLinkedQueue<Connection> open = new ConcurrentLinkedQueue<>();
    /** Connections a worker is running a table on: the ones a stop must cancel. */
    private final java.util.Set<Connection> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TableWorkers(PostgresClient client, String service, FilterPattern databaseFilter, TableScope scope, int threads,
                 long timeoutMillis) {
        this.client = client;
        this.service = service;
        this.databaseFilter = databaseFilter == null ? PostgresMetadataSource.DEFAULT_DATABASE_FILTER : databaseFilter;
        this.scope = scope;
        this.threads = Math.max(1, threads);
        this.timeoutMillis = timeoutMillis;
    }

    /** Runs {@code task} on every selected table of every database read; connects before returning. */
    Stream<Result<EntityRequest>> run(String workerName, TableTask task) throws ConnectionException {
        String first = client.config().databaseOrDefault();
        Connection catalog = track(client.open(first));
        List<String> databases = client.databasesToRead(catalog);
        return databases.stream().flatMap(db -> {
            if (!databaseFilter.includes(db)) {
                return Stream.of(Result.filtered(Fqn.build(service, db), databaseFilter.rejection(db).orElseThrow()));
            }
            return database(db, db.equals(first) ? catalog : null, workerName, task);
        });
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
        ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
        Stream<Outcome<ProfileTarget, List<Result<EntityRequest>>>> outcomes = ParallelMap.ordered(
                targets.stream().iterator(), threads, workerName, target -> {
                    String fqn = TableScope.fqn(dbFqn, target);
                    Result<ProfileTarget> selected = scope.select(target, fqn);
                    if (!(selected instanceof Result.Ok<ProfileTarget>)) {
                        return List.of(TableScope.retype(selected));
                    }
                    if (!target.populated()) {
                        return List.of(Result.filtered(fqn, "a materialized view never refreshed has no rows to read;"
                                + " REFRESH MATERIALIZED VIEW " + target.qualified() + " first"));
                    }
                    Connection c = idle.poll();
                    if (c == null) {
                        c = worker(db);
                    }
                    busy.add(c);
                    try {
                        return task.run(c, target, fqn);
                    } finally {
                        busy.remove(c);
                        end(c, idle);
                    }
                });
        return outcomes.flatMap(o -> o.succeeded() ? o.value().stream()
                        : failed(TableScope.fqn(dbFqn, o.input()), o.input(), o.failure()))
                .onClose(() -> {
                    targets.close();
                    idle.forEach(this::close);
                });
    }

    /** A worker's connection: the per-table timeout set for the session (committed, so a rollback keeps it). */
    private Connection worker(String db) throws ConnectionException, SQLException {
        Connection c = track(client.open(db));
        try (Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = " + timeoutMillis);
        }
        c.commit();
        return c;
    }

    /** Ends the table's transaction; a connection that cannot is dropped. */
    private void end(Connection c, ConcurrentLinkedQueue<Connection> idle) {
        try {
            c.rollback();
            idle.add(c);
        } catch (SQLException e) {
            close(c);
        }
    }

    /**
     * A table's failure, a lock timeout with the setting that raises it; one that says the server is
     * gone ends the run ({@link ConnectionLost}).
     */
    private Stream<Result<EntityRequest>> failed(String fqn, ProfileTarget target, Exception failure) {
        ConnectionLost.of(failure).ifPresent(lost -> {
            throw lost;
        });
        return Stream.of(Result.failed(fqn, LockTimeout.of(client.config()).explain(failure(target, failure))));
    }

    /**
     * A statement the server cancelled for the timeout says so, with the setting to change; a table the
     * role may not read, with the GRANT that lets it.
     */
    private Exception failure(ProfileTarget target, Exception e) {
        if (e instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
            return new SQLException("cancelled after timeoutSeconds (" + (timeoutMillis / 1000)
                    + " s): the table took longer; raise timeoutSeconds or sample it (profileSample)", "57014", e);
        }
        if (e instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
            String role = client.config().username();
            return new SQLException(firstLine(sql.getMessage()) + ": run GRANT SELECT ON " + target.qualified() + " TO "
                    + role + ", or GRANT pg_read_all_data TO " + role, "42501", e);
        }
        return e;
    }

    private static String firstLine(String message) {
        return message == null ? "permission denied" : message.lines().findFirst().orElse(message);
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
