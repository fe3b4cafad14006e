package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestSample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code columnValuesToBeBetween} on date and timestamp columns of a real server, as OpenMetadata 1.6
 * runs it: the bounds are seconds (or milliseconds) since 1970-01-01 UTC; a timestamp without a time
 * zone is read as written and taken as UTC, whatever this JVM's or the session's zone; one with a zone by
 * its instant. Such a column used to abort the test ("compares numbers").
 */
class DateTimeTestSuiteTest {

    /** 2024-01-01T00:00:00Z and 2024-02-01T00:00:00Z. */
    static final String JAN_1 = "1704067200";
    static final String FEB_1_MILLIS = "1706745600000";
    static final TestPg pg = TestPg.get();
    static String db;

    @BeforeAll
    static void load() {
        db = pg.database("datetime_suite", false, """
                CREATE TABLE events (d date, ts timestamp, tz timestamptz, t time);
                SET TIME ZONE 'America/New_York';
                INSERT INTO events VALUES
                  ('2024-01-01', '2024-01-01 00:00:00', '2024-01-01 00:30:00+00', '10:00'),
                  ('2024-01-31', '2024-01-31 23:59:59.25', '2024-01-31 18:00:00-05', '11:00');
                CREATE TABLE late (d date, tz timestamptz);
                INSERT INTO late VALUES ('2024-02-01', '2024-01-31 20:00:00-05'), ('infinity', '2024-01-10 00:00:00+00');
                """);
    }

    private static TestCaseResult run(String table, String column, String... parameters) throws Exception {
        return NonFiniteTestSuiteTest.between(pg, db, table, column, TestSample.WHOLE_TABLE, parameters);
    }

    private static String values(TestCaseResult result) {
        return NonFiniteTestSuiteTest.values(result);
    }

    @Test
    void datesCountWholeDaysAgainstBoundsSinceTheEpoch() throws Exception {
        assertThat(values(run("events", "d", "minValue", JAN_1, "maxValue", FEB_1_MILLIS)))
                .isEqualTo("Success min=2024-01-01 00:00:00, max=2024-01-31 23:59:59.999999");
        // 2024-02-01 runs to its last instant, past maxValue (its first); infinity is past any bound.
        TestCaseResult late = run("late", "d", "minValue", JAN_1, "maxValue", FEB_1_MILLIS);
        assertThat(values(late)).isEqualTo("Failed min=2024-02-01 00:00:00, max=infinity");
        assertThat(late.result()).isEqualTo("Found min=2024-02-01 00:00:00, max=infinity; expected between"
                + " 2024-01-01 00:00:00 UTC and 2024-02-01 00:00:00 UTC");
    }

    @Test
    void timestampsWithoutAZoneAreTheirWrittenValueAndWithOneTheirInstant() throws Exception {
        assertThat(values(run("events", "ts", "minValue", JAN_1, "maxValue", FEB_1_MILLIS)))
                .isEqualTo("Success min=2024-01-01 00:00:00, max=2024-01-31 23:59:59.250000");
        assertThat(values(run("events", "ts", "minValue", "1704067201")))
                .isEqualTo("Failed min=2024-01-01 00:00:00, max=2024-01-31 23:59:59.250000");
        // 18:00 at -05:00 is 23:00 UTC, inside January.
        assertThat(values(run("events", "tz", "minValue", JAN_1, "maxValue", FEB_1_MILLIS)))
                .isEqualTo("Success min=2024-01-01 00:30:00+00:00, max=2024-01-31 23:00:00+00:00");
        // 20:00 at -05:00 is 01:00 UTC on February 1st, past maxValue.
        assertThat(values(run("late", "tz", "maxValue", FEB_1_MILLIS)))
                .isEqualTo("Failed min=2024-01-10 00:00:00+00:00, max=2024-02-01 01:00:00+00:00");
    }

    @Test
    void aTimeOfDayColumnIsAbortedSayingWhatTheTestCompares() throws Exception {
        TestCaseResult result = run("events", "t", "minValue", "0");

        assertThat(values(result)).startsWith("Aborted");
        assertThat(result.result()).isEqualTo("columnValuesToBeBetween compares numbers, dates or timestamps; the"
                + " column's values are Time");
    }
}
