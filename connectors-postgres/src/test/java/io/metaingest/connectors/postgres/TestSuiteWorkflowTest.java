package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test suite workflow ({@code source.type: testsuite}) over two databases of the embedded server,
 * each listed as its own service in {@code serviceConnections}: every test definition passes once and
 * fails once on the rows written here, with OpenMetadata's result values; tests that cannot run are
 * Aborted with the reason while the others run; no password reaches any output.
 */
class TestSuiteWorkflowTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);
    static final String WRONG_PASSWORD = "Wr0ng-Canary-Pw";

    static final TestPg pg = TestPg.get();

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        pg.database("dq_sales", true, """
                CREATE TABLE orders (id int PRIMARY KEY, amount numeric(8,2), status text, code text);
                INSERT INTO orders VALUES (1, 10.50, 'new', 'A-1'), (2, 20, 'paid', 'B-22'), (3, 99.25, 'paid', NULL);
                CREATE SEQUENCE order_numbers;
                """);
        pg.database("dq_crm", false, """
                CREATE TABLE customers (id int, email text, country text);
                INSERT INTO customers VALUES (1, 'a@x.io', 'DE'), (2, 'b@x.io', 'NA'), (2, NULL, '');
                """);
    }

    private record Run(RunResult result, Map<String, JsonNode> results, String stdout, String stderr,
                       String ndjson, String report) {
    }

    private Run runSuite() throws Exception {
        Path out = dir.resolve("results.ndjson");
        Path report = dir.resolve("report.json");
        Map<String, String> env = Map.of("HOST_PORT", pg.hostPort(), "PG_USER", pg.user(),
                "PG_PASSWORD", pg.password(), "OUT", out.toString());
        Path workflow = dir.resolve("suite.yaml");
        Files.writeString(workflow, TestPg.resource("/quality/suite.yaml"));
        Metaingest runtime = Workflows.runtime(CLOCK, env);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        RunResult result = runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.of(report),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                false, true));
        return new Run(result, byName(out), stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                Files.readString(out), Files.readString(report));
    }

    /** The test case results a suite's file sink wrote to {@code out}, by test case name. */
    private static Map<String, JsonNode> byName(Path out) throws Exception {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode line : Workflows.lines(out)) {
            assertThat(line.path("entityType").asText()).isEqualTo("testCaseResult");
            byName.put(line.at("/entity/testCase/name").asText(), line.get("entity"));
        }
        return byName;
    }

    private static String values(JsonNode result) {
        StringBuilder text = new StringBuilder();
        result.path("testResultValue").forEach(v -> text.append(text.length() == 0 ? "" : ", ")
                .append(v.path("name").asText()).append('=').append(v.path("value").isNull() ? "null" : v.path("value").asText()));
        return result.path("testCaseStatus").asText() + " " + text;
    }

    @Test
    void everyDefinitionPassesOnceAndFailsOnceWithOpenMetadatasResultValues() throws Exception {
        Run run = runSuite();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("orders_rows_ok", "Success rowCount=3");
        expected.put("customers_rows_max_2", "Failed rowCount=3");
        expected.put("orders_columns_ok", "Success columnCount=4");
        expected.put("customers_columns_5", "Failed columnCount=3");
        expected.put("orders_amount_exists", "Success columnNameExits=True");
        expected.put("customers_phone_exists", "Failed columnNameExits=False");
        expected.put("id_not_null", "Success nullCount=0");
        expected.put("code_not_null", "Failed nullCount=1");
        expected.put("id_unique", "Success valueCount=3, uniqueCount=3");
        expected.put("customer_id_unique", "Failed valueCount=3, uniqueCount=1");
        expected.put("amount_between_ok", "Success min=10.5, max=99.25");
        expected.put("amount_below_50", "Failed min=10.5, max=99.25");
        expected.put("code_format", "Success likeCount=2");
        expected.put("email_on_y", "Failed likeCount=0");
        expected.put("status_known", "Success allowedValueCount=3");
        expected.put("country_fr", "Failed allowedValueCount=0");
        expected.put("code_length_ok", "Success minValueLength=3, maxValueLength=4");
        expected.put("email_short", "Failed minValueLength=6, maxValueLength=6");
        expected.put("country_missing_2", "Success nullCount=2");
        expected.put("email_missing_0", "Failed nullCount=1");
        expected.put("no_negative_amounts", "Success resultRowCount=0");
        expected.put("emails_present", "Failed resultRowCount=1");
        expected.put("counted_customers", "Success resultRowCount=3");
        // The test's own connection runs under the executor's statement timeout (300 s).
        expected.put("session_timeout_seconds", "Success resultRowCount=300");
        expected.put("rows_equal_3", "Success rowCount=3");
        expected.put("customers_rows_equal_2", "Failed rowCount=3");
        expected.put("orders_columns_between", "Success columnCount=4");
        expected.put("customers_columns_at_least_4", "Failed columnCount=3");
        expected.put("orders_column_set", "Success columnNames=1");
        expected.put("customers_columns_ordered", "Failed columnNames=0");
        expected.put("code_not_lowercase", "Success notLikeCount=0");
        expected.put("email_not_on_x", "Failed notLikeCount=2");
        expected.put("status_not_cancelled", "Success countForbiddenValues=0");
        expected.put("country_not_na", "Failed countForbiddenValues=2");
        expected.put("amount_max_ok", "Success max=99.25");
        expected.put("amount_max_below_50", "Failed max=99.25");
        expected.put("amount_min_ok", "Success min=10.5");
        expected.put("customer_id_min_2", "Failed min=1");
        expected.put("amount_mean_ok", "Success mean=43.25");
        expected.put("customer_id_mean", "Failed mean=1.6666666666666667");
        expected.put("amount_median_ok", "Success median=20");
        expected.put("customer_id_median", "Failed median=2");
        expected.put("id_stddev_ok", "Success stddev=0.81649658092772603273");
        expected.put("customer_id_stddev", "Failed stddev=0.47140452079103168293");
        expected.put("amount_sum_ok", "Success sum=129.75");
        expected.put("customer_id_sum", "Failed sum=5");
        expected.forEach((name, outcome) -> assertThat(values(run.results().get(name))).as(name).isEqualTo(outcome));
        assertThat(run.results().get("customers_columns_ordered").path("result").asText())
                .isEqualTo("Found 3 columns, in another order; expected [id, country, email] in this order");
        assertThat(run.results().get("email_not_on_x").path("result").asText())
                .isEqualTo("Found 2 of 2 values matching the forbidden regex @x\\.io$");
        assertThat(run.results().get("amount_max_below_50").path("result").asText())
                .isEqualTo("Found max=99.25; expected between 0 and 50");

        JsonNode columnTest = run.results().get("customer_id_unique");
        assertThat(columnTest.path("testCaseFQN").asText()).isEqualTo("crm_pg.dq_crm.public.customers.id.customer_id_unique");
        assertThat(columnTest.path("timestamp").asLong()).isEqualTo(CLOCK.millis());
        assertThat(columnTest.at("/testCase/entityLink").asText())
                .isEqualTo("<#E::table::crm_pg.dq_crm.public.customers::columns::id>");
        assertThat(run.results().get("orders_rows_ok").path("testCaseFQN").asText())
                .isEqualTo("sales_pg.dq_sales.public.orders.orders_rows_ok");
        assertThat(run.results().get("code_not_null").at("/testCase/entityLink").asText())
                .isEqualTo("<#E::table::sales_pg.dq_sales.public.orders::columns::code>");
    }

    @Test
    void theSuitesStatementsCarryTheMarkerSoTheyNeverCountAsUsage() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        pg.resetQueryLog("dq_sales");
        runSuite();
        List<String> statements = new java.util.ArrayList<>();
        try (java.sql.Connection c = pg.jdbc("dq_sales"); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_statements"
                     + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                     + " AND query LIKE '%\"orders\"%'")) {
            while (rs.next()) {
                statements.add(rs.getString(1));
            }
        }
        assertThat(statements).isNotEmpty().allSatisfy(sql -> assertThat(sql).startsWith(OwnStatements.MARKER));
    }

    @Test
    void testsThatCannotRunAreAbortedWithTheReasonAndTheRunStillSucceeds() throws Exception {
        Run run = runSuite();

        assertThat(reason(run, "missing_table")).contains("public.nope").contains("does not exist");
        assertThat(reason(run, "unlisted_service")).contains("billing_pg")
                .contains("not listed in source.sourceConfig.config.serviceConnections");
        assertThat(reason(run, "bad_parameter")).contains("minValue").contains("'ten' is not a number");
        assertThat(reason(run, "missing_column")).contains("column").contains("nope").contains("does not exist");
        assertThat(reason(run, "sneaky_write")).contains("read-only transaction");
        assertThat(reason(run, "max_unbounded"))
                .isEqualTo("set minValueForMaxInCol or maxValueForMaxInCol (or both) in parameterValues");
        assertThat(run.results()).hasSize(52).doesNotContainKey("locked_out");

        // Failed and Aborted tests are results; a service that refuses the password is the step's failure.
        assertThat(run.result().steps()).extracting(StepSummary::name).containsExactly("testsuite", "orm-test-runner", "file");
        assertThat(run.result().steps()).extracting(StepSummary::records).containsExactly(53L, 52L, 52L);
        assertThat(run.result().steps().get(1).failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("locked_pg.dq_crm.public.customers.locked_out");
            assertThat(f.error()).startsWith("service locked_pg: authentication failed for user")
                    .endsWith("(the test did not run)")
                    // The field to fix is named in this service's entry of the suite, not where a single service's is.
                    .containsPattern("source\\.sourceConfig\\.config\\.serviceConnections\\[\\d+]\\.serviceConnection\\.config"
                            + "\\.authType\\.password")
                    .doesNotContain("source.serviceConnection.config");
        });
        assertThat(run.result().state()).isNotEqualTo(RunState.SUCCESS);
    }

    @Test
    void noPasswordReachesTheOutputTheReportOrTheConsole() throws Exception {
        Run run = runSuite();

        for (String output : List.of(run.ndjson(), run.report(), run.stdout(), run.stderr())) {
            assertThat(output).doesNotContain(pg.password()).doesNotContain(WRONG_PASSWORD);
        }
        // The failed login is reported, by user and host, without the password it tried.
        assertThat(run.report()).contains("authentication failed for user");
    }

    @Test
    void theResultsReachOpenMetadataWithTheirTestCasesAndNoPassword() throws Exception {
        String token = "suite-bot-jwt-Z9";
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(token)) {
            seedTable(server, "sales_pg.dq_sales.public.orders", "id", "amount", "status", "code");
            seedTable(server, "crm_pg.dq_crm.public.customers", "id", "email", "country");
            Path workflow = dir.resolve("suite-rest.yaml");
            String suite = TestPg.resource("/quality/suite.yaml");
            Files.writeString(workflow, suite.substring(0, suite.indexOf("sink:")) + """
                    sink:
                      type: metadata-rest
                      config: {}
                    workflowConfig:
                      openMetadataServerConfig:
                        hostPort: %s
                        authProvider: openmetadata
                        securityConfig:
                          jwtToken: %s
                    """.formatted(server.hostPort(), token));
            Map<String, String> env = Map.of("HOST_PORT", pg.hostPort(), "PG_USER", pg.user(),
                    "PG_PASSWORD", pg.password());
            Metaingest runtime = Workflows.runtime(CLOCK, env);
            Path report = dir.resolve("rest-report.json");
            RunResult result = runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.of(report),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false, false));

            // The results on tables and columns the server knows land; the others are the sink's failures.
            StepSummary sink = result.steps().get(2);
            assertThat(sink.name()).isEqualTo("metadata-rest");
            assertThat(sink.records()).isEqualTo(49);
            assertThat(sink.failures()).extracting(f -> f.name()).containsExactlyInAnyOrder(
                    "sales_pg.dq_sales.public.nope.missing_table", "billing_pg.db.public.invoices.unlisted_service",
                    "sales_pg.dq_sales.public.orders.nope.missing_column");
            assertThat(result.steps().get(1).failures()).extracting(f -> f.name())
                    .containsExactly("locked_pg.dq_crm.public.customers.locked_out");
            assertThat(server.testCaseResults("crm_pg.dq_crm.public.customers.id.customer_id_unique"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.path("testCaseStatus").asText()).isEqualTo("Failed");
                        assertThat(r.path("timestamp").asLong()).isEqualTo(CLOCK.millis());
                        assertThat(r.path("testResultValue").toString()).isEqualTo(
                                "[{\"name\":\"valueCount\",\"value\":\"3\"},{\"name\":\"uniqueCount\",\"value\":\"1\"}]");
                    });
            assertThat(server.entity("testCase", "sales_pg.dq_sales.public.orders.amount.amount_between_ok")
                    .path("parameterValues").toString()).isEqualTo(
                    "[{\"name\":\"minValue\",\"value\":\"10\"},{\"name\":\"maxValue\",\"value\":\"100\"}]");
            assertThat(server.entity("testSuite", "crm_pg.dq_crm.public.customers.testSuite")).isNotNull();
            assertThat(server.calls()).noneMatch(c -> c.path().contains("/executable") || c.path().contains("/services/"))
                    .noneMatch(c -> String.valueOf(c.body()).contains(pg.password())
                            || String.valueOf(c.body()).contains(WRONG_PASSWORD));
            assertThat(Files.readString(report)).doesNotContain(pg.password()).doesNotContain(WRONG_PASSWORD);

            // A second run keeping no test case in the file runs those the server keeps for the basic suite.
            String fromServer = Files.readString(workflow);
            Files.writeString(workflow, fromServer.substring(0, fromServer.indexOf("processor:"))
                    + "processor:\n  type: orm-test-runner\n  config: {}\n"
                    + fromServer.substring(fromServer.indexOf("sink:")));
            // A minute later: the server keeps one result per test case and timestamp.
            Metaingest later = Workflows.runtime(Clock.offset(CLOCK, java.time.Duration.ofMinutes(1)), env);
            RunResult second = Workflows.ingest(later, workflow);
            assertThat(second.steps()).extracting(StepSummary::records).containsExactly(27L, 27L, 27L);
            assertThat(server.testCaseResults("sales_pg.dq_sales.public.orders.amount.amount_below_50"))
                    .extracting(r -> r.path("testCaseStatus").asText()).containsExactly("Failed", "Failed");
            assertThat(server.testCaseResults("crm_pg.dq_crm.public.customers.id.customer_id_unique")).hasSize(1);
        }
    }

    private static void seedTable(OpenMetadataStandIn server, String fqn, String... columns) {
        com.fasterxml.jackson.databind.node.ObjectNode table = Mappers.standard().createObjectNode()
                .put("name", fqn.substring(fqn.lastIndexOf('.') + 1));
        for (String column : columns) {
            table.withArray("columns").addObject().put("name", column).put("dataType", "VARCHAR");
        }
        server.seed("table", fqn, table);
    }

    private static String reason(Run run, String name) {
        JsonNode result = run.results().get(name);
        assertThat(result.path("testCaseStatus").asText()).as(name).isEqualTo("Aborted");
        return result.path("result").asText();
    }

    @Test
    void aTestWhoseTableIsLockedIsAbortedWithTheLockTimeoutAndItsFixWhileTheOthersPass() throws Exception {
        String db = pg.database("dq_locks", false, """
                CREATE TABLE busy (id int); INSERT INTO busy VALUES (1);
                CREATE TABLE free (id int); INSERT INTO free VALUES (1), (2);
                """);
        Path out = dir.resolve("locks.ndjson");
        String connection = Workflows.connection(pg.hostPort(), pg.user(), pg.password(), db,
                ", connectionArguments: {lock_timeout: 200ms}");
        Path workflow = Workflows.testSuite(dir.resolve("locks.yaml"), "locks_suite", "entityFullyQualifiedName: locks_pg."
                + db + ".public.free\nserviceConnections:\n" + Workflows.suiteService("locks_pg", connection), """
                - {name: free_before, testDefinitionName: tableRowCountToBeBetween, parameterValues: [{name: minValue, value: 2}]}
                - name: busy_rows
                  testDefinitionName: tableRowCountToBeBetween
                  entityLink: <#E::table::locks_pg.%s.public.busy>
                  parameterValues: [{name: minValue, value: 1}]
                - {name: free_after, testDefinitionName: tableRowCountToBeBetween, parameterValues: [{name: maxValue, value: 2}]}
                - {name: bad_sql, testDefinitionName: tableCustomSQLQuery, parameterValues: [{name: sqlExpression, value: "SELECT no_such_col FROM free"}]}
                """.formatted(db), out);
        Metaingest runtime = Workflows.runtime(CLOCK, Map.of());
        RunResult result;
        try (java.sql.Connection holder = pg.jdbc(db)) {
            holder.setAutoCommit(false);
            try (java.sql.Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"); // as an ALTER TABLE in progress does
            }
            result = Workflows.ingestAtDebug(runtime, workflow);
            holder.rollback();
        }
        Map<String, JsonNode> results = byName(out);

        assertThat(result.connectionFailure()).isFalse();
        assertThat(values(results.get("free_before"))).isEqualTo("Success rowCount=2");
        assertThat(values(results.get("free_after"))).as("the locked test's rollback leaves the connection usable")
                .isEqualTo("Success rowCount=2");
        assertThat(results.get("busy_rows").path("testCaseStatus").asText()).isEqualTo("Aborted");
        assertThat(results.get("busy_rows").path("result").asText())
                .startsWith("tableRowCountToBeBetween on public.busy could not run: ")
                .contains("lock_timeout (200 ms)").contains("connectionArguments.lock_timeout")
                .contains("connectionArguments.options: \"-c lock_timeout=")
                .contains("canceling statement due to lock timeout").doesNotContain("\n").doesNotContain("SQLException");
        // The server's error as users read it: no driver class in front, no position in our SQL.
        assertThat(results.get("bad_sql").path("testCaseStatus").asText()).isEqualTo("Aborted");
        assertThat(results.get("bad_sql").path("result").asText())
                .isEqualTo("tableCustomSQLQuery test case bad_sql on public.free could not run its sqlExpression"
                        + " (SELECT no_such_col FROM free): ERROR: column \"no_such_col\" does not exist");
    }

    @Test
    void aSuiteWhoseOnlyServiceRefusesThePasswordIsAConnectionFailure() throws Exception {
        String wrongPassword = Workflows.connection(pg.hostPort(), pg.user(), WRONG_PASSWORD, "dq_sales", "");
        Path workflow = ordersSuite(dir.resolve("only.yaml"), "only_suite", Workflows.suiteService("sales_pg", wrongPassword),
                dir.resolve("only.ndjson"));
        RunResult result = Workflows.ingestAtDebug(Workflows.runtime(CLOCK, Map.of()), workflow);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).startsWith("connection failed: service sales_pg: authentication failed for user")
                .doesNotContain(WRONG_PASSWORD);
    }

    /** A suite {@code name} of one row-count test of sales_pg.dq_sales.public.orders, on {@code services}. */
    private static Path ordersSuite(Path file, String name, String services, Path out) throws Exception {
        return Workflows.testSuite(file, name, "entityFullyQualifiedName: sales_pg.dq_sales.public.orders\n"
                        + "serviceConnections:\n" + services,
                "- {name: rows, testDefinitionName: tableRowCountToBeBetween, parameterValues: [{name: minValue, value: 1}]}", out);
    }

    @Test
    void testConnectionChecksEachPostgresServiceOfTheSuite() throws Exception {
        Path workflow = ordersSuite(dir.resolve("check.yaml"), "check_suite",
                Workflows.suiteService("sales_pg", Workflows.connection(pg, "dq_sales"))
                        + Workflows.suiteService("crm_pg", Workflows.connection(pg, "dq_crm")), dir.resolve("check.ndjson"));

        assertThat(Workflows.runtime(CLOCK, Map.of()).testConnection(workflow).passed())
                .contains("sales_pg: connected to database \"dq_sales\" at " + pg.hostPort() + " as \"" + pg.user() + "\"",
                        "crm_pg: connected to database \"dq_crm\" at " + pg.hostPort() + " as \"" + pg.user() + "\"")
                .noneMatch(line -> line.contains(pg.password()));
    }
}
