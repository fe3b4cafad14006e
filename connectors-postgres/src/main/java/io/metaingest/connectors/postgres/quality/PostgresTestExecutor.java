package io.metaingest.connectors.postgres.quality;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.StepError;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestSample;
import io.metaingest.connectors.postgres.LockTimeout;
import io.metaingest.connectors.postgres.LockedReads;
import io.metaingest.connectors.postgres.OwnStatements;
import io.metaingest.connectors.postgres.PostgresClient;
import io.metaingest.connectors.postgres.PostgresConnection;
import io.metaingest.connectors.postgres.Sampling;
import io.metaingest.connectors.postgres.StatementLimit;
import io.metaingest.connectors.postgres.TableReadFailures;
import io.metaingest.toolkit.quality.JdbcTestRunner;
import io.metaingest.toolkit.quality.NonFiniteNumberException;
import io.metaingest.toolkit.quality.TestDefinitionSql;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs a test suite's tests on one PostgreSQL service: one read-only connection per database the
 * tests name (opened on its first test, kept for the others), each test one statement under a
 * statement timeout, rolled back after it; a test whose table another session has locked past
 * {@code lock_timeout} is Aborted with {@link LockTimeout}'s explanation, naming the lock's session;
 * then the tests of every table and view that lock holds back are Aborted at once, without waiting
 * ({@link LockedReads}): a locked table costs the run one lock_timeout. A server that cannot be
 * reached or refuses the credentials is no test's outcome: {@link #run} throws its
 * {@link ConnectionException} (as a source does), for the runtime to count against the service,
 * rather than answering Aborted, which claims the test itself could not run (a missing table, a bad
 * parameter). A database of the service that does not exist or may not be connected to aborts the
 * tests on it, as a missing table does. Either is found once per database, not once per test.
 *
 * <p>A suite's {@code profileSample} is read as the profiler reads it ({@link Sampling}): ROWS is
 * {@code LIMIT n}; PERCENTAGE is {@code TABLESAMPLE SYSTEM} (whole pages; of rows when no page comes
 * up), {@code BERNOULLI} when {@code samplingMethodType} says so, {@code random()} on a view; a table
 * of at most 1 MiB of pages is read whole at any percentage of pages (BERNOULLI samples its rows). Each test's statement reads the sampled
 * rows once, as a common table expression. The tests of the values read the sample and the tests that
 * count the whole table's rows read it whole ({@link TestDefinitionSql.Sample} says which); each
 * result's text says what its test read.
 *
 * <p>A column holding {@code NaN} or an infinity is judged by {@link NonFiniteBounds} (NaN is inside no
 * range); a refused read names the GRANT that fixes it ({@link TableReadFailures}: USAGE on the schema
 * when the schema was refused); a missing column is named as the test names it, with its table, and
 * never by the alias of the sampled rows.
 */
public final class PostgresTestExecutor implements TestExecutor {

    /** undefined_column. */
    private static final String UNDEFINED_COLUMN = "42703";
    /** A column reference's qualifier in a hint: {@code "metaingest_sample.} or {@code "t.}. */
    private static final Pattern ALIASED = Pattern.compile("\"[^\".]+\\.");

    private final PostgresClient client;
    /** How long one test's statement may run before the server cancels it, and what sets it. */
    private final StatementLimit limit;
    private final Duration statementTimeout;
    private final PostgresDialect dialect = new PostgresDialect();
    private final LockTimeout lockTimeout;
    private final String role;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, ConnectionException> unreachable = new HashMap<>();
    /** Per database: the tables and views a lock holds back, known once a test timed out on one. */
    private final Map<String, LockedReads> locked = new HashMap<>();

    /**
     * Creates the executor for the service's connection: a test's statement runs under the sessions'
     * statement_timeout, the user's or metaingest's default ({@link StatementLimit}).
     */
    @Inject
    public PostgresTestExecutor(PostgresConnection connection) {
        this(new PostgresClient(connection), null);
    }

