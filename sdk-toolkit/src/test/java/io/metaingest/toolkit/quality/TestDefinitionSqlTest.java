package io.metaingest.toolkit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseStatus;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The statements the test definitions send: names quoted so that none can end the identifier, every
 * user value bound, never part of the text; parameters read as OpenMetadata writes them.
 */
class TestDefinitionSqlTest {

    /** A hostile column name: if it ever left its quotes, the statement would change. */
    static final String EVIL_COLUMN = "x\" FROM t; DROP TABLE t; --";
    static final TestDefinitionSql.Target TARGET = new TestDefinitionSql.Target("sch\"ema", "orders");

    /** What the database was asked, and a row to answer with. */
    private static final class Recorder implements TestDefinitionSql.Database {
        final List<String> statements = new ArrayList<>();
        final List<List<Object>> binds = new ArrayList<>();
        private final List<Object> answer;

        Recorder(Object... answer) {
            // Null too: an aggregate of no values answers null.
            this.answer = java.util.Arrays.asList(answer);
        }

        @Override
        public List<Object> firstRow(String sql, List<Object> values) {
            statements.add(sql);
            binds.add(values);
            return answer;
        }
    }

    private static final SqlDialect REGEX = new SqlDialect() {
        @Override
        public Optional<String> regexMatch(String expression) {
            return Optional.of(asText(expression) + " ~ ?");
        }
    };

    private static TestCase column(String definition, TestCaseParameterValue... parameters) {
        return new TestCase("t1", definition, new EntityLink("svc.db.sch.orders", EVIL_COLUMN), List.of(parameters));
    }

    @Test
    void identifiersAreQuotedAndUserValuesAreBound() throws Exception {
        Recorder db = new Recorder(5L, 2L);
        TestCaseResult result = TestDefinitionSql.run(column("columnValuesToMatchRegex",
                new TestCaseParameterValue("regex", "'); DELETE FROM orders; --")), TARGET, REGEX, db, 7L);

        assertThat(db.statements).containsExactly("SELECT COUNT(\"x\"\" FROM t; DROP TABLE t; --\"), COUNT(CASE WHEN "
                + "CAST(\"x\"\" FROM t; DROP TABLE t; --\" AS VARCHAR) ~ ? THEN 1 END) FROM \"sch\"\"ema\".\"orders\"");
        assertThat(db.binds).containsExactly(List.of("'); DELETE FROM orders; --"));
        assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(result.timestamp()).isEqualTo(7L);
    }

    @Test
    void setsAndMissingValuesAreBoundOnePlaceholderEach() throws Exception {
        Recorder db = new Recorder(3L, 3L);
        TestDefinitionSql.run(column("columnValuesToBeInSet", TestCaseParameterValue.of("allowedValues",
                List.of("a'b", "c")), new TestCaseParameterValue("matchEnum", "true")), TARGET, SqlDialect.STANDARD, db, 1L);
        TestDefinitionSql.run(column("columnValuesMissingCount", new TestCaseParameterValue("missingCountValue", "3"),
                new TestCaseParameterValue("missingValueMatch", "['NA', \"N/A\"]")), TARGET, SqlDialect.STANDARD, db, 1L);

        // The first statement asks the catalog for the column's type (the Recorder's answer names none: text).
        assertThat(db.statements.get(0)).startsWith("SELECT data_type FROM information_schema.columns");
        assertThat(db.statements.get(1)).contains("IN (?, ?)").doesNotContain("a'b");
        assertThat(db.binds.get(1)).containsExactly("a'b", "c");
        assertThat(db.statements.get(2)).contains("IS NULL OR").contains("IN (?, ?, ?)");
        assertThat(db.binds.get(2)).containsExactly("", "NA", "N/A");
    }

    /** A number column's listed values are bound as numbers of its kind and compared with the column itself. */
    @Test
    void aNumberColumnsListedValuesAreBoundAsNumbers() throws Exception {
        for (String[] kind : new String[][] {{"integer", "BigDecimal"}, {"numeric", "BigDecimal"},
                {"double precision", "Double"}, {"real", "Float"}}) {
            List<String> statements = new ArrayList<>();
            List<Object> bound = new ArrayList<>();
            TestDefinitionSql.run(column("columnValuesToBeInSet", TestCaseParameterValue.of("allowedValues",
                    List.of("1", "2.50"))), TARGET, SqlDialect.STANDARD, (sql, binds) -> {
                        statements.add(sql);
                        bound.addAll(binds);
                        return sql.startsWith("SELECT data_type") ? List.of(kind[0]) : List.of(2L, 2L);
                    }, 1L);
            assertThat(statements.get(1)).contains("WHEN \"x\"\" FROM t; DROP TABLE t; --\" IN (?, ?) THEN")
                    .doesNotContain("CAST");
            assertThat(bound.subList(3, 5)).as(kind[0]).extracting(v -> v.getClass().getSimpleName())
                    .containsOnly(kind[1]);
        }
    }

