package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ConnectionException.Reason;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.runtime.Metaingest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test-connection: each failure class has its own reason and a one-line, secret-free message. */
class ConnectionTesterTest {

    static final TestPg pg = TestPg.get();

    @BeforeAll
    static void setUp() {
        // A database whose catalog a plain role may not read, and that role.
        pg.database("locked_catalog", false, TestPg.loginRole("mi_reader", "reader-secret"),
                "REVOKE SELECT ON pg_catalog.pg_class FROM PUBLIC");
        // Three tables the profiler would read; one role may read only the first, one all, one through
        // pg_read_all_data.
        pg.database("profiler_grants", false, TestPg.loginRole("mi_no_select", "no-select-secret"),
                TestPg.loginRole("mi_select", "select-secret"), TestPg.loginRole("mi_read_all", "read-all-secret"), """
                GRANT pg_read_all_data TO mi_read_all;
                CREATE SCHEMA hr;
                CREATE TABLE public.orders (id int);
                CREATE TABLE public.secrets (id int);
                CREATE TABLE hr.payroll (id int);
                GRANT USAGE ON SCHEMA hr TO mi_no_select, mi_select;
                GRANT SELECT ON public.orders TO mi_no_select;
                GRANT SELECT ON ALL TABLES IN SCHEMA public, hr TO mi_select;
                """);
        // A view the role may read whose owner may not read its table: PostgreSQL reads it as the owner.
        pg.database("view_owner_grants", false, TestPg.loginRole("mi_view_reader", "view-reader-secret"),
                TestPg.role("mi_weak_owner"), """
                CREATE SCHEMA sales;
                CREATE TABLE sales.orders (id int);
                CREATE TABLE sales.secret_t (id int);
                CREATE VIEW sales.v_noperm AS SELECT id FROM sales.secret_t;
                CREATE VIEW sales.v_fine AS SELECT id FROM sales.orders;
                ALTER VIEW sales.v_noperm OWNER TO mi_weak_owner;
                GRANT SELECT ON sales.orders TO mi_weak_owner;
                ALTER VIEW sales.v_fine OWNER TO mi_weak_owner;
                GRANT USAGE ON SCHEMA sales TO mi_view_reader;
                GRANT SELECT ON ALL TABLES IN SCHEMA sales TO mi_view_reader;
                """);
        // Four tables, two of them in schemas the role has SELECT on but no USAGE: it cannot name them.
        pg.database("usage_grants", false, TestPg.loginRole("mi_no_usage", "no-usage-secret"), """
                CREATE SCHEMA "Mixed Case";
                CREATE SCHEMA hidden;
                CREATE TABLE public.orders (id int);
                CREATE TABLE public.items (id int);
                CREATE TABLE "Mixed Case"."Ledger" (id int);
                CREATE TABLE hidden.payroll (id int);
                GRANT SELECT ON ALL TABLES IN SCHEMA public, "Mixed Case", hidden TO mi_no_usage;
                """);
        // A role short of three independent grants: USAGE on hidden, SELECT on sales.secret_t, and the owner of a
        // view it may read is short of SELECT on that view's table. No pg_stat_statements in the database.
        pg.database("every_failure", false, TestPg.loginRole("mi_partial", "partial-secret"),
                TestPg.role("mi_partial_owner"), """
                CREATE SCHEMA sales;
                CREATE SCHEMA hidden;
                CREATE TABLE sales.orders (id int);
                CREATE TABLE sales.secret_t (id int);
                CREATE TABLE hidden.payroll (id int);
                CREATE VIEW sales.v_noperm AS SELECT id FROM sales.secret_t;
                ALTER VIEW sales.v_noperm OWNER TO mi_partial_owner;
                GRANT USAGE ON SCHEMA sales TO mi_partial;
                GRANT SELECT ON sales.orders, sales.v_noperm, hidden.payroll TO mi_partial;
                """);
    }

    static PostgresConnectionTester tester(String role, String password, WorkflowKind kind) {
        return new PostgresConnectionTester(new PostgresClient(PostgresConnection.of(pg.hostPort(), role, password,
                "profiler_grants")), TestPg.context(kind), Optional.empty());
    }

