package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.CreateTableProfileRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quartiles, skew and histograms of the Postgres profiler, on tables whose figures the test states. */
class DistributionTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("distribution_test", false, """
                CREATE SCHEMA d;
                CREATE TABLE d.one (v int4, t text);
                INSERT INTO d.one VALUES (5, 'abc'), (5, 'abc'), (5, 'abc');
                CREATE TABLE d.flat (v int4);
                INSERT INTO d.flat SELECT 5 FROM generate_series(1, 10);
                INSERT INTO d.flat VALUES (7), (NULL);
                CREATE TABLE d.empty (v numeric, t text);
                CREATE TABLE d.nulls (v numeric, t text);
                INSERT INTO d.nulls VALUES (NULL, NULL), (NULL, NULL);
                CREATE TABLE d.outlier (v int8);
                INSERT INTO d.outlier SELECT g FROM generate_series(1, 1000) g;
                INSERT INTO d.outlier VALUES (1000000000);
                CREATE TABLE d.pow2 (v int8);
                INSERT INTO d.pow2 SELECT g FROM generate_series(1, 1023) g;
                INSERT INTO d.pow2 VALUES (1000000000);
                """);
    }

    static Map<String, ColumnProfile> profile(String table) throws Exception {
        ProfilerConfig config = new ProfilerConfig(null, FilterPattern.including("^d$"),
                FilterPattern.including("^" + table + "$"), null, null, null, null, null, null, null, null, null);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        List<EntityRequest> records = TestPg.records(results);
        assertThat(records).hasSize(1);
        return ((CreateTableProfileRequest) records.get(0)).columnProfile().stream()
                .collect(Collectors.toMap(ColumnProfile::name, Function.identity()));
    }

    @Test
    void aColumnOfOneValueHasQuartilesButNoBinsNorSkew() throws Exception {
        Map<String, ColumnProfile> c = profile("one");
        for (ColumnProfile column : c.values()) {
            assertThat(column.interQuartileRange()).isZero();
            assertThat(column.stddev()).isZero();
            // OpenMetadata: IQR 0 gives width 1, and (max - min) / 1 = 0 bins: no histogram; skew divides by 0: none.
            assertThat(column.histogram()).isNull();
            assertThat(column.nonParametricSkew()).isNull();
        }
        assertThat(c.get("v").median()).isEqualTo(5.0);
        assertThat(c.get("t").median()).as("text: its lengths").isEqualTo(3.0);
    }

    @Test
    void anIqrOfZeroMakesBinsOfWidthOne() throws Exception {
        ColumnProfile v = profile("flat").get("v");
        assertThat(v.interQuartileRange()).isZero();
        assertThat(v.histogram().boundaries()).containsExactly("5.000 to 6.000", "6.000 and up");
        assertThat(v.histogram().frequencies()).as("nulls are in no bin").containsExactly(10L, 1L);
        assertThat(v.nonParametricSkew()).isCloseTo((57.0 / 11 - 5) / v.stddev(),
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @ParameterizedTest
    @CsvSource({"empty", "nulls"})
    void noValuesHaveNoQuartilesNorHistogram(String table) throws Exception {
        for (ColumnProfile column : profile(table).values()) {
            assertThat(column.valuesCount()).isZero();
            assertThat(column.median()).isNull();
            assertThat(column.firstQuartile()).isNull();
            assertThat(column.interQuartileRange()).isNull();
            assertThat(column.nonParametricSkew()).isNull();
            assertThat(column.histogram()).isNull();
        }
    }

    @Test
    void tooManyFreedmanDiaconisBinsFallBackToSturges() throws Exception {
        ColumnProfile v = profile("outlier").get("v");
        // 1,001 values: ceil(log2(1001) + 1) = 11 bins of (1e9 - 1) / 11.
        assertThat(v.histogram().boundaries()).hasSize(11)
                .startsWith("1.000 to 90.909M", "90.909M to 181.818M").endsWith("909.091M and up");
        assertThat(v.histogram().frequencies()).containsExactly(1000L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        assertThat(v.firstQuartile()).isEqualTo(251.0);
        assertThat(v.thirdQuartile()).isEqualTo(751.0);
    }

    @Test
    void sturgesCountsExactlyAtAPowerOfTwo() throws Exception {
        // 1,024 values: log2(1024) + 1 is 11 exactly, not 12 as a rounded quotient of logarithms may make it.
        assertThat(profile("pow2").get("v").histogram().boundaries()).hasSize(11);
    }

    @Test
    void aSampleIsTheSameForEveryMetric() throws Exception {
        TestPg.get().execute(db, "CREATE TABLE d.sampled AS SELECT g AS v FROM generate_series(1, 200000) g");
        ProfilerConfig config = new ProfilerConfig(null, FilterPattern.including("^d$"),
                FilterPattern.including("^sampled$"), null, null, null, null, null, "PERCENTAGE", 5.0, null, null);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
        ColumnProfile v = ((CreateTableProfileRequest) TestPg.records(results).get(0)).columnProfile().get(0);
        assertThat(v.valuesCount()).isBetween(1_000L, 199_000L);
        // Bins counted over other rows than the values (a second sampled read) would not add up to them.
        assertThat(v.histogram().frequencies().stream().mapToLong(Long::longValue).sum()).isEqualTo(v.valuesCount());
    }

    @Test
    void aTableOfManyNumberColumnsStaysWithinTheServersResultColumns() throws Exception {
        // 11 result columns per float column: 150 of them in one statement is 1,651 of PostgreSQL's 1,664.
        String columns = java.util.stream.IntStream.range(0, 160).mapToObj(i -> "f" + i + " float8")
                .collect(Collectors.joining(", "));
        TestPg.get().execute(db, "CREATE TABLE d.wide (" + columns + "); INSERT INTO d.wide (f0, f159) VALUES (1, 2), (3, 4)");
        Map<String, ColumnProfile> c = profile("wide");
        assertThat(c).hasSize(160);
        assertThat(c.get("f0").median()).isEqualTo(2.0);
        assertThat(c.get("f159").median()).isEqualTo(3.0);
        assertThat(c.get("f159").histogram().frequencies()).containsExactly(1L, 1L);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1.000", "0.5, 0.500", "-1500, -1.500K", "1000000, 1.000M", "999.9996, 1000.000",
            "1.0625, 1.062", "69336000.5, 69.336M", "1e15, 1e15", "2.5e18, 2e18", "1234567890123, 1.235T"})
    void labelsAreFormattedAsOpenMetadataFormatsThem(double number, String label) {
        assertThat(ColumnDistribution.label(number)).isEqualTo(label);
    }
}
