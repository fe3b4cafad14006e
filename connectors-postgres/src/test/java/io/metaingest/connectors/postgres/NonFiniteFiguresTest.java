package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestSample;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A column's figures (max, min, mean, median, standard deviation, sum) that PostgreSQL answers as NaN or an
 * infinity are judged, never Aborted: by the rule {@code columnValuesToBeBetween} follows (OpenMetadata 1.6's), NaN
 * is inside no range and an infinity breaks only the bound on its side, and the text says the value and why.
 */
class NonFiniteFiguresTest {

    static final TestPg pg = TestPg.get();
    static String db;

    /** Each definition with the names of its bounds. */
    static final String[][] FIGURES = {
            {"columnValueMaxToBeBetween", "max", "minValueForMaxInCol", "maxValueForMaxInCol"},
            {"columnValueMinToBeBetween", "min", "minValueForMinInCol", "maxValueForMinInCol"},
            {"columnValueMeanToBeBetween", "mean", "minValueForMeanInCol", "maxValueForMeanInCol"},
            {"columnValueMedianToBeBetween", "median", "minValueForMedianInCol", "maxValueForMedianInCol"},
            {"columnValueStdDevToBeBetween", "stddev", "minValueForStdDevInCol", "maxValueForStdDevInCol"},
            {"columnValuesSumToBeBetween", "sum", "minValueForColSum", "maxValueForColSum"}};

    @BeforeAll
    static void load() {
        // Floats and numerics, each column holding one kind of value three times, so that every figure is that
        // value (an odd count: the median of an even one interpolates, and Infinity - Infinity is NaN).
        db = pg.database("nonfinite_figures", false, """
                CREATE TABLE odd (nan float8, pos float8, neg real, nnan numeric, npos numeric, nneg numeric);
                INSERT INTO odd SELECT 'NaN', 'Infinity', '-Infinity', 'NaN', 'Infinity', '-Infinity'
                                FROM generate_series(1, 3);
                CREATE TABLE mixed (f float8);
                INSERT INTO mixed VALUES (1), (2), (3), ('NaN');
                """);
    }

    private static TestCaseResult run(String definition, String table, String column, TestSample sample,
                                      String... parameters) throws Exception {
        List<TestCaseParameterValue> values = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        TestCase test = new TestCase("figure", definition, new EntityLink("svc." + db + ".public." + table, column), values);
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            return executor.run(test, NonFiniteTestSuiteTest.NOW, sample);
        }
    }

    /** Every figure of {@code column} between 0 and 10, one line each: status, value and text. */
    private static List<String> bounded(String column) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String[] f : FIGURES) {
            TestCaseResult result = run(f[0], "odd", column, TestSample.WHOLE_TABLE, f[2], "0", f[3], "10");
            lines.add(NonFiniteTestSuiteTest.values(result) + " | " + result.result());
        }
        return lines;
    }

    /** The line of {@link #bounded} for a figure that is NaN. */
    private static String nanFails(String figure) {
        return ("Failed %1$s=NaN | Found %1$s=NaN; expected between 0 and 10: NaN is inside no range: the column holds"
                + " NaN, or infinities that leave its %1$s undefined").formatted(figure);
    }

    /** The line of {@link #bounded} for a figure that is {@code infinity} (Infinity or -Infinity), past {@code bound}. */
    private static String infinityFails(String infinity, String figure, String bound) {
        return "Failed %1$s=%2$s | Found %1$s=%2$s; expected between 0 and 10: %2$s is %3$s any %4$s: the column holds %2$s"
                .formatted(figure, infinity, infinity.startsWith("-") ? "below" : "above", bound);
    }

    @Test
    void nanFailsEveryFigureAndSaysWhy() throws Exception {
        for (String column : List.of("nan", "nnan")) {
            assertThat(bounded(column)).as(column).containsExactly(nanFails("max"), nanFails("min"), nanFails("mean"),
                    nanFails("median"), nanFails("stddev"), nanFails("sum"));
        }
    }

    @Test
    void infinityBreaksTheUpperBound() throws Exception {
        for (String column : List.of("pos", "npos")) {
            assertThat(bounded(column)).as(column).containsExactly(
                    infinityFails("Infinity", "max", "maxValueForMaxInCol"),
                    infinityFails("Infinity", "min", "maxValueForMinInCol"),
                    infinityFails("Infinity", "mean", "maxValueForMeanInCol"),
                    infinityFails("Infinity", "median", "maxValueForMedianInCol"),
                    // Infinity minus Infinity: PostgreSQL's deviation of infinities is NaN.
                    nanFails("stddev"),
                    infinityFails("Infinity", "sum", "maxValueForColSum"));
        }
    }

    @Test
    void negativeInfinityBreaksTheLowerBound() throws Exception {
        for (String column : List.of("neg", "nneg")) {
            assertThat(bounded(column)).as(column).containsExactly(
                    infinityFails("-Infinity", "max", "minValueForMaxInCol"),
                    infinityFails("-Infinity", "min", "minValueForMinInCol"),
                    infinityFails("-Infinity", "mean", "minValueForMeanInCol"),
                    infinityFails("-Infinity", "median", "minValueForMedianInCol"),
                    nanFails("stddev"),
                    infinityFails("-Infinity", "sum", "minValueForColSum"));
        }
    }

    /** As for columnValuesToBeBetween: a side without a bound admits the infinity on that side; nothing admits NaN. */
    @Test
    void aSideWithoutABoundAdmitsItsInfinityButNothingAdmitsNan() throws Exception {
        for (String[] f : FIGURES) {
            TestCaseResult positive = run(f[0], "odd", "pos", TestSample.WHOLE_TABLE, f[2], "0");
            TestCaseResult negative = run(f[0], "odd", "nneg", TestSample.WHOLE_TABLE, f[3], "10");
            TestCaseResult nan = run(f[0], "odd", "nan", TestSample.WHOLE_TABLE, f[2], "0");
            String deviation = f[1].equals("stddev") ? "Failed stddev=NaN" : null;
            assertThat(NonFiniteTestSuiteTest.values(positive)).as(f[0])
                    .isEqualTo(deviation != null ? deviation : "Success " + f[1] + "=Infinity");
            assertThat(positive.result()).as(f[0]).isEqualTo(deviation != null ? positive.result()
                    : "Found " + f[1] + "=Infinity; expected between 0 and +inf");
            assertThat(NonFiniteTestSuiteTest.values(negative)).as(f[0])
                    .isEqualTo(deviation != null ? deviation : "Success " + f[1] + "=-Infinity");
            assertThat(NonFiniteTestSuiteTest.values(nan)).as(f[0]).isEqualTo("Failed " + f[1] + "=NaN");
        }
    }

    /** PostgreSQL sorts NaN above every number: a column with one has a NaN max, a finite min and median. */
    @Test
    void aNanAmongNumbersIsTheMaxAndTheFiguresSaySoOnASample() throws Exception {
        TestSample sample = new TestSample("ROWS", 10.0, null);
        TestCaseResult max = run("columnValueMaxToBeBetween", "mixed", "f", sample, "maxValueForMaxInCol", "5");
        assertThat(NonFiniteTestSuiteTest.values(max)).isEqualTo("Failed max=NaN");
        assertThat(max.result()).isEqualTo("Found max=NaN; expected between -inf and 5: NaN is inside no range: the"
                + " column holds NaN, or infinities that leave its max undefined (on a sample of at most 10 rows,"
                + " profileSample 10 ROWS)");
        assertThat(NonFiniteTestSuiteTest.values(run("columnValueMinToBeBetween", "mixed", "f", sample,
                "maxValueForMinInCol", "5"))).isEqualTo("Success min=1");
        assertThat(NonFiniteTestSuiteTest.values(run("columnValueMedianToBeBetween", "mixed", "f", sample,
                "maxValueForMedianInCol", "5"))).isEqualTo("Success median=2.5");
        TestCaseResult sum = run("columnValuesSumToBeBetween", "mixed", "f", sample, "minValueForColSum", "0");
        assertThat(NonFiniteTestSuiteTest.values(sum)).isEqualTo("Failed sum=NaN");
        assertThat(sum.result()).endsWith("(on the whole table, not profileSample 10 ROWS: its bounds are for the sum"
                + " of the table's values, which a sample's sum would reach only by chance)");
    }
}
