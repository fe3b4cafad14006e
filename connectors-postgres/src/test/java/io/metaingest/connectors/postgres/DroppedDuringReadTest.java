package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A relation dropped by another session while the run reads the catalog (a migration during the
 * ingestion): the run's snapshot still lists it, but deparsing its definition waits for the drop's
 * lock and then finds it gone ({@code could not open relation with OID …}). That is the one relation
 * the run cannot describe, and it no longer exists: every other table and view is still read.
 */
class DroppedDuringReadTest {

    private static final TestPg pg = TestPg.get();
    private static final String SCHEMA = """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int PRIMARY KEY, name text);
                CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int REFERENCES sales.customers (id));
                CREATE VIEW sales.customer_names AS SELECT name FROM sales.customers;
                CREATE VIEW sales.doomed AS SELECT id FROM sales.orders;
                CREATE VIEW sales.doomed_too AS SELECT name FROM sales.customers;
                CREATE MATERIALIZED VIEW sales.order_count AS SELECT count(*) AS n FROM sales.orders;
                CREATE FUNCTION sales.answer() RETURNS int LANGUAGE sql AS 'SELECT 42';
                """;

    /** One database per workflow: each test drops its views. */
    private static String db;
    private static String lineageDb;

    @BeforeAll
    static void setUp() {
        db = pg.database("dropped_during_read", false, SCHEMA);
        lineageDb = pg.database("dropped_during_lineage", false, SCHEMA);
    }

    private static Set<String> tables(List<Result<EntityRequest>> results) {
        return TestPg.records(results).stream().filter(r -> r instanceof CreateTableRequest)
                .map(r -> ((CreateTableRequest) r).name()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A migration's DROP VIEW on its own session, not committed yet: the run's snapshot still lists the view. */
    private static Connection dropUncommitted(String database, String view) throws Exception {
        Connection dropper = pg.jdbc(database);
        dropper.setAutoCommit(false);
        try (Statement s = dropper.createStatement()) {
            s.execute("DROP VIEW " + view);
        }
        return dropper;
    }

    /** Commits {@code dropper}'s drop of {@code oid} once a session (the run) waits for its lock; bounded at 30 s. */
    private static CompletableFuture<Void> commitWhenAwaited(Connection dropper, long oid) {
        return CompletableFuture.runAsync(() -> {
            try (Statement s = dropper.createStatement()) {
                s.execute("SET LOCAL statement_timeout = '30s'");
                s.execute("DO $$ BEGIN WHILE NOT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted"
                        + " AND locktype = 'relation' AND relation = " + oid + ") LOOP PERFORM pg_sleep(0.01);"
                        + " END LOOP; END $$");
                dropper.commit();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static long oid(String database, String relation) throws Exception {
        try (Connection c = pg.jdbc(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT '" + relation + "'::regclass::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Two views dropped while the run reads: the first found dropped stops the database-wide query, which
     * goes on from the next relation in a new snapshot; the other is then found dropped within that read
     * (a batch of {@link LockedRelations}), which is read again without it.
     */
    @Test
    void viewsDroppedWhileTheRunWaitsForThemAreLeftOutAndEveryOtherRelationIsRead() throws Exception {
        DatabaseMetadataConfig config = MetadataSourceTest.config(Map.of());
        PostgresConnection conn = pg.connection(db);
        long doomed = oid(db, "sales.doomed");
        long doomedToo = oid(db, "sales.doomed_too");
        List<Result<EntityRequest>> results;
        CompletableFuture<Void> drops;
        try (Connection first = dropUncommitted(db, "sales.doomed");
             Connection second = dropUncommitted(db, "sales.doomed_too")) {
            drops = CompletableFuture.allOf(commitWhenAwaited(first, doomed), commitWhenAwaited(second, doomedToo));
            results = TestPg.readAll(new PostgresMetadataSource(new PostgresClient(conn), config,
                    TestPg.context(WorkflowKind.METADATA), new TableMapper(config, conn)));
            // Before waiting for the drops: a run that stopped at the first never waits for the second.
            assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
            drops.get(60, TimeUnit.SECONDS);
        }

        assertThat(tables(results)).containsExactly("customer_names", "customers", "order_count", "orders");
        assertThat(TestPg.records(results)).filteredOn(r -> r instanceof CreateStoredProcedureRequest).hasSize(1);
        String dbFqn = TestPg.SERVICE + "." + db;
        assertThat(TestPg.warnings(results)).hasSize(2).allSatisfy(w -> assertThat(w)
                .endsWith("was dropped by another session while the run read the catalog, so it is not ingested (it no"
                        + " longer exists); the other tables and views were read without it")
                .doesNotContain("\n"));
        assertThat(TestPg.warnings(results)).anySatisfy(w -> assertThat(w).matches(
                "\\Q" + dbFqn + ": a relation (OID \\E(" + doomed + "|" + doomedToo + ")\\) .*"));
        assertThat(TestPg.warnings(results)).anySatisfy(w -> assertThat(w).matches(
                "\\Q" + dbFqn + ".sales.\\E(doomed|doomed_too): .*"));
    }

    /** View lineage reads each view's definition likewise: the views dropped meanwhile are warnings, the others' edges come. */
    @Test
    void viewLineageGoesOnPastViewsDroppedWhileTheRunWaitsForThem() throws Exception {
        DatabaseLineageConfig config = Golden.JSON.convertValue(Map.of("processQueryLineage", false),
                DatabaseLineageConfig.class);
        long doomed = oid(lineageDb, "sales.doomed");
        long doomedToo = oid(lineageDb, "sales.doomed_too");
        List<Result<EntityRequest>> results;
        try (Connection first = dropUncommitted(lineageDb, "sales.doomed");
             Connection second = dropUncommitted(lineageDb, "sales.doomed_too")) {
            CompletableFuture<Void> drops = CompletableFuture.allOf(commitWhenAwaited(first, doomed),
                    commitWhenAwaited(second, doomedToo));
            results = TestPg.readAll(new PostgresLineageSource(new PostgresClient(pg.connection(lineageDb)), config,
                    TestPg.context(WorkflowKind.LINEAGE)));
            assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
            drops.get(60, TimeUnit.SECONDS);
        }

        String sales = TestPg.SERVICE + "." + lineageDb + ".sales.";
        assertThat(TestPg.records(results)).map(r -> ((AddLineageRequest) r).edge())
                .map(e -> e.fromEntity().fullyQualifiedName() + " -> " + e.toEntity().fullyQualifiedName())
                .containsExactlyInAnyOrder(sales + "customers -> " + sales + "customer_names",
                        sales + "orders -> " + sales + "order_count");
        assertThat(TestPg.warnings(results)).hasSize(2).allSatisfy(w -> assertThat(w)
                .startsWith(TestPg.SERVICE + "." + lineageDb + ": a relation (OID ")
                .endsWith(LockedRelations.DROPPED_WARNING));
    }
}
