package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.AutoClassificationConfig;
import io.metaingest.api.config.ProfilerConfig;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.entity.TableSampleData;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NaN and infinities (numeric, float, date, timestamp, timestamptz) never fail a table's profile or
 * sample: metrics cover the finite values and say so, sample rows carry such values as text.
 */
class NonFiniteValuesTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("nonfinite_test", false, """
                CREATE SCHEMA nf;
                CREATE TABLE nf.t (n numeric, ts timestamptz, d date, l timestamp, f float8);
                INSERT INTO nf.t VALUES
                    (1, '2024-01-01 00:00+00', '2024-01-02', '2024-01-03 04:05', 1.5),
                    (3, '2024-01-05 00:00+00', '2024-01-06', '2024-01-07 00:00', 2.5),
                    ('NaN', 'infinity', 'infinity', 'infinity', 'NaN'),
                    ('Infinity', '-infinity', '-infinity', '-infinity', '-Infinity');
                CREATE SCHEMA nets;
                CREATE TABLE nets.t (host inet, net inet, block cidr);
                INSERT INTO nets.t VALUES ('10.0.0.1', '10.1.0.0/16', '10.2.0.0/16'), ('::1', '2001:db8::/32', '2001:db8::/32'),
                    (NULL, NULL, NULL);
                """);
    }

    @Test
    void theProfileCoversTheFiniteValuesAndWarnsOfTheOthers() throws Exception {
        ProfilerConfig config = new ProfilerConfig(null, FilterPattern.including("^nf$"), null, null, null, null,
                null, null, null, null, null, null);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresProfilerSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK));

        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        List<EntityRequest> records = TestPg.records(results);
        assertThat(records).hasSize(1);
        Map<String, ColumnProfile> c = ((CreateTableProfileRequest) records.get(0)).columnProfile().stream()
                .collect(Collectors.toMap(ColumnProfile::name, Function.identity()));

        ColumnProfile n = c.get("n");
        assertThat(n.valuesCount()).as("non-finite values are values").isEqualTo(4L);
        assertThat(n.distinctCount()).isEqualTo(4L);
        assertThat(n.min()).isEqualTo(new BigDecimal("1"));
        assertThat(n.max()).isEqualTo(new BigDecimal("3"));
        assertThat(n.mean()).isEqualByComparingTo("2");
        assertThat(n.sum()).isEqualByComparingTo("4");
        assertThat(n.stddev()).isCloseTo(1.0, within(1e-12));
        // Quartiles and histogram of the finite values 1 and 3 (NaN sorts above every number, Infinity would be Q3).
        assertThat(n.firstQuartile()).isEqualTo(1.5);
        assertThat(n.median()).isEqualTo(2.0);
        assertThat(n.thirdQuartile()).isEqualTo(2.5);
        assertThat(n.histogram().frequencies().stream().mapToLong(Long::longValue).sum()).isEqualTo(2L);
        assertThat(n.histogram().boundaries()).containsExactly("1.000 to 2.587", "2.587 and up");
        assertThat(c.get("f").median()).isEqualTo(2.0);
        assertThat(c.get("f").histogram().frequencies()).containsExactly(1L, 1L);
        assertThat(c.get("f").min()).isEqualTo(1.5);
        assertThat(c.get("f").max()).isEqualTo(2.5);
        // No fake years (+999999999-12-31, -999999999-01-01) for infinity.
        assertThat(c.get("d").min()).isEqualTo("2024-01-02");
        assertThat(c.get("d").max()).isEqualTo("2024-01-06");
        assertThat(c.get("ts").min()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(c.get("ts").max()).isEqualTo("2024-01-05T00:00:00Z");
        assertThat(c.get("l").min()).isEqualTo("2024-01-03T04:05:00");
        assertThat(c.get("l").max()).isEqualTo("2024-01-07T00:00:00");

        List<String> warnings = results.stream().filter(r -> r instanceof Result.Warning<?>)
                .map(r -> ((Result.Warning<?>) r).message()).toList();
        assertThat(warnings).hasSize(5).allMatch(w -> w.contains("2 values are not finite"))
                .anyMatch(w -> w.startsWith("column n: ") && w.contains("min, max, mean, sum, stddev, quartiles"
                        + " and histogram are over the finite values only"))
                .anyMatch(w -> w.startsWith("column d: ") && w.contains("min and max are over the finite values"))
                .anyMatch(w -> w.equals("column n: 2 values are not finite (NaN, Infinity or -Infinity); its min, max,"
                        + " mean, sum, stddev, quartiles and histogram are over the finite values only"))
                .anyMatch(w -> w.equals("column d: 2 values are not finite (infinity or -infinity); its min and max"
                        + " are over the finite values only"));
        assertThat(warnings).filteredOn(w -> w.matches("column (d|ts|l): .*")).hasSize(3)
                .noneMatch(w -> w.contains("NaN"));
    }

    @Test
    void sampleRowsCarryNonFiniteValuesAsText() throws Exception {
        AutoClassificationConfig config = new AutoClassificationConfig(null, FilterPattern.including("^nf$"), null,
                null, true, true, null, null);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresAutoClassificationSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.AUTO_CLASSIFICATION)));

        assertThat(results).noneMatch(r -> r instanceof Result.Failed<?>);
        TableSampleData sample = TestPg.records(results).stream().filter(r -> r instanceof TableSampleData)
                .map(TableSampleData.class::cast).findFirst().orElseThrow();
        assertThat(sample.sampleData().rows()).hasSize(4)
                .contains(List.of("NaN", "infinity", "infinity", "infinity", "NaN"),
                        List.of("Infinity", "-infinity", "-infinity", "-infinity", "-Infinity"));
        assertThat(sample.sampleData().rows().get(0).get(0)).isEqualTo(new BigDecimal("1")).hasToString("1");
    }

    @Test
    void sampleRowsShowAddressesAsPostgresPrintsThem() throws Exception {
        AutoClassificationConfig config = new AutoClassificationConfig(null, FilterPattern.including("^nets$"), null,
                null, true, false, null, null);
        List<Result<EntityRequest>> results = TestPg.readAll(new PostgresAutoClassificationSource(
                new PostgresClient(pg.connection(db)), config, TestPg.context(WorkflowKind.AUTO_CLASSIFICATION)));

        TableSampleData sample = TestPg.records(results).stream().filter(r -> r instanceof TableSampleData)
                .map(TableSampleData.class::cast).findFirst().orElseThrow();
        assertThat(sample.sampleData().rows()).containsExactlyInAnyOrder(
                List.of("10.0.0.1", "10.1.0.0/16", "10.2.0.0/16"), List.of("::1", "2001:db8::/32", "2001:db8::/32"),
                Arrays.asList(null, null, null)); // a missing address is null, as every other type's, never ""
    }
}