    /**
     * Creates the executor on the sessions {@code client} opens, each test limited to {@code statementTimeout}
     * as well (null: no limit of its own), or to the user's statement_timeout when that is shorter.
     */
    public PostgresTestExecutor(PostgresClient client, Duration statementTimeout) {
        this.client = client;
        this.limit = StatementLimit.of(client.config(), statementTimeout == null ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(statementTimeout.toMillis()), "the test executor's timeout");
        this.statementTimeout = Duration.ofMillis(limit.millis());
        this.lockTimeout = LockTimeout.of(client.config());
        this.role = client.config().username();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConnectionException when the server cannot be reached, refuses the credentials or the
     *                             session cannot be set up: the service cannot be used at all
     */
    @Override
    public TestCaseResult run(TestCase testCase, long timestamp) throws ConnectionException {
        return run(testCase, timestamp, TestSample.WHOLE_TABLE);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConnectionException when the server cannot be reached, refuses the credentials or the
     *                             session cannot be set up: the service cannot be used at all
     */
    @Override
    public TestCaseResult run(TestCase testCase, long timestamp, TestSample sample) throws ConnectionException {
        List<String> parts;
        try {
            parts = testCase.entityLink().tableParts();
        } catch (IllegalArgumentException e) {
            return TestCaseResult.aborted(timestamp, e.getMessage());
        }
        String database = parts.get(1);
        Connection connection;
        try {
            connection = connection(database);
        } catch (ConnectionException e) {
            if (!onlyThisDatabase(e)) {
                throw e;
            }
            if (e.reason() == ConnectionException.Reason.NOT_FOUND) {
                // The database comes from the test's table, not from the connection's database setting.
                return TestCaseResult.aborted(timestamp, "cannot run on database " + database + ": it does not exist at "
                        + client.config().hostPort() + "; the test's table " + testCase.entityLink().tableFqn()
                        + " names it: check the table's FQN (the suite's entityFullyQualifiedName, or the test case's"
                        + " entityLink)");
            }
            return TestCaseResult.aborted(timestamp, "cannot run on database " + database + ": " + e.getMessage());
        }
        String schema = parts.get(2);
        String table = parts.get(3);
        LockedReads locks = locked.computeIfAbsent(database, d -> new LockedReads(lockTimeout));
        Throwable held = locks.heldBack(schema, table);
        if (held != null) {
            return TestCaseResult.aborted(timestamp, testCase.testDefinitionName() + " on " + schema + "." + table
                    + " could not run: " + StepError.oneLine(held));
        }
        JdbcTestRunner.Sampler sampler = sampler(sample);
        // A lock timeout asks the server who holds the lock on the test's connection, before the runner's rollback.
        boolean[] stuck = {false};
        JdbcTestRunner runner = new JdbcTestRunner(dialect, failure -> {
            if (failure instanceof SQLException sql && PostgresClient.readTimedOut(sql)) {
                stuck[0] = true;
                return TableReadFailures.told(client.noAnswer(statementTimeout.toMillis())
                        + " on this test's connection: its server process is stuck (stopped, or waiting on something"
                        + " statement_timeout cannot end); the connection was dropped and the next tests use a new one;"
                        + " check that process (pg_stat_activity), or raise socketTimeout (seconds) if the test"
                        + " legitimately takes longer", sql);
            }
            if (failure instanceof SQLException sql && PostgresClient.endedByServer(sql)) {
                // Checked after the read timeout (SQLSTATE 08006 too): kept, an ended connection fails every later test.
                stuck[0] = true;
                return TableReadFailures.told("PostgreSQL ended this test's connection (SQLSTATE " + sql.getSQLState()
                        + ": " + PostgresClient.oneLine(sql.getMessage()) + "); the next tests use a new one, and a"
                        + " server that refuses it ends the run; check what ends sessions (pg_terminate_backend,"
                        + " idle_session_timeout, a pooler or proxy) in the server's log", sql);
            }
            if (failure instanceof SQLException sql && "57014".equals(sql.getSQLState()) && sql.getMessage() != null
                    && sql.getMessage().contains("statement timeout")) {
                return TableReadFailures.told(limit.cancelled("the test's statement",
                        TestDefinitionSql.readsTheSample(testCase.testDefinitionName())), sql);
            }
            Throwable lock = locks.timedOut(connection, schema, table, failure);
            return lock != null ? lock : lockTimeout.explain(TableReadFailures.explain(TableReadFailures.viaView(
                    connection, ownNames(failure, testCase, schema, table), TableReadFailures.qualified(schema, table),
                    table), schema, table, null, role));
        });
        try {
            return runner.run(connection, testCase, schema, table, sampler, timestamp);
        } catch (NonFiniteNumberException e) {
            // A minimum, maximum or count that is NaN or an infinity, which no decimal holds.
            return nonFinite(connection, testCase, schema, table, sampler, timestamp);
        } finally {
            if (stuck[0]) {
                drop(database, connection);
            }
        }
    }

    /**
     * Forgets a connection whose server process stopped answering or that the server ended, closing its
     * socket without waiting (a rollback would wait for a stuck process): the next test of that database
     * opens a new one, and a server that does not answer that one ends the run as a connection failure.
     */
    private void drop(String database, Connection connection) {
        connections.remove(database, connection);
        try {
            connection.abort(Runnable::run);
        } catch (SQLException ignored) {
            // already closed by the driver after the timeout
        }
    }

    /** The result of a test whose statement answered NaN or an infinity where the toolkit reads a decimal. */
    private TestCaseResult nonFinite(Connection connection, TestCase testCase, String schema, String table,
                                     JdbcTestRunner.Sampler sampler, long timestamp) {
        String on = testCase.testDefinitionName() + " on " + schema + "." + table;
        if (!testCase.testDefinitionName().equals(NonFiniteBounds.DEFINITION)) {
            return TestCaseResult.aborted(timestamp, on + " could not run: its statement answered NaN or an infinity"
                    + " where it needs a number");
        }
        try {
            return NonFiniteBounds.judge(connection, dialect, testCase, schema, table,
                    sampler.sample(connection, schema, table), timestamp);
        } catch (SQLException e) {
            return TestCaseResult.aborted(timestamp, on + " could not run: " + StepError.oneLine(lockTimeout.explain(e)));
        } finally {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // A broken connection shows in the next test's result, as the runner leaves it.
            }
        }
    }

    /**
     * A column the server did not find, named as the test names it and with its table, and the server's
     * hint without the name of the sampled rows (metaingest_sample), which the user never wrote.
     */
    private static Throwable ownNames(Throwable failure, TestCase testCase, String schema, String table) {
        if (!(failure instanceof PSQLException sql) || !UNDEFINED_COLUMN.equals(sql.getSQLState())
                || sql.getServerErrorMessage() == null || testCase.entityLink().column().isEmpty()
                || testCase.testDefinitionName().equals("tableCustomSQLQuery")) {
            return failure;
        }
        ServerErrorMessage server = sql.getServerErrorMessage();
        String hint = server.getHint() == null ? "" : " (" + ALIASED.matcher(server.getHint()).replaceAll("\"") + ")";
        return TableReadFailures.told("column \"" + testCase.entityLink().column().get() + "\" of table " + schema
                + "." + table + " does not exist" + hint, sql);
    }

    /** The catalog's look-up of a table by its exact names: its relkind and its quoted, qualified name. */
    private static final String TABLE = OwnStatements.MARKER + " SELECT c.relkind::text, format('%I.%I', n.nspname,"
            + " c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ?"
            + " AND c.relname = ?";

    /** Finds each table's sample on the test's connection: none for a table the catalog does not have. */
    private static JdbcTestRunner.Sampler sampler(TestSample sample) {
        if (sample.wholeTable()) {
            return JdbcTestRunner.Sampler.WHOLE_TABLE;
        }
        Sampling asked = Sampling.of(sample);
        return (connection, schema, table) -> {
            String relkind;
            String qualified;
            try (PreparedStatement ps = connection.prepareStatement(TABLE)) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null; // the test's own statement says the table is missing
                    }
                    relkind = rs.getString(1);
                    qualified = rs.getString(2);
                }
            }
            Sampling used = asked.blockSampled(relkind)
                    ? asked.forTable(relkind, Sampling.heapBytes(connection, qualified, relkind)) : asked;
            if (used.wholeTable()) {
                return new TestDefinitionSql.Sample(null, "the whole table: its pages take at most 1 MiB, which "
                        + sample + " reads whole", sample.toString());
            }
            return new TestDefinitionSql.Sample(used.sampledRows(qualified, relkind), "a sample of "
                    + used.describe(relkind) + ", " + sample, sample.toString());
        };
    }

    /** A database that does not exist or may not be connected to, on a server that otherwise answers. */
    private static boolean onlyThisDatabase(ConnectionException e) {
        return e.reason() == ConnectionException.Reason.NOT_FOUND || e.reason() == ConnectionException.Reason.PERMISSION;
    }

    private Connection connection(String database) throws ConnectionException {
        ConnectionException failed = unreachable.get(database);
        if (failed != null) {
            throw failed;
        }
        Connection open = connections.get(database);
        if (open != null) {
            return open;
        }
        try {
            Connection opened = client.open(database);
            try {
                client.setStatementTimeout(opened, statementTimeout.toMillis());
            } catch (SQLException e) {
                opened.close();
                throw new ConnectionException(ConnectionException.Reason.OTHER, "cannot set statement_timeout on "
                        + database + ": " + e.getMessage(), e);
            }
            connections.put(database, opened);
            return opened;
        } catch (ConnectionException e) {
            unreachable.put(database, e);
            throw e;
        } catch (SQLException e) {
            throw new ConnectionException(ConnectionException.Reason.OTHER, e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (Connection connection : connections.values()) {
            try {
                connection.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        connections.clear();
        if (first != null) {
            throw first;
        }
    }
}
