package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.Source;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.CreateTableRequest;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A locked relation costs the run one lock_timeout, not one per relation that reads it: after the
 * first wait the server is asked which relations the lock holds back, and those fail at once. The
 * waits are counted as the lock-timeout errors (SQLSTATE 55P03) the server returned on each of the
 * run's connections, the first opened being the one that reads past the lock; the read-ahead
 * connections of the normal path run side by side, so each may wait once in the same lock_timeout.
 */
class LockWaitsTest {

    private static final TestPg pg = TestPg.get();
    private static String db;

    @BeforeAll
    static void setUp() {
        db = pg.database("lock_waits", false, """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int PRIMARY KEY, name text DEFAULT 'n/a');
                CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int, status text DEFAULT 'new');
                CREATE TABLE sales.plain (id int);
                CREATE VIEW sales.v1 AS SELECT status FROM sales.orders;
                CREATE VIEW sales.v2 AS SELECT id FROM sales.orders;
                CREATE VIEW sales.v3 AS SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id;
                CREATE MATERIALIZED VIEW sales.v4 AS SELECT count(*) AS n FROM sales.orders;
                -- reads a view of the locked table, not the table: its definition needs no lock on it
                CREATE VIEW sales.v1_again AS SELECT status FROM sales.v1;
                CREATE VIEW sales.customer_names AS SELECT name FROM sales.customers;
                CREATE TABLE sales.checked (id int CHECK (id > 0));
                CREATE TABLE sales.events (id int) PARTITION BY RANGE (id);
                CREATE TABLE sales.events_1 PARTITION OF sales.events FOR VALUES FROM (0) TO (100);
                """);
    }

    private record Run(List<Result<EntityRequest>> results, LockWaits waits, int holderPid) {
    }

    private static Run run(Map<String, Object> sourceConfig, boolean refuseSnapshotExport, String... locked)
            throws Exception {
        return runLockingLater(sourceConfig, refuseSnapshotExport, null, null, locked);
    }

    /** A run while another session holds {@code locked}, and also {@code lockedLater} once the run asked for locks. */
    private static Run runLockingLater(Map<String, Object> sourceConfig, boolean refuseSnapshotExport,
                                       String lockedLater, Map<String, Object> lineage, String... locked)
            throws Exception {
        DatabaseMetadataConfig config = MetadataSourceTest.config(sourceConfig);
        LockWaits waits = new LockWaits();
        waits.refuseSnapshotExport = refuseSnapshotExport;
        PostgresClient client = waits.client(pg.connection(db));
        try (Connection holder = pg.jdbc(db)) {
            int pid = waits.hold(holder, lockedLater, locked);
            try {
                Source<EntityRequest> source = lineage != null
                        ? new PostgresLineageSource(client, Golden.JSON.convertValue(lineage, DatabaseLineageConfig.class),
                                TestPg.context(WorkflowKind.LINEAGE))
                        : new PostgresMetadataSource(client, config, TestPg.context(WorkflowKind.METADATA),
                                new TableMapper(config, client.config()));
                return new Run(TestPg.readAll(source), waits, pid);
            } finally {
                holder.rollback();
            }
        }
    }

