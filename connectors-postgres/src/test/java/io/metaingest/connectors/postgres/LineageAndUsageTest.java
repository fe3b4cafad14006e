package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddLineageRequest.ColumnLineage;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.api.entity.UsageRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lineage and usage workflows against the sample shop. */
class LineageAndUsageTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.shop();
    }

    static List<Result<EntityRequest>> lineage(String database, Map<String, Object> values) throws Exception {
        DatabaseLineageConfig config = Golden.JSON.convertValue(values, DatabaseLineageConfig.class);
        return TestPg.readAll(new PostgresLineageSource(new PostgresClient(pg.connection(database)), config,
                TestPg.context(WorkflowKind.LINEAGE)));
    }

    static String fqn(String schema, String table) {
        return TestPg.SERVICE + "." + db + "." + schema + "." + table;
    }

    static AddLineageRequest edge(List<Result<EntityRequest>> results, String from, String to) {
        return TestPg.records(results).stream().filter(r -> r instanceof AddLineageRequest l
                        && l.edge().fromEntity().fullyQualifiedName().equals(from)
                        && l.edge().toEntity().fullyQualifiedName().equals(to))
                .map(AddLineageRequest.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to));
    }

    @Test
    void viewLineageWithColumnsFromTheCatalog() throws Exception {
        List<Result<EntityRequest>> results = lineage(db, map("processQueryLineage", false));
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        AddLineageRequest items = edge(results, fqn("sales", "order_items"), fqn("sales", "order_totals"));
        assertThat(items.edge().fromEntity().type()).isEqualTo("table");
        assertThat(items.edge().lineageDetails().source()).isEqualTo(LineageSource.VIEW_LINEAGE);
        assertThat(items.edge().lineageDetails().sqlQuery()).startsWith("CREATE VIEW sales.order_totals AS");
        assertThat(items.edge().lineageDetails().columnsLineage()).containsExactly(new ColumnLineage(
                List.of(fqn("sales", "order_items") + ".quantity", fqn("sales", "order_items") + ".unit_price"),
                fqn("sales", "order_totals") + ".total_amount"));
        AddLineageRequest orders = edge(results, fqn("sales", "orders"), fqn("sales", "order_totals"));
        assertThat(orders.edge().lineageDetails().columnsLineage()).containsExactly(
                new ColumnLineage(List.of(fqn("sales", "orders") + ".order_id"), fqn("sales", "order_totals") + ".order_id"),
                new ColumnLineage(List.of(fqn("sales", "orders") + ".customer_id"),
                        fqn("sales", "order_totals") + ".customer_id"));
        // A view on a view, with a renamed column, across schemas.
        AddLineageRequest top = edge(results, fqn("sales", "customers"), fqn("analytics", "top_customers"));
        assertThat(top.edge().lineageDetails().columnsLineage()).contains(new ColumnLineage(
                List.of(fqn("sales", "customers") + ".name"), fqn("analytics", "top_customers") + ".customer_name"));
        assertThat(edge(results, fqn("sales", "order_totals"), fqn("analytics", "top_customers"))
                .edge().lineageDetails().columnsLineage()).contains(new ColumnLineage(
                List.of(fqn("sales", "order_totals") + ".total_amount"), fqn("analytics", "top_customers") + ".total_amount"));
        // LEFT JOINs through a join alias, and a materialized view.
        assertThat(edge(results, fqn("hr", "locations"), fqn("hr", "employee_directory"))
                .edge().lineageDetails().columnsLineage()).containsExactly(new ColumnLineage(
                List.of(fqn("hr", "locations") + ".city"), fqn("hr", "employee_directory") + ".city"));
        assertThat(edge(results, fqn("sales", "orders"), fqn("analytics", "monthly_revenue"))
                .edge().lineageDetails().columnsLineage()).containsExactly(
                new ColumnLineage(List.of(fqn("sales", "orders") + ".ordered_at"), fqn("analytics", "monthly_revenue") + ".month"),
                new ColumnLineage(List.of(fqn("sales", "orders") + ".total"), fqn("analytics", "monthly_revenue") + ".revenue"));
        assertThat(TestPg.records(results)).noneMatch(r -> r instanceof DeleteLineageRequest);
        assertThat(TestPg.records(results)).allMatch(r -> ((AddLineageRequest) r).edge().lineageDetails().source()
                == LineageSource.VIEW_LINEAGE);
    }

    @Test
    void overrideViewLineageReplacesEachViewsUpstream() throws Exception {
        List<Result<EntityRequest>> results = lineage(db, map("processQueryLineage", false, "overrideViewLineage", true));
        List<EntityRequest> records = TestPg.records(results);
        assertThat(records).filteredOn(r -> r instanceof DeleteLineageRequest)
                .extracting(r -> ((DeleteLineageRequest) r).entity().fullyQualifiedName())
                .containsExactlyInAnyOrder(fqn("sales", "order_totals"), fqn("analytics", "top_customers"),
                        fqn("hr", "employee_directory"), fqn("analytics", "monthly_revenue"));
        int delete = records.indexOf(records.stream().filter(r -> r instanceof DeleteLineageRequest d
                && d.entity().fullyQualifiedName().equals(fqn("sales", "order_totals"))).findFirst().orElseThrow());
        int add = records.indexOf(edge(results, fqn("sales", "orders"), fqn("sales", "order_totals")));
        assertThat(delete).isLessThan(add);
    }

    /** Lineage read the same filter as metadata but dropped a pg_* include without a word. */
    @Test
    void lineageWarnsOnceOfAnIncludeAimedAtAPgSchema() throws Exception {
        List<Result<EntityRequest>> results = lineage(db, map("processQueryLineage", false,
                "schemaFilterPattern", map("includes", List.of("^sales$", "pg_catalog"))));
        TestPg.warnsOnceOfPgIncludes(results, "include pattern [pg_catalog] names pg_catalog, which is never ingested");
        assertThat(TestPg.records(results)).isNotEmpty(); // sales' views still get their lineage
        assertThat(lineage(db, map("processQueryLineage", false, "schemaFilterPattern",
                map("includes", List.of("^sales$"))))).noneMatch(r -> r instanceof Result.Warning<?>);
    }

    /** Both usage pipelines: the direct one and OpenMetadata's (query-parser), whose source warns alone. */
    @Test
    void usageWarnsOnceOfAnIncludeAimedAtAPgSchema() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        DatabaseUsageConfig config = Golden.JSON.convertValue(map("schemaFilterPattern",
                map("includes", List.of("^sales$", "^pg_"))), DatabaseUsageConfig.class);
        for (io.metaingest.api.WorkflowSteps steps : List.of(TestPg.DIRECT,
                new io.metaingest.api.WorkflowSteps("query-parser", "table-usage", "metadata-usage", null))) {
            List<Result<EntityRequest>> results = TestPg.readAll(new PostgresUsageSource(new PostgresClient(
                    pg.connection(db)), config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), steps));
            TestPg.warnsOnceOfPgIncludes(results, "include pattern [^pg_] names pg_catalog, pg_toast, which are never"
                    + " ingested");
        }
    }

    /** A pattern with a typo gave lineage and usage "success - 0 records" without a word; metadata's warns. */
    @Test
    void lineageAndUsageWarnOfAPatternThatLetNothingThroughAsMetadataDoes() throws Exception {
        String tail = " it was asked about through (includes [^slaes$]), so none was ingested; its patterns match from"
                + " the start of a name, ignoring case: check them";
        List<Result<EntityRequest>> bySchema = lineage(db, map("processQueryLineage", false,
                "schemaFilterPattern", map("includes", List.of("^slaes$"))));
        assertThat(TestPg.records(bySchema)).isEmpty();
        assertThat(TestPg.warnings(bySchema)).singleElement().asString()
                .startsWith("source.sourceConfig.config.schemaFilterPattern: let none of the ").endsWith(" schemas" + tail);
        List<Result<EntityRequest>> byTable = lineage(db, map("processQueryLineage", false,
                "tableFilterPattern", map("includes", List.of("^slaes$"))));
        assertThat(TestPg.records(byTable)).isEmpty();
        assertThat(TestPg.warnings(byTable)).singleElement().asString()
                .startsWith("source.sourceConfig.config.tableFilterPattern: let none of the ")
                .endsWith(" tables and views" + tail);
        // The database filter chooses among the server's databases only with ingestAllDatabases, as metadata's.
        DatabaseLineageConfig byDatabase = Golden.JSON.convertValue(map("processQueryLineage", false,
                "databaseFilterPattern", map("includes", List.of("^slaes$"))), DatabaseLineageConfig.class);
        List<Result<EntityRequest>> allDatabases = TestPg.readAll(new PostgresLineageSource(new PostgresClient(
                pg.connection(db).withIngestAllDatabases(true)), byDatabase, TestPg.context(WorkflowKind.LINEAGE)));
        assertThat(TestPg.records(allDatabases)).isEmpty();
        assertThat(TestPg.warnings(allDatabases)).singleElement().asString()
                .startsWith("source.sourceConfig.config.databaseFilterPattern: let none of the ")
                .endsWith(" databases" + tail);
        List<Result<EntityRequest>> configured = lineage(db, map("processQueryLineage", false,
                "databaseFilterPattern", map("includes", List.of("^slaes$"))));
        assertThat(TestPg.records(configured)).as("the configured database is read whatever the filter says")
                .isEqualTo(TestPg.records(lineage(db, map("processQueryLineage", false))));
        // That the filter is not applied is the loaded workflow's warning (SettingWarningsTest), not the source's.
        assertThat(TestPg.warnings(configured)).isEmpty();

        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        DatabaseUsageConfig config = Golden.JSON.convertValue(map("tableFilterPattern",
                map("includes", List.of("^slaes$"))), DatabaseUsageConfig.class);
        List<Result<EntityRequest>> usage = TestPg.readAll(new PostgresUsageSource(new PostgresClient(
                pg.connection(db)), config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT));
        assertThat(TestPg.records(usage)).noneMatch(r -> r instanceof UsageRequest);
        assertThat(TestPg.warnings(usage)).singleElement().asString()
                .startsWith("source.sourceConfig.config.tableFilterPattern: let none of the ")
                .endsWith(" tables and views" + tail);
        // A pattern that lets a table through says nothing.
        assertThat(TestPg.warnings(TestPg.readAll(new PostgresUsageSource(new PostgresClient(pg.connection(db)),
                Golden.JSON.convertValue(map("tableFilterPattern", map("includes", List.of("^orders$"))),
                        DatabaseUsageConfig.class), TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT))))
                .isEmpty();
    }

    @Test
    void processViewLineageFalseEmitsNoViewLineage() throws Exception {
        List<Result<EntityRequest>> results = lineage(db, map("processViewLineage", false));
        assertThat(TestPg.records(results)).noneMatch(r -> r instanceof AddLineageRequest l
                && l.edge().lineageDetails().source() == LineageSource.VIEW_LINEAGE);
    }

    @Test
    void queryLineageFromPgStatStatements() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        List<Result<EntityRequest>> results = lineage(db, map("processViewLineage", false));
        assertThat(TestPg.records(results)).hasSize(3).allMatch(r -> ((AddLineageRequest) r).edge().lineageDetails()
                .source() == LineageSource.QUERY_LINEAGE);
        assertThat(edge(results, fqn("sales", "orders"), fqn("analytics", "daily_sales")).edge().lineageDetails()
                .sqlQuery()).contains("CREATE TABLE analytics.daily_sales AS");
        assertThat(edge(results, fqn("sales", "customers"), fqn("analytics", "customer_ltv")).edge().lineageDetails()
                .sqlQuery()).startsWith("INSERT INTO analytics.customer_ltv");
        edge(results, fqn("sales", "orders"), fqn("analytics", "customer_ltv"));

        List<Result<EntityRequest>> none = lineage(db, map("processViewLineage", false, "processQueryLineage", false));
        assertThat(none).isEmpty();
    }

    @Test
    void queryLineageCarriesColumnLineageByFqnOfCatalogColumnsOnly() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String cols = pg.databaseWithWorkload("query_column_lineage", """
                CREATE SCHEMA wh;
                CREATE TABLE wh.s (x int, y int, z int);
                CREATE TABLE wh.t (a int, b int);
                CREATE TABLE wh.u (a int, b int);
                CREATE TABLE wh.dim (id int, "Label" text);
                """,
                "INSERT INTO wh.t(a, b) SELECT x, y + z FROM wh.s",
                // A second statement writing the same pair: one edge, with the columns of both.
                "INSERT INTO wh.t(b) SELECT x FROM wh.s WHERE z > 0",
                "CREATE TABLE wh.report AS SELECT s.x AS k, upper(d.\"Label\") AS label, s.y * 2"
                        + " FROM wh.s s JOIN wh.dim d ON d.id = s.x",
                "INSERT INTO wh.u SELECT * FROM wh.t",
                // A column dropped since the statement ran is not the catalog's any more: left out.
                "CREATE TABLE wh.w (a int, gone int)",
                "INSERT INTO wh.w (a, gone) SELECT x, z FROM wh.s",
                "ALTER TABLE wh.w DROP COLUMN gone");

        List<Result<EntityRequest>> results = lineage(cols, map("processViewLineage", false));
        String wh = TestPg.SERVICE + ".query_column_lineage.wh.";
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        assertThat(results).filteredOn(r -> r instanceof Result.Ok<?> ok && ok.record() instanceof AddLineageRequest l
                && l.edge().toEntity().fullyQualifiedName().equals(wh + "t")).hasSize(1);
        assertThat(edge(results, wh + "s", wh + "t").edge().lineageDetails().columnsLineage())
                .extracting(c -> c.toColumn() + " <- " + new java.util.TreeSet<>(c.fromColumns()))
                .containsExactlyInAnyOrder(wh + "t.a <- [" + wh + "s.x]",
                        wh + "t.b <- [" + wh + "s.x, " + wh + "s.y, " + wh + "s.z]");
        // CREATE TABLE AS: columns named by alias; an unnamed expression ("?column?") is left out.
        assertThat(edge(results, wh + "s", wh + "report").edge().lineageDetails().columnsLineage())
                .containsExactly(new ColumnLineage(List.of(wh + "s.x"), wh + "report.k"));
        assertThat(edge(results, wh + "dim", wh + "report").edge().lineageDetails().columnsLineage())
                .containsExactly(new ColumnLineage(List.of(wh + "dim.Label"), wh + "report.label"));
        // * from the catalog, lined up with the target's columns from the catalog.
        assertThat(edge(results, wh + "t", wh + "u").edge().lineageDetails().columnsLineage()).containsExactly(
                new ColumnLineage(List.of(wh + "t.a"), wh + "u.a"), new ColumnLineage(List.of(wh + "t.b"), wh + "u.b"));
        assertThat(edge(results, wh + "s", wh + "w").edge().lineageDetails().columnsLineage())
                .containsExactly(new ColumnLineage(List.of(wh + "s.x"), wh + "w.a"));
    }

    @Test
    void queryAndViewLineageBothCarryTheirColumns() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String both = pg.databaseWithWorkload("query_and_view_lineage", """
                CREATE TABLE s (x int);
                CREATE MATERIALIZED VIEW m AS SELECT x FROM s;
                """, "INSERT INTO s SELECT x FROM m", "CREATE TABLE copy AS SELECT x FROM s");

        List<Result<EntityRequest>> results = lineage(both, map());
        String base = TestPg.SERVICE + ".query_and_view_lineage.public.";
        assertThat(TestPg.records(results)).map(r -> ((AddLineageRequest) r).edge())
                .extracting(e -> e.fromEntity().fullyQualifiedName() + " -> " + e.toEntity().fullyQualifiedName()
                        + " " + e.lineageDetails().source() + " " + e.lineageDetails().columnsLineage())
                .containsExactlyInAnyOrder(
                        base + "s -> " + base + "m VIEW_LINEAGE " + List.of(new ColumnLineage(List.of(base + "s.x"), base + "m.x")),
                        base + "m -> " + base + "s QUERY_LINEAGE " + List.of(new ColumnLineage(List.of(base + "m.x"), base + "s.x")),
                        base + "s -> " + base + "copy QUERY_LINEAGE " + List.of(new ColumnLineage(List.of(base + "s.x"), base + "copy.x")));
    }

    @Test
    void queryLineageKeepsSourcesOutsideTheSchemaFilterAsViewLineageDoes() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String outside = pg.databaseWithWorkload("lineage_outside_filter", """
                CREATE SCHEMA sales;
                CREATE SCHEMA other;
                CREATE TABLE other.customers (id int, name text);
                CREATE TABLE sales.orders (id int, customer_id int);
                CREATE TABLE sales.summary (name text, orders bigint);
                CREATE TABLE other.copy (id int);
                CREATE VIEW sales.named AS SELECT c.name FROM other.customers c;
                """, "INSERT INTO sales.summary SELECT c.name, count(*) FROM other.customers c"
                        + " JOIN sales.orders o ON o.customer_id = c.id GROUP BY c.name",
                "INSERT INTO other.copy SELECT id FROM sales.orders");

        List<Result<EntityRequest>> results = lineage(outside, map("schemaFilterPattern",
                map("includes", List.of("^sales$"))));
        String base = TestPg.SERVICE + ".lineage_outside_filter.";
        assertThat(TestPg.records(results)).map(r -> ((AddLineageRequest) r).edge())
                .extracting(e -> e.fromEntity().fullyQualifiedName() + " -> " + e.toEntity().fullyQualifiedName()
                        + " " + e.lineageDetails().source())
                .containsExactlyInAnyOrder(
                        base + "other.customers -> " + base + "sales.named " + LineageSource.VIEW_LINEAGE,
                        base + "other.customers -> " + base + "sales.summary " + LineageSource.QUERY_LINEAGE,
                        base + "sales.orders -> " + base + "sales.summary " + LineageSource.QUERY_LINEAGE);
        // The filter picks targets: one it leaves out is counted as filtered, with the setting that left it out.
        assertThat(results).filteredOn(r -> r instanceof Result.Filtered<?>).singleElement()
                .isEqualTo(Result.filtered(base + "other.copy", "no query lineage into it:"
                        + " source.sourceConfig.config.schemaFilterPattern includes only names matching \"^sales$\":"
                        + " \"other\" matches none"));
    }

    @Test
    void aClearWarningWithoutPgStatStatements() throws Exception {
        String bare = pg.database("no_query_log", false, "CREATE TABLE t (id int)");
        List<Result<EntityRequest>> results = lineage(bare, map());
        assertThat(results).filteredOn(r -> r instanceof Result.Warning<?>).singleElement().satisfies(r -> {
            Result.Warning<?> w = (Result.Warning<?>) r;
            assertThat(w.name()).isEqualTo(TestPg.SERVICE + ".no_query_log");
            assertThat(w.message()).contains("pg_stat_statements is not installed").contains("CREATE EXTENSION");
        });
    }

    @Test
    void usageWithoutPgStatStatementsFailsTheDatabaseAsTestConnectionDoes() throws Exception {
        String bare = pg.database("no_query_log", false, "CREATE TABLE t (id int)");
        // The run's failure, whatever its successThreshold: one failed entity let a run with a lowered
        // threshold end as partial success with 0 records.
        io.metaingest.api.ConnectionException unread = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.metaingest.api.ConnectionException.class, () -> TestPg.readAll(new PostgresUsageSource(
                        new PostgresClient(pg.connection(bare)), Golden.JSON.convertValue(map(), DatabaseUsageConfig.class),
                        TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT)));
        // The view is named once in the prose; the fix still carries both commands.
        assertThat(unread.getMessage()).isEqualTo("usage needs pg_stat_statements in database \"no_query_log\": it is"
                + " not installed in this database: run CREATE EXTENSION pg_stat_statements (with"
                + " shared_preload_libraries = 'pg_stat_statements') to get query lineage and usage");
        io.metaingest.api.ConnectionException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.metaingest.api.ConnectionException.class, () -> new PostgresConnectionTester(new PostgresClient(
                        pg.connection(bare)), TestPg.context(WorkflowKind.USAGE), Optional.empty()).test());
        // The extension does not exist there: not "(other)".
        assertThat(refused.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.NOT_FOUND);
        assertThat(refused.getMessage()).isEqualTo(unread.getMessage());
        assertThat(unread.reason()).isEqualTo(refused.reason());
    }

    static List<EntityRequest> usage(Map<String, Object> values) throws Exception {
        DatabaseUsageConfig config = Golden.JSON.convertValue(values, DatabaseUsageConfig.class);
        return TestPg.records(TestPg.readAll(new PostgresUsageSource(new PostgresClient(pg.connection(db)), config,
                TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT)));
    }

    @Test
    void usageLeavesOutMetaingestsOwnQueries() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        // Our catalog, lineage and usage queries all reach pg_stat_statements before the usage run that counts.
        MetadataSourceTest.run(pg.connection(db), map("schemaFilterPattern", map("excludes", List.of("^tmp_"))));
        lineage(db, map());
        new PostgresConnectionTester(new PostgresClient(pg.connection(db)), TestPg.context(WorkflowKind.USAGE), Optional.empty()).test();
        usage(map());
        List<EntityRequest> records = usage(map("schemaFilterPattern", map("excludes", List.of("^tmp_"))));
        assertThat(records).filteredOn(r -> r instanceof CreateQueryRequest).map(r -> ((CreateQueryRequest) r).query())
                .isNotEmpty().noneMatch(q -> q.contains(CatalogQueries.MARKER)
                        || q.matches("(?s).*(pg_catalog\\.pg_|\\.pg_stat_statements|pg_namespace|pg_class).*"));
        assertThat(records).filteredOn(r -> r instanceof UsageRequest)
                .map(r -> ((UsageRequest) r).entity().fullyQualifiedName())
                .isNotEmpty().allMatch(t -> t.startsWith(TestPg.SERVICE + "." + db + ".sales.")
                        || t.startsWith(TestPg.SERVICE + "." + db + ".inventory.")
                        || t.startsWith(TestPg.SERVICE + "." + db + ".analytics."));
    }

    /**
     * The snapshot export the metadata workflow shares its read-ahead connections' snapshot with is its own
     * statement too: before, it reached the query log unmarked and every usage run after a metadata run
     * counted "SELECT pg_export_snapshot()" as a filtered query of the user's.
     */
    @Test
    void theMetadataWorkflowsSnapshotExportIsNoQueryOfTheUsers() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        MetadataSourceTest.run(pg.connection(db), map());
        DatabaseUsageConfig config = Golden.JSON.convertValue(map(), DatabaseUsageConfig.class);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresUsageSource(new PostgresClient(
                pg.connection(db)), config, TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT));
        assertThat(TestPg.records(results)).isNotEmpty();
        assertThat(results).noneMatch(r -> r.toString().contains("pg_export_snapshot"));
    }

    @Test
    void theParserFindsLineageTheStatementShapesHide() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String shapes = pg.databaseWithWorkload("query_shapes", """
                CREATE SCHEMA wh;
                CREATE TABLE wh.src (id int, v int);
                CREATE TABLE wh.src2 (id int, v int);
                CREATE TABLE wh.src3 (id int, v int);
                CREATE TABLE wh.dst (id int, v int);
                CREATE TABLE wh.gone (id int);
                """,
                "UPDATE wh.dst SET v = s.v FROM wh.src s WHERE s.id = wh.dst.id",
                "MERGE INTO wh.dst d USING wh.src2 s ON d.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v",
                "WITH recent AS (SELECT * FROM wh.src3) INSERT INTO wh.dst SELECT * FROM recent",
                "DELETE FROM wh.dst d USING wh.gone g WHERE g.id = d.id",
                "SELECT count(*) FROM wh.dst WHERE id OPERATOR(pg_catalog.=) 1",
                // Statements that move no rows are neither usage nor warnings, whether the parser reads them or not.
                "COMMENT ON TABLE wh.src IS 'source rows'",
                "GRANT SELECT ON wh.src TO PUBLIC",
                "CREATE INDEX IF NOT EXISTS src_id ON wh.src (id)",
                "ANALYZE wh.src");

        List<Result<EntityRequest>> results = lineage(shapes, map("processViewLineage", false));
        String wh = TestPg.SERVICE + ".query_shapes.wh.";
        assertThat(TestPg.records(results)).map(r -> ((AddLineageRequest) r).edge())
                .extracting(e -> e.fromEntity().fullyQualifiedName() + " -> " + e.toEntity().fullyQualifiedName())
                .containsExactlyInAnyOrder(wh + "src -> " + wh + "dst", wh + "src2 -> " + wh + "dst",
                        wh + "src3 -> " + wh + "dst");
        assertThat(TestPg.records(results)).noneMatch(r -> ((AddLineageRequest) r).edge().fromEntity()
                .fullyQualifiedName().endsWith(".recent"));
        // UPDATE ... FROM and MERGE carry the columns they set from the other table.
        assertThat(edge(results, wh + "src", wh + "dst").edge().lineageDetails().columnsLineage())
                .containsExactly(new ColumnLineage(List.of(wh + "src.v"), wh + "dst.v"));
        assertThat(edge(results, wh + "src2", wh + "dst").edge().lineageDetails().columnsLineage())
                .containsExactly(new ColumnLineage(List.of(wh + "src2.v"), wh + "dst.v"));
        assertThat(edge(results, wh + "src3", wh + "dst").edge().lineageDetails().columnsLineage()).containsExactly(
                new ColumnLineage(List.of(wh + "src3.id"), wh + "dst.id"), new ColumnLineage(List.of(wh + "src3.v"), wh + "dst.v"));

        List<Result<EntityRequest>> usage = TestPg.readAll(new PostgresUsageSource(new PostgresClient(
                pg.connection(shapes)), Golden.JSON.convertValue(map(), DatabaseUsageConfig.class),
                TestPg.context(WorkflowKind.USAGE), Clock.systemUTC(), TestPg.DIRECT));
        // The statement the parser cannot read is a warning that names it; the run goes on without it.
        assertThat(usage).filteredOn(r -> r instanceof Result.Warning<?>).map(r -> ((Result.Warning<?>) r).message())
                .singleElement().satisfies(m -> assertThat(m).startsWith("a query of pg_stat_statements cannot be parsed")
                        .contains("OPERATOR(pg_catalog.=)"));
        assertThat(TestPg.records(usage)).filteredOn(r -> r instanceof UsageRequest).map(r -> (UsageRequest) r)
                .extracting(u -> u.entity().fullyQualifiedName(), UsageRequest::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(wh + "dst", 4),
                        org.assertj.core.groups.Tuple.tuple(wh + "gone", 1), org.assertj.core.groups.Tuple.tuple(wh + "src", 1),
                        org.assertj.core.groups.Tuple.tuple(wh + "src2", 1), org.assertj.core.groups.Tuple.tuple(wh + "src3", 1));
    }

    @Test
    void usagePerTableAndDay() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);
        DatabaseUsageConfig config = Golden.JSON.convertValue(map(), DatabaseUsageConfig.class);
        List<EntityRequest> records = TestPg.records(TestPg.readAll(new PostgresUsageSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.USAGE), clock, TestPg.DIRECT)));
        List<UsageRequest> usage = records.stream().filter(r -> r instanceof UsageRequest).map(UsageRequest.class::cast)
                .toList();
        assertThat(usage).allMatch(u -> u.date().equals("2026-03-04"));
        // sales.orders: the CTAS, the INSERT ... SELECT and the two normalized counts (one statement, 2 calls).
        assertThat(usage).filteredOn(u -> u.entity().fullyQualifiedName().equals(fqn("sales", "orders")))
                .singleElement().extracting(UsageRequest::count).isEqualTo(4);
        assertThat(usage).filteredOn(u -> u.entity().fullyQualifiedName().equals(fqn("inventory", "stock_levels")))
                .singleElement().extracting(UsageRequest::count).isEqualTo(1);
        List<CreateQueryRequest> queries = records.stream().filter(r -> r instanceof CreateQueryRequest)
                .map(CreateQueryRequest.class::cast).toList();
        assertThat(queries).anySatisfy(q -> {
            assertThat(q.query()).startsWith("SELECT p.name, s.quantity");
            assertThat(q.queryUsedIn()).extracting(r -> r.fullyQualifiedName())
                    .containsExactlyInAnyOrder(fqn("inventory", "products"), fqn("inventory", "stock_levels"));
            assertThat(q.queryDate()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z").toEpochMilli());
            assertThat(q.service()).isEqualTo(TestPg.SERVICE);
            assertThat(q.users()).containsExactly(pg.user());
        });
    }
}