    /** A count of 1 reads in the singular: "Found 1 value", never "1 values". */
    @Test
    void aCountOfOneIsWrittenInTheSingular() throws Exception {
        EntityLink table = EntityLink.table("svc.db.sch.orders");
        assertThat(text(new TestCase("t", "tableRowCountToBeBetween", table,
                List.of(new TestCaseParameterValue("minValue", "2"))), SqlDialect.STANDARD, 1L))
                .isEqualTo("Found 1 row; expected between 2 and +inf");
        assertThat(text(new TestCase("t", "tableColumnCountToEqual", table,
                List.of(new TestCaseParameterValue("columnCount", "2"))), SqlDialect.STANDARD, 1L, 1L))
                .isEqualTo("Found 1 column; expected 2");
        assertThat(text(column("columnValuesToBeNotNull"), SqlDialect.STANDARD, 1L)).isEqualTo("Found 1 null value");
        assertThat(text(column("columnValuesToBeUnique"), SqlDialect.STANDARD, 1L, 1L))
                .isEqualTo("Found 1 value, 1 of them unique");
        assertThat(text(column("columnValuesToMatchRegex", new TestCaseParameterValue("regex", "^a")), REGEX, 1L, 1L))
                .isEqualTo("Found 1 of 1 value matching ^a");
        assertThat(text(column("columnValuesToBeInSet", TestCaseParameterValue.of("allowedValues", List.of("a"))),
                SqlDialect.STANDARD, 1L, 1L)).isEqualTo("Found 1 of 1 value in [a] (at least one must be)");
        assertThat(text(column("columnValuesMissingCount", new TestCaseParameterValue("missingCountValue", "0")),
                SqlDialect.STANDARD, 1L)).isEqualTo("Found 1 missing value; expected 0");
        assertThat(text(new TestCase("t", "tableCustomSQLQuery", table,
                List.of(new TestCaseParameterValue("sqlExpression", "SELECT 1"))), SqlDialect.STANDARD, 1L))
                .isEqualTo("Found 1 row; expected <= 0");
        // Other counts keep the plural, 0 included.
        assertThat(text(column("columnValuesToBeNotNull"), SqlDialect.STANDARD, 0L)).isEqualTo("Found 0 null values");
        assertThat(text(new TestCase("t", "tableCustomSQLQuery", table,
                List.of(new TestCaseParameterValue("sqlExpression", "SELECT 1"))), SqlDialect.STANDARD, 3L))
                .isEqualTo("Found 3 rows; expected <= 0");
    }

    private static String text(TestCase test, SqlDialect dialect, Object... answer) throws Exception {
        return TestDefinitionSql.run(test, TARGET, dialect, new Recorder(answer), 1L).result();
    }

