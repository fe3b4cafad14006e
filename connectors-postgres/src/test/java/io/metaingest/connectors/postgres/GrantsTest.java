package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.UsageRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real restricted role: USAGE on one schema, none on the other. test-connection names the missing
 * grant with the statement that fixes it; a run warns with that statement and goes on.
 */
class GrantsTest {

    static final String ROLE = "mi_limited";
    static final String PASSWORD = "limited-secret";
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void setUp() {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        db = pg.database("grants_db", true,
                TestPg.loginRole(ROLE, PASSWORD),
                """
                CREATE SCHEMA open_s;
                CREATE SCHEMA closed_s;
                CREATE TABLE closed_s.secrets (id int, v text);
                CREATE TABLE open_s.copies (id int, v text);
                GRANT USAGE ON SCHEMA open_s TO mi_limited;
                """);
        pg.resetQueryLog(db);
        pg.execute(db, "INSERT INTO open_s.copies SELECT id, v FROM closed_s.secrets");
        pg.execute(db, "SELECT count(*) FROM closed_s.secrets");
    }

    static PostgresConnection limited() {
        return PostgresConnection.of(pg.hostPort(), ROLE, PASSWORD, db);
    }

    static void statsRole(boolean granted) {
        pg.execute(db, (granted ? "GRANT pg_read_all_stats TO " : "REVOKE pg_read_all_stats FROM ") + ROLE);
    }

    static List<String> test(WorkflowKind kind) throws ConnectionException {
        return new PostgresConnectionTester(new PostgresClient(limited()), TestPg.context(kind), Optional.empty()).test();
    }

    @Test
    void testConnectionNamesTheMissingGrantForTheWorkflow() throws Exception {
        statsRole(true);
        // Usage and lineage runs warn and go on (GrantsTest's runs below): their test passes with that warning.
        assertThat(test(WorkflowKind.USAGE)).contains("warning: no USAGE on schema closed_s in database \"grants_db\","
                + " so queries that name its tables without the schema are left out of usage: run GRANT USAGE ON SCHEMA"
                + " closed_s TO mi_limited");
        assertThat(test(WorkflowKind.LINEAGE)).contains("warning: no USAGE on schema closed_s in database \"grants_db\","
                + " so queries that name its tables without the schema are left out of query lineage: run GRANT USAGE"
                + " ON SCHEMA closed_s TO mi_limited");
        // The metadata workflow reads only the catalog: it passes, with the fix on a warning line.
        assertThat(test(WorkflowKind.METADATA)).contains(
                "warning: no USAGE on schema closed_s (the catalog describes them, but lineage, usage and profiling"
                        + " cannot read them): run GRANT USAGE ON SCHEMA closed_s TO mi_limited");
        // A test suite reads only the tables its tests name, which the tester is not told: no word of schemas.
        assertThat(test(WorkflowKind.TESTSUITE)).noneMatch(l -> l.contains("USAGE"));
    }

    /** What test-connection says of a missing USAGE is what the run says: a warning, the run going on. */
    @Test
    void testConnectionOfUsageAndLineageWarnsAsTheirRunsDo() throws Exception {
        statsRole(true);
        DatabaseUsageConfig usage = Golden.JSON.convertValue(map(), DatabaseUsageConfig.class);
        String usageRun = warning(TestPg.readAll(new PostgresUsageSource(new PostgresClient(limited()), usage,
                TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT)));
        assertThat(test(WorkflowKind.USAGE)).filteredOn(l -> l.contains("USAGE")).singleElement().asString()
                .startsWith("warning: ").contains(usageRun.substring(usageRun.indexOf(", so ")));
        DatabaseLineageConfig lineage = Golden.JSON.convertValue(map(), DatabaseLineageConfig.class);
        String lineageRun = warning(TestPg.readAll(new PostgresLineageSource(new PostgresClient(limited()), lineage,
                TestPg.context(WorkflowKind.LINEAGE))));
        assertThat(test(WorkflowKind.LINEAGE)).filteredOn(l -> l.contains("USAGE")).singleElement().asString()
                .startsWith("warning: ").contains(lineageRun.substring(lineageRun.indexOf(", so ")));
    }

