package io.metaingest.connectors.postgres;

import static io.metaingest.connectors.postgres.Golden.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.entity.CreateTableRequest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A relation another session holds in ACCESS EXCLUSIVE mode (an ALTER TABLE in progress) fails only
 * what cannot be read without its lock: the catalog queries' deparsing functions wait for it
 * (pg_get_viewdef for the views that read it, pg_get_expr for its column defaults with includeDDL),
 * and every other table is still read. Relations the filters leave out are not touched.
 */
class LockedRelationsTest {

    private static final TestPg pg = TestPg.get();
    private static String db;
    /** More relations than a batch, so the read past the lock spans several. */
    private static final int BULK = LockedRelations.BATCH + 20;

    @BeforeAll
    static void setUp() {
        db = pg.database("locked_relations", false, """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int PRIMARY KEY, name text DEFAULT 'n/a');
                CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int REFERENCES sales.customers (id),
                                           status text DEFAULT 'new');
                CREATE VIEW sales.order_summary AS SELECT status, count(*) AS n FROM sales.orders GROUP BY status;
                CREATE VIEW sales.customer_names AS SELECT name FROM sales.customers;
                CREATE SCHEMA tmp_work;
                CREATE TABLE tmp_work.scratch (id int DEFAULT 1);
                CREATE VIEW tmp_work.scratch_view AS SELECT id FROM tmp_work.scratch;
                CREATE SCHEMA bulk;
                DO $$ BEGIN FOR i IN 1..%d LOOP
                  EXECUTE format('CREATE TABLE bulk.t%%s (id int DEFAULT %%s)', i, i);
                END LOOP; END $$;
                CREATE VIEW bulk.zz_orders AS SELECT id FROM sales.orders;
                """.formatted(BULK));
    }

    private static List<Result<EntityRequest>> runWhileLocked(Map<String, Object> sourceConfig, String... locked)
            throws Exception {
        DatabaseMetadataConfig config = MetadataSourceTest.config(sourceConfig);
        PostgresConnection base = pg.connection(db);
        PostgresConnection conn = new PostgresConnection(base.type(), base.scheme(), base.hostPort(), base.username(),
                base.authType(), base.database(), null, null, null, null, null, map("lock_timeout", "300ms"));
        try (Connection holder = pg.jdbc(db)) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                for (String table : locked) {
                    s.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE"); // as an ALTER TABLE in progress
                }
            }
            try {
                return TestPg.readAll(new PostgresMetadataSource(new PostgresClient(conn), config,
                        TestPg.context(WorkflowKind.METADATA), new TableMapper(config, conn)));
            } finally {
                holder.rollback();
            }
        }
    }

    private static Set<String> tables(List<Result<EntityRequest>> results) {
        return TestPg.records(results).stream().filter(r -> r instanceof CreateTableRequest)
                .map(r -> ((CreateTableRequest) r).databaseSchema() + "." + ((CreateTableRequest) r).name())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> failures(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Failed<?>).map(r -> ((Result.Failed<?>) r).error())
                .collect(Collectors.toMap(StepError::name, StepError::error, (a, b) -> a + " | " + b, TreeMap::new));
    }

    private static String fqn(String schema, String table) {
        return TestPg.SERVICE + "." + db + "." + schema + "." + table;
    }

    @Test
    void aLockedTableFailsOnlyTheViewsThatReadItAndEveryOtherTableIsRead() throws Exception {
        Map<String, Object> filter = map("schemaFilterPattern", map("excludes", List.of("^tmp_")));
        Set<String> unlocked = tables(runWhileLocked(filter));
        assertThat(unlocked).hasSize(4 + BULK + 1);

        List<Result<EntityRequest>> results = runWhileLocked(filter, "sales.orders", "tmp_work.scratch");

        // Without DDL only the views' definitions need the lock: the table itself is described.
        assertThat(failures(results)).containsOnlyKeys(fqn("sales", "order_summary"), fqn("bulk", "zz_orders"));
        assertThat(failures(results).get(fqn("sales", "order_summary")))
                .startsWith("locked by another session: not read, as a read gave up after lock_timeout (300 ms) waiting for sales.orders,"
                        + " which another session holds in ACCESS EXCLUSIVE mode")
                .contains("the other relations were read", "connectionArguments.lock_timeout",
                        "canceling statement due to lock timeout")
                .doesNotContain("SQLException").doesNotContain("\n");
        Set<String> expected = new TreeSet<>(unlocked);
        expected.removeAll(Set.of(fqn("sales", "order_summary"), fqn("bulk", "zz_orders")));
        assertThat(tables(results)).as("every table the lock does not hold back").isEqualTo(expected);
    }

    @Test
    void withDdlTheLockedTablesColumnDefaultsFailItAlone() throws Exception {
        Map<String, Object> config = map("includeDDL", true, "includeViews", false,
                "schemaFilterPattern", map("excludes", List.of("^tmp_")));
        Set<String> unlocked = tables(runWhileLocked(config));

        List<Result<EntityRequest>> results = runWhileLocked(config, "sales.orders", "tmp_work.scratch");

        assertThat(failures(results)).containsOnlyKeys(fqn("sales", "orders"));
        assertThat(failures(results).get(fqn("sales", "orders"))).startsWith("locked by another session")
                .contains("waiting for sales.orders, which another session holds in ACCESS EXCLUSIVE mode");
        Set<String> expected = new TreeSet<>(unlocked);
        expected.remove(fqn("sales", "orders"));
        assertThat(tables(results)).isEqualTo(expected).contains(fqn("sales", "customers"));
        assertThat(TestPg.records(results)).filteredOn(r -> r instanceof CreateTableRequest t
                        && t.name().equals("customers")).singleElement()
                .satisfies(t -> assertThat(((CreateTableRequest) t).schemaDefinition()).contains("DEFAULT 'n/a'"));
    }

    @Test
    void aTableTheFiltersLeaveOutIsNotReadSoItsLockFailsNothing() throws Exception {
        List<Result<EntityRequest>> results = runWhileLocked(map("includeDDL", true,
                "tableFilterPattern", map("excludes", List.of("^orders$", "^order_summary$", "^zz_orders$"))),
                "sales.orders");

        assertThat(failures(results)).isEmpty();
        assertThat(results).filteredOn(r -> r instanceof Result.Filtered<?>)
                .anyMatch(r -> ((Result.Filtered<?>) r).name().equals(fqn("sales", "orders")));
        assertThat(tables(results)).contains(fqn("sales", "customers"), fqn("bulk", "t1"), fqn("bulk", "t" + BULK));
    }
}
