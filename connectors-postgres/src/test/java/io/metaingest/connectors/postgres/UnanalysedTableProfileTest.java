package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.CreateTableProfileRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PERCENTAGE profile of tables never analysed ({@code reltuples = -1}, the normal state of small
 * lookup tables, which autovacuum never analyses): a table of a few pages is read whole, and a larger
 * one's row count is a count, never a sample scaled up. Nothing here depends on which pages a sample
 * picks: the 2-row tables were read whole or not, and the large table's count does not depend on it.
 */
class UnanalysedTableProfileTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        // autovacuum off: a background ANALYZE would give the tables an estimate mid-test.
        db = pg.database("profiler_unanalysed", false, """
                CREATE TABLE customers (id int, name text) WITH (autovacuum_enabled = false);
                INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace');
                CREATE TABLE orders (id int, total numeric(8,2)) WITH (autovacuum_enabled = false);
                INSERT INTO orders VALUES (10, 5.50), (11, NULL);
                CREATE TABLE order_items (id int, qty int) WITH (autovacuum_enabled = false);
                INSERT INTO order_items VALUES (1, 3), (2, 4);
                CREATE TABLE events (id int, payload text) WITH (autovacuum_enabled = false);
                INSERT INTO events SELECT i, repeat('x', 100) FROM generate_series(1, 30000) i;
                """);
    }

    private static Map<String, CreateTableProfileRequest> profiles(double percent) throws Exception {
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(new PostgresClient(
                pg.connection(db)), ProfilerTest.config("public", null, null, null, "PERCENTAGE", percent, 2, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        return TestPg.records(results).stream().map(r -> (CreateTableProfileRequest) r)
                .collect(Collectors.toMap(p -> p.table().fullyQualifiedName()
                        .substring(p.table().fullyQualifiedName().lastIndexOf('.') + 1), p -> p));
    }

    private static ColumnProfile column(CreateTableProfileRequest profile, String name) {
        return profile.columnProfile().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = pg.jdbc(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTwoRowTableNeverAnalysedIsReadWholeAtTenPercent() throws Exception {
        assertThat(scalar("SELECT count(*) FROM pg_class WHERE relname IN ('customers', 'orders', 'order_items')"
                + " AND reltuples < 0")).as("never analysed").isEqualTo(3);

        // Several runs: a 10 % sample of one page is usually none of it, so one lucky run proves little.
        for (int run = 0; run < 5; run++) {
            Map<String, CreateTableProfileRequest> profiles = profiles(10.0);
            for (String table : List.of("customers", "orders", "order_items")) {
                CreateTableProfileRequest p = profiles.get(table);
                assertThat(p.tableProfile().rowCount()).as(table).isEqualTo(2L);
                assertThat(column(p, "id").valuesCount()).as(table).isEqualTo(2L);
                assertThat(column(p, "id").nullCount()).as(table).isZero();
                // What was read is what the profile says: the whole table, not a 10 % sample.
                assertThat(p.tableProfile().profileSample()).as(table).isNull();
                assertThat(p.tableProfile().profileSampleType()).as(table).isNull();
            }
            assertThat(column(profiles.get("customers"), "id").min()).isEqualTo(1L);
            assertThat(column(profiles.get("customers"), "id").max()).isEqualTo(2L);
            assertThat(column(profiles.get("orders"), "total").nullCount()).isEqualTo(1L);
            assertThat(column(profiles.get("order_items"), "qty").distinctCount()).isEqualTo(2L);
        }
    }

    @Test
    void aLargerTableNeverAnalysedIsSampledAndItsRowsCounted() throws Exception {
        assertThat(scalar("SELECT pg_relation_size('public.events')")).isGreaterThan(Sampling.WHOLE_READ_BYTES);
        assertThat(scalar("SELECT count(*) FROM pg_class WHERE relname = 'events' AND reltuples < 0")).isEqualTo(1);

        CreateTableProfileRequest p = profiles(10.0).get("events");

        assertThat(p.tableProfile().profileSample()).isEqualTo(10.0);
        assertThat(p.tableProfile().profileSampleType()).isEqualTo("PERCENTAGE");
        assertThat(p.tableProfile().rowCount()).as("a count, not the sample times ten").isEqualTo(30_000L);
        assertThat(column(p, "id").valuesCount()).isLessThan(30_000L)
                .isLessThanOrEqualTo(p.tableProfile().rowCount());
    }

    @Test
    void useStatisticsOnATableNeverAnalysedWarnsOncePerTable() throws Exception {
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(new PostgresClient(
                pg.connection(db)), ProfilerTest.config("public", "(customers|orders)",
                null, true, null, null, 1, null), TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
        String base = TestPg.SERVICE + "." + db + ".public.";
        // rowCount null is no figure: each table says why, once, and how to get one.
        assertThat(TestPg.records(results)).map(r -> ((CreateTableProfileRequest) r).tableProfile().rowCount())
                .hasSize(2).containsOnlyNulls();
        assertThat(results).filteredOn(r -> r instanceof Result.Warning<?>).map(Object::toString)
                .containsExactlyInAnyOrder(
                        Result.warning(base + "customers", "the table was never analysed, so its statistics are"
                                + " empty: run ANALYZE public.customers, or set useStatistics: false").toString(),
                        Result.warning(base + "orders", "the table was never analysed, so its statistics are"
                                + " empty: run ANALYZE public.orders, or set useStatistics: false").toString());
    }
}