    @Test
    void catalogLookUpsBindTheSchemaAndTableNames() throws Exception {
        Recorder db = new Recorder(1L, 0L);
        TestCase test = new TestCase("t2", "tableColumnNameToExist", EntityLink.table("svc.db.sch.orders"),
                List.of(new TestCaseParameterValue("columnName", "o'clock")));

        TestCaseResult result = TestDefinitionSql.run(test, TARGET, SqlDialect.STANDARD, db, 1L);

        assertThat(db.statements.get(0)).doesNotContain("o'clock").doesNotContain("orders");
        assertThat(db.binds.get(0)).containsExactly("sch\"ema", "orders", "sch\"ema", "orders", "o'clock");
        assertThat(result.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("columnNameExits=False");
    }

    @Test
    void aNaNOrAnInfinityWhereANumberIsReadIsItsOwnExceptionNamingTheDefinition() {
        for (Object odd : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
            assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeBetween",
                    new TestCaseParameterValue("minValue", "0")), TARGET, SqlDialect.STANDARD, new Recorder(1.0, odd), 1L))
                    .isInstanceOf(NonFiniteNumberException.class)
                    .hasMessage("columnValuesToBeBetween reads a number, and the statement answered " + odd
                            + " (the column holds NaN or an infinity, which no decimal holds)");
        }
    }

    /**
     * The inserted rows are counted in a rolling window back from the database's clock, OpenMetadata's; the
     * column's type is asked first with the names bound, the unit and interval are literals checked beforehand.
     */
    @Test
    void insertedRowsAreCountedInAWindowBackFromTheDatabasesClock() throws Exception {
        List<String> sql = new ArrayList<>();
        for (String type : List.of("date", "timestamp with time zone")) {
            Recorder db = new Recorder(1L, 1L, type);
            TestCaseResult result = TestDefinitionSql.run(new TestCase("t", "tableRowInsertedCountToBeBetween",
                    new EntityLink("svc.db.sch.orders", null), List.of(new TestCaseParameterValue("columnName", EVIL_COLUMN),
                    new TestCaseParameterValue("rangeType", "month"), new TestCaseParameterValue("rangeInterval", "3"),
                    new TestCaseParameterValue("max", "0"))), TARGET, SqlDialect.STANDARD, db, 1L);
            assertThat(result.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
            assertThat(db.binds.get(0)).containsExactly("sch\"ema", "orders", "sch\"ema", "orders", EVIL_COLUMN,
                    "sch\"ema", "orders", EVIL_COLUMN);
            sql.add(db.statements.get(1));
        }
        String count = "SELECT COUNT(*) FROM \"sch\"\"ema\".\"orders\" WHERE \"x\"\" FROM t; DROP TABLE t; --\" >= ";
        assertThat(sql).containsExactly(count + "CAST(CURRENT_DATE - INTERVAL '3' MONTH AS DATE)",
                count + "CAST(CURRENT_TIMESTAMP - INTERVAL '3' MONTH AS TIMESTAMP)");
    }

    /** A figure that is NaN or an infinity is judged by NonFiniteNumber's one rule, not thrown for the connector. */
    @Test
    void aFigureThatIsNanOrAnInfinityIsJudgedAndTheTextSaysWhy() throws Exception {
        TestCaseResult nan = TestDefinitionSql.run(column("columnValueMeanToBeBetween",
                new TestCaseParameterValue("maxValueForMeanInCol", "9")), TARGET, SqlDialect.STANDARD,
                new Recorder(Double.NaN), 1L);
        assertThat(nan.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(nan.result()).isEqualTo("Found mean=NaN; expected between -inf and 9: NaN is inside no range: the"
                + " column holds NaN, or infinities that leave its mean undefined");
        assertThat(nan.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("mean=NaN");
        TestCaseResult admitted = TestDefinitionSql.run(column("columnValuesSumToBeBetween",
                new TestCaseParameterValue("maxValueForColSum", "9")), TARGET, SqlDialect.STANDARD,
                new Recorder(Float.NEGATIVE_INFINITY), 1L);
        assertThat(admitted.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(admitted.result()).isEqualTo("Found sum=-Infinity; expected between -inf and 9");
        TestCaseResult refused = TestDefinitionSql.run(column("columnValueMaxToBeBetween",
                new TestCaseParameterValue("minValueForMaxInCol", "0"), new TestCaseParameterValue("maxValueForMaxInCol",
                        "9")), TARGET, SqlDialect.STANDARD, new Recorder(Double.POSITIVE_INFINITY), 1L);
        assertThat(refused.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(refused.result()).isEqualTo("Found max=Infinity; expected between 0 and 9: Infinity is above any"
                + " maxValueForMaxInCol: the column holds Infinity");
    }

    /**
     * On a date or timestamp column the bounds are times since 1970-01-01 UTC, seconds below 13
     * characters and milliseconds from 13, as OpenMetadata reads them; a date counts from its first
     * instant as the minimum and to its last as the maximum; a timestamp without a zone is UTC.
     */
    @Test
    void datesAndTimestampsAreComparedWithBoundsInSecondsOrMillisecondsSinceTheEpoch() throws Exception {
        // 2024-01-01T00:00:00Z = 1704067200 s; 2024-01-31T00:00:00Z = 1706659200 s.
        TestCaseParameterValue jan1 = new TestCaseParameterValue("minValue", "1704067200");
        TestCaseParameterValue jan31Millis = new TestCaseParameterValue("maxValue", "1706659200000");
        TestCaseResult dates = TestDefinitionSql.run(column("columnValuesToBeBetween", jan1, jan31Millis), TARGET,
                SqlDialect.STANDARD, new Recorder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 30)), 1L);
        assertThat(dates.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(dates.testResultValue()).extracting(v -> v.name() + "=" + v.value())
                .containsExactly("min=2024-01-01 00:00:00", "max=2024-01-30 23:59:59.999999");
        assertThat(dates.result()).isEqualTo("Found min=2024-01-01 00:00:00, max=2024-01-30 23:59:59.999999; expected"
                + " between 2024-01-01 00:00:00 UTC and 2024-01-31 00:00:00 UTC");

        // The last day itself runs past midnight, where maxValue ends.
        TestCaseResult lastDay = TestDefinitionSql.run(column("columnValuesToBeBetween", jan31Millis), TARGET,
                SqlDialect.STANDARD, new Recorder(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 31)), 1L);
        assertThat(lastDay.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);

        TestCaseResult naive = TestDefinitionSql.run(column("columnValuesToBeBetween", jan1), TARGET, SqlDialect.STANDARD,
                new Recorder(LocalDateTime.of(2023, 12, 31, 23, 59, 59, 500_000_000), LocalDateTime.of(2024, 2, 1, 0, 0)), 1L);
        assertThat(naive.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(naive.testResultValue()).extracting(v -> v.value())
                .containsExactly("2023-12-31 23:59:59.500000", "2024-02-01 00:00:00");

        // With a zone, the instant counts: 01:00 at +02:00 is 23:00 UTC the day before.
        TestCaseResult zoned = TestDefinitionSql.run(column("columnValuesToBeBetween", jan1), TARGET, SqlDialect.STANDARD,
                new Recorder(OffsetDateTime.of(2024, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(2)),
                        OffsetDateTime.of(2024, 1, 5, 0, 0, 0, 0, ZoneOffset.UTC)), 1L);
        assertThat(zoned.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(zoned.testResultValue().get(0).value()).isEqualTo("2023-12-31 23:00:00+00:00");

        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeBetween",
                new TestCaseParameterValue("minValue", "2024-01-01")), TARGET, SqlDialect.STANDARD,
                new Recorder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2)), 1L))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("parameter minValue of columnValuesToBeBetween on a date or timestamp column: '2024-01-01' is"
                        + " not a time since 1970-01-01 UTC (seconds, or milliseconds with 13 digits or more)");
    }

    @Test
    void badParametersSayWhichAndWhy() {
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeBetween"), TARGET, SqlDialect.STANDARD,
                new Recorder(), 1L)).isInstanceOf(BadParameterException.class)
                .hasMessage("set minValue or maxValue (or both) in parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToMatchRegex",
                new TestCaseParameterValue("regex", "^a")), TARGET, SqlDialect.STANDARD, new Recorder(), 1L))
                .hasMessageContaining("regular expressions");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("tableCustomSQLQuery",
                new TestCaseParameterValue("sqlExpression", "SELECT 1"), new TestCaseParameterValue("strategy", "SUM")),
                TARGET, SqlDialect.STANDARD, new Recorder(), 1L))
                .hasMessage("parameter strategy of tableCustomSQLQuery: 'SUM' is not ROWS or COUNT");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "tableRowCountToBeEqualish",
                EntityLink.table("s.d.c.t"), List.of()), TARGET, SqlDialect.STANDARD, new Recorder(), 1L))
                .hasMessageStartingWith("unknown test definition 'tableRowCountToBeEqualish'; known: columnValueLengthsToBeBetween");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "columnValuesToBeNotNull",
                EntityLink.table("s.d.c.t"), List.of()), TARGET, SqlDialect.STANDARD, new Recorder(), 1L))
                .hasMessageContaining("tests a column");
    }

    /** A misspelt parameter read as absent would widen a bound until the test passes: it aborts the test instead. */
    @Test
    void aParameterTheDefinitionDoesNotHaveIsRefusedBeforeAnyStatement() {
        Recorder db = new Recorder(40128.5, 40178L);
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeBetween",
                new TestCaseParameterValue("minValue", "0"), new TestCaseParameterValue("maxVal", "10")), TARGET,
                SqlDialect.STANDARD, db, 1L)).isInstanceOf(BadParameterException.class)
                .hasMessage("parameter maxVal is not one of columnValuesToBeBetween's (minValue, maxValue); correct or"
                        + " remove it in parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeNotNull",
                new TestCaseParameterValue("minValue", "0")), TARGET, SqlDialect.STANDARD, db, 1L))
                .hasMessage("parameter minValue is not one of columnValuesToBeNotNull's (it takes none); correct or"
                        + " remove it in parameterValues");
        assertThat(db.statements).isEmpty();
    }

    @Test
    void aFlagIsTrueOrFalseAndNothingElse() throws Exception {
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeInSet",
                new TestCaseParameterValue("allowedValues", "['a']"), new TestCaseParameterValue("matchEnum", "maybe")),
                TARGET, SqlDialect.STANDARD, new Recorder(3L, 1L), 1L)).isInstanceOf(BadParameterException.class)
                .hasMessage("parameter matchEnum of columnValuesToBeInSet: 'maybe' is not true or false; write one of them in"
                        + " parameterValues");
        TestCaseResult notAll = TestDefinitionSql.run(column("columnValuesToBeInSet",
                new TestCaseParameterValue("allowedValues", "['a']"), new TestCaseParameterValue("matchEnum", "FALSE")),
                TARGET, SqlDialect.STANDARD, new Recorder(3L, 1L), 1L);
        assertThat(notAll.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
    }

    @Test
    void customSqlRunsAsOneSubQueryWithoutItsTrailingSemicolon() throws Exception {
        Recorder db = new Recorder(0L);
        TestDefinitionSql.run(new TestCase("t", "tableCustomSQLQuery", EntityLink.table("s.d.c.t"),
                List.of(new TestCaseParameterValue("sqlExpression", "SELECT * FROM t WHERE a < 0 ;\n"))), TARGET,
                SqlDialect.STANDARD, db, 1L);

        assertThat(db.statements).containsExactly("SELECT COUNT(*) FROM (\nSELECT * FROM t WHERE a < 0\n) metaingest_custom");
    }

    /** What ends a statement (semicolons, comments) is left out; a ';' or '--' inside a string or name is text. */
    @Test
    void customSqlLosesItsEndButNotTheTextOfItsStrings() throws Exception {
        assertThat(CustomStatement.body("SELECT * FROM t -- the big ones", "c")).isEqualTo("SELECT * FROM t");
        assertThat(CustomStatement.body("SELECT * FROM t; -- done\n /* really */ ;\n", "c")).isEqualTo("SELECT * FROM t");
        assertThat(CustomStatement.body("WITH x AS (SELECT 1) SELECT * FROM x ORDER BY 1 LIMIT 5;", "c"))
                .isEqualTo("WITH x AS (SELECT 1) SELECT * FROM x ORDER BY 1 LIMIT 5");
        assertThat(CustomStatement.body("SELECT ';--' AS \"a;--b\", E'\\';--' FROM t WHERE x = $$;--$$; --", "c"))
                .isEqualTo("SELECT ';--' AS \"a;--b\", E'\\';--' FROM t WHERE x = $$;--$$");
        assertThat(CustomStatement.body("SELECT 1 /* a /* nested */ comment */", "c")).isEqualTo("SELECT 1");
        assertThatThrownBy(() -> CustomStatement.body("SELECT 1;\n  DELETE FROM t;", "c"))
                .isInstanceOf(BadParameterException.class).hasMessage("tableCustomSQLQuery test case c: its sqlExpression"
                        + " holds more than one statement (another begins after a ';': DELETE FROM t;); write one SELECT");
    }

    /**
     * Under a sample, a value test reads the sampled rows, defined once before its statement (the
     * uniqueness test reads them twice: one sample, not two), while the row count reads the table.
     */
    @Test
    void aSampledTargetsValueTestsReadTheSampleOnceAndItsRowCountTheTable() throws Exception {
        TestDefinitionSql.Target sampled = new TestDefinitionSql.Target("s", "t", new TestDefinitionSql.Sample(
                "SELECT * FROM s.t LIMIT 10", "a sample of at most 10 rows", "profileSample 10 ROWS"));
        Recorder unique = new Recorder(10L, 10L);
        TestCaseResult result = TestDefinitionSql.run(new TestCase("u", "columnValuesToBeUnique",
                new EntityLink("svc.db.s.t", "id"), List.of()), sampled, SqlDialect.STANDARD, unique, 7L);

        assertThat(unique.statements).containsExactly("WITH metaingest_sample AS (SELECT * FROM s.t LIMIT 10) SELECT"
                + " COUNT(\"id\"), (SELECT COUNT(*) FROM (SELECT \"id\" FROM metaingest_sample WHERE \"id\" IS NOT NULL"
                + " GROUP BY \"id\" HAVING COUNT(*) = 1) metaingest_once) FROM metaingest_sample");
        assertThat(result.result()).isEqualTo("Found 10 values, 10 of them unique (on a sample of at most 10 rows)");

        Recorder count = new Recorder(40L);
        TestCaseResult rows = TestDefinitionSql.run(new TestCase("r", "tableRowCountToBeBetween",
                new EntityLink("svc.db.s.t", null), List.of(new TestCaseParameterValue("minValue", "40"))), sampled,
                SqlDialect.STANDARD, count, 7L);
        assertThat(count.statements).containsExactly("SELECT COUNT(*) FROM \"s\".\"t\"");
        assertThat(rows.result()).startsWith("Found 40 rows; expected between 40 and +inf (on the whole table, not"
                + " profileSample 10 ROWS: ");
    }

    /** The definitions OpenMetadata 1.6's own examples use beyond the first eleven, declared with its names. */
    @Test
    void openMetadatasOtherSqlDefinitionsAreDeclaredWithItsParameterNames() {
        assertThat(TestDefinitionSql.declared()).extracting(d -> d.name() + " " + d.entityType() + " " + d.parameterNames())
                .contains("tableRowCountToEqual TABLE [value]",
                        "tableColumnCountToBeBetween TABLE [minColValue, maxColValue]",
                        "tableColumnToMatchSet TABLE [columnNames, ordered]",
                        "columnValuesToNotMatchRegex COLUMN [forbiddenRegex]",
                        "columnValuesToBeNotInSet COLUMN [forbiddenValues]",
                        "columnValueMaxToBeBetween COLUMN [minValueForMaxInCol, maxValueForMaxInCol]",
                        "columnValueMinToBeBetween COLUMN [minValueForMinInCol, maxValueForMinInCol]",
                        "columnValueMeanToBeBetween COLUMN [minValueForMeanInCol, maxValueForMeanInCol]",
                        "columnValueMedianToBeBetween COLUMN [minValueForMedianInCol, maxValueForMedianInCol]",
                        "columnValueStdDevToBeBetween COLUMN [minValueForStdDevInCol, maxValueForStdDevInCol]",
                        "columnValuesSumToBeBetween COLUMN [minValueForColSum, maxValueForColSum]");
        assertThat(TestDefinitionSql.declared()).extracting(d -> d.name() + " " + d.entityType() + " " + d.parameterNames())
                .contains("tableRowInsertedCountToBeBetween TABLE [min, max, columnName, rangeType, rangeInterval]");
        assertThat(TestDefinitionSql.names()).hasSize(23);
        // A column test whose figure measures the whole table does not read the sample.
        assertThat(TestDefinitionSql.readsTheSample("columnValuesSumToBeBetween")).isFalse();
        assertThat(TestDefinitionSql.readsTheSample("columnValuesMissingCount")).isFalse();
        assertThat(TestDefinitionSql.readsTheSample("columnValueMedianToBeBetween")).isTrue();
    }

    /** Each figure is one aggregate of the quoted column; the median and deviation as the dialect spells them. */
    @Test
    void aColumnsFiguresAreOneAggregateEachOfTheQuotedColumn() throws Exception {
        String c = "\"x\"\" FROM t; DROP TABLE t; --\"";
        List<String> sql = new ArrayList<>();
        for (String[] d : new String[][]{{"columnValueMaxToBeBetween", "maxValueForMaxInCol"},
                {"columnValueMinToBeBetween", "maxValueForMinInCol"}, {"columnValueMeanToBeBetween", "maxValueForMeanInCol"},
                {"columnValueMedianToBeBetween", "maxValueForMedianInCol"},
                {"columnValueStdDevToBeBetween", "maxValueForStdDevInCol"}, {"columnValuesSumToBeBetween", "maxValueForColSum"}}) {
            Recorder db = new Recorder(new java.math.BigDecimal("12.50"));
            TestCaseResult result = TestDefinitionSql.run(column(d[0], new TestCaseParameterValue(d[1], "12")), TARGET,
                    SqlDialect.STANDARD, db, 1L);
            assertThat(result.testCaseStatus()).as(d[0]).isEqualTo(TestCaseStatus.Failed);
            sql.add(db.statements.get(0));
        }
        String from = " FROM \"sch\"\"ema\".\"orders\"";
        assertThat(sql).containsExactly("SELECT MAX(" + c + ")" + from, "SELECT MIN(" + c + ")" + from,
                "SELECT AVG(" + c + ")" + from, "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + c + ")" + from,
                "SELECT STDDEV_POP(" + c + ")" + from, "SELECT SUM(" + c + ")" + from);
        TestCaseResult median = TestDefinitionSql.run(column("columnValueMedianToBeBetween",
                new TestCaseParameterValue("minValueForMedianInCol", "2"), new TestCaseParameterValue("maxValueForMedianInCol",
                        "12.5")), TARGET, SqlDialect.STANDARD, new Recorder(12.5d), 1L);
        assertThat(median.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(median.result()).isEqualTo("Found median=12.5; expected between 2 and 12.5");
        assertThat(median.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("median=12.5");
    }

    /** Under a sample the figures read it, except the sum: its bounds are the table's, as a row count's are. */
    @Test
    void aSampledTargetsFiguresReadTheSampleButItsSumTheTable() throws Exception {
        TestDefinitionSql.Target sampled = new TestDefinitionSql.Target("s", "t", new TestDefinitionSql.Sample(
                "SELECT * FROM s.t LIMIT 10", "a sample of at most 10 rows", "profileSample 10 ROWS"));
        Recorder max = new Recorder(7L);
        TestCaseResult maxResult = TestDefinitionSql.run(new TestCase("m", "columnValueMaxToBeBetween",
                new EntityLink("svc.db.s.t", "n"), List.of(new TestCaseParameterValue("maxValueForMaxInCol", "9"))), sampled,
                SqlDialect.STANDARD, max, 1L);
        assertThat(max.statements).containsExactly("WITH metaingest_sample AS (SELECT * FROM s.t LIMIT 10) SELECT MAX(\"n\")"
                + " FROM metaingest_sample");
        assertThat(maxResult.result()).isEqualTo("Found max=7; expected between -inf and 9 (on a sample of at most 10 rows)");

        Recorder sum = new Recorder(70L);
        TestCaseResult sumResult = TestDefinitionSql.run(new TestCase("s", "columnValuesSumToBeBetween",
                new EntityLink("svc.db.s.t", "n"), List.of(new TestCaseParameterValue("minValueForColSum", "70"))), sampled,
                SqlDialect.STANDARD, sum, 1L);
        assertThat(sum.statements).containsExactly("SELECT SUM(\"n\") FROM \"s\".\"t\"");
        assertThat(sumResult.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(sumResult.result()).startsWith("Found sum=70; expected between 70 and +inf (on the whole table, not"
                + " profileSample 10 ROWS: ");
    }

    @Test
    void forbiddenValuesAndPatternsAreBoundAndOneFoundFails() throws Exception {
        Recorder notIn = new Recorder(3L, 1L);
        TestCaseResult inSet = TestDefinitionSql.run(column("columnValuesToBeNotInSet",
                new TestCaseParameterValue("forbiddenValues", "['x\\'y', 'z']")), TARGET, SqlDialect.STANDARD, notIn, 1L);
        assertThat(notIn.statements.get(1)).contains("IN (?, ?)").doesNotContain("x'y");
        assertThat(notIn.binds.get(1)).containsExactly("x'y", "z");
        assertThat(inSet.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(inSet.result()).isEqualTo("Found 1 of 3 values among the forbidden values [x'y, z]");
        assertThat(inSet.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("countForbiddenValues=1");

        Recorder regex = new Recorder(3L, 0L);
        TestCaseResult none = TestDefinitionSql.run(column("columnValuesToNotMatchRegex",
                new TestCaseParameterValue("forbiddenRegex", "'); DROP TABLE t; --")), TARGET, REGEX, regex, 1L);
        assertThat(regex.statements.get(0)).contains(" ~ ?").doesNotContain("DROP TABLE t; --')");
        assertThat(regex.binds.get(0)).containsExactly("'); DROP TABLE t; --");
        assertThat(none.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(none.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("notLikeCount=0");
    }

    /** The catalog is asked once: the number of columns, and each expected name's position among them. */
    @Test
    void aTablesColumnsMatchASetInAnyOrderOrInTheOrderGiven() throws Exception {
        EntityLink table = EntityLink.table("svc.db.sch.orders");
        Recorder db = new Recorder(1L, 2L, 2L, 1L);
        TestCaseResult anyOrder = TestDefinitionSql.run(new TestCase("t", "tableColumnToMatchSet", table,
                List.of(new TestCaseParameterValue("columnNames", "id, o'clock"))), TARGET, SqlDialect.STANDARD, db, 1L);
        assertThat(db.statements.get(0)).doesNotContain("o'clock").doesNotContain("orders").contains("ROW_NUMBER()");
        assertThat(db.binds.get(0)).containsExactly("sch\"ema", "orders", "sch\"ema", "orders", "sch\"ema", "orders", "id",
                "sch\"ema", "orders", "o'clock");
        assertThat(anyOrder.testCaseStatus()).isEqualTo(TestCaseStatus.Success);
        assertThat(anyOrder.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("columnNames=1");

        TestCaseResult ordered = TestDefinitionSql.run(new TestCase("t", "tableColumnToMatchSet", table,
                List.of(new TestCaseParameterValue("columnNames", "id, o'clock"), new TestCaseParameterValue("ordered",
                        "true"))), TARGET, SqlDialect.STANDARD, new Recorder(1L, 2L, 2L, 1L), 1L);
        assertThat(ordered.testCaseStatus()).isEqualTo(TestCaseStatus.Failed);
        assertThat(ordered.result()).isEqualTo("Found 2 columns, in another order; expected [id, o'clock] in this order");
        assertThat(ordered.testResultValue()).extracting(v -> v.name() + "=" + v.value()).containsExactly("columnNames=0");

        TestCaseResult missing = TestDefinitionSql.run(new TestCase("t", "tableColumnToMatchSet", table,
                List.of(new TestCaseParameterValue("columnNames", "id,nope"))), TARGET, SqlDialect.STANDARD,
                new Recorder(1L, 3L, 1L, null), 1L);
        assertThat(missing.result()).isEqualTo("Found 3 columns, 2 of them not in columnNames, none named nope;"
                + " expected [id, nope] in any order");
    }

    @Test
    void theNewDefinitionsBadParametersAreOneLineEach() {
        EntityLink table = EntityLink.table("svc.db.sch.orders");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "tableRowCountToEqual", table, List.of()), TARGET,
                SqlDialect.STANDARD, new Recorder(3L), 1L))
                .hasMessage("parameter value is required by tableRowCountToEqual; add it to parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "tableRowCountToEqual", table,
                List.of(new TestCaseParameterValue("value", "three"))), TARGET, SqlDialect.STANDARD, new Recorder(3L), 1L))
                .hasMessage("parameter value of tableRowCountToEqual: 'three' is not a number");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "tableColumnCountToBeBetween", table, List.of()),
                TARGET, SqlDialect.STANDARD, new Recorder(1L, 3L), 1L))
                .hasMessage("set minColValue or maxColValue (or both) in parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(new TestCase("t", "tableColumnToMatchSet", table,
                List.of(new TestCaseParameterValue("columnNames", "a, b, a"))), TARGET, SqlDialect.STANDARD,
                new Recorder(), 1L)).hasMessage("parameter columnNames of tableColumnToMatchSet names [a] more than once,"
                + " and a table's column names are unique; name each column once");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValueMeanToBeBetween"), TARGET, SqlDialect.STANDARD,
                new Recorder(1L), 1L)).hasMessage("set minValueForMeanInCol or maxValueForMeanInCol (or both) in parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValueMeanToBeBetween",
                new TestCaseParameterValue("maxValue", "3")), TARGET, SqlDialect.STANDARD, new Recorder(1L), 1L))
                .hasMessage("parameter maxValue is not one of columnValueMeanToBeBetween's (minValueForMeanInCol,"
                        + " maxValueForMeanInCol); correct or remove it in parameterValues");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToBeNotInSet"), TARGET, SqlDialect.STANDARD,
                new Recorder(), 1L)).hasMessage("parameter forbiddenValues is required by columnValuesToBeNotInSet; add a list");
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValuesToNotMatchRegex",
                new TestCaseParameterValue("forbiddenRegex", "^a")), TARGET, SqlDialect.STANDARD, new Recorder(), 1L))
                .hasMessageContaining("regular expressions");
        // A column with no value has no figure to bound: Aborted, as in OpenMetadata.
        assertThatThrownBy(() -> TestDefinitionSql.run(column("columnValueMaxToBeBetween",
                new TestCaseParameterValue("maxValueForMaxInCol", "3")), TARGET, SqlDialect.STANDARD,
                new Recorder((Object) null), 1L)).isInstanceOf(BadParameterException.class)
                .hasMessage("columnValueMaxToBeBetween: column " + EVIL_COLUMN + " of sch\"ema.orders has no value (no rows,"
                        + " or nulls only), so no max to compare with the bounds");
    }
}