    private static Set<String> tables(List<Result<EntityRequest>> results) {
        return TestPg.records(results).stream().filter(r -> r instanceof CreateTableRequest)
                .map(r -> ((CreateTableRequest) r).name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> failures(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Failed<?>).map(r -> ((Result.Failed<?>) r).error())
                .collect(Collectors.toMap(e -> e.name().substring(e.name().lastIndexOf('.') + 1), StepError::error,
                        (a, b) -> a + " | " + b, TreeMap::new));
    }

    private static final Map<String, Object> DDL = map("includeDDL", true);

    @Test
    void theLockedTableAndTheViewsThatReadItFailAfterOneWaitAndTheRestIsRead() throws Exception {
        Run run = run(DDL, false, "sales.orders");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("orders", "v1", "v2", "v3", "v4");
        assertThat(failures.values()).allSatisfy(error -> assertThat(error)
                .startsWith("locked by another session: not read, as a read gave up after lock_timeout (300 ms) waiting for sales.orders,"
                        + " which another session holds in ACCESS EXCLUSIVE mode (pid " + run.holderPid() + ", user "
                        + pg.user() + ", application PostgreSQL JDBC Driver)")
                .contains("the other relations were read", "connectionArguments.lock_timeout")
                .doesNotContain("s3cr3t").doesNotContain("\n"));
        assertThat(tables(run.results())).containsExactly("checked", "customer_names", "customers", "events", "plain", "v1_again");
        assertThat(run.waits().main()).as("waits of the read past the lock").isZero();
        assertThat(run.waits().readAhead()).as("the normal path's side-by-side reads wait once at most")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
    }

    @Test
    void withoutDdlTheLockedTableIsDescribedAndOnlyItsViewsFail() throws Exception {
        Run run = run(Map.of(), false, "sales.orders");

        assertThat(failures(run.results())).containsOnlyKeys("v1", "v2", "v3", "v4");
        assertThat(tables(run.results())).contains("orders", "v1_again", "customers");
        assertThat(run.waits().main()).isZero();
    }

    @Test
    void whenTheWholeDatabaseReadIsTheOneThatTimesOutTheRunStillWaitsOnce() throws Exception {
        // Without an exported snapshot every catalog query runs on the one connection.
        Run run = run(DDL, true, "sales.orders");

        assertThat(run.waits().perConnection).hasSize(1);
        assertThat(run.waits().main()).isEqualTo(1);
        assertThat(failures(run.results())).containsOnlyKeys("orders", "v1", "v2", "v3", "v4");
        assertThat(tables(run.results())).containsExactly("checked", "customer_names", "customers", "events", "plain", "v1_again");
    }

    @Test
    void aLockedViewFailsWithWhatItReadsAndTheViewsThatReadIt() throws Exception {
        // LOCK TABLE on a view also locks the relations its query reads (PostgreSQL 11+): here sales.orders.
        Run run = run(Map.of(), false, "sales.v1");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("v1", "v2", "v3", "v4", "v1_again");
        assertThat(failures.get("v1")).contains("waiting for sales.orders, which another session holds",
                "; and for sales.v1, which another session holds");
        assertThat(failures.get("v1_again")).contains("waiting for sales.v1, which another session holds")
                .doesNotContain("sales.orders");
        assertThat(tables(run.results())).contains("orders", "customers", "customer_names");
        assertThat(run.waits().main()).isZero();
    }

    @Test
    void aLockTakenWhileTheRunReadsPastTheFirstCostsOneMoreWaitNotOnePerRelation() throws Exception {
        // One connection, so that the run holds no lock of its own when the second lock is taken.
        Run run = runLockingLater(DDL, true, "sales.customers", null, "sales.orders");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("orders", "v1", "v2", "v3", "v4", "customers", "customer_names");
        assertThat(failures.get("customer_names")).contains("waiting for sales.customers, which another session holds");
        assertThat(tables(run.results())).containsExactly("checked", "events", "plain", "v1_again");
        assertThat(run.waits().main()).as("the first wait, and one for the lock taken since").isEqualTo(2);
    }

    @Test
    void aPartitionedTablesKeyAndWithDdlACheckConstraintNeedTheLockAPlainTableNot() throws Exception {
        Run withoutDdl = run(Map.of(), false, "sales.events", "sales.checked", "sales.plain");
        assertThat(failures(withoutDdl.results())).containsOnlyKeys("events");
        assertThat(tables(withoutDdl.results())).contains("checked", "plain");
        assertThat(withoutDdl.waits().main()).isZero();

        Run withDdl = run(DDL, false, "sales.events", "sales.checked", "sales.plain");
        assertThat(failures(withDdl.results())).containsOnlyKeys("events", "checked");
        assertThat(tables(withDdl.results())).contains("plain");
        assertThat(withDdl.waits().main()).isZero();
    }

    @Test
    void viewLineageFailsTheViewsOfTheLockedTableAtOnceAndReadsTheOthers() throws Exception {
        Run run = runLockingLater(Map.of(), false, null, map("processQueryLineage", false), "sales.orders");

        Map<String, String> failures = failures(run.results());
        assertThat(failures).containsOnlyKeys("v1", "v2", "v3", "v4");
        assertThat(failures.get("v3")).startsWith("locked by another session: not read, as a read gave up after lock_timeout (300 ms)"
                + " waiting for sales.orders, which another session holds in ACCESS EXCLUSIVE mode (pid "
                + run.holderPid()).doesNotContain("s3cr3t");
        String prefix = "table:" + TestPg.SERVICE + "." + db + ".sales.";
        assertThat(TestPg.records(run.results())).map(EntityRequest::key).containsExactlyInAnyOrder(
                prefix + "customers -> " + prefix + "customer_names", prefix + "v1 -> " + prefix + "v1_again");
        assertThat(run.waits().perConnection).hasSize(1);
        assertThat(run.waits().main()).as("the view query's one wait").isEqualTo(1);
    }

    @Test
    void withNothingLockedNoLockIsAskedFor() throws Exception {
        Run run = run(DDL, false);

        assertThat(failures(run.results())).isEmpty();
        assertThat(run.waits().statements).noneMatch(sql -> sql.contains("pg_locks"));
        assertThat(run.waits().perConnection).allSatisfy(n -> assertThat(n.get()).isZero());
    }
}
