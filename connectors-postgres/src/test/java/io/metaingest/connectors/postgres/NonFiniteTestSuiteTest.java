package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.api.quality.TestResultValue;
import io.metaingest.api.quality.TestSample;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A test suite's tests on columns holding NaN and infinities judge them as OpenMetadata 1.6 does: NaN
 * is inside no range, so {@code columnValuesToBeBetween} fails and counts them; an infinity breaks the
 * bound on its side only. No such value aborts a test.
 */
class NonFiniteTestSuiteTest {

    static final long NOW = 1_772_636_400_000L;
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("nonfinite_suite", false, """
                CREATE TABLE nan (f double precision, n numeric);
                INSERT INTO nan VALUES (1.5, 1), (2.5, 2), ('NaN', 'NaN');
                CREATE TABLE inf (f float8);
                INSERT INTO inf VALUES (1), (2), ('Infinity');
                CREATE TABLE neg (f real);
                INSERT INTO neg VALUES (1), ('-Infinity');
                """);
    }

    private static TestCaseResult run(String table, String column, TestSample sample, String... parameters)
            throws Exception {
        return between(pg, db, table, column, sample, parameters);
    }

    /**
     * {@code columnValuesToBeBetween} on {@code db}'s {@code public.table.column}, run by the Postgres executor.
     *
     * @param parameters names and values, alternately
     */
    static TestCaseResult between(TestPg pg, String db, String table, String column, TestSample sample,
                                  String... parameters) throws Exception {
        List<TestCaseParameterValue> values = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        TestCase test = new TestCase("between", "columnValuesToBeBetween",
                new EntityLink("svc." + db + ".public." + table, column), values);
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            return executor.run(test, NOW, sample);
        }
    }

    /** The status and result values, as one line: {@code Failed min=1.5, max=2.5}. */
    static String values(TestCaseResult result) {
        return result.testCaseStatus() + " " + result.testResultValue().stream()
                .map(v -> v.name() + "=" + v.value()).collect(Collectors.joining(", "));
    }

    @Test
    void nanIsInsideNoRangeSoTheTestFailsAndCountsIt() throws Exception {
        TestCaseResult doubles = run("nan", "f", TestSample.WHOLE_TABLE, "minValue", "0", "maxValue", "10");
        assertThat(values(doubles)).isEqualTo("Failed min=1.5, max=2.5");
        assertThat(doubles.result()).isEqualTo("Found min=1.5, max=2.5 and 1 NaN value (inside no range) in column f;"
                + " expected between 0 and 10");
        TestCaseResult numerics = run("nan", "n", TestSample.WHOLE_TABLE, "minValue", "0", "maxValue", "10");
        assertThat(values(numerics)).isEqualTo("Failed min=1, max=2");
        assertThat(numerics.result()).contains("1 NaN value (inside no range) in column n");
        // Open bounds do not admit NaN either.
        assertThat(run("nan", "f", TestSample.WHOLE_TABLE, "minValue", "0").testCaseStatus())
                .isEqualTo(TestCaseStatus.Failed);
    }

    @Test
    void aSampledRunSaysWhatItRead() throws Exception {
        TestCaseResult result = run("nan", "f", new TestSample("ROWS", 10.0, null), "minValue", "0", "maxValue", "10");

        assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(result.result()).contains("1 NaN value (inside no range) in column f")
                .endsWith("(on a sample of at most 10 rows, profileSample 10 ROWS)");
    }

    @Test
    void anInfinityBreaksTheBoundOnItsSideOnly() throws Exception {
        TestCaseResult bounded = run("inf", "f", TestSample.WHOLE_TABLE, "minValue", "0", "maxValue", "10");
        assertThat(values(bounded)).isEqualTo("Failed min=1, max=Infinity");
        assertThat(bounded.result()).isEqualTo("Found min=1, max=Infinity in column f; expected between 0 and 10");

        assertThat(values(run("inf", "f", TestSample.WHOLE_TABLE, "minValue", "0"))).isEqualTo("Success min=1, max=Infinity");
        assertThat(values(run("neg", "f", TestSample.WHOLE_TABLE, "maxValue", "5"))).isEqualTo("Success min=-Infinity, max=1");
        assertThat(values(run("neg", "f", TestSample.WHOLE_TABLE, "minValue", "0", "maxValue", "5")))
                .isEqualTo("Failed min=-Infinity, max=1");
    }

    @Test
    void aCustomQueryCountingNanIsAbortedWithTheReason() throws Exception {
        TestCase test = new TestCase("custom", "tableCustomSQLQuery", new EntityLink("svc." + db + ".public.nan", null),
                List.of(new TestCaseParameterValue("sqlExpression", "SELECT max(f) FROM nan"),
                        new TestCaseParameterValue("strategy", "COUNT")));
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult result = executor.run(test, NOW);

            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Aborted);
            assertThat(result.result()).isEqualTo("tableCustomSQLQuery on public.nan could not run: its statement"
                    + " answered NaN or an infinity where it needs a number");
        }
    }
}
