package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.runtime.Mappers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Postgres profiler against the embedded server, on tables whose truth the test states. */
class ProfilerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);
    static final long NOW = CLOCK.millis();

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("profiler_test", false, "/profiler/small.sql", "/profiler/big.sql");
        pg.execute(db, "VACUUM ANALYZE big.events");
    }

    static ProfilerConfig config(String schema, String table, Boolean views, Boolean statistics, String sampleType,
                                 Double sample, Integer threads, Integer timeout) {
        return new ProfilerConfig(null, FilterPattern.including("^" + schema + "$"),
                table == null ? null : FilterPattern.including("^" + table + "$"), views, null, null, null, statistics,
                sampleType, sample, threads, timeout);
    }

    static List<Result<EntityRequest>> profile(ProfilerConfig config) throws Exception {
        return TestPg.readAll(new PostgresProfilerSource(new PostgresClient(pg.connection(db)), config,
                TestPg.context(WorkflowKind.PROFILER), CLOCK));
    }

    static CreateTableProfileRequest only(List<Result<EntityRequest>> results) {
        List<EntityRequest> records = TestPg.records(results);
        assertThat(records).hasSize(1);
        return (CreateTableProfileRequest) records.get(0);
    }

    static Map<String, ColumnProfile> columns(CreateTableProfileRequest profile) {
        return profile.columnProfile().stream().collect(Collectors.toMap(ColumnProfile::name, Function.identity()));
    }

    static String fqn(String schema, String table) {
        return TestPg.SERVICE + "." + db + "." + schema + "." + table;
    }

    /** The profiler read the same filter as metadata but dropped a pg_* include without a word. */
    @Test
    void anIncludeAimedAtAPgSchemaWarnsOnce() throws Exception {
        List<Result<EntityRequest>> results = profile(new ProfilerConfig(null, FilterPattern.including("^m$",
                "^pg_toast$"), FilterPattern.including("^small$"), null, null, null, null, null, null, null, 2, null));
        TestPg.warnsOnceOfPgIncludes(results, "include pattern [^pg_toast$] names pg_toast, which is never ingested");
        assertThat(only(results).table().fullyQualifiedName()).isEqualTo(fqn("m", "small"));
    }

    /** An include with a typo ended in "success - 0 records" with no warning; metadata's says why, so does this. */
    @Test
    void aSchemaOrTablePatternThatLetsNothingThroughWarnsAtTheEndAsMetadataDoes() throws Exception {
        List<Result<EntityRequest>> bySchema = profile(new ProfilerConfig(null, FilterPattern.including("^slaes$"),
                null, null, null, null, null, null, null, null, 2, null));
        assertThat(TestPg.records(bySchema)).isEmpty();
        long schemas = bySchema.stream().filter(r -> r instanceof Result.Filtered<?>)
                .map(r -> ((Result.Filtered<?>) r).name().split("\\.")[2]).distinct().count();
        assertThat(schemas).isGreaterThan(1);
        assertThat(TestPg.warnings(bySchema)).containsExactly("source.sourceConfig.config.schemaFilterPattern: let none"
                + " of the " + schemas + " schemas it was asked about through (includes [^slaes$]), so none was"
                + " ingested; its patterns match from the start of a name, ignoring case: check them");
        assertThat(bySchema.get(bySchema.size() - 1)).isInstanceOf(Result.Warning.class);

        List<Result<EntityRequest>> byTable = profile(config("m", "ordres", null, null, null, null, 2, null));
        assertThat(TestPg.records(byTable)).isEmpty();
        // m.small and m.stale; the view was left out by includeViews before the table pattern was asked.
        assertThat(TestPg.warnings(byTable)).containsExactly("source.sourceConfig.config.tableFilterPattern: let none"
                + " of the 2 tables and views it was asked about through (includes [^ordres$]), so none was ingested;"
                + " its patterns match from the start of a name, ignoring case: check them");

        List<Result<EntityRequest>> byDatabase = profile(new ProfilerConfig(FilterPattern.including("^prod$"),
                FilterPattern.including("^m$"), null, null, null, null, null, null, null, null, 2, null));
        assertThat(TestPg.warnings(byDatabase)).singleElement().asString()
                .startsWith("source.sourceConfig.config.databaseFilterPattern: let none of the ");

        // A pattern that lets one name through says nothing.
        assertThat(TestPg.warnings(profile(config("m", "small", null, null, null, null, 2, null)))).isEmpty();
    }

    @Test
    void everyMetricOfASmallTableIsExact() throws Exception {
        CreateTableProfileRequest p = only(profile(config("m", "small", null, null, null, null, null, null)));

        assertThat(p.table().fullyQualifiedName()).isEqualTo(fqn("m", "small"));
        assertThat(p.tableProfile().timestamp()).isEqualTo(NOW);
        assertThat(p.tableProfile().rowCount()).isEqualTo(4L);
        assertThat(p.tableProfile().columnCount()).isEqualTo(8);
        assertThat(p.tableProfile().sizeInByte()).isEqualTo(scalar("SELECT pg_total_relation_size('m.small')"));
        assertThat(p.tableProfile().profileSample()).isNull();
        Map<String, ColumnProfile> c = columns(p);
        assertThat(c.keySet()).containsExactlyInAnyOrder("id", "amount", "ratio", "label", "day", "at", "ok", "doc");

        ColumnProfile id = c.get("id");
        assertThat(id.timestamp()).isEqualTo(NOW);
        assertThat(id.valuesCount()).isEqualTo(4L);
        assertThat(id.valuesPercentage()).isEqualTo(100.0);
        assertThat(id.nullCount()).isZero();
        assertThat(id.nullProportion()).isZero();
        assertThat(id.distinctCount()).isEqualTo(4L);
        assertThat(id.distinctProportion()).isEqualTo(1.0);
        assertThat(id.uniqueCount()).isEqualTo(4L);
        assertThat(id.uniqueProportion()).isEqualTo(1.0);
        assertThat(id.duplicateCount()).isZero();
        assertThat(id.min()).isEqualTo(1L);
        assertThat(id.max()).isEqualTo(4L);
        assertThat(id.mean()).isEqualByComparingTo("2.5");
        assertThat(id.sum()).isEqualByComparingTo("10");
        assertThat(id.stddev()).isCloseTo(1.118033988749895, within(1e-12));
        assertThat(id.minLength()).isNull();
        // percentile_cont, as OpenMetadata computes quartiles on PostgreSQL (interpolated).
        assertThat(id.firstQuartile()).isEqualTo(1.75);
        assertThat(id.median()).isEqualTo(2.5);
        assertThat(id.thirdQuartile()).isEqualTo(3.25);
        assertThat(id.interQuartileRange()).isEqualTo(1.5);
        assertThat(id.nonParametricSkew()).isZero();
        // Freedman-Diaconis: width 2 * 1.5 * 4^(-1/3) = 1.88988, so 2 bins from the min; the last is open above.
        assertThat(id.histogram().boundaries()).containsExactly("1.000 to 2.890", "2.890 and up");
        assertThat(id.histogram().frequencies()).containsExactly(2L, 2L);

        ColumnProfile amount = c.get("amount");
        assertThat(amount.valuesCount()).isEqualTo(3L);
        assertThat(amount.valuesPercentage()).isEqualTo(75.0);
        assertThat(amount.nullCount()).isEqualTo(1L);
        assertThat(amount.nullProportion()).isEqualTo(0.25);
        assertThat(amount.distinctCount()).isEqualTo(3L);
        assertThat(amount.uniqueCount()).isEqualTo(3L);
        assertThat(amount.min()).isEqualTo(new BigDecimal("10.5"));
        assertThat(amount.max()).isEqualTo(new BigDecimal("99999999.99"));
        assertThat(amount.sum()).isEqualTo(new BigDecimal("100000030.74"));
        assertThat(amount.mean()).isEqualTo(new BigDecimal("33333343.58"));
        assertThat(amount.stddev()).isCloseTo(47140444.826544784, within(1e-6));
        assertThat(amount.firstQuartile()).isEqualTo(15.375);
        assertThat(amount.median()).isEqualTo(20.25);
        assertThat(amount.thirdQuartile()).isEqualTo(50000010.12);
        assertThat(amount.interQuartileRange()).isCloseTo(49999994.745, within(1e-6));
        assertThat(amount.nonParametricSkew()).isCloseTo(0.7071066777721623, within(1e-12));
        assertThat(amount.histogram().boundaries()).containsExactly("10.500 to 69.336M", "69.336M and up");
        assertThat(amount.histogram().frequencies()).containsExactly(2L, 1L);

        ColumnProfile ratio = c.get("ratio");
        assertThat(ratio.min()).isEqualTo(0.5);
        assertThat(ratio.max()).isEqualTo(2.5);
        assertThat(ratio.mean()).isEqualByComparingTo("1.5");
        assertThat(ratio.sum()).isEqualByComparingTo("4.5");
        assertThat(ratio.stddev()).isCloseTo(0.816496580927726, within(1e-12));
        assertThat(ratio.nullCount()).isEqualTo(1L);

        ColumnProfile label = c.get("label");
        assertThat(label.valuesCount()).isEqualTo(3L);
        assertThat(label.nullCount()).isEqualTo(1L);
        assertThat(label.distinctCount()).isEqualTo(2L);
        assertThat(label.distinctProportion()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(label.uniqueCount()).isEqualTo(1L);
        assertThat(label.uniqueProportion()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(label.duplicateCount()).isEqualTo(1L);
        assertThat(label.minLength()).isEqualTo(2);
        assertThat(label.maxLength()).isEqualTo(3);
        // Text is measured by length, as OpenMetadata measures it: min, max and mean are lengths.
        assertThat(label.min()).isEqualTo(2);
        assertThat(label.max()).isEqualTo(3);
        assertThat(label.mean()).isEqualByComparingTo(new BigDecimal(7).divide(new BigDecimal(3), 16,
                java.math.RoundingMode.HALF_EVEN));
        assertThat(label.sum()).isEqualByComparingTo("7");
        assertThat(label.stddev()).isCloseTo(0.4714045207910317, within(1e-12));
        assertThat(label.median()).isEqualTo(2.0);
        assertThat(label.firstQuartile()).isEqualTo(2.0);
        assertThat(label.thirdQuartile()).isEqualTo(2.5);
        assertThat(label.interQuartileRange()).isEqualTo(0.5);
        assertThat(label.nonParametricSkew()).isCloseTo(0.7071067811865478, within(1e-12));
        assertThat(label.histogram().boundaries()).containsExactly("2.000 to 2.693", "2.693 and up");
        assertThat(label.histogram().frequencies()).containsExactly(2L, 1L);

        ColumnProfile day = c.get("day");
        assertThat(day.valuesCount()).isEqualTo(3L);
        assertThat(day.min()).isEqualTo("2024-01-01");
        assertThat(day.max()).isEqualTo("2024-02-29");
        assertThat(day.median()).as("OpenMetadata has no quartiles for dates").isNull();
        ColumnProfile at = c.get("at");
        assertThat(at.min()).isEqualTo("2023-12-31T23:59:59.5Z");
        assertThat(at.max()).isEqualTo("2024-01-01T22:00:00Z");
        assertThat(at.distinctCount()).isEqualTo(3L);

        ColumnProfile ok = c.get("ok");
        assertThat(ok.valuesCount()).isEqualTo(3L);
        assertThat(ok.distinctCount()).isEqualTo(2L);
        assertThat(ok.uniqueCount()).isEqualTo(1L);
        assertThat(ok.min()).isNull();
        assertThat(ok.median()).isNull();
        assertThat(ok.histogram()).isNull();

        ColumnProfile doc = c.get("doc");
        assertThat(doc.valuesCount()).isEqualTo(3L);
        assertThat(doc.nullCount()).isEqualTo(1L);
        assertThat(doc.distinctCount()).as("json has no equality").isNull();
    }

    @Test
    void numbersKeepTheirPrecisionAndFieldNamesAreOpenMetadatas() throws Exception {
        CreateTableProfileRequest p = only(profile(config("m", "small", null, null, null, null, null, null)));
        JsonNode json = Mappers.standard().valueToTree(p);

        assertThat(json.at("/tableProfile/rowCount").isIntegralNumber()).isTrue();
        JsonNode amount = null;
        for (JsonNode column : json.get("columnProfile")) {
            if (column.get("name").asText().equals("amount")) {
                amount = column;
            }
        }
        assertThat(amount).isNotNull();
        assertThat(amount.get("max").isNumber()).isTrue();
        assertThat(amount.get("max").decimalValue()).isEqualTo(new BigDecimal("99999999.99"));
        // A JSON number has no scale, and OpenMetadata keeps these fields as floats: numeric(12,2)'s 10.50 is 10.5.
        assertThat(Mappers.standard().writeValueAsString(amount)).contains("\"max\":99999999.99")
                .contains("\"sum\":100000030.74").contains("\"min\":10.5,").doesNotContain("\"min\":10.50");
        assertThat(iterable(amount)).containsExactlyInAnyOrder("name", "timestamp", "valuesCount", "valuesPercentage",
                "nullCount", "nullProportion", "distinctCount", "distinctProportion", "uniqueCount", "uniqueProportion",
                "duplicateCount", "min", "max", "mean", "sum", "stddev", "median", "firstQuartile", "thirdQuartile",
                "interQuartileRange", "nonParametricSkew", "histogram");
        assertThat(amount.get("histogram").get("boundaries").get(0).asText()).isEqualTo("10.500 to 69.336M");
        assertThat(amount.get("histogram").get("frequencies").get(0).isIntegralNumber()).isTrue();
        assertThat(iterable(json.get("tableProfile"))).containsExactlyInAnyOrder("timestamp", "columnCount", "rowCount",
                "sizeInByte");
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aOnePercentProfileReadsAboutOnePercentOfThePages() throws Exception {
        long pages = scalar("SELECT relpages FROM pg_class WHERE oid = 'big.events'::regclass");
        assertThat(pages).isGreaterThan(1000);

        try (Connection c = new PostgresClient(pg.connection(db)).open(db)) {
            ProfileTarget target = target(c, "big", "events");
            long before = blocksRead(c);
            CreateTableProfileRequest sampled = new TableProfiler(config("big", "events", null, null, "PERCENTAGE", 1.0,
                    null, null)).profile(c, target, fqn("big", "events"), NOW);
            long sampledBlocks = blocksRead(c) - before;
            long beforeFull = blocksRead(c);
            new TableProfiler(config("big", "events", null, null, null, null, null, null))
                    .profile(c, target, fqn("big", "events"), NOW);
            long fullBlocks = blocksRead(c) - beforeFull;

            double share = 100.0 * sampledBlocks / pages;
            System.out.printf("profiler sampling: the 1%% profile read %d of %d pages (%.2f%%); the whole-table"
                    + " profile read %d%n", sampledBlocks, pages, share, fullBlocks);
            assertThat(fullBlocks).isGreaterThanOrEqualTo(pages);
            assertThat(share).isBetween(0.2, 3.0);
            assertThat(sampled.tableProfile().profileSample()).isEqualTo(1.0);
            assertThat(sampled.tableProfile().profileSampleType()).isEqualTo("PERCENTAGE");
            assertThat(sampled.tableProfile().rowCount()).as("from the catalog, not a count of every page")
                    .isEqualTo(200_000L);
            assertThat(columns(sampled).get("id").valuesCount()).isBetween(500L, 6_000L);
        }
    }

    @Test
    void theSourceProfilesASampleToo() throws Exception {
        CreateTableProfileRequest p = only(profile(config("big", "events", null, null, "PERCENTAGE", 1.0, 1, null)));
        assertThat(columns(p).get("id").valuesCount()).isBetween(500L, 6_000L);
        assertThat(p.tableProfile().rowCount()).isEqualTo(200_000L);
    }

    private static ProfileTarget target(Connection c, String schema, String table) throws Exception {
        try (Cursor<ProfileTarget> cursor = Cursor.open(c, ProfileTarget.query(SchemaScope.of(null)), ProfileTarget::read)) {
            for (ProfileTarget t = cursor.poll(); t != null; t = cursor.poll()) {
                if (t.schema().equals(schema) && t.name().equals(table)) {
                    return t;
                }
            }
        }
        throw new AssertionError("no " + schema + "." + table);
    }

    @Test
    void aRowsSampleReadsAtMostThatManyRows() throws Exception {
        CreateTableProfileRequest p = only(profile(config("big", "events", null, null, "ROWS", 100.0, null, null)));
        assertThat(columns(p).get("id").valuesCount()).isEqualTo(100L);
        assertThat(columns(p).get("bucket").distinctCount()).isLessThanOrEqualTo(100L);
        assertThat(p.tableProfile().rowCount()).isEqualTo(200_000L);
        assertThat(p.tableProfile().profileSampleType()).isEqualTo("ROWS");
    }

    @Test
    void statisticsComeFromTheCatalogWithoutReadingTheTable() throws Exception {
        // The catalog knows 4 rows (analysed before 10 more were inserted): a read would count 14.
        CreateTableProfileRequest p = only(profile(config("m", "stale", null, true, null, null, null, null)));
        assertThat(p.tableProfile().rowCount()).isEqualTo(4L);
        ColumnProfile label = columns(p).get("label");
        assertThat(label.nullProportion()).isEqualTo(0.25);
        assertThat(label.nullCount()).isEqualTo(1L);
        assertThat(label.valuesCount()).isEqualTo(3L);
        assertThat(label.distinctCount()).isEqualTo(2L);
        assertThat(label.min()).isNull();
    }

    /** A view has no statistics: useStatistics gave it an empty profile without a word (before PostgreSQL 14, 0 rows). */
    @Test
    void withStatisticsAViewIsNotProfiledAndAWarningNamesIt() throws Exception {
        pg.execute(db, "ANALYZE m.small");
        List<Result<EntityRequest>> results = profile(new ProfilerConfig(null, FilterPattern.including("^m$"),
                FilterPattern.including("^small$", "^small_view$"), true, null, null, null, true, null, null, null, null));

        assertThat(TestPg.records(results)).extracting(EntityRequest::key).containsExactly(fqn("m", "small"));
        assertThat(TestPg.warnings(results)).containsExactly(fqn("m", "small_view") + ": view m.small_view was not"
                + " profiled: a view has no statistics of its own (no row count in pg_class, nothing in pg_stats), and"
                + " useStatistics reads nothing else; set useStatistics: false to profile views by reading them, or"
                + " includeViews: false to leave them out");
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
    }

    @Test
    void aPartitionedTableCountsAndSizesItsPartitions() throws Exception {
        String parts = pg.database("profiler_parts", false, """
                CREATE TABLE measures (day date, v int) PARTITION BY RANGE (day);
                CREATE TABLE measures_2025 PARTITION OF measures FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE measures_2026 PARTITION OF measures FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                INSERT INTO measures SELECT date '2025-06-01' + (i % 400), i FROM generate_series(1, 5000) i;
                ANALYZE measures_2025; ANALYZE measures_2026;
                """);
        java.util.function.Function<Boolean, CreateTableProfileRequest> profile = statistics -> {
            try {
                return only(TestPg.readAll(new PostgresProfilerSource(new PostgresClient(pg.connection(parts)),
                        config("public", "measures", false, statistics, null, null, 1, null),
                        TestPg.context(WorkflowKind.PROFILER), CLOCK)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        CreateTableProfileRequest whole = profile.apply(null);
        assertThat(whole.tableProfile().rowCount()).isEqualTo(5000L);
        long partitions;
        try (java.sql.Connection c = pg.jdbc(parts); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('measures_2025')"
                     + " + pg_total_relation_size('measures_2026')")) {
            rs.next();
            partitions = rs.getLong(1);
        }
        assertThat(partitions).isPositive();
        assertThat(whole.tableProfile().sizeInByte()).isEqualTo(partitions);
        // Statistics only: the row count is the partitions' estimate, not the parent's empty one.
        assertThat(profile.apply(true).tableProfile().rowCount()).isEqualTo(5000L);
    }

    @Test
    void aMaterializedViewNeverRefreshedIsLeftOutWithTheFixNotFailed() throws Exception {
        String views = pg.database("profiler_views", false, """
                CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2);
                CREATE MATERIALIZED VIEW mv_empty AS SELECT id FROM t WITH NO DATA;
                """);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(new PostgresClient(
                pg.connection(views)), config("public", null, true, null, null, null, 1, null),
                TestPg.context(WorkflowKind.PROFILER), CLOCK));
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        assertThat(TestPg.records(results)).extracting(EntityRequest::key)
                .containsExactly(TestPg.SERVICE + "." + views + ".public.t");
        assertThat(results).filteredOn(r -> r instanceof Result.Filtered<?>).singleElement().satisfies(r -> {
            Result.Filtered<?> filtered = (Result.Filtered<?>) r;
            assertThat(filtered.name()).isEqualTo(TestPg.SERVICE + "." + views + ".public.mv_empty");
            assertThat(filtered.reason()).isEqualTo("a materialized view never refreshed has no rows to read;"
                    + " REFRESH MATERIALIZED VIEW public.mv_empty first");
        });
    }

    @Test
    void theListingOfTablesWaitsForNoLockAnotherSessionHolds() throws Exception {
        String locked = pg.database("profiler_locked", false, "CREATE TABLE busy (id int)");
        try (java.sql.Connection holder = pg.jdbc(locked)) {
            holder.setAutoCommit(false);
            try (java.sql.Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"); // as an ALTER TABLE in progress does
            }
            List<String> listed = new java.util.ArrayList<>();
            try (java.sql.Connection c = pg.jdbc(locked); java.sql.Statement s = c.createStatement()) {
                s.execute("SET lock_timeout = 200"); // a listing that waited for the lock would fail here
                try (java.sql.ResultSet rs = s.executeQuery(ProfileTarget.query(SchemaScope.of(
                        FilterPattern.including("^public$"))))) {
                    while (rs.next()) {
                        listed.add(ProfileTarget.read(rs).name());
                    }
                }
            }
            holder.rollback();
            assertThat(listed).contains("busy");
        }
    }

    @Test
    void aTableThatTimesOutIsAFailureAndTheOthersAreProfiled() throws Exception {
        long started = System.nanoTime();
        List<Result<EntityRequest>> results = profile(config("slow", null, true, null, null, null, 2, 1));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(TestPg.records(results)).extracting(EntityRequest::key).containsExactly(fqn("slow", "quick"));
        assertThat(results).filteredOn(r -> r instanceof Result.Failed<?>).singleElement().satisfies(r -> {
            Result.Failed<?> failed = (Result.Failed<?>) r;
            assertThat(failed.error().name()).isEqualTo(fqn("slow", "sleeper"));
            assertThat(failed.error().error()).contains("timeoutSeconds (1 s)");
        });
        assertThat(took).as("the sleeper's query takes 30 s; its timeout is 1 s").isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void filtersAndIncludeViewsDecideWhatIsProfiled() throws Exception {
        List<Result<EntityRequest>> results = profile(config("m", null, null, null, null, null, 3, null));
        assertThat(TestPg.records(results)).extracting(EntityRequest::key)
                .containsExactly(fqn("m", "small"), fqn("m", "stale"));
        assertThat(results).filteredOn(r -> r instanceof Result.Filtered<?>)
                .extracting(r -> ((Result.Filtered<?>) r).name() + ": " + ((Result.Filtered<?>) r).reason())
                .contains(fqn("m", "small_view") + ": source.sourceConfig.config.includeViews is false")
                .anySatisfy(line -> assertThat(line).startsWith(fqn("big", "events")));

        List<Result<EntityRequest>> withViews = profile(config("m", "small_view", true, null, null, null, null, null));
        CreateTableProfileRequest view = only(withViews);
        assertThat(view.tableProfile().rowCount()).isEqualTo(4L);
        assertThat(view.tableProfile().sizeInByte()).isNull();
    }

    @Test
    void threadCountBoundsTheTablesReadAtOnceEachOnItsOwnConnection() throws Exception {
        // Every task waits for a partner: with two workers they meet in pairs, so two run at once;
        // a third worker would make three at once, and one worker would time the barrier out.
        java.util.concurrent.CyclicBarrier pairs = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Connection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Result<EntityRequest>> results;
        try (TableWorkers workers = new TableWorkers(new PostgresClient(pg.connection(db)), TestPg.SERVICE, null,
                new TableScope(null, null, true), 2, 60_000)) {
            results = workers.run("test", (c, target, fqn) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                connections.add(c);
                try {
                    pairs.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new java.sql.SQLException("no partner: " + e, e);
                } finally {
                    running.decrementAndGet();
                }
                return List.of(Result.warning(fqn, "seen"));
            }).toList();
        }
        assertThat(results).hasSize(6).allSatisfy(r -> assertThat(r).isInstanceOf(Result.Warning.class));
        assertThat(most.get()).isEqualTo(2);
        assertThat(connections).hasSize(2);
    }

    @Test
    void closingWhileATableIsReadCancelsItsStatementOnTheServer() throws Exception {
        // What a stop (SIGTERM) does through the runtime: the source is closed while a worker waits on the server.
        java.util.concurrent.atomic.AtomicReference<String> sqlState = new java.util.concurrent.atomic.AtomicReference<>();
        try (SleepingRun sleeping = SleepingRun.start("cancel-me", sqlState)) {
            sleeping.workers().close();
            awaitActive("cancel-me", false);
            sleeping.run().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(sqlState.get()).as("the server cancelled the statement").isEqualTo("57014");
        }
    }

    @Test
    void aTableWhoseConnectionTheServerEndsIsThatTablesFailureAndTheNextTableIsReadOnANewConnection() throws Exception {
        // A DBA's pg_terminate_backend (or idle_session_timeout, a pooler) ends the backend reading small.
        List<Result<EntityRequest>> results;
        try (TerminatedRun run = TerminatedRun.start("end-me")) {
            pg.execute(db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%end-me%'"
                    + " AND pid <> pg_backend_pid()");
            results = run.run().get(60, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .filter(r -> !(r instanceof Result.Filtered<?>)).toList();
        }
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(Result.Failed.class, f -> {
            assertThat(f.error().name()).isEqualTo(TestPg.SERVICE + ".profiler_test.m.small");
            assertThat(f.error().error()).startsWith("PostgreSQL ended this table's connection while reading it"
                    + " (SQLSTATE 57P01: FATAL: terminating connection due to administrator command), and answered a new"
                    + " one, so the other tables read on; check what ends sessions");
        });
        assertThat(results.get(1)).isInstanceOfSatisfying(Result.Warning.class,
                w -> assertThat(w.message()).isEqualTo("read on a connection of its own"));
    }

    @Test
    void aServerThatEndsTheRunsConnectionAndRefusesANewOneEndsTheRunAsAConnectionFailure() throws Exception {
        // As a server shutting down does: the backend is ended and no new connection is let in.
        try (TerminatedRun run = TerminatedRun.start("shut-me")) {
            pg.execute("postgres", "ALTER DATABASE profiler_test ALLOW_CONNECTIONS false");
            try {
                pg.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE"
                        + " '%shut-me%' AND pid <> pg_backend_pid()");
                assertThatThrownBy(() -> run.run().get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConnectionLost.class)
                        .cause().hasCauseInstanceOf(io.metaingest.api.ConnectionException.class);
            } finally {
                pg.execute("postgres", "ALTER DATABASE profiler_test ALLOW_CONNECTIONS true");
            }
        }
    }

    /**
     * A run of m.small then m.stale on one worker: small's statement sleeps on the server, marked
     * {@code marker}, until its backend is ended; stale notes the connection it was read on.
     */
    private record TerminatedRun(TableWorkers workers, java.util.concurrent.ExecutorService consumer,
                                 java.util.concurrent.Future<List<Result<EntityRequest>>> run) implements AutoCloseable {

        static TerminatedRun start(String marker) throws Exception {
            TableWorkers workers = new TableWorkers(new PostgresClient(pg.connection(db)), TestPg.SERVICE, null,
                    new TableScope(FilterPattern.including("^m$"), FilterPattern.including("^(small|stale)$"), false),
                    1, 600_000);
            java.util.Set<Connection> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.ExecutorService consumer = java.util.concurrent.Executors.newSingleThreadExecutor();
            TerminatedRun run = new TerminatedRun(workers, consumer, consumer.submit(() ->
                    workers.run("test", (c, target, fqn) -> {
                        boolean fresh = used.add(c);
                        if (target.name().equals("small")) {
                            try (Statement s = c.createStatement()) {
                                s.execute("SELECT pg_sleep(600) /* " + marker + " */");
                            }
                        }
                        return List.of(Result.warning(fqn, fresh ? "read on a connection of its own" : "reused"));
                    }).toList()));
            awaitActive(marker, true);
            return run;
        }

        @Override
        public void close() {
            workers.close();
            consumer.shutdownNow();
        }
    }

    /**
     * A run of one table whose statement sleeps on the server, marked {@code marker}, started and
     * seen running there. With {@code sqlState} the statement's failure is kept in it; without, it
     * leaves the task as it would in a real run.
     */
    private record SleepingRun(TableWorkers workers, java.util.concurrent.ExecutorService consumer,
                               java.util.concurrent.Future<List<Result<EntityRequest>>> run) implements AutoCloseable {

        static SleepingRun start(String marker, java.util.concurrent.atomic.AtomicReference<String> sqlState)
                throws Exception {
            java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
            TableWorkers workers = new TableWorkers(new PostgresClient(pg.connection(db)), TestPg.SERVICE, null,
                    new TableScope(FilterPattern.including("^m$"), FilterPattern.including("^small$"), false), 1, 600_000);
            java.util.concurrent.ExecutorService consumer = java.util.concurrent.Executors.newSingleThreadExecutor();
            SleepingRun sleeping = new SleepingRun(workers, consumer, consumer.submit(() ->
                    workers.run("test", (c, target, fqn) -> {
                        reading.countDown();
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT pg_sleep(600) /* " + marker + " */");
                        } catch (java.sql.SQLException e) {
                            if (sqlState == null) {
                                throw e;
                            }
                            sqlState.set(e.getSQLState());
                        }
                        return List.of(Result.warning(fqn, "read"));
                    }).toList()));
            assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            awaitActive(marker, true);
            return sleeping;
        }

        @Override
        public void close() {
            workers.close();
            consumer.shutdownNow();
        }
    }

    /** Polls pg_stat_activity until a statement marked {@code marker} is (or is no longer) running. */
    private static void awaitActive(String marker, boolean active) throws Exception {
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%" + marker
                + "%' AND pid <> pg_backend_pid()";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((scalar(sql) > 0) != active) {
            assertThat(System.nanoTime()).as("statement " + marker + (active ? " started" : " ended")).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static long scalar(String sql) throws Exception {
        try (Connection c = pg.jdbc(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Heap blocks of big.events read or found in the buffer cache, as the cumulative statistics count
     * them, after this backend reported its own counts (pg_stat_force_next_flush, PostgreSQL 15).
     */
    private static long blocksRead(Connection c) throws Exception {
        c.commit();
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            c.commit();
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0)"
                    + " FROM pg_statio_user_tables WHERE relid = 'big.events'::regclass")) {
                rs.next();
                long blocks = rs.getLong(1);
                c.commit();
                return blocks;
            }
        }
    }
}
