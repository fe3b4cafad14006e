package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestSample;
import io.metaingest.api.quality.TestResultValue;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test suite's {@code profileSample} on the embedded server: the tests of the values read the
 * sample (ROWS: at most that many rows, whichever the server returns first; PERCENTAGE: a share of
 * the pages), the tests that count the whole table's rows read it whole, and every result says which.
 * The assertions hold whichever rows a sample picks: a ROWS limit returns exactly that many rows of a
 * larger table, and a percentage of the pages of a table of hundreds of pages is neither none (no page
 * coming up falls back to rows) nor all of them.
 */
class SampledTestSuiteTest {

    static final long NOW = 1_772_636_400_000L;
    /** Rows of {@code big}: with its padding about 4 MB of pages, well over the 1 MiB read whole. */
    static final int BIG = 40_000;

    static final TestPg pg = TestPg.get();
    static String db;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        // Every other row of big has no "maybe"; small is a table of one page.
        db = pg.database("dq_sampled", false, """
                CREATE TABLE big (id int, maybe int, pad text);
                INSERT INTO big SELECT i, CASE WHEN i %% 2 = 0 THEN i END, repeat('x', 60) FROM generate_series(1, %d) i;
                CREATE TABLE small (id int, maybe int);
                INSERT INTO small SELECT i, CASE WHEN i %% 2 = 0 THEN i END FROM generate_series(1, 100) i;
                ANALYZE big; ANALYZE small;
                """.formatted(BIG));
    }

    private static TestCase test(String name, String definition, String table, String column, String... parameters) {
        List<TestCaseParameterValue> values = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        return new TestCase(name, definition, new EntityLink("svc." + db + ".public." + table, column), values);
    }

    private static String values(TestCaseResult result) {
        return result.testCaseStatus() + " " + result.testResultValue().stream()
                .map(v -> v.name() + "=" + v.value()).collect(Collectors.joining(", "));
    }

    private static long value(TestCaseResult result, String name) {
        return Long.parseLong(result.testResultValue().stream().filter(v -> v.name().equals(name))
                .map(TestResultValue::value).findFirst().orElseThrow());
    }

    private static Map<String, TestCaseResult> run(TestSample sample, TestCase... tests) throws Exception {
        Map<String, TestCaseResult> results = new java.util.LinkedHashMap<>();
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            for (TestCase test : tests) {
                results.put(test.name(), executor.run(test, NOW, sample));
            }
        }
        return results;
    }

    /** Tests of each kind on big (built once the database exists). */
    private static TestCase[] onBig() {
        return new TestCase[] {
        test("ids_unique", "columnValuesToBeUnique", "big", "id"),
        test("maybe_not_null", "columnValuesToBeNotNull", "big", "maybe"),
        test("ids_at_most_10", "columnValuesToBeBetween", "big", "id", "maxValue", "10"),
        test("rows", "tableRowCountToBeBetween", "big", null, "minValue", String.valueOf(BIG), "maxValue", String.valueOf(BIG)),
        test("maybe_missing", "columnValuesMissingCount", "big", "maybe", "missingCountValue", String.valueOf(BIG / 2)),
        test("columns", "tableColumnCountToEqual", "big", null, "columnCount", "3"),
        test("custom", "tableCustomSQLQuery", "big", null, "sqlExpression", "SELECT id FROM big WHERE id > 39990",
                "operator", "==", "threshold", "10"),
        };
    }

    /**
     * OpenMetadata's figures of a column read the sample, as its other value tests do; the sum and the row count
     * to equal are measures of the whole table, read whole whatever the sample.
     */
    @Test
    void aRowSamplesFiguresAreTheSamplesWhileTheSumAndTheRowCountAreTheTables() throws Exception {
        TestCase[] tests = {
                test("max", "columnValueMaxToBeBetween", "big", "id", "maxValueForMaxInCol", "100"),
                test("stddev", "columnValueStdDevToBeBetween", "big", "id", "maxValueForStdDevInCol", "100000"),
                test("forbidden", "columnValuesToBeNotInSet", "big", "id", "forbiddenValues", "['40000']"),
                test("sum", "columnValuesSumToBeBetween", "big", "id", "minValueForColSum", "800020000"),
                test("rows", "tableRowCountToEqual", "big", null, "value", String.valueOf(BIG)),
        };
        Map<String, TestCaseResult> whole = run(TestSample.WHOLE_TABLE, tests);
        Map<String, TestCaseResult> sampled = run(new TestSample("ROWS", 10.0, null), tests);

        assertThat(values(whole.get("max"))).isEqualTo("Failed max=40000");
        assertThat(value(sampled.get("max"), "max")).isBetween(10L, (long) BIG);
        assertThat(sampled.get("max").result()).endsWith(" (on a sample of at most 10 rows, profileSample 10 ROWS)");
        assertThat(sampled.get("stddev").result()).endsWith(" (on a sample of at most 10 rows, profileSample 10 ROWS)");
        assertThat(values(whole.get("forbidden"))).isEqualTo("Failed countForbiddenValues=1");
        assertThat(sampled.get("forbidden").result()).endsWith(" (on a sample of at most 10 rows, profileSample 10 ROWS)");
        assertThat(values(whole.get("sum"))).isEqualTo("Success sum=800020000");
        assertThat(values(whole.get("rows"))).isEqualTo("Success rowCount=" + BIG);
        for (String name : List.of("sum", "rows")) {
            assertThat(values(sampled.get(name))).as(name).isEqualTo(values(whole.get(name)));
            assertThat(sampled.get(name).result()).as(name)
                    .startsWith(whole.get(name).result() + " (on the whole table, not profileSample 10 ROWS: ");
        }
    }

    /** A one-row sample and counts of one read in the singular, as the results of the suite show them. */
    @Test
    void aOneRowSampleAndCountsOfOneReadInTheSingular() throws Exception {
        Map<String, TestCaseResult> sampled = run(new TestSample("ROWS", 1.0, null),
                test("ids_unique", "columnValuesToBeUnique", "big", "id"),
                test("custom", "tableCustomSQLQuery", "big", null, "sqlExpression", "SELECT id FROM big WHERE id = 1",
                        "operator", "==", "threshold", "1"));

        assertThat(sampled.get("ids_unique").result()).isEqualTo("Found 1 value, 1 of them unique"
                + " (on a sample of at most 1 row, profileSample 1 ROWS)");
        assertThat(sampled.get("custom").result()).startsWith("Found 1 row; expected == 1 (on the whole table, ");
    }

    @Test
    void aRowSampleLetsTheValueTestsReadAtMostThatManyRowsAndTheCountsReadTheWholeTable() throws Exception {
        Map<String, TestCaseResult> whole = run(TestSample.WHOLE_TABLE, onBig());
        Map<String, TestCaseResult> sampled = run(new TestSample("ROWS", 10.0, null), onBig());

        assertThat(values(whole.get("ids_unique"))).isEqualTo("Success valueCount=40000, uniqueCount=40000");
        assertThat(values(sampled.get("ids_unique"))).isEqualTo("Success valueCount=10, uniqueCount=10");
        assertThat(sampled.get("ids_unique").result()).isEqualTo("Found 10 values, 10 of them unique"
                + " (on a sample of at most 10 rows, profileSample 10 ROWS)");
        assertThat(values(whole.get("maybe_not_null"))).isEqualTo("Failed nullCount=20000");
        assertThat(value(sampled.get("maybe_not_null"), "nullCount")).isBetween(0L, 10L);
        assertThat(values(whole.get("ids_at_most_10"))).isEqualTo("Failed min=1, max=40000");
        assertThat(value(sampled.get("ids_at_most_10"), "max") - value(sampled.get("ids_at_most_10"), "min"))
                .as("ten distinct ids").isBetween(9L, (long) BIG);

        // Counts of the table's rows against the user's numbers for the table: read whole, and said so.
        for (String name : List.of("rows", "maybe_missing", "custom")) {
            assertThat(values(sampled.get(name))).as(name).isEqualTo(values(whole.get(name)));
            assertThat(sampled.get(name).result()).as(name)
                    .startsWith(whole.get(name).result() + " (on the whole table, not profileSample 10 ROWS: ");
        }
        assertThat(values(sampled.get("rows"))).isEqualTo("Success rowCount=40000");
        assertThat(sampled.get("rows").result()).isEqualTo("Found 40000 rows; expected between 40000 and 40000"
                + " (on the whole table, not profileSample 10 ROWS: its bounds are for the table's rows, and a"
                + " sample's count would measure the sample)");
        assertThat(values(sampled.get("maybe_missing"))).isEqualTo("Success nullCount=20000");
        assertThat(values(sampled.get("custom"))).isEqualTo("Success resultRowCount=10");
        // The catalog's tests read no rows: nothing to say.
        assertThat(sampled.get("columns")).isEqualTo(whole.get("columns"));
        assertThat(whole.values()).allSatisfy(r -> assertThat(r.result()).doesNotContain("(on "));
    }

    @Test
    void aPercentageOfALargeTableReadsSomeOfItsPagesNeitherNoneNorAll() throws Exception {
        TestCase unique = test("ids_unique", "columnValuesToBeUnique", "big", "id");
        for (String method : new String[] {null, "BERNOULLI"}) {
            TestCaseResult sampled = run(new TestSample("PERCENTAGE", 10.0, method), unique).get("ids_unique");

            // 10 % of ~500 pages (or of 40,000 rows): all or none of them has no chance worth the name.
            assertThat(value(sampled, "valueCount")).as(method).isBetween(1L, BIG - 1L);
            assertThat(value(sampled, "uniqueCount")).as("a sample never repeats a row").isEqualTo(value(sampled, "valueCount"));
            assertThat(sampled.result()).as(method).endsWith(method == null
                    ? " (on a sample of 10 % of its pages (TABLESAMPLE SYSTEM; of its rows when no page comes up),"
                    + " profileSample 10 PERCENTAGE)"
                    : " (on a sample of 10 % of its rows (TABLESAMPLE BERNOULLI), profileSample 10 PERCENTAGE BERNOULLI)");
        }
    }

    @Test
    void aHundredPercentIsTheWholeTableAndASmallTableIsReadWholeAtAnyPercentage() throws Exception {
        TestCase unique = test("ids_unique", "columnValuesToBeUnique", "big", "id");
        TestCaseResult all = run(new TestSample("PERCENTAGE", 100.0, null), unique).get("ids_unique");
        assertThat(values(all)).isEqualTo("Success valueCount=40000, uniqueCount=40000");
        assertThat(all.result()).isEqualTo("Found 40000 values, 40000 of them unique");

        TestCaseResult small = run(new TestSample("PERCENTAGE", 1.0, "SYSTEM"),
                test("maybe_not_null", "columnValuesToBeNotNull", "small", "maybe")).get("maybe_not_null");
        assertThat(values(small)).isEqualTo("Failed nullCount=50");
        assertThat(small.result()).isEqualTo("Found 50 null values (on the whole table: its pages take at most 1 MiB,"
                + " which profileSample 1 PERCENTAGE SYSTEM reads whole)");
    }

    @Test
    void aMissingTableIsStillAbortedAsMissingUnderASample() throws Exception {
        TestCaseResult missing = run(new TestSample("ROWS", 10.0, null),
                test("gone", "columnValuesToBeNotNull", "no_such_table", "id")).get("gone");

        assertThat(missing.testCaseStatus()).isEqualTo(io.metaingest.api.quality.TestCaseStatus.Aborted);
        assertThat(missing.result()).contains("no_such_table").contains("does not exist");
    }

    /** The whole way: a suite's file with profileSample loads without a warning and its results show the sample. */
    @Test
    void aSuiteFileWithARowSampleRunsItsTestsOnTheSample() throws Exception {
        Path out = dir.resolve("results.ndjson");
        Path workflow = Workflows.testSuite(dir.resolve("suite.yaml"), "sampled_suite", """
                entityFullyQualifiedName: pg.%s.public.big
                profileSample: 10
                profileSampleType: ROWS
                serviceConnections:
                """.formatted(db) + Workflows.suiteService("pg",
                        Workflows.connection(pg.hostPort(), pg.user(), "${PG_PASSWORD}", db, "")), """
                - {name: ids_unique, testDefinitionName: columnValuesToBeUnique, columnName: id}
                - {name: rows, testDefinitionName: tableRowCountToBeBetween, parameterValues: [{name: minValue, value: 40000}]}
                """, out);
        Metaingest runtime = Workflows.runtime(TestSuiteWorkflowTest.CLOCK, Map.of("PG_PASSWORD", pg.password()));

        assertThat(runtime.load(workflow).warnings()).isEmpty();
        RunResult result = Workflows.ingest(runtime, workflow);

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        List<JsonNode> lines = Workflows.lines(out);
        assertThat(lines).extracting(l -> l.at("/entity/testCase/name").asText() + ": " + l.at("/entity/result").asText())
                .containsExactly("ids_unique: Found 10 values, 10 of them unique (on a sample of at most 10 rows,"
                        + " profileSample 10 ROWS)", "rows: Found 40000 rows; expected between 40000 and +inf (on the"
                        + " whole table, not profileSample 10 ROWS: its bounds are for the table's rows, and a sample's"
                        + " count would measure the sample)");
    }
}
