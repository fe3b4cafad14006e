package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.connectors.postgres.quality.PostgresTestExecutor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code columnValuesToBeInSet} and {@code columnValuesToBeNotInSet} compare a column's values with the listed
 * ones as OpenMetadata does, in the column's type: numbers by value, whatever text either is written in; text
 * by its text.
 */
class ListedValuesTestSuiteTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("listed_values", false, """
                CREATE TABLE t (num numeric, dec numeric(10, 2), i int4, f float8, r real, label text);
                INSERT INTO t VALUES (1.0, 12.50, 1, 0.1, 0.1, '1.0'), (2.50, 10, 2, 1e-300, 2.5, 'b'),
                                     (1e-300, 0, 3, 1.5e10, 1.5e10, 'c');
                """);
    }

    /** The test on column {@code column} of table t, as status, result value and text on one line. */
    private static String run(String definition, String column, String parameter, String values, boolean matchEnum)
            throws Exception {
        List<TestCaseParameterValue> parameters = matchEnum
                ? List.of(new TestCaseParameterValue(parameter, values), new TestCaseParameterValue("matchEnum", "true"))
                : List.of(new TestCaseParameterValue(parameter, values));
        TestCase test = new TestCase("listed", definition, new EntityLink("svc." + db + ".public.t", column), parameters);
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            TestCaseResult result = executor.run(test, 1L);
            return result.testCaseStatus() + " " + (result.testResultValue().isEmpty() ? "-" : result.testResultValue().get(0).value())
                    + ": " + result.result();
        }
    }

    @Test
    void numbersAreAllowedByValueNotByTheirText() throws Exception {
        assertThat(run("columnValuesToBeInSet", "num", "allowedValues", "['1', '2.5', '1e-300']", true))
                .isEqualTo("Success 3: Found 3 of 3 values in [1, 2.5, 1e-300] (matchEnum: all must be)");
        assertThat(run("columnValuesToBeInSet", "dec", "allowedValues", "['12.5', '10.00', '0']", true))
                .startsWith("Success 3: ");
        assertThat(run("columnValuesToBeInSet", "i", "allowedValues", "['1.0', '2', '3.00']", true))
                .startsWith("Success 3: ");
        assertThat(run("columnValuesToBeInSet", "f", "allowedValues", "['0.1', '1E-300', '15000000000']", true))
                .startsWith("Success 3: ");
        assertThat(run("columnValuesToBeInSet", "r", "allowedValues", "['0.1', '2.50', '1.5e10']", true))
                .startsWith("Success 3: ");
        // Values outside the set still fail.
        assertThat(run("columnValuesToBeInSet", "i", "allowedValues", "['1', '2']", true)).startsWith("Failed 2: ");
    }

    @Test
    void numbersAreForbiddenByValueToo() throws Exception {
        assertThat(run("columnValuesToBeNotInSet", "num", "forbiddenValues", "['1']", false))
                .isEqualTo("Failed 1: Found 1 of 3 values among the forbidden values [1]");
        assertThat(run("columnValuesToBeNotInSet", "i", "forbiddenValues", "['3.0']", false)).startsWith("Failed 1: ");
    }

    @Test
    void textIsComparedAsText() throws Exception {
        assertThat(run("columnValuesToBeInSet", "label", "allowedValues", "['1', 'b', 'c']", true))
                .startsWith("Failed 2: ");
        assertThat(run("columnValuesToBeInSet", "label", "allowedValues", "['1.0', 'b', 'c']", true))
                .startsWith("Success 3: ");
    }

    @Test
    void aListedValueThatIsNoNumberForANumberColumnAbortsSayingWhich() throws Exception {
        assertThat(run("columnValuesToBeInSet", "i", "allowedValues", "['1', 'one']", true))
                .isEqualTo("Aborted -: parameter allowedValues of columnValuesToBeInSet: 'one' is not a number, and column i"
                        + " holds numbers (integer); list numbers");
    }
}