    @Test
    void testConnectionAsksForEveryUsersQueriesForUsage() throws Exception {
        pg.execute(db, "GRANT USAGE ON SCHEMA closed_s TO " + ROLE);
        try {
            statsRole(false);
            ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> test(WorkflowKind.USAGE));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).isEqualTo("user \"mi_limited\" sees only its own queries in pg_stat_statements,"
                    + " so usage misses everyone else's: run GRANT pg_read_all_stats TO mi_limited");
            statsRole(true);
            assertThat(test(WorkflowKind.USAGE)).contains("has USAGE on every schema the workflow reads",
                    "pg_stat_statements is readable with every user's queries (pg_read_all_stats)");
        } finally {
            pg.execute(db, "REVOKE USAGE ON SCHEMA closed_s FROM " + ROLE);
            statsRole(true);
        }
    }

    static String warning(List<Result<EntityRequest>> results) {
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        return results.stream().filter(r -> r instanceof Result.Warning<?> w
                        && w.name().equals(TestPg.SERVICE + ".grants_db.closed_s"))
                .map(r -> ((Result.Warning<?>) r).message()).findFirst()
                .orElseThrow(() -> new AssertionError("no warning for closed_s in " + results));
    }

    @Test
    void usageWarnsAndCountsTheUnreadableSchemasTables() throws Exception {
        statsRole(true);
        DatabaseUsageConfig config = Golden.JSON.convertValue(map(), DatabaseUsageConfig.class);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresUsageSource(new PostgresClient(limited()),
                config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT));
        assertThat(warning(results)).endsWith("run GRANT USAGE ON SCHEMA closed_s TO mi_limited");
        assertThat(TestPg.records(results)).filteredOn(r -> r instanceof UsageRequest).map(r -> (UsageRequest) r)
                .anySatisfy(u -> {
                    assertThat(u.entity().fullyQualifiedName()).isEqualTo(TestPg.SERVICE + ".grants_db.closed_s.secrets");
                    assertThat(u.count()).isEqualTo(2);
                });
    }

    @Test
    void usageWithoutEveryUsersQueriesWarnsOnceWithTheGrantAndParsesNoHiddenStatement() throws Exception {
        statsRole(false);
        try {
            DatabaseUsageConfig config = Golden.JSON.convertValue(map(), DatabaseUsageConfig.class);
            List<Result<EntityRequest>> results = TestPg.readAll(new PostgresUsageSource(new PostgresClient(limited()),
                    config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT));
            List<String> warnings = results.stream().filter(r -> r instanceof Result.Warning<?>)
                    .map(r -> ((Result.Warning<?>) r).message()).toList();
            assertThat(warnings).contains("user \"mi_limited\" sees only its own queries in pg_stat_statements, so usage"
                    + " misses everyone else's: run GRANT pg_read_all_stats TO mi_limited");
            assertThat(warnings).noneMatch(w -> w.contains(QueryLog.HIDDEN) || w.contains("cannot be parsed"));
        } finally {
            statsRole(true);
        }
    }

    @Test
    void queryLineageWarnsAndGoesOn() throws Exception {
        statsRole(true);
        DatabaseLineageConfig config = Golden.JSON.convertValue(map(), DatabaseLineageConfig.class);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresLineageSource(new PostgresClient(limited()),
                config, TestPg.context(WorkflowKind.LINEAGE)));
        assertThat(warning(results)).contains("left out of query lineage");
        assertThat(TestPg.records(results)).singleElement().satisfies(r -> {
            AddLineageRequest edge = (AddLineageRequest) r;
            assertThat(edge.edge().fromEntity().fullyQualifiedName()).isEqualTo(TestPg.SERVICE + ".grants_db.closed_s.secrets");
            assertThat(edge.edge().toEntity().fullyQualifiedName()).isEqualTo(TestPg.SERVICE + ".grants_db.open_s.copies");
        });
    }

    @Test
    void aTableTheProfilerMayNotReadIsItsFailureWithTheGrantThatFixesIt() throws Exception {
        // USAGE on open_s but no SELECT on its table.
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(new PostgresClient(limited()),
                ProfilerTest.config("open_s", "copies", null, null, null, null, null, null),
                TestPg.context(WorkflowKind.PROFILER), Clock.systemUTC()));

        assertThat(results).filteredOn(Result.Failed.class::isInstance).singleElement().isInstanceOfSatisfying(Result.Failed.class, failed ->
                assertThat(failed.error().error()).contains("permission denied for table copies")
                        .contains("run GRANT SELECT ON open_s.copies TO mi_limited, or GRANT pg_read_all_data TO mi_limited")
                        .doesNotContain("\n"));
    }

    @Test
    void metadataWarnsAndStillDescribesTheTables() throws Exception {
        List<Result<EntityRequest>> results = MetadataSourceTest.run(limited(), map());
        assertThat(warning(results)).endsWith("run GRANT USAGE ON SCHEMA closed_s TO mi_limited");
        assertThat(TestPg.records(results)).anyMatch(r -> r instanceof CreateTableRequest t && t.name().equals("secrets"));
    }
}
