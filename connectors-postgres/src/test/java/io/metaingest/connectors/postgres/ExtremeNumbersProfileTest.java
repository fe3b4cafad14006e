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

    static TestPg pg;
    static String db;

    @BeforeAll
    static void load() {
        pg = TestPg.get();
        db = pg.database("extreme_numbers", false, """
                CREATE SCHEMA big;
                CREATE TABLE big.t (i int4, f float8, r real, n numeric, tiny float8);
                INSERT INTO big.t VALUES (1, 1e200, 3e38, 1e300, 1e-300), (2, 1, 3e38, 1e-300, 2e-300),
                    (3, 2, 1, 2, 3e-300);
                CREATE SCHEMA sums;
                CREATE TABLE sums.t (f float8, n numeric);
                INSERT INTO sums.t VALUES (1e308, 1e400), (1e308, 1);
                CREATE SCHEMA spread;
                CREATE TABLE spread.t (i int4, f float8);
                INSERT INTO spread.t VALUES (1, -1.7e308), (2, 1.7e308), (3, 0);
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
                        + " which OpenMetadata keeps these figures in");
        String text = Mappers.standard().writeValueAsString(TestPg.records(results).get(0));
        assertThat(Mappers.standard().readTree(text).isObject()).as("valid JSON").isTrue();
        assertThat(text).doesNotContain("NaN", "Infinity");
    }

    @Test
    void aSpreadBeyondDoublePrecisionLeavesOutOnlyTheDistribution() throws Exception {
        List<Result<EntityRequest>> results = profile("spread");
        Map<String, ColumnProfile> c = columns(results);

        ColumnProfile f = c.get("f");
        assertThat(f.min()).isEqualTo(-1.7e308);
        assertThat(f.max()).isEqualTo(1.7e308);
        assertThat(f.mean()).isEqualByComparingTo("0");
        assertThat(f.sum()).isEqualByComparingTo("0");
        assertThat(f.median()).isNull();
        assertThat(f.histogram()).isNull();
        assertThat(c.get("i").median()).isEqualTo(2.0);
        assertThat(c.get("i").histogram()).isNotNull();
    }
}
