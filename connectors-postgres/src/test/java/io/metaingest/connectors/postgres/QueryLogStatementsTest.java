package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.api.entity.UsageRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements a tester's catalog put in pg_stat_statements: a role's password behind a comment,
 * view definitions, partitions, a client's own search_path, DDL that moves no rows, PostgreSQL's
 * foreign-key check, and one text run by two roles.
 */
class QueryLogStatementsTest {

    static final String PASSWORD = "Leak-Me-456";
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        db = pg.database("query_log_statements", true, TestPg.loginRole("qls_reader", "reader-pw"), """
                CREATE SCHEMA sales;
                CREATE SCHEMA hr;
                CREATE TABLE hr.customers (id int PRIMARY KEY, name text);
                CREATE TABLE sales.orders (id int, customer_id int REFERENCES hr.customers (id), total numeric);
                CREATE TABLE sales.base_log (id int);
                CREATE TABLE sales.events (id int, year int, quarter int) PARTITION BY RANGE (year);
                CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM (2024) TO (2025)
                    PARTITION BY RANGE (quarter);
                CREATE TABLE sales.events_2024_q1 PARTITION OF sales.events_2024 FOR VALUES FROM (1) TO (2);
                CREATE TABLE sales.archive (id int);
                GRANT USAGE ON SCHEMA sales, hr TO qls_reader;
                GRANT SELECT ON ALL TABLES IN SCHEMA sales, hr TO qls_reader;
                """);
        pg.execute(db, "DROP ROLE IF EXISTS qls_etl2");
        pg.resetQueryLog(db);
        pg.execute(db, "/* app:billing */ CREATE ROLE qls_etl2 LOGIN PASSWORD '" + PASSWORD + "'");
        pg.execute(db, "-- rotate\nALTER ROLE qls_etl2 PASSWORD '" + PASSWORD + "'");
        pg.execute(db, "CREATE VIEW sales.big_orders AS SELECT id, total FROM sales.orders WHERE total > 100");
        // Through the (auto-updatable) view: the same orders -> big_orders pair view lineage gives, with columns.
        pg.execute(db, "INSERT INTO sales.big_orders SELECT id, total FROM sales.orders WHERE false");
        pg.execute(db, "INSERT INTO sales.events_2024 SELECT id, 2024, 1 FROM sales.orders");
        pg.execute(db, "SELECT count(*) FROM sales.events_2024_q1");
        pg.execute(db, "SET search_path = sales; INSERT INTO base_log SELECT id FROM orders; RESET search_path");
        pg.execute(db, "CREATE TEMP TABLE scratch (id int); INSERT INTO scratch SELECT id FROM sales.archive");
        pg.execute(db, "CREATE TABLE sales.plain (id int)");
        pg.execute(db, "CREATE TABLE sales.events_2025 PARTITION OF sales.events FOR VALUES FROM (2025) TO (2026)");
        pg.execute(db, "CREATE TABLE sales.child (extra int) INHERITS (sales.archive)");
        pg.execute(db, "/* contrib/h82--1.0.sql */ CREATE FUNCTION sales.one() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        pg.execute(db, "SELECT 1 FROM ONLY \"hr\".\"customers\" x WHERE \"id\" OPERATOR(pg_catalog.=) 1 FOR KEY SHARE OF x");
        pg.execute(db, "SELECT count(*) FROM sales.orders WHERE id OPERATOR(pg_catalog.=) 1");
        pg.execute(db, "SELECT o.id FROM sales.orders o JOIN hr.customers c ON c.id = o.customer_id");
        pg.execute(db, "SELECT now()");
        for (int i = 0; i < 3; i++) {
            pg.execute(db, "SELECT id FROM sales.archive WHERE id > " + i);
        }
        try (Connection reader = DriverManager.getConnection(new PostgresClient(pg.connection(db)).jdbcUrl(db),
                "qls_reader", "reader-pw"); Statement s = reader.createStatement()) {
            s.execute("SELECT now()");
        }
    }

    static List<Result<EntityRequest>> lineage() throws Exception {
        return TestPg.readAll(new PostgresLineageSource(new PostgresClient(pg.connection(db)),
                Golden.JSON.convertValue(map(), io.metaingest.api.config.DatabaseLineageConfig.class),
                TestPg.context(WorkflowKind.LINEAGE)));
    }

    static List<Result<EntityRequest>> usage() throws Exception {
        return TestPg.readAll(new PostgresUsageSource(new PostgresClient(pg.connection(db)),
                Golden.JSON.convertValue(map(), DatabaseUsageConfig.class), TestPg.context(WorkflowKind.USAGE),
                Clock.systemUTC(), TestPg.DIRECT));
    }

    static String fqn(String schema, String table) {
        return TestPg.SERVICE + "." + db + "." + schema + "." + table;
    }

    static List<String> edges(List<Result<EntityRequest>> results) {
        return TestPg.records(results).stream().filter(r -> r instanceof AddLineageRequest)
                .map(r -> ((AddLineageRequest) r).edge())
                .map(e -> e.fromEntity().fullyQualifiedName() + " -> " + e.toEntity().fullyQualifiedName() + " "
                        + e.lineageDetails().source()).toList();
    }

    static List<String> warnings(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Warning<?>)
                .map(r -> ((Result.Warning<?>) r).message()).toList();
    }

    static List<String> filtered(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Filtered<?>).map(Object::toString).toList();
    }

    @Test
    void aPasswordBehindACommentIsNeverQuoted() throws Exception {
        for (List<Result<EntityRequest>> results : List.of(lineage(), usage())) {
            // Never parsed nor quoted, not even with its literal masked: the statement is not read at all.
            assertThat(results).noneMatch(r -> r.toString().contains(PASSWORD) || r.toString().contains("qls_etl2"));
            assertThat(TestPg.records(results)).noneMatch(r -> String.valueOf(r).contains("qls_etl2"));
        }
        assertThat(LogStatements.skipped("SELECT 1; /* x */ CREATE USER MAPPING FOR u SERVER s OPTIONS (password 'p')"))
                .isTrue();
        assertThat(LogStatements.skipped("-- tag\n  alter server s OPTIONS (SET password 'p')")).isTrue();
    }

    @Test
    void theLogQueryItselfLeavesThemOutSoResultLimitCountsOnlyStatementsRead() throws Exception {
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false); // as the sources' connections: locate probes inside a savepoint
            String schema = QueryLog.locate(c, new QueryLog.Unreadable[1]).orElseThrow();
            assertThat(QueryLog.read(c, schema, null, null, 1000)).extracting(QueryLog.Statement::query)
                    .isNotEmpty().noneMatch(q -> q.contains("qls_etl2") || q.contains("PARTITION OF")
                            || q.contains("INHERITS") || q.contains("FUNCTION") || q.contains("KEY SHARE")
                            || q.contains("sales.plain") || q.contains("CREATE TEMP TABLE"));
        }
    }

    @Test
    void queryParserFiltersAStatementItMayNotReadWithoutQuotingIt() throws Exception {
        PostgresQueryParser parser = new PostgresQueryParser(new PostgresClient(pg.connection(db)),
                Golden.JSON.convertValue(map(), DatabaseUsageConfig.class), TestPg.context(WorkflowKind.USAGE),
                new io.metaingest.api.Status());
        try (parser) {
            List<? extends Result<?>> out = parser.process(new io.metaingest.api.entity.TableQuery(
                    "/* x */ ALTER USER qls_etl2 PASSWORD '" + PASSWORD + "'", "u", "2026-03-04T00:00:00Z",
                    TestPg.SERVICE, db, null, 1.0, 1L)).toList();
            assertThat(out).singleElement().isInstanceOf(Result.Filtered.class)
                    .satisfies(r -> assertThat(r.toString()).contains("may carry a password").doesNotContain(PASSWORD));
        }
    }

    @Test
    void aViewDefinitionIsViewLineageOnlyWithItsColumns() throws Exception {
        List<Result<EntityRequest>> results = lineage();
        assertThat(edges(results)).filteredOn(e -> e.contains(fqn("sales", "big_orders")))
                .containsExactly(fqn("sales", "orders") + " -> " + fqn("sales", "big_orders") + " "
                        + LineageSource.VIEW_LINEAGE);
        assertThat(LogStatements.definesView("/* x */ CREATE OR REPLACE MATERIALIZED VIEW m AS SELECT 1")).isTrue();
        assertThat(LogStatements.definesView("CREATE TABLE t AS SELECT * FROM v")).isFalse();
    }

    @Test
    void partitionsAreNamedByTheirRootTable() throws Exception {
        assertThat(edges(lineage())).contains(fqn("sales", "orders") + " -> " + fqn("sales", "events") + " "
                + LineageSource.QUERY_LINEAGE).noneMatch(e -> e.contains("events_2024"));
        List<EntityRequest> usage = TestPg.records(usage());
        assertThat(usage).filteredOn(r -> r instanceof UsageRequest).map(r -> ((UsageRequest) r).entity()
                .fullyQualifiedName()).contains(fqn("sales", "events")).noneMatch(t -> t.contains("events_20"));
        assertThat(usage).filteredOn(r -> r instanceof UsageRequest u
                && u.entity().fullyQualifiedName().equals(fqn("sales", "events")))
                .singleElement().extracting(r -> ((UsageRequest) r).count()).isEqualTo(2);
    }

    @Test
    void anUnqualifiedNameOfOneIngestedSchemaIsResolvedAndAnUnknownOneIsFilteredWithTheReason() throws Exception {
        List<Result<EntityRequest>> results = lineage();
        // The client's SET search_path = sales is not ours: base_log is in one ingested schema only.
        assertThat(edges(results)).contains(fqn("sales", "orders") + " -> " + fqn("sales", "base_log") + " "
                + LineageSource.QUERY_LINEAGE);
        assertThat(filtered(results)).anySatisfy(f -> assertThat(f)
                .contains("query \"INSERT INTO scratch SELECT id FROM sales.archive\" on " + TestPg.SERVICE + "." + db)
                .contains("scratch (the server resolves no such table: a temporary or since-dropped table"));
    }

    @Test
    void ddlWithoutRowsAndTheForeignKeyCheckAreNoWarningsAndAReasonHasNoTokenList() throws Exception {
        for (List<Result<EntityRequest>> results : List.of(lineage(), usage())) {
            assertThat(warnings(results)).noneMatch(w -> w.contains("plain") || w.contains("PARTITION OF")
                    || w.contains("INHERITS") || w.contains("FUNCTION") || w.contains("KEY SHARE"));
            assertThat(warnings(results)).allSatisfy(w -> assertThat(w).doesNotContainIgnoringCase("was expecting")
                    .hasSizeLessThan(400));
        }
        List<Result<EntityRequest>> usage = usage();
        assertThat(warnings(usage)).singleElement().satisfies(w -> assertThat(w)
                .startsWith("a query of pg_stat_statements cannot be parsed").contains("OPERATOR(pg_catalog.=)"));
        assertThat(TestPg.records(usage)).filteredOn(r -> r instanceof UsageRequest)
                .map(r -> ((UsageRequest) r).entity().fullyQualifiedName()).doesNotContain(fqn("sales", "plain"));
    }

    @Test
    void oneTextRunByTwoRolesIsOneQueryAndItsTablesAreSorted() throws Exception {
        List<Result<EntityRequest>> results = usage();
        assertThat(filtered(results)).filteredOn(f -> f.contains("\"SELECT now()\"")).hasSize(1);
        assertThat(TestPg.records(results)).filteredOn(r -> r instanceof CreateQueryRequest q
                && q.query().startsWith("SELECT o.id")).singleElement().satisfies(r -> assertThat(
                ((CreateQueryRequest) r).queryUsedIn()).extracting(t -> t.fullyQualifiedName())
                .containsExactly(fqn("hr", "customers"), fqn("sales", "orders")));
        Map<String, Long> counts = new java.util.HashMap<>();
        TestPg.records(results).stream().filter(r -> r instanceof CreateQueryRequest)
                .forEach(r -> counts.merge(((CreateQueryRequest) r).query(), 1L, Long::sum));
        assertThat(counts).allSatisfy((q, n) -> assertThat(n).as(q).isEqualTo(1));
    }

    @Test
    void aQuerysDurationIsTheTimeOfAllItsCallsAsInOpenMetadata() throws Exception {
        double total;
        double mean;
        try (Connection c = pg.jdbc(db); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                "SELECT sum(total_exec_time), sum(mean_exec_time) FROM pg_stat_statements"
                        + " WHERE query = 'SELECT id FROM sales.archive WHERE id > $1'")) {
            rs.next();
            total = rs.getDouble(1);
            mean = rs.getDouble(2);
        }
        assertThat(total).isGreaterThan(mean);
        assertThat(TestPg.records(usage())).filteredOn(r -> r instanceof CreateQueryRequest q
                && q.query().startsWith("SELECT id FROM sales.archive")).singleElement()
                .satisfies(r -> assertThat(((CreateQueryRequest) r).duration()).isEqualTo(total));
    }
}
