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
 * {@code tableRowInsertedCountToBeBetween} on the embedded server, as OpenMetadata 1.6 counts: the rows whose
 * {@code columnName} is at or after the server's clock minus {@code rangeInterval} {@code rangeType}s (a rolling
 * window; on a date column from today's date), the whole table whatever the sample; a bad rangeType, interval or
 * column is Aborted with one line saying which and what to write.
 */
class RowInsertedCountTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        // Rows 2 hours, 25 hours, 3 days and 400 days old, and one without a time. 25 hours is "yesterday" on a
        // calendar most hours of the day, and never inside a rolling window of 1 day.
        db = pg.database("row_inserted", false, """
                CREATE TABLE events (id int, created_at timestamptz, seen_at timestamp, created_on date, label text);
                INSERT INTO events VALUES
                  (1, now() - interval '2 hours', localtimestamp - interval '2 hours', current_date, 'a'),
                  (2, now() - interval '25 hours', localtimestamp - interval '25 hours', current_date - 1, 'b'),
                  (3, now() - interval '3 days', localtimestamp - interval '3 days', current_date - 3, 'c'),
                  (4, now() - interval '400 days', localtimestamp - interval '400 days', current_date - 400, 'd'),
                  (5, NULL, NULL, NULL, 'e');
                """);
    }

    private static TestCaseResult run(TestSample sample, String... parameters) throws Exception {
        List<TestCaseParameterValue> values = new ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            values.add(new TestCaseParameterValue(parameters[i], parameters[i + 1]));
        }
        TestCase test = new TestCase("inserted", "tableRowInsertedCountToBeBetween",
                new EntityLink("svc." + db + ".public.events", null), values);
        try (PostgresTestExecutor executor = new PostgresTestExecutor(pg.connection(db))) {
            return executor.run(test, NonFiniteTestSuiteTest.NOW, sample);
        }
    }

    private static String line(TestCaseResult result) {
        return NonFiniteTestSuiteTest.values(result) + " | " + result.result();
    }

    @Test
    void passesOnceAndFailsOnceCountingARollingWindow() throws Exception {
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "created_at", "rangeType", "DAY", "rangeInterval", "1",
                "min", "1", "max", "1"))).isEqualTo("Success rowCount=1 | Found 1 row whose created_at is in the last"
                + " 1 day; expected between 1 and 1");
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "created_at", "rangeType", "HOUR", "rangeInterval",
                "1", "min", "1"))).isEqualTo("Failed rowCount=0 | Found 0 rows whose created_at is in the last 1 hour;"
                + " expected between 1 and +inf");
    }

    @Test
    void eachUnitOnTimestampsWithAndWithoutAZoneAndOnDates() throws Exception {
        List<String> found = new ArrayList<>();
        for (String column : List.of("created_at", "seen_at", "created_on")) {
            for (String[] window : new String[][]{{"HOUR", "3"}, {"DAY", "2"}, {"MONTH", "1"}, {"year", "2"}}) {
                TestCaseResult result = run(TestSample.WHOLE_TABLE, "columnName", column, "rangeType", window[0],
                        "rangeInterval", window[1], "max", "100");
                found.add(column + " " + window[1] + " " + window[0] + ": " + NonFiniteTestSuiteTest.values(result));
            }
        }
        assertThat(found).containsExactly(
                "created_at 3 HOUR: Success rowCount=1", "created_at 2 DAY: Success rowCount=2",
                "created_at 1 MONTH: Success rowCount=3", "created_at 2 year: Success rowCount=4",
                "seen_at 3 HOUR: Success rowCount=1", "seen_at 2 DAY: Success rowCount=2",
                "seen_at 1 MONTH: Success rowCount=3", "seen_at 2 year: Success rowCount=4",
                // A date column's window starts at today's date minus the interval, as a date: 3 hours ago is yesterday.
                "created_on 3 HOUR: Success rowCount=2", "created_on 2 DAY: Success rowCount=2",
                "created_on 1 MONTH: Success rowCount=3", "created_on 2 year: Success rowCount=4");
    }

    @Test
    void aSampledSuiteCountsTheWholeTableAndSaysWhy() throws Exception {
        TestCaseResult result = run(new TestSample("ROWS", 1.0, null), "columnName", "created_at", "rangeType", "YEAR",
                "rangeInterval", "5", "min", "4");
        assertThat(line(result)).isEqualTo("Success rowCount=4 | Found 4 rows whose created_at is in the last 5 years;"
                + " expected between 4 and +inf (on the whole table, not profileSample 1 ROWS: its bounds are for the rows"
                + " inserted into the table, and a sample's count would measure the sample)");
    }

    @Test
    void aBadRangeTypeIntervalOrColumnIsAbortedSayingWhatToWrite() throws Exception {
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "created_at", "rangeType", "WEEK", "rangeInterval", "1",
                "min", "1"))).isEqualTo("Aborted  | parameter rangeType of tableRowInsertedCountToBeBetween: 'WEEK' is"
                + " not one of HOUR, DAY, MONTH, YEAR; write one of them in parameterValues");
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "created_at", "rangeType", "DAY", "rangeInterval",
                "1.5", "min", "1"))).isEqualTo("Aborted  | parameter rangeInterval of tableRowInsertedCountToBeBetween:"
                + " '1.5' is not a whole number of days, 1 or more");
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "label", "rangeType", "DAY", "rangeInterval", "1",
                "min", "1"))).isEqualTo("Aborted  | parameter columnName of tableRowInsertedCountToBeBetween: column"
                + " label of public.events is text, not a date or timestamp; name the column that says when each row was"
                + " inserted");
        assertThat(line(run(TestSample.WHOLE_TABLE, "columnName", "created", "rangeType", "DAY", "rangeInterval", "1",
                "min", "1"))).isEqualTo("Aborted  | parameter columnName of tableRowInsertedCountToBeBetween: table"
                + " public.events has no column created; name its date or timestamp column");
        assertThat(line(run(TestSample.WHOLE_TABLE, "rangeType", "DAY", "rangeInterval", "1", "min", "1")))
                .isEqualTo("Aborted  | parameter columnName is required by tableRowInsertedCountToBeBetween; add it to"
                        + " parameterValues");
    }
}