    @Test
    void theProfilerFailsForARoleThatMayNotSelectFromItsTablesAndNamesTheGrant() throws Exception {
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> tester("mi_no_select", "no-select-secret", WorkflowKind.PROFILER).test());
        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("user \"mi_no_select\" may not SELECT from 2 of 3 tables in database"
                + " \"profiler_grants\" (hr.payroll, public.secrets), which the profiler reads: run"
                + " GRANT SELECT ON ALL TABLES IN SCHEMA hr, public TO mi_no_select, or GRANT pg_read_all_data TO mi_no_select");
        assertThat(catchThrowableOfType(ConnectionException.class,
                () -> tester("mi_no_select", "no-select-secret", WorkflowKind.AUTO_CLASSIFICATION).test()).getMessage())
                .contains("may not SELECT from 2 of 3 tables and views").contains("the auto-classification samples");
        // The metadata workflow reads only the catalog: the same role passes it.
        assertThat(tester("mi_no_select", "no-select-secret", WorkflowKind.METADATA).test())
                .noneMatch(l -> l.contains("SELECT"));
    }

    @Test
    void theProfilerPassesForARoleWithSelectOrPgReadAllData() throws Exception {
        assertThat(tester("mi_select", "select-secret", WorkflowKind.PROFILER).test())
                .contains("can SELECT from all 3 tables the workflow reads");
        assertThat(tester("mi_read_all", "read-all-secret", WorkflowKind.PROFILER).test())
                .contains("can SELECT from all 3 tables the workflow reads");
    }

    @Test
    void theProfilerFailsForAViewWhoseOwnerMayNotReadItsTableAndNamesTheOwnersGrant() throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_view_reader",
                "view-reader-secret", "view_owner_grants"));
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                        Optional.of(profiler(FilterPattern.including("^sales$"), null, true))).test());
        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("view sales.v_noperm (owner mi_weak_owner, who may not SELECT from"
                + " sales.secret_t) in database \"view_owner_grants\" reads its tables with its owner's privileges,"
                + " which the profiler reads (no grant to user \"mi_view_reader\" helps): run GRANT SELECT ON"
                + " sales.secret_t TO mi_weak_owner, or leave it out with tableFilterPattern");
        // Without includeViews the profiler reads the tables only: they pass.
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                Optional.of(profiler(FilterPattern.including("^sales$"), null, false))).test())
                .contains("can SELECT from all 2 tables the workflow reads");
    }

    /** A profiler config with these filters and OpenMetadata's defaults for the rest. */
    static ProfilerConfig profiler(FilterPattern schemas, FilterPattern tables, Boolean views) {
        return new ProfilerConfig(null, schemas, tables, views, null, null, null, null, null, null, null, null);
    }

    @Test
    void theSelectCheckLooksOnlyAtTheRelationsTheWorkflowsFiltersKeep() throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_no_select", "no-select-secret",
                "profiler_grants"));
        // Of the three tables the role may read only public.orders: a workflow that reads only that one passes.
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.including("^public$"), FilterPattern.including("^orders$"), null))).test())
                .contains("can SELECT from the one table the workflow reads");
        // The schema filter alone keeps public.secrets in scope: still refused, naming only that one.
        ConnectionException refused = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                        Optional.of(profiler(FilterPattern.including("^public$"), null, null))).test());
        assertThat(refused.getMessage()).contains("may not SELECT from 1 of 2 tables", "(public.secrets)",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO mi_no_select");
        // Filters that keep nothing: the check passes with a warning, since the run would read nothing.
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(null, FilterPattern.including("^nosuch$"), null))).test())
                .contains("warning: the workflow's filters leave no tables to read in database \"profiler_grants\":"
                        + " check schemaFilterPattern and tableFilterPattern");
        // Excluding the table the role cannot read works the same way.
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.excluding("^hr$"), FilterPattern.excluding("^secrets$"), null))).test())
                .contains("can SELECT from the one table the workflow reads");
    }

    /** A schema filter that kept no schema passed "has USAGE on every schema the workflow reads": about nothing. */
    @Test
    void aSchemaFilterThatKeepsNoSchemaIsAWarningNotAPassedCheck(@TempDir Path dir) throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_select", "select-secret",
                "profiler_grants"));
        List<String> lines = new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.including("^nosuch$"), null, null))).test();
        assertThat(lines).contains("warning: source.sourceConfig.config.schemaFilterPattern keeps none of the 2"
                + " schemas of database \"profiler_grants\" (hr, public) with includes [^nosuch$], so the workflow reads"
                + " nothing there: fix its patterns, which match from the start of a schema's name, ignoring case");
        // Neither the USAGE check nor the SELECT one has anything to look at: no line for them.
        assertThat(lines).noneMatch(l -> l.contains("USAGE") || l.contains("SELECT") || l.contains("leave no tables"));
        // A metadata workflow file with such a filter, tested by a role short of USAGE on a schema it leaves out.
        Path file = Files.writeString(dir.resolve("metadata.yaml"), Workflows.source("postgres", "local_postgres",
                Workflows.connection(pg.hostPort(), "mi_no_usage", "no-usage-secret", "usage_grants", ""),
                "{type: DatabaseMetadata, schemaFilterPattern: {includes: [\"^nosuch$\"], excludes: [\"^hidden$\"]}}")
                + "sink: {type: file, config: {path: \"" + dir.resolve("out.ndjson") + "\"}}\n");
        List<String> metadata = Workflows.runtime().testConnection(file).passed();
        assertThat(metadata).contains("warning: source.sourceConfig.config.schemaFilterPattern keeps none of the 3"
                + " schemas of database \"usage_grants\" (Mixed Case, hidden, public) with includes [^nosuch$] and"
                + " excludes [^hidden$], so the workflow reads nothing there: fix its patterns, which match from the"
                + " start of a schema's name, ignoring case");
        assertThat(metadata).noneMatch(l -> l.contains("USAGE"));
        // Includes aimed only at pg_* schemas: their own warning says why nothing is kept, once.
        List<String> pgOnly = new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.including("^pg_"), null, null))).test();
        assertThat(pgOnly).filteredOn(l -> l.startsWith("warning: ")).singleElement().asString()
                .contains("schemaFilterPattern.includes: include pattern [^pg_]");
        assertThat(pgOnly).noneMatch(l -> l.contains("USAGE") || l.contains("SELECT"));
        // A database with no schema of its own: nothing to read whatever the filter.
        pg.database("no_schema_of_its_own", false, "DROP SCHEMA public");
        assertThat(new PostgresConnectionTester(new PostgresClient(pg.connection("no_schema_of_its_own")),
                TestPg.context(WorkflowKind.METADATA), Optional.empty()).test())
                .contains("warning: database \"no_schema_of_its_own\" has no schema besides PostgreSQL's own, so the"
                        + " workflow reads nothing there: check source.serviceConnection.config.database")
                .noneMatch(l -> l.contains("USAGE"));
    }

    /** test-connection read the same filter as the runs but said nothing of a pg_* include. */
    @Test
    void anIncludeAimedAtAPgSchemaIsAWarningLine() throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_select", "select-secret",
                "profiler_grants"));
        List<String> lines = new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.including("^public$", "^pg_"), null, null))).test();
        assertThat(lines).filteredOn(l -> l.contains("schemaFilterPattern.includes")).singleElement().asString()
                .startsWith("warning: source.sourceConfig.config.schemaFilterPattern.includes: include pattern [^pg_]"
                        + " names pg_catalog, pg_toast, which are never ingested")
                .endsWith("leave pg_* schemas out of the includes");
        assertThat(lines).contains("can SELECT from all 2 tables the workflow reads");
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER), Optional.of(
                profiler(FilterPattern.including("^public$"), null, null))).test())
                .noneMatch(l -> l.contains("schemaFilterPattern.includes"));
    }

    @Test
    void theUsageCheckLooksOnlyAtTheSchemasTheWorkflowsFilterKeeps() throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_no_usage", "no-usage-secret",
                "usage_grants"));
        assertThat(new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                Optional.of(profiler(FilterPattern.including("^public$"), null, null))).test())
                .contains("has USAGE on every schema the workflow reads", "can SELECT from all 2 tables the workflow reads");
        ConnectionException refused = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                        Optional.of(profiler(FilterPattern.excluding("^hidden$"), null, null))).test());
        assertThat(refused.getMessage()).contains("has no USAGE on schema \"Mixed Case\" in").doesNotContain("hidden");
    }

    @Test
    void theTestConnectionCommandAppliesTheWorkflowFileFilters(@TempDir Path dir) throws Exception {
        String notSecrets = ", tableFilterPattern: {excludes: [\"^secrets$\"]}";
        Path file = Files.writeString(dir.resolve("profiler.yaml"), Workflows.source("postgres", "local_postgres",
                Workflows.connection(pg.hostPort(), "mi_no_select", "no-select-secret", "profiler_grants", ""),
                "{type: Profiler, schemaFilterPattern: {includes: [\"^public$\"]}" + notSecrets + "}") + """
                processor: {type: orm-profiler, config: {}}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(dir.resolve("out.ndjson")));
        Metaingest runtime = Workflows.runtime();
        assertThat(runtime.testConnection(file).passed()).contains("can SELECT from the one table the workflow reads");
        Files.writeString(file, Files.readString(file).replace(notSecrets, ""));
        assertThat(catchThrowableOfType(ConnectionException.class, () -> runtime.testConnection(file)).getMessage())
                .contains("may not SELECT from 1 of 2 tables", "(public.secrets)");
    }

    static PostgresConnectionTester noUsage(WorkflowKind kind) {
        return new PostgresConnectionTester(new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_no_usage",
                "no-usage-secret", "usage_grants")), TestPg.context(kind), Optional.empty());
    }

    @Test
    void theProfilerAndTheAutoClassificationFailForARoleWithoutUsageOnASchemaAndNameTheGrant() throws Exception {
        ConnectionException profiler = catchThrowableOfType(ConnectionException.class,
                () -> noUsage(WorkflowKind.PROFILER).test());
        assertThat(profiler).as("test-connection should fail for the profiler").isNotNull();
        assertThat(profiler.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(profiler.getMessage()).isEqualTo("user \"mi_no_usage\" has no USAGE on schema \"Mixed Case\", hidden"
                + " in database \"usage_grants\", which the profiler needs to read their tables: run"
                + " GRANT USAGE ON SCHEMA \"Mixed Case\", hidden TO mi_no_usage");
        ConnectionException classification = catchThrowableOfType(ConnectionException.class,
                () -> noUsage(WorkflowKind.AUTO_CLASSIFICATION).test());
        assertThat(classification).as("test-connection should fail for the auto-classification").isNotNull();
        assertThat(classification.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(classification.getMessage()).isEqualTo("user \"mi_no_usage\" has no USAGE on schema \"Mixed Case\","
                + " hidden in database \"usage_grants\", which the auto-classification needs to sample their tables:"
                + " run GRANT USAGE ON SCHEMA \"Mixed Case\", hidden TO mi_no_usage");
        // The metadata workflow reads only the catalog: it passes, with the fix on a warning line.
        assertThat(noUsage(WorkflowKind.METADATA).test()).contains("warning: no USAGE on schema \"Mixed Case\", hidden"
                + " (the catalog describes them, but lineage, usage and profiling cannot read them): run"
                + " GRANT USAGE ON SCHEMA \"Mixed Case\", hidden TO mi_no_usage");
    }

    @Test
    void aFailedGrantCheckKeepsTheLinesOfTheChecksThatPassedAndTheOthersStillRun() throws Exception {
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> noUsage(WorkflowKind.PROFILER).test());

        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.getMessage()).startsWith("user \"mi_no_usage\" has no USAGE on schema \"Mixed Case\", hidden");
        assertThat(e.otherFailures()).isEmpty();
        // The role has SELECT on every table: that check passed, and says USAGE is needed too.
        // No word of pg_stat_statements: the profiler does not read it.
        assertThat(e.passed()).hasSize(4).satisfiesExactly(
                l -> assertThat(l).isEqualTo("connected to database \"usage_grants\" at " + pg.hostPort() + " as \"mi_no_usage\""),
                l -> assertThat(l).startsWith("server version "),
                l -> assertThat(l).startsWith("can read the catalog (pg_namespace, pg_class"),
                l -> assertThat(l).isEqualTo("can SELECT from all 4 tables the workflow reads, once it has USAGE on"
                        + " schema \"Mixed Case\", hidden"));
    }

    @Test
    void everyIndependentCheckThatFailsIsReportedOnItsOwn() throws Exception {
        PostgresClient client = new PostgresClient(PostgresConnection.of(pg.hostPort(), "mi_partial", "partial-secret",
                "every_failure"));
        ConnectionException profiler = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(client, TestPg.context(WorkflowKind.PROFILER),
                        Optional.of(profiler(null, null, true))).test());

        assertThat(profiler).as("test-connection should fail").isNotNull();
        assertThat(profiler.getMessage()).isEqualTo("user \"mi_partial\" has no USAGE on schema hidden in database"
                + " \"every_failure\", which the profiler needs to read their tables: run GRANT USAGE ON SCHEMA hidden"
                + " TO mi_partial");
        assertThat(profiler.otherFailures()).extracting(Throwable::getMessage).containsExactly(
                "user \"mi_partial\" may not SELECT from 1 of 4 tables and views in database \"every_failure\""
                        + " (sales.secret_t), which the profiler reads: run GRANT SELECT ON ALL TABLES IN SCHEMA sales"
                        + " TO mi_partial, or GRANT pg_read_all_data TO mi_partial",
                "view sales.v_noperm (owner mi_partial_owner, who may not SELECT from sales.secret_t) in database"
                        + " \"every_failure\" reads its tables with its owner's privileges, which the profiler reads (no"
                        + " grant to user \"mi_partial\" helps): run GRANT SELECT ON sales.secret_t TO mi_partial_owner,"
                        + " or leave it out with tableFilterPattern");
        assertThat(profiler.otherFailures()).allSatisfy(f -> assertThat(f.reason()).isEqualTo(Reason.PERMISSION));
        assertThat(profiler.passed()).hasSize(3).noneMatch(l -> l.contains("pg_stat_statements"));

        // Usage: the query log fails; the USAGE check is a warning (the run goes on without it) kept with the
        // checks that passed.
        ConnectionException usage = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(client, TestPg.context(WorkflowKind.USAGE), Optional.empty()).test());
        assertThat(usage.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(usage.getMessage()).startsWith("usage needs pg_stat_statements in database \"every_failure\"");
        assertThat(usage.otherFailures()).isEmpty();
        assertThat(usage.passed()).hasSize(4).first().asString().startsWith("connected to database \"every_failure\"");
        assertThat(usage.passed()).last().asString().startsWith("warning: no USAGE on schema hidden in database"
                + " \"every_failure\", so queries that name its tables without the schema are left out of usage");
        assertThat(usage.passed()).allSatisfy(l -> assertThat(l).doesNotContain("partial-secret"));
    }

    @Test
    void withUsageTheSelectCheckCountsEveryTableOfTheUserSchemas() throws Exception {
        pg.execute("usage_grants", "GRANT USAGE ON SCHEMA \"Mixed Case\", hidden TO mi_no_usage");
        try {
            assertThat(noUsage(WorkflowKind.PROFILER).test()).contains("has USAGE on every schema the workflow reads",
                    "can SELECT from all 4 tables the workflow reads");
            pg.execute("usage_grants", "REVOKE SELECT ON hidden.payroll FROM mi_no_usage");
            assertThat(catchThrowableOfType(ConnectionException.class, () -> noUsage(WorkflowKind.PROFILER).test())
                    .getMessage()).contains("may not SELECT from 1 of 4 tables").contains("(hidden.payroll)");
        } finally {
            pg.execute("usage_grants", "REVOKE USAGE ON SCHEMA \"Mixed Case\", hidden FROM mi_no_usage");
            pg.execute("usage_grants", "GRANT SELECT ON hidden.payroll TO mi_no_usage");
        }
    }

    static ConnectionException failure(PostgresConnection conn) {
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> new PostgresConnectionTester(new PostgresClient(conn), TestPg.context(WorkflowKind.METADATA), Optional.empty())
                        .test());
        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(pg.password()).doesNotContain("reader-secret")
                .doesNotContain("wrong-secret");
        return e;
    }

    @Test
    void passesAndSaysWhatItChecked() throws Exception {
        List<String> lines = new PostgresConnectionTester(new PostgresClient(pg.connection("postgres")),
                TestPg.context(WorkflowKind.METADATA), Optional.empty()).test();
        assertThat(lines).anyMatch(l -> l.startsWith("connected to database \"postgres\""))
                .anyMatch(l -> l.startsWith("can read the catalog"));
    }

    @Test
    void aDatabaseWithoutPgStatStatementsIsAWarningNotAPassedCheck() throws Exception {
        pg.database("no_query_log", false, "SELECT 1");
        List<String> lines = new PostgresConnectionTester(new PostgresClient(pg.connection("no_query_log")),
                TestPg.context(WorkflowKind.METADATA), Optional.empty()).test();
        assertThat(lines).filteredOn(l -> l.contains("pg_stat_statements")).singleElement().asString()
                .startsWith(io.metaingest.api.ConnectionTester.WARNING + "pg_stat_statements is not installed");
    }

    /** The profiler's, auto-classification's and test suite's test warned that pg_stat_statements was missing. */
    @Test
    void onlyTheWorkflowsThatReadTheQueryLogOrSetUpTheServiceSayWhetherPgStatStatementsIsThere() throws Exception {
        pg.database("no_query_log_kinds", false, "SELECT 1");
        for (WorkflowKind kind : WorkflowKind.values()) {
            List<String> lines = new java.util.ArrayList<>();
            try {
                lines.addAll(new PostgresConnectionTester(new PostgresClient(pg.connection("no_query_log_kinds")),
                        TestPg.context(kind), Optional.empty()).test());
            } catch (ConnectionException e) {
                assertThat(kind).isEqualTo(WorkflowKind.USAGE); // which cannot run without it
                lines.add(e.getMessage());
            }
            assertThat(lines.stream().anyMatch(l -> l.contains("pg_stat_statements"))).as(kind.toString())
                    .isEqualTo(kind == WorkflowKind.METADATA || kind == WorkflowKind.LINEAGE
                            || kind == WorkflowKind.USAGE);
        }
    }

    @Test
    void hostUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        ConnectionException e = failure(PostgresConnection.of("127.0.0.1:" + port, "u", "wrong-secret", "postgres"));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("cannot reach PostgreSQL at 127.0.0.1:" + port).contains("check source.serviceConnection.config.hostPort, that the server is running");
    }

    @Test
    void aHostWithoutPortIsNamedWithTheDefaultPortTheDriverTried() {
        // .invalid never resolves (RFC 6761), so the line does not depend on what listens at 5432 here.
        ConnectionException e = failure(PostgresConnection.of("no-such-host.invalid", "u", "wrong-secret", "postgres"));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        // A name that does not resolve is said as such: no server to start, no firewall to open.
        assertThat(e.getMessage()).isEqualTo("cannot reach PostgreSQL at no-such-host.invalid:5432 (no such host name):"
                + " check source.serviceConnection.config.hostPort for a typo (or a name only another network's DNS knows)");
    }

    @Test
    void eachHostWithoutPortGetsTheDefault() {
        assertThat(PostgresClient.withPorts("localhost")).isEqualTo("localhost:5432");
        assertThat(PostgresClient.withPorts("a:6000, b")).isEqualTo("a:6000,b:5432");
        assertThat(PostgresClient.withPorts("[::1]")).isEqualTo("[::1]:5432");
        assertThat(PostgresClient.withPorts("[::1]:6000")).isEqualTo("[::1]:6000");
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsNotCalledUnreachable() throws Exception {
        // The kernel completes the TCP handshake for the backlog without accept(): a hung pooler, in effect.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String hostPort = "127.0.0.1:" + silent.getLocalPort();
            PostgresConnection base = PostgresConnection.of(hostPort, "u", "wrong-secret", "postgres");
            // loginTimeout 1 s instead of the default 10 s, so the test waits 1 s (the message says what was used).
            PostgresConnection conn = new PostgresConnection(base.type(), base.scheme(), base.hostPort(),
                    base.username(), base.authType(), base.database(), null, null, null, null, null,
                    java.util.Map.of("loginTimeout", 1));
            ConnectionException e = failure(conn);
            // Names the field to fix, as the line of a host that cannot be reached does.
            assertThat(e.getMessage()).isEqualTo("PostgreSQL at " + hostPort + " accepted the connection but did not"
                    + " answer within 1 s: check source.serviceConnection.config.hostPort, that it is PostgreSQL (not"
                    + " another service on that port) and that it is not overloaded or a pooler that is stuck");
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        }
    }

    @Test
    void sslRequiredByAServerWithoutSslNamesSslModeNotTheHost() {
        PostgresConnection base = pg.connection("postgres");
        PostgresConnection conn = new PostgresConnection(base.type(), base.scheme(), base.hostPort(), base.username(),
                base.authType(), base.database(), null, "require", null, null, null, null);
        ConnectionException e = failure(conn);
        assertThat(e.getMessage()).isEqualTo("PostgreSQL at " + pg.hostPort() + " does not support SSL, but"
                + " source.serviceConnection.config.sslMode is \"require\": set sslMode: prefer (SSL when the server"
                + " offers it) or disable, or enable ssl on the server");
        assertThat(e.reason()).isNotEqualTo(Reason.UNREACHABLE);
    }

    /** A test-connection of a metadata workflow over every database, with this database filter. */
    static PostgresConnectionTester allDatabases(String role, String password, FilterPattern databases) {
        PostgresConnection base = PostgresConnection.of(pg.hostPort(), role, password, "postgres");
        PostgresConnection conn = new PostgresConnection(base.type(), base.scheme(), base.hostPort(), base.username(),
                base.authType(), base.database(), true, null, null, null, null, null);
        DatabaseMetadataConfig config = new DatabaseMetadataConfig(null, null, null, null, null, null, null, null,
                null, null, databases, null, null, null, null, null);
        return new PostgresConnectionTester(new PostgresClient(conn), TestPg.context(WorkflowKind.METADATA),
                Optional.of(config));
    }

    /**
     * A run names the GRANT and the setting too, as test-connection does: before, its line for such a database
     * ended "grant CONNECT on it", naming neither the statement nor the way to leave the database out.
     */
    @Test
    void aDatabaseTheRoleMayNotConnectToIsAFailureNamingTheGrantAndTheSetting() throws Exception {
        pg.database("tc_locked", false, TestPg.loginRole("mi_no_connect", "no-connect-secret"));
        pg.execute("postgres", "REVOKE CONNECT ON DATABASE tc_locked FROM PUBLIC");
        PostgresConnection all = PostgresConnection.of(pg.hostPort(), "mi_no_connect", "no-connect-secret", "postgres")
                .withIngestAllDatabases(true);
        List<Result<EntityRequest>> results = MetadataSourceTest.run(all, Golden.map("includeTables", false,
                "includeViews", false, "includeStoredProcedures", false));
        assertThat(results).filteredOn(r -> r instanceof Result.Failed<?> f
                        && f.error().name().equals(TestPg.SERVICE + ".tc_locked"))
                .singleElement().satisfies(r -> assertThat(((Result.Failed<?>) r).error().error()).isEqualTo(
                        "user \"mi_no_connect\" may not connect to database \"tc_locked\": run GRANT CONNECT ON"
                                + " DATABASE tc_locked TO mi_no_connect, or leave it out with"
                                + " source.sourceConfig.config.databaseFilterPattern"));
        // The configured database is read whatever the filter: the other way out is another database.
        ConnectionException configured = catchThrowableOfType(ConnectionException.class, () -> new PostgresClient(
                PostgresConnection.of(pg.hostPort(), "mi_no_connect", "no-connect-secret", "tc_locked")).open("tc_locked"));
        assertThat(configured.getMessage()).isEqualTo("user \"mi_no_connect\" may not connect to database \"tc_locked\":"
                + " run GRANT CONNECT ON DATABASE tc_locked TO mi_no_connect, or name another in"
                + " source.serviceConnection.config.database");
    }

    @Test
    void withIngestAllDatabasesADatabaseTheRoleMayNotConnectToFailsTheTestAndIsNamed() throws Exception {
        pg.database("tc_vault", false, TestPg.loginRole("mi_no_connect", "no-connect-secret"));
        pg.execute("postgres", "REVOKE CONNECT ON DATABASE tc_vault FROM PUBLIC");
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> allDatabases("mi_no_connect", "no-connect-secret", null).test());
        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).startsWith("user \"mi_no_connect\" may not connect to database")
                .contains("\"tc_vault\"").contains("which ingestAllDatabases reads: run GRANT CONNECT ON DATABASE")
                .contains("TO mi_no_connect, or leave").contains("source.sourceConfig.config.databaseFilterPattern");
        // A database the filter leaves out is not read, so it is not checked.
        assertThat(allDatabases("mi_no_connect", "no-connect-secret", FilterPattern.including("^postgres$")).test())
                .contains("may connect to the one database ingestAllDatabases reads");
        pg.execute("postgres", "GRANT CONNECT ON DATABASE tc_vault TO mi_no_connect");
        try {
            assertThat(allDatabases("mi_no_connect", "no-connect-secret", FilterPattern.including("^tc_vault$")).test())
                    .contains("may connect to the one database ingestAllDatabases reads");
        } finally {
            pg.execute("postgres", "REVOKE CONNECT ON DATABASE tc_vault FROM mi_no_connect");
        }
    }

    @Test
    void authenticationFailed() {
        ConnectionException e = failure(PostgresConnection.of(pg.hostPort(), pg.user(), "wrong-secret", "postgres"));
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("authentication failed for user \"" + pg.user() + "\"")
                .endsWith(": check source.serviceConnection.config.username and"
                        + " source.serviceConnection.config.authType.password");
    }

    /**
     * PG_PASSWORD= gave password "", which the driver refuses with SQLState 08004 before sending it; that was
     * reported as an unreachable host. Missing (no password in the file) is the driver's other message.
     */
    @Test
    void anEmptyOrMissingPasswordIsAnAuthenticationFailureNamingThePassword() {
        for (String password : new String[] {"", null}) {
            ConnectionException e = failure(PostgresConnection.of(pg.hostPort(), pg.user(), password, "postgres"));
            assertThat(e.reason()).as("password %s", password).isEqualTo(Reason.AUTHENTICATION);
            assertThat(e.getMessage()).isEqualTo("authentication failed for user \"" + pg.user() + "\" at "
                    + pg.hostPort() + ": the server asks for a password, but"
                    + " source.serviceConnection.config.authType.password is " + (password == null ? "not set" : "empty")
                    + ": set it to the user's password");
        }
        // With password or md5 in pg_hba.conf the driver sends the empty password and the server refuses it
        // (seen on PostgreSQL 15); the embedded server asks for SCRAM, so the server's answer is given here.
        PostgresClient md5 = new PostgresClient(PostgresConnection.of("127.0.0.1:5541", "ingest", "", "shop"));
        assertThat(md5.translate(new java.sql.SQLException("FATAL: password authentication failed for user \"ingest\"",
                "28P01"), "shop").getMessage()).isEqualTo("authentication failed for user \"ingest\" at 127.0.0.1:5541:"
                + " the server asks for a password, but source.serviceConnection.config.authType.password is empty:"
                + " set it to the user's password");
    }

    @Test
    void databaseMissing() {
        ConnectionException e = failure(pg.connection("no_such_db"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("database \"no_such_db\" does not exist at " + pg.hostPort()
                + ": check source.serviceConnection.config.database");
    }

    @Test
    void noPrivilegeOnTheCatalog() {
        ConnectionException e = failure(PostgresConnection.of(pg.hostPort(), "mi_reader", "reader-secret",
                "locked_catalog"));
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).contains("may not read pg_catalog.pg_class").contains("grant SELECT");
    }

    /**
     * A database filter without ingestAllDatabases is not applied: the loaded workflow's warning, which test-connection
     * prints before the tester's lines (SettingWarningsTest), so the tester does not say it again.
     */
    @Test
    void aDatabaseFilterTheRunWillNotApplyIsNotSaidAgainByTheTester() throws Exception {
        DatabaseMetadataConfig config = MetadataSourceTest.config(Map.of("databaseFilterPattern",
                Map.of("excludes", List.of("^locked_catalog$"))));
        List<String> lines = new PostgresConnectionTester(new PostgresClient(pg.connection("locked_catalog")),
                TestPg.context(WorkflowKind.METADATA), Optional.of(config)).test();
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains("databaseFilterPattern"));
    }

    @Test
    void theMetadataSourceFailsTheSameWayBeforeReadingAnything() {
        DatabaseMetadataConfig config = MetadataSourceTest.config(Map.of());
        PostgresConnection conn = pg.connection("no_such_db");
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> new PostgresMetadataSource(
                new PostgresClient(conn), config, TestPg.context(WorkflowKind.METADATA), new TableMapper(config, conn))
                .read());
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void connectionsAreReadOnlyAndNamed() throws Exception {
        try (var c = new PostgresClient(pg.connection("postgres")).open("postgres"); var s = c.createStatement()) {
            var rs = s.executeQuery("SELECT current_setting('application_name'), current_setting('transaction_read_only'),"
                    + " current_setting('statement_timeout')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("metaingest");
            assertThat(rs.getString(2)).isEqualTo("on");
            assertThat(rs.getString(3)).isEqualTo("5min");
        }
    }

    /**
     * What the refusal of a server setting written as a driver property suggests takes effect on the server,
     * and libpq's application_name (OpenMetadata's spelling) names the session, as pgjdbc's ApplicationName.
     */
    @Test
    void aServerSettingInOptionsAndLibpqsApplicationNameTakeEffect() throws Exception {
        PostgresConnection base = pg.connection("postgres");
        PostgresConnection conn = Golden.JSON.convertValue(Map.of("hostPort", base.hostPort(), "username", base.username(),
                "authType", Map.of("password", base.password().reveal()), "database", "postgres",
                "connectionOptions", Map.of("options", "-c statement_timeout=10min"),
                "connectionArguments", Map.of("application_name", "nightly")), PostgresConnection.class);
        assertThat(conn.sessionOptionProblems()).isEmpty();
        try (var c = new PostgresClient(conn).open("postgres"); var s = c.createStatement()) {
            var rs = s.executeQuery("SELECT current_setting('statement_timeout'), current_setting('application_name')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("10min");
            assertThat(rs.getString(2)).isEqualTo("nightly");
        }
    }
}
