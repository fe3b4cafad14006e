package io.metaingest.toolkit.quality;

import io.metaingest.api.StepError;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs test cases on a JDBC connection with {@link TestDefinitionSql}: one prepared statement per
 * test, values bound, the first row read. Every test ends in a result: an unusable parameter or a
 * failing statement (a missing table or column, a statement timeout, a refused write) is Aborted
 * with the reason. After each test the transaction is rolled back, so a failed statement does not
 * poison the next and the connection never holds a snapshot between tests. A connector may explain a
 * failed statement (the driver's exception, with its SQLState) before it becomes the reason.
 */
public final class JdbcTestRunner {

    private final SqlDialect dialect;
    private final UnaryOperator<Throwable> explain;

    /** Creates a runner for a database spelled as {@code dialect} says. */
    public JdbcTestRunner(SqlDialect dialect) {
        this(dialect, UnaryOperator.identity());
    }

    /**
     * Creates a runner whose failed statements are reported as {@code explain} returns them: the
     * connector's reading of the driver's exception (a lock timeout with the setting that raises it,
     * say), or the exception itself.
     */
    public JdbcTestRunner(SqlDialect dialect, UnaryOperator<Throwable> explain) {
        this.dialect = dialect;
        this.explain = explain;
    }

    /**
     * Finds the suite's sample of a table on the test's connection, in its transaction (a failure is
     * the test's, as its statement's would be).
     */
    @FunctionalInterface
    public interface Sampler {

        /** Reads every table whole. */
        Sampler WHOLE_TABLE = (connection, schema, table) -> null;

        /** The sample of {@code schema.table}; null for none. */
        TestDefinitionSql.Sample sample(Connection connection, String schema, String table) throws SQLException;
    }

    /**
     * Runs one test on {@code schema.table}, read whole.
     *
     * @param connection a connection with auto-commit off (read-only, with a statement timeout)
     */
    public TestCaseResult run(Connection connection, TestCase testCase, String schema, String table, long timestamp) {
        return run(connection, testCase, schema, table, Sampler.WHOLE_TABLE, timestamp);
    }

    /**
     * Runs one test on {@code schema.table}, whose value tests read the sample {@code sampler} finds
     * ({@link TestDefinitionSql.Sample} says which tests do).
     *
     * @param connection a connection with auto-commit off (read-only, with a statement timeout)
     * @throws NonFiniteNumberException the statement answered NaN or an infinity where the test reads a number
     */
    public TestCaseResult run(Connection connection, TestCase testCase, String schema, String table, Sampler sampler,
                              long timestamp) {
        try {
            TestDefinitionSql.Sample sample = sampler.sample(connection, schema, table);
            return TestDefinitionSql.run(testCase, new TestDefinitionSql.Target(schema, table, sample), dialect,
                    (sql, binds) -> firstRow(connection, dialect.statementPrefix() + sql, binds), timestamp);
        } catch (BadParameterException e) {
            return TestCaseResult.aborted(timestamp, e.getMessage());
        } catch (SQLException e) {
            return TestCaseResult.aborted(timestamp, testCase.testDefinitionName() + customTest(testCase) + " on " + schema
                    + "." + table + " could not run" + customStatement(testCase) + ": " + StepError.oneLine(explain.apply(e)));
        } finally {
            rollbackQuietly(connection);
        }
    }

    /** A custom query's test case by name: its SQL is the user's, and the statement that failed is it. */
    private static String customTest(TestCase testCase) {
        return isCustom(testCase) ? " test case " + testCase.name() : "";
    }

    /** The user's SQL that failed, on one line, so that the reader sees what the server refused. */
    private static String customStatement(TestCase testCase) {
        return isCustom(testCase) ? testCase.parameter("sqlExpression")
                .map(sql -> " its sqlExpression (" + CustomStatement.shown(sql) + ")").orElse("") : "";
    }

    private static boolean isCustom(TestCase testCase) {
        return testCase.testDefinitionName().equals("tableCustomSQLQuery");
    }

    private static List<Object> firstRow(Connection connection, String sql, List<Object> binds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < binds.size(); i++) {
                statement.setObject(i + 1, binds.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<Object> row = new ArrayList<>();
                if (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        row.add(value(rows, i));
                    }
                }
                return row;
            }
        }
    }

    /**
     * A column's value; dates and timestamps as {@code java.time} values, so a timestamp without a time
     * zone keeps its written value (a {@code java.sql.Timestamp} would shift it into this JVM's zone)
     * and one with a zone keeps its instant. PostgreSQL's driver reports {@code timestamptz} as a plain
     * {@code TIMESTAMP}, hence the type name too.
     */
    private static Object value(ResultSet rows, int i) throws SQLException {
        int type = rows.getMetaData().getColumnType(i);
        if (type == Types.TIMESTAMP_WITH_TIMEZONE
                || type == Types.TIMESTAMP && "timestamptz".equalsIgnoreCase(rows.getMetaData().getColumnTypeName(i))) {
            return rows.getObject(i, OffsetDateTime.class);
        }
        return switch (type) {
            case Types.TIMESTAMP -> rows.getObject(i, LocalDateTime.class);
            case Types.DATE -> rows.getObject(i, LocalDate.class);
            default -> rows.getObject(i);
        };
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // A broken connection shows in the next test's result.
        }
    }
}
