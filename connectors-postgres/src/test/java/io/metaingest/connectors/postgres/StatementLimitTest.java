package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A statement_timeout the user sets in the connection holds on the sessions that read rows, as the
 * README promises ("a setting of the same name winning"): test suites and auto-classification no longer
 * set metaingest's 5 minutes over it, and the profiler's timeoutSeconds holds only when shorter.
 */
class StatementLimitTest {

    static final long NOW = 1_772_636_400_000L;
    static final String OPTIONS = "source.serviceConnection.config.connectionArguments.options";

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("dq_statement_limit", false, "CREATE TABLE orders (id int); INSERT INTO orders VALUES (1)");
    }

    private static PostgresConnection withArguments(Map<String, Object> arguments) {
        PostgresConnection base = pg.connection(db);
        return new PostgresConnection(base.type(), base.scheme(), base.hostPort(), base.username(), base.authType(),
                base.database(), null, null, null, null, null, arguments);
    }

    @Test
    void aUserTimeoutShorterThanATestsQueryAbortsItNamingTheSetting() throws Exception {
        TestCase sleepy = new TestCase("sleepy", "tableCustomSQLQuery", new EntityLink("svc." + db + ".public.orders",
                null), List.of(new TestCaseParameterValue("sqlExpression", "SELECT pg_sleep(2) FROM orders")));
        try (PostgresTestExecutor executor = new PostgresTestExecutor(
                withArguments(Map.of("options", "-c statement_timeout=300")))) {
            TestCaseResult result = executor.run(sleepy, NOW);

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).contains("cancelled after statement_timeout in " + OPTIONS + " (300 ms):"
                    + " the test's statement took longer; raise it there").doesNotContain("\n")
                    .as("a custom query runs as written: no sample would make it shorter").doesNotContain("profileSample");
        }
    }

    @Test
    void theProfilersWorkersKeepAShorterUserTimeoutAndNameIt() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Result<EntityRequest>> results;
        try (TableWorkers workers = new TableWorkers(new PostgresClient(withArguments(
                Map.of("options", "-c statement_timeout=300"))), TestPg.SERVICE, null, new TableScope(null, null, false),
                1, 60_000)) {
            results = workers.run("test", (c, target, fqn) -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                    rs.next();
                    seen.add(rs.getString(1));
                    s.execute("SELECT pg_sleep(2)");
                }
                return List.of(Result.warning(fqn, "read"));
            }).filter(r -> !(r instanceof Result.Filtered<?>)).toList();
        }
        assertThat(seen).containsExactly("300ms");
        assertThat(results).singleElement().isInstanceOfSatisfying(Result.Failed.class, f ->
                assertThat(f.error().error()).contains("cancelled after statement_timeout in " + OPTIONS + " (300 ms)"));
    }

    @Test
    void oneRuleForEveryStep() {
        PostgresConnection none = pg.connection(db);
        PostgresConnection user = withArguments(Map.of("options", "-c statement_timeout=2s"));
        PostgresConnection unlimited = withArguments(Map.of("options", "-c statement_timeout=0"));
        String userSetting = "statement_timeout in " + OPTIONS;

        // No limit of the step's own: the session's, the user's or metaingest's default.
        assertThat(StatementLimit.of(none, OptionalLong.empty(), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(300_000, "statement_timeout (metaingest's default)"));
        assertThat(StatementLimit.of(user, OptionalLong.empty(), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(2_000, userSetting));
        // The step's limit replaces metaingest's default, and holds beside the user's when shorter.
        assertThat(StatementLimit.of(none, OptionalLong.of(600_000), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(600_000, "timeoutSeconds"));
        assertThat(StatementLimit.of(user, OptionalLong.of(600_000), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(2_000, userSetting));
        assertThat(StatementLimit.of(user, OptionalLong.of(1_000), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(1_000, "timeoutSeconds"));
        // 0 is no limit: the other one holds.
        assertThat(StatementLimit.of(unlimited, OptionalLong.of(1_000), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(1_000, "timeoutSeconds"));
        assertThat(StatementLimit.of(unlimited, OptionalLong.empty(), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(0, "statement_timeout in " + OPTIONS));
        // connectionArguments win over connectionOptions, so the message names the one in force.
        PostgresConnection base = pg.connection(db);
        PostgresConnection both = new PostgresConnection(base.type(), base.scheme(), base.hostPort(),
                base.username(), base.authType(), base.database(), null, null, null, null,
                Map.of("options", "-c statement_timeout=1s"), Map.of("options", "-c statement_timeout=3s"));
        assertThat(StatementLimit.of(both, OptionalLong.empty(), "timeoutSeconds"))
                .isEqualTo(new StatementLimit(3_000, userSetting));
    }
}
