package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Huge and tiny numbers (a float8 of 1e200, whose square PostgreSQL's float8 avg and stddev overflow; a real
 * near its largest; numerics of 1e300, 1e-300, 1e400) never cost a table its profile: its figures are exact
 * where double precision holds them, and a figure it cannot hold is left out with a warning naming it.
 */
class ExtremeNumbersProfileTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("extreme_numbers", false, """
                CREATE SCHEMA big;
                CREATE TABLE big.t (i int4, f float8, r real, n numeric, tiny float8);
                INSERT INTO big.t VALUES (1, 1e200, 3e38, 1e300, 1e-300), (2, 1, 3e38, 1e-300, 2e-300),
                    (3, 2, 1, 2, 3e-300);
                CREATE SCHEMA sums;
                CREATE TABLE sums.t (f float8, n numeric);
                INSERT INTO sums.t VALUES (1e308, 1e400), (1e308, 1);
                CREATE SCHEMA spread;
                CREATE TABLE spread.t (i int4, f float8, apart float8, g float8, d numeric, huge float8, none float8);
                INSERT INTO spread.t VALUES (1, -1.7e308, -1.7e308, 1.5, 2.25, 1e200, NULL),
                    (2, 1.7e308, 1.7e308, 2.5, 3.25, 1, NULL), (3, 0, NULL, 4.5, 5.25, 2, NULL);
                CREATE SCHEMA subnormal;
                CREATE TABLE subnormal.t (near float8, touching float8);
                INSERT INTO subnormal.t VALUES (1e-310, 0), (2e-310, 5e-324), (3e-310, 5e-324), (4e-310, 0);
                """);
    }

    private static List<Result<EntityRequest>> profile(String schema) throws Exception {
        ProfilerConfig config = new ProfilerConfig(null, FilterPattern.including("^" + schema + "$"), null, null, null,
                null, null, null, null, null, null, null);
        return TestPg.readAll(new PostgresProfilerSource(new PostgresClient(pg.connection(db)), config,
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));
    }

    private static Map<String, ColumnProfile> columns(List<Result<EntityRequest>> results) {
        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        List<EntityRequest> records = TestPg.records(results);
        assertThat(records).hasSize(1);
        return ((CreateTableProfileRequest) records.get(0)).columnProfile().stream()
                .collect(Collectors.toMap(ColumnProfile::name, Function.identity()));
    }

    private static List<String> warnings(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Warning<?>)
                .map(r -> ((Result.Warning<?>) r).message()).toList();
    }

    @Test
    void aHugeFloatKeepsEveryColumnsFiguresExact() throws Exception {
        List<Result<EntityRequest>> results = profile("big");
        Map<String, ColumnProfile> c = columns(results);

        assertThat(c.get("i").mean()).isEqualByComparingTo("2");
        assertThat(c.get("i").median()).isEqualTo(2.0);
        ColumnProfile f = c.get("f");
        assertThat(f.max()).isEqualTo(1e200);
        assertThat(f.sum()).isEqualByComparingTo(BigDecimal.valueOf(1e200));
        assertThat(f.mean().doubleValue()).isCloseTo(1e200 / 3, within(1e185));
        assertThat(f.stddev()).isCloseTo(Math.sqrt(2.0) / 3 * 1e200, within(1e185));
        assertThat(f.median()).isEqualTo(2.0);
        assertThat(f.histogram()).isNotNull();
        ColumnProfile r = c.get("r");
        assertThat(r.sum().doubleValue()).as("a real's sum is beyond real's range").isCloseTo(6e38, within(1e31));
        ColumnProfile n = c.get("n");
        assertThat((BigDecimal) n.min()).isEqualByComparingTo("1e-300");
        assertThat((BigDecimal) n.max()).isEqualByComparingTo("1e300");
        assertThat(n.stddev()).isCloseTo(Math.sqrt(2.0) / 3 * 1e300, within(1e285));
        ColumnProfile tiny = c.get("tiny");
        assertThat(tiny.min()).isEqualTo(1e-300);
        assertThat(tiny.max()).isEqualTo(3e-300);
        assertThat(tiny.stddev()).as("float8's squares of 1e-300 underflow to 0")
                .isCloseTo(Math.sqrt(2.0 / 3) * 1e-300, within(1e-315));
        assertThat(warnings(results)).isEmpty();

        JsonNode json = Mappers.standard().valueToTree(TestPg.records(results).get(0));
        String text = Mappers.standard().writeValueAsString(json);
        assertThat(Mappers.standard().readTree(text).isObject()).as("valid JSON").isTrue();
        assertThat(text).doesNotContain("NaN", "Infinity");
        for (JsonNode column : json.get("columnProfile")) {
            if (column.get("name").asText().equals("n")) {
                assertThat(column.get("min").decimalValue()).isEqualByComparingTo("1e-300");
            }
            if (column.get("name").asText().equals("tiny")) {
                assertThat(column.get("min").doubleValue()).isEqualTo(1e-300);
            }
        }
    }

    @Test
    void aFigureBeyondDoublePrecisionIsLeftOutAndNamed() throws Exception {
        List<Result<EntityRequest>> results = profile("sums");
        Map<String, ColumnProfile> c = columns(results);

        assertThat(c.get("f").sum()).isNull();
        assertThat(c.get("f").mean()).isEqualByComparingTo(BigDecimal.valueOf(1e308));
        assertThat(c.get("f").max()).isEqualTo(1e308);
        assertThat(c.get("n").min()).isEqualTo(BigDecimal.ONE);
        assertThat(c.get("n").max()).isNull();
        assertThat(c.get("n").valuesCount()).isEqualTo(2L);
        assertThat(warnings(results)).containsExactlyInAnyOrder(
                "column f: its sum is left out: beyond double precision's range (about ±1.8e308), which OpenMetadata"
                        + " keeps these figures in",
                "column n: its max, mean, sum, stddev are left out: beyond double precision's range (about ±1.8e308),"
                        + " which OpenMetadata keeps these figures in; so are its quartiles, histogram: double precision"
                        + " cannot compute them over values this far apart (a span of about 9e307 or more), or this close"
                        + " (under 1e-317)");
        String text = Mappers.standard().writeValueAsString(TestPg.records(results).get(0));
        assertThat(Mappers.standard().readTree(text).isObject()).as("valid JSON").isTrue();
        assertThat(text).doesNotContain("NaN", "Infinity");
    }

    /**
     * Values of both signs near ±1.7e308 are too far apart for a histogram (its bins' span and widths overflow
     * double precision), and their quartiles too when one is interpolated between -1.7e308 and 1.7e308; only
     * those figures of only those columns are left out, with a warning naming them; the table's other float and
     * decimal columns keep theirs, though their statement had to be run again exactly (the 1e200's squares).
     */
    @Test
    void aSpreadBeyondDoublePrecisionLeavesOutOnlyTheFiguresItCannotHold() throws Exception {
        List<Result<EntityRequest>> results = profile("spread");
        Map<String, ColumnProfile> c = columns(results);

        ColumnProfile f = c.get("f");
        assertThat(f.min()).isEqualTo(-1.7e308);
        assertThat(f.max()).isEqualTo(1.7e308);
        assertThat(f.mean()).isEqualByComparingTo("0");
        assertThat(f.sum()).isEqualByComparingTo("0");
        assertThat(f.firstQuartile()).isEqualTo(-0.85e308);
        assertThat(f.median()).isEqualTo(0.0);
        assertThat(f.thirdQuartile()).isEqualTo(0.85e308);
        assertThat(f.histogram()).isNull();
        ColumnProfile apart = c.get("apart");
        assertThat(apart.min()).isEqualTo(-1.7e308);
        assertThat(apart.median()).isNull();
        assertThat(apart.histogram()).isNull();
        for (String ordinary : List.of("i", "g", "d", "huge")) {
            assertThat(c.get(ordinary).median()).as(ordinary).isNotNull();
            assertThat(c.get(ordinary).histogram()).as(ordinary).isNotNull();
        }
        assertThat(c.get("g").median()).isEqualTo(2.5);
        assertThat(c.get("g").histogram().frequencies()).containsExactly(2L, 1L);
        assertThat(c.get("d").firstQuartile()).isEqualTo(2.75);
        assertThat(c.get("huge").median()).isEqualTo(2.0);
        assertThat(c.get("none").valuesCount()).isZero();
        assertThat(c.get("none").histogram()).as("a column without values has no bins, and nothing is left out").isNull();
        assertThat(warnings(results)).containsExactlyInAnyOrder(
                "column f: its histogram is left out: double precision, which OpenMetadata keeps these figures in,"
                        + " cannot compute it over values this far apart (a span of about 9e307 or more), or this close"
                        + " (under 1e-317)",
                "column apart: its quartiles, histogram are left out: double precision, which OpenMetadata keeps these"
                        + " figures in, cannot compute them over values this far apart (a span of about 9e307 or more),"
                        + " or this close (under 1e-317)");
        String text = Mappers.standard().writeValueAsString(TestPg.records(results).get(0));
        assertThat(text).doesNotContain("NaN", "Infinity");
    }

    /** Subnormal values keep their histogram; values a few subnormals apart have none, and say so. */
    @Test
    void subnormalValuesAreBinnedUnlessTooClose() throws Exception {
        List<Result<EntityRequest>> results = profile("subnormal");
        Map<String, ColumnProfile> c = columns(results);

        assertThat(c.get("near").histogram()).isNotNull();
        assertThat(c.get("near").histogram().frequencies().stream().mapToLong(Long::longValue).sum()).isEqualTo(4);
        assertThat(c.get("touching").max()).isEqualTo(5e-324);
        assertThat(c.get("touching").median()).isNotNull();
        assertThat(c.get("touching").histogram()).isNull();
        assertThat(warnings(results)).singleElement().asString().startsWith("column touching: its histogram is left out");
    }
}
