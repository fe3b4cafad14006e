package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session settings of {@link SessionOptions}, as the server reports them through the client.
 * Read-only shows as {@code transaction_read_only}: with auto-commit off the driver begins each
 * transaction READ ONLY itself and resets the session default (default_transaction_read_only) to off.
 */
class LockTimeoutTest {

    private static final String[] SHOWN = {"lock_timeout", "transaction_read_only", "statement_timeout",
        "search_path"};

    private static PostgresConnection connection(Map<String, Object> options, Map<String, Object> arguments) {
        TestPg pg = TestPg.get();
        return Golden.JSON.convertValue(map("hostPort", pg.hostPort(), "username", pg.user(),
                "authType", map("password", pg.password()), "database", "postgres",
                "connectionOptions", options, "connectionArguments", arguments), PostgresConnection.class);
    }

    /** What {@code SHOW} says in a session the client opened. */
    private static Map<String, String> shown(PostgresConnection config) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = new PostgresClient(config).open("postgres"); Statement s = c.createStatement()) {
            for (String name : SHOWN) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.put(name, rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void theServerRunsOurSessionsWithTheConfiguredLockTimeout() throws Exception {
        assertThat(shown(connection(null, null))).containsEntry("lock_timeout", "10s")
                .containsEntry("transaction_read_only", "on").containsEntry("statement_timeout", "5min");
        assertThat(shown(connection(map("lock_timeout", "250ms"), null))).containsEntry("lock_timeout", "250ms")
                .containsEntry("transaction_read_only", "on").containsEntry("statement_timeout", "5min");
        assertThat(shown(connection(map("lock_timeout", "250ms"), map("options",
                "-c lock_timeout=3min -c search_path=sales,\\ public"))))
                .containsEntry("lock_timeout", "3min").containsEntry("search_path", "sales, public")
                .containsEntry("transaction_read_only", "on").containsEntry("statement_timeout", "5min");
        assertThat(shown(connection(null, map("lock_timeout", 0)))).containsEntry("lock_timeout", "0");
    }

    @Test
    void catalogSessionsRunWithoutParallelWorkersUnlessTheUserSetsThem() throws Exception {
        PostgresConnection plain = connection(null, null);
        assertThat(shown(new PostgresClient(plain).forCatalogReads(), "max_parallel_workers_per_gather")).isEqualTo("0");
        // Sessions over a table's rows (profiler, tests) keep the server's parallel plans.
        assertThat(shown(new PostgresClient(plain), "max_parallel_workers_per_gather")).isNotEqualTo("0");
        PostgresConnection users = connection(null, map("options", "-c max_parallel_workers_per_gather=3"));
        assertThat(shown(new PostgresClient(users).forCatalogReads(), "max_parallel_workers_per_gather")).isEqualTo("3");
        // The catalog sessions keep every other setting.
        assertThat(shown(new PostgresClient(plain).forCatalogReads(), "lock_timeout")).isEqualTo("10s");
    }

    private static String shown(PostgresClient client, String setting) throws Exception {
        try (Connection c = client.open("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aCatalogQueryWaitingForALockFailsAtTheConfiguredTimeout() throws Exception {
        TestPg pg = TestPg.get();
        String db = pg.database("lock_timeout_test", false, "CREATE TABLE busy (id int)");
        PostgresConnection config = connection(map("lock_timeout", "300ms"), null).withDatabase(db);
        try (Connection holder = pg.jdbc(db)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"); // as an ALTER TABLE in progress does
            }
            SQLException failure = null;
            long started = System.nanoTime();
            try (Connection c = new PostgresClient(config).open(db); Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM busy").close();
            } catch (SQLException e) {
                failure = e;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            holder.rollback();

            assertThat((Throwable) failure).as("the query waits for the lock, then gives up").isNotNull();
            assertThat(failure.getSQLState()).isEqualTo("55P03"); // lock_not_available: canceled by lock_timeout
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aProfiledTableWhoseLockTimesOutIsAFailureNamingTheSettingAndItsFix() throws Exception {
        TestPg pg = TestPg.get();
        String db = pg.database("lock_timeout_profile", false, "CREATE TABLE busy (id int); INSERT INTO busy VALUES (1)");
        PostgresConnection config = connection(null, map("lock_timeout", "300ms")).withDatabase(db);
        List<Result<EntityRequest>> results;
        try (Connection holder = pg.jdbc(db)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
            }
            results = TestPg.readAll(new PostgresProfilerSource(new PostgresClient(config),
                    ProfilerTest.config("public", null, null, null, null, null, 1, null),
                    TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
            holder.rollback();
        }
        assertThat(results).filteredOn(r -> r instanceof Result.Failed<?>).singleElement().satisfies(r -> {
            StepError error = ((Result.Failed<?>) r).error();
            assertThat(error.name()).isEqualTo(TestPg.SERVICE + "." + db + ".public.busy");
            assertThat(error.error()).contains("lock_timeout (300 ms)")
                    .contains("connectionArguments.lock_timeout").contains("connectionArguments.options: \"-c lock_timeout=")
                    .contains("canceling statement due to lock timeout");
        });
    }

    @Test
    void onlyALockTimeoutIsExplainedAndAPlainNumberReadsAsMilliseconds() {
        SQLException timeout = new SQLException("ERROR: canceling statement due to lock timeout", "55P03");
        assertThat(new LockTimeout("10000").explain(timeout).getMessage()).startsWith("gave up after lock_timeout (10000 ms)");
        assertThat(new LockTimeout("10000").explain(timeout).getCause()).isSameAs(timeout);
        SQLException other = new SQLException("ERROR: permission denied for table busy", "42501");
        Throwable shown = new LockTimeout("10000").explain(other);
        assertThat(shown).isInstanceOf(io.metaingest.api.UserFacingMessage.class).hasCause(other);
        assertThat(((SQLException) shown).getSQLState()).isEqualTo("42501");
        assertThat(StepError.oneLine(shown)).isEqualTo("ERROR: permission denied for table busy");
        assertThat(StepError.oneLine(new LockTimeout("10000").explain(timeout))).startsWith("gave up after lock_timeout");
        IllegalStateException notSql = new IllegalStateException("bug");
        assertThat(new LockTimeout("10000").explain(notSql)).isSameAs(notSql);
    }

    /** README: keep lock_timeout below statement_timeout; the metadata run and its test say so when it is not. */
    @Test
    void aLockTimeoutNotBelowStatementTimeoutIsAWarningOfTheMetadataWorkflow() throws Exception {
        String lockPath = "source.serviceConnection.config.connectionArguments.lock_timeout";
        String expected = "lock_timeout 600000 ms is not below statement_timeout 300000 ms"
                + " (metaingest's default), so a catalog query waiting for a lock another session holds is cancelled"
                + " at statement_timeout and its database fails, instead of being read past the lock: lower"
                + " lock_timeout, or raise statement_timeout with source.serviceConnection.config.connectionArguments"
                + ".options: \"-c statement_timeout=20min\"";
        PostgresConnection above = connection(null, map("lock_timeout", "10min"));
        // The loaded workflow's warning (validate, test-connection and the run print it: SettingWarningsTest).
        assertThat(new PostgresSpec().settingWarnings(above, MetadataSourceTest.config(map())))
                .singleElement().satisfies(w -> {
                    assertThat("source." + w.path()).isEqualTo(lockPath);
                    assertThat(w.message()).isEqualTo(expected);
                });
        // So the source and the tester do not say it again.
        assertThat(MetadataSourceTest.run(above, map())).noneMatch(r -> r instanceof Result.Warning<?> w
                && w.message().contains("not below"));
        assertThat(new PostgresConnectionTester(new PostgresClient(above), TestPg.context(WorkflowKind.METADATA),
                java.util.Optional.empty()).test()).noneMatch(l -> l.contains("not below"));

        // The fix it suggests clears it.
        assertThat(LockTimeout.notBelowStatementTimeout(connection(null, map("lock_timeout", "10min",
                "options", "-c statement_timeout=20min")))).isEmpty();

        // A statement_timeout of the user's at or under our lock_timeout: named where it is set, the fix there.
        assertThat(LockTimeout.notBelowStatementTimeout(connection(null, map("options", "-c statement_timeout=10s"))))
                .hasValueSatisfying(w -> {
                    assertThat(w.path()).isEqualTo("source.serviceConnection.config.connectionArguments.options");
                    assertThat(w.message()).startsWith("lock_timeout 10000 ms (metaingest's default) is not below"
                            + " statement_timeout 10000 ms, so ")
                            .endsWith("lower lock_timeout, or raise statement_timeout above 10000 ms in"
                                    + " source.serviceConnection.config.connectionArguments.options");
                });
        // lock_timeout 0 waits without limit, so beyond any statement_timeout.
        assertThat(LockTimeout.notBelowStatementTimeout(connection(map("lock_timeout", "0"), null)))
                .hasValueSatisfying(w -> {
                    assertThat(w.path()).isEqualTo("source.serviceConnection.config.connectionOptions.lock_timeout");
                    assertThat(w.message()).startsWith("lock_timeout 0 (no limit) is not below statement_timeout"
                            + " 300000 ms (metaingest's default)")
                            .endsWith("lower lock_timeout, or give lock_timeout a limit below statement_timeout (10s,"
                                    + " metaingest's default)");
                });
        // Both the user's: the warning is named by lock_timeout's, and says where statement_timeout is set.
        assertThat(LockTimeout.notBelowStatementTimeout(connection(map("lock_timeout", "1min"),
                map("options", "-c statement_timeout=30s")))).hasValueSatisfying(w -> {
                    assertThat(w.path()).isEqualTo("source.serviceConnection.config.connectionOptions.lock_timeout");
                    assertThat(w.message()).startsWith("lock_timeout 60000 ms is not below statement_timeout 30000 ms"
                            + " (source.serviceConnection.config.connectionArguments.options), so ");
                });
        // Below it, or no statement_timeout at all: nothing to say.
        assertThat(LockTimeout.notBelowStatementTimeout(connection(null, null))).isEmpty();
        assertThat(LockTimeout.notBelowStatementTimeout(connection(map("lock_timeout", "4min"), null))).isEmpty();
        assertThat(LockTimeout.notBelowStatementTimeout(connection(null, map("lock_timeout", "10min",
                "options", "-c statement_timeout=0")))).isEmpty();
        assertThat(MetadataSourceTest.run(connection(null, null), map()))
                .noneMatch(r -> r instanceof Result.Warning<?> w && w.message().contains("not below statement_timeout"));
    }
}
