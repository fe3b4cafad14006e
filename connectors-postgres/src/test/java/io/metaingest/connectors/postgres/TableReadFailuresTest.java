package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.api.quality.TestSample;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A table a run cannot read, told with the fix that works: USAGE on a schema the role may not use
 * (GRANT SELECT cannot give it), a user mapping for a foreign table, and a missing column named as the
 * test names it rather than by the alias of the sampled rows.
 */
class TableReadFailuresTest {

    static final String ROLE = "mi_no_schema";
    static final String PASSWORD = "no-schema-secret";
    static final long NOW = 1_772_636_400_000L;
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        String[] hostPort = pg.hostPort().split(":");
        db = pg.database("read_failures", false,
                TestPg.loginRole(ROLE, PASSWORD), TestPg.role("mi_view_owner"),
                """
                CREATE SCHEMA secret;
                CREATE TABLE secret.salaries (id int, amount numeric);
                GRANT SELECT ON secret.salaries TO mi_no_schema;
                CREATE SCHEMA views;
                CREATE TABLE views.hidden (id int, s text);
                INSERT INTO views.hidden VALUES (1, 'x');
                CREATE VIEW views.v_hidden AS SELECT id, s FROM views.hidden;
                ALTER VIEW views.v_hidden OWNER TO mi_view_owner;
                CREATE SCHEMA shop;
                CREATE TABLE shop.items (id int, note text);
                INSERT INTO shop.items SELECT i, 'n' || i FROM generate_series(1, 50) i;
                CREATE EXTENSION IF NOT EXISTS postgres_fdw;
                CREATE SERVER loop FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '%s', port '%s', dbname 'read_failures');
                CREATE SCHEMA remote;
                CREATE FOREIGN TABLE remote.items (id int, note text) SERVER loop
                    OPTIONS (schema_name 'shop', table_name 'items');
                CREATE SERVER nowhere FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '127.0.0.1', port '1', dbname 'x');
                CREATE USER MAPPING FOR CURRENT_USER SERVER nowhere OPTIONS (user 'x', password 'x');
                CREATE SCHEMA gone;
                CREATE FOREIGN TABLE gone.items (id int) SERVER nowhere OPTIONS (schema_name 'shop', table_name 'items');
                CREATE FUNCTION views.boom() RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RAISE EXCEPTION 'boom'
                    USING DETAIL = 'the function refuses'; END $f$;
                CREATE VIEW views.v_boom AS SELECT views.boom() AS x;
                """.formatted(hostPort[0], hostPort[1]));
    }

    private static List<Result<EntityRequest>> profile(PostgresConnection connection, String schema) throws Exception {
        return TestPg.readAll(new PostgresProfilerSource(new PostgresClient(connection),
                ProfilerTest.config(schema, null, null, null, null, null, null, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
    }

    private static String failure(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Failed<?>)
                .map(r -> ((Result.Failed<?>) r).error().error()).findFirst().orElseThrow();
    }

    private static TestCase test(String table, String column, String definition, String... parameters) {
        List<TestCaseParameterValue> values = new java.util.ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        return new TestCase("t", definition, new EntityLink("svc." + db + "." + table, column), values);
    }

    @Test
    void theProfilerAsksForUsageOnASchemaTheRoleMayNotUse() throws Exception {
        String error = failure(profile(PostgresConnection.of(pg.hostPort(), ROLE, PASSWORD, db), "secret"));

        assertThat(error).contains("permission denied for schema secret")
                .endsWith(": run GRANT USAGE ON SCHEMA secret TO " + ROLE).doesNotContain("GRANT SELECT");
    }

    @Test
    void aTestOnASchemaTheRoleMayNotUseIsAbortedWithTheSameGrant() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(
                PostgresConnection.of(pg.hostPort(), ROLE, PASSWORD, db))) {
            TestCaseResult result = executor.run(test("secret.salaries", null, "tableRowCountToBeBetween",
                    "minValue", "0"), NOW);

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).contains("permission denied for schema secret")
                    .endsWith(": run GRANT USAGE ON SCHEMA secret TO " + ROLE).doesNotContain("GRANT SELECT");
        }
    }

    @Test
    void aViewWhoseOwnerMayNotReadItsTableNamesTheOwnersGrant() throws Exception {
        // The view's table is read with its owner's privileges, also when a superuser reads the view.
        String error = failure(TestPg.readAll(new PostgresProfilerSource(new PostgresClient(pg.connection(db)),
                ProfilerTest.config("views", "v_hidden", true, null, null, null, null, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK)));

        assertThat(error).isEqualTo("ERROR: permission denied for table hidden: view views.v_hidden reads views.hidden"
                + " with the privileges of its owner mi_view_owner, who may not (no grant to the reading role helps):"
                + " run GRANT SELECT ON views.hidden TO mi_view_owner");
    }

    @Test
    void aTestOnAViewWhoseOwnerMayNotReadItsTableNamesTheOwnersGrant() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult result = executor.run(test("views.v_hidden", null, "tableRowCountToBeBetween",
                    "minValue", "0"), NOW);

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).contains("permission denied for table hidden")
                    .endsWith(": run GRANT SELECT ON views.hidden TO mi_view_owner").doesNotContain("pg_read_all_data");
        }
    }

    /** The profiler and a test suite name a refused table's grant alike, quoting a part only when it must be. */
    @Test
    void aRefusedTableNamesOneGrantInTheProfilerAndInATestSuite() throws Exception {
        pg.execute(db, "CREATE SCHEMA IF NOT EXISTS crm; CREATE TABLE IF NOT EXISTS crm.secret (id int);"
                + " CREATE TABLE IF NOT EXISTS crm.\"User\" (id int); CREATE TABLE IF NOT EXISTS crm.\"user\" (id int);"
                + " GRANT USAGE ON SCHEMA crm TO " + ROLE);
        PostgresConnection reader = PostgresConnection.of(pg.hostPort(), ROLE, PASSWORD, db);
        List<String> profiled = profile(reader, "crm").stream().filter(r -> r instanceof Result.Failed<?>)
                .map(r -> ((Result.Failed<?>) r).error().error()).sorted().toList();
        List<String> tested = new java.util.ArrayList<>();
        try (PostgresTestExecutor executor = new PostgresTestExecutor(reader)) {
            for (String table : List.of("crm.secret", "crm.User", "crm.user")) {
                TestCaseResult result = executor.run(test(table, null, "tableRowCountToBeBetween", "minValue", "0"), NOW);
                assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
                tested.add(result.result());
            }
        }
        String fix = ": run GRANT SELECT ON %s TO " + ROLE + ", or GRANT pg_read_all_data TO " + ROLE;
        assertThat(profiled).hasSize(3).anySatisfy(e -> assertThat(e).endsWith(fix.formatted("crm.secret")))
                .anySatisfy(e -> assertThat(e).endsWith(fix.formatted("crm.\"User\"")))
                .anySatisfy(e -> assertThat(e).endsWith(fix.formatted("crm.\"user\"")));
        assertThat(tested.get(0)).endsWith(fix.formatted("crm.secret"));
        assertThat(tested.get(1)).endsWith(fix.formatted("crm.\"User\""));
        assertThat(tested.get(2)).endsWith(fix.formatted("crm.\"user\""));
    }

    @Test
    void aForeignTableWithoutAUserMappingSaysSoAndHowToFixIt() throws Exception {
        String error = failure(profile(pg.connection(db), "remote"));

        assertThat(error).contains("user mapping not found")
                .contains("remote.items is a foreign table, read through its foreign server")
                .contains("create a user mapping for " + pg.user() + " on that server")
                .endsWith("or leave the table out with source.sourceConfig.config.tableFilterPattern");
    }

    /**
     * A foreign table whose server cannot be reached: its failure, not this session's end. Before, the server's
     * "could not connect to server" (SQLSTATE 08001) was taken for PostgreSQL ending the profiler's connection:
     * "check what ends sessions (pg_terminate_backend, ...)", and the connection was dropped.
     */
    @Test
    void aForeignTableWhoseServerCannotBeReachedIsThatTablesFailureWithItsFix() throws Exception {
        String error = failure(profile(pg.connection(db), "gone"));

        assertThat(error).startsWith("ERROR: could not connect to server \"nowhere\"")
                .endsWith(": gone.items is a foreign table, read through its foreign server, which failed: fix what"
                        + " that server reads (its OPTIONS and the table's), or leave the table out with"
                        + " source.sourceConfig.config.tableFilterPattern")
                .doesNotContain("ended this table's connection");
    }

    /** The same in a test suite: the test is aborted with the server's error, not told its connection ended. */
    @Test
    void aTestOnAForeignTableWhoseServerCannotBeReachedIsAbortedWithThatError() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult result = executor.run(test("gone.items", null, "tableRowCountToBeBetween",
                    "minValue", "0"), NOW);

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).contains("could not connect to server \"nowhere\"")
                    .doesNotContain("ended this test's connection");
        }
    }

    /** A view whose query fails (a function it calls) says so, with what the server told of it and the way out. */
    @Test
    void aViewWhoseQueryFailsSaysSoWithTheServersDetailAndTheSettingThatLeavesItOut() throws Exception {
        String error = failure(TestPg.readAll(new PostgresProfilerSource(new PostgresClient(pg.connection(db)),
                ProfilerTest.config("views", "v_boom", true, null, null, null, null, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK)));

        assertThat(error).isEqualTo("ERROR: boom (the function refuses) (in PL/pgSQL function views.boom() line 1 at"
                + " RAISE): view views.v_boom failed while its query ran (a function or connection it uses): fix the"
                + " view, or leave it out with source.sourceConfig.config.tableFilterPattern");
    }

    @Test
    void aSampledTestOnAMissingColumnNamesItAsWrittenWithItsTable() throws Exception {
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult result = executor.run(test("shop.items", "nte", "columnValuesToBeNotNull"), NOW,
                    new TestSample("ROWS", 10.0, null));

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).contains("column \"nte\" of table shop.items does not exist")
                    .contains("Perhaps you meant to reference the column \"note\"")
                    .doesNotContain("metaingest_sample").doesNotContain("Position");
        }
    }
}
