package io.metaingest.connectors.postgres.quality;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.connectors.postgres.LockTimeout;
import io.metaingest.connectors.postgres.PostgresClient;
import io.metaingest.connectors.postgres.PostgresConnection;
import io.metaingest.toolkit.quality.JdbcTestRunner;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a test suite's tests on one PostgreSQL service: one read-only connection per database the
 * tests name (opened on its first test, kept for the others), each test one statement under a
 * statement timeout, rolled back after it; a test whose table another session has locked past
 * {@code lock_timeout} is Aborted with {@link LockTimeout}'s explanation. A server that cannot be
 * reached or refuses the credentials is no test's outcome: {@link #run} throws its
 * {@link ConnectionException} (as a source does), for the runtime to count against the service,
 * rather than answering Aborted, which claims the test itself could not run (a missing table, a bad
 * parameter). A database of the service that does not exist or may not be connected to aborts the
 * tests on it, as a missing table does. Either is found once per database, not once per test.
 */
public final class PostgresTestExecutor implements TestExecutor {

    /** How long one test's statement may run before the server cancels it. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(5);

    private final PostgresClient client;
    private final Duration statementTimeout;
    private final JdbcTestRunner runner;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, ConnectionException> unreachable = new HashMap<>();

    /** Creates the executor for the service's connection. */
    @Inject
    public PostgresTestExecutor(PostgresConnection connection) {
        this(connection, STATEMENT_TIMEOUT);
    }

    /** Creates the executor with another statement timeout. */
    PostgresTestExecutor(PostgresConnection connection, Duration statementTimeout) {
        this.client = new PostgresClient(connection);
        this.statementTimeout = statementTimeout;
        this.runner = new JdbcTestRunner(new PostgresDialect(), LockTimeout.of(connection)::explain);
    }

    /**
     * {@inheritDoc}
     *
     * @throws ConnectionException when the server cannot be reached, refuses the credentials or the
     *                             session cannot be set up: the service cannot be used at all
     */
    @Override
    public TestCaseResult run(TestCase testCase, long timestamp) throws ConnectionException {
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
            return TestCaseResult.aborted(timestamp, "cannot run on database " + database + ": " + e.getMessage());
        }
        return runner.run(connection, testCase, parts.get(2), parts.get(3), timestamp);
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
            try (Statement statement = opened.createStatement()) {
                statement.execute("SET statement_timeout = " + statementTimeout.toMillis());
                opened.commit();
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
