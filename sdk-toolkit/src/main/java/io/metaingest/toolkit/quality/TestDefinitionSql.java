package io.metaingest.toolkit.quality;

import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestDefinition;
import io.metaingest.api.quality.TestResultValue;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * OpenMetadata's test definitions, each as one SQL statement and a judgement of its answer, with
 * OpenMetadata's parameter names and result value names. Identifiers go through the
 * {@link SqlDialect}'s quoting; every value a user writes (a regular expression, the allowed values,
 * schema and table names in catalog look-ups) is a bound parameter. Only {@code tableCustomSQLQuery}
 * runs text of the user's: its {@code sqlExpression}, as a sub-query, so it stays one statement (what ends it, a
 * semicolon or a comment, left out: {@link CustomStatement}).
 */
public final class TestDefinitionSql {

    /** Asks the database one statement and returns its first row (empty when there is none). */
    @FunctionalInterface
    public interface Database {
        /** Runs {@code sql} with {@code binds} bound in order; the first row's values. */
        List<Object> firstRow(String sql, List<Object> binds) throws SQLException;
    }

    /**
     * What a test runs on.
     *
     * @param schema the table's schema
     * @param table the table's name
     * @param sample the rows of the table its value tests read; null when the suite sets no sample
     */
    public record Target(String schema, String table, Sample sample) {

        /** The whole table. */
        public Target(String schema, String table) {
            this(schema, table, null);
        }
    }

    /**
     * The suite's sample of a table, as the connector reads it. The tests of the values themselves
     * (nulls, uniqueness, bounds, patterns, allowed and forbidden values, lengths, a column's max, min, mean,
     * median and standard deviation) read these rows, as OpenMetadata
     * runs them on a sampled table: a value the sample breaks is in the table, while a pass speaks for
     * the sample only. A test whose parameters count the whole table's rows
     * ({@code tableRowCountToBeBetween}, {@code tableRowCountToEqual}, {@code tableRowInsertedCountToBeBetween},
     * {@code columnValuesMissingCount}), or
     * its values' sum ({@code columnValuesSumToBeBetween}), reads the whole table
     * whatever the sample, since a sample's count or sum compared with them would only measure the
     * sample's size; {@code tableCustomSQLQuery} runs its own SQL as written; the tests of the catalog
     * read no rows. Every result of a sampled suite says in its text which it read.
     *
     * @param rows a query of the sampled rows, read once per statement (as a common table expression);
     *             null when the connector reads the whole table after all (a table too small to sample)
     * @param description what is read, in words, e.g. {@code a sample of at most 10 rows (profileSample 10 ROWS)}
     * @param setting the suite's setting, e.g. {@code profileSample 10 ROWS}, named by the tests that read whole tables
     */
    public record Sample(String rows, String description, String setting) {

        /** Rejects a missing description or setting. */
        public Sample {
            java.util.Objects.requireNonNull(description, "description");
            java.util.Objects.requireNonNull(setting, "setting");
        }
    }

    /** The name of the sampled rows in a statement. */
    static final String SAMPLE = "metaingest_sample";

    @FunctionalInterface
    private interface Check {
        TestCaseResult run(Run run) throws SQLException, BadParameterException;
    }

    /**
     * A definition: how it runs, and the names of OpenMetadata 1.6's parameters for it. A name outside them
     * aborts the test: a misspelt bound ({@code maxVal}) read as no bound would let the test pass.
     */
    private record Definition(Check check, boolean readsSample, TestDefinition.EntityType entityType,
                              List<String> parameters) {

        /** A value test, of one column: it reads the sample's rows when there is one. */
        static Definition onRows(Check check, String... parameters) {
            return new Definition(check, true, TestDefinition.EntityType.COLUMN, List.of(parameters));
        }

        /**
         * A test of one column whose parameters measure the whole table (a count of its missing values, the
         * sum of its values), which a sample's figure would reach only by chance: it reads the table whole.
         */
        static Definition onWholeColumn(Check check, String... parameters) {
            return new Definition(check, false, TestDefinition.EntityType.COLUMN, List.of(parameters));
        }

        /** A test of the whole table (its row count, its catalog, a query as written), whatever the sample. */
        static Definition onTable(Check check, String... parameters) {
            return new Definition(check, false, TestDefinition.EntityType.TABLE, List.of(parameters));
        }

        TestDefinition declared(String name) {
            return new TestDefinition(name, entityType, parameters);
        }
    }

    private static final Map<String, Definition> DEFINITIONS = definitions();

    private TestDefinitionSql() {
    }

    /**
     * Whether the definition reads the sample's rows when the suite samples (the value tests), rather than the
     * whole table (row counts, the catalog, a custom query as written): a sample makes only the first faster.
     */
    public static boolean readsTheSample(String definitionName) {
        Definition definition = DEFINITIONS.get(definitionName);
        return definition != null && definition.readsSample();
    }

    /** The test definitions this class runs, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(DEFINITIONS.keySet());
    }

    /**
     * The test definitions this class runs, as a connector that runs them all declares them
     * ({@link io.metaingest.api.ServiceSpec#testDefinitions()}), sorted by name.
     */
    public static List<TestDefinition> declared() {
        return DEFINITIONS.entrySet().stream().map(e -> e.getValue().declared(e.getKey())).toList();
    }

    /**
     * Runs one test case.
     *
     * @throws BadParameterException for an unknown definition or a missing or unusable parameter
     * @throws SQLException when the statement fails (a missing table or column, a timeout)
     */
    public static TestCaseResult run(TestCase testCase, Target target, SqlDialect dialect, Database database,
                                     long timestamp) throws SQLException, BadParameterException {
        Definition definition = DEFINITIONS.get(testCase.testDefinitionName());
        if (definition == null) {
            throw new BadParameterException("unknown test definition '" + testCase.testDefinitionName() + "'; known: "
                    + String.join(", ", names()));
        }
        Parameters parameters = new Parameters(testCase);
        parameters.requireKnown(definition.parameters());
        return definition.check().run(new Run(testCase, target, dialect, database, timestamp, parameters));
    }

    /** One test's context: its parameters, its table and column, and the database to ask. */
    private record Run(TestCase testCase, Target target, SqlDialect dialect, Database database, long timestamp,
                       Parameters parameters) {

        /** The table, read whole. */
        String table() {
            return dialect.table(target.schema(), target.table());
        }

        /** What the value tests read from: the sample's rows, or the table. */
        String rows() {
            return sampled() ? SAMPLE : table();
        }

        boolean sampled() {
            return target.sample() != null && target.sample().rows() != null;
        }

        /** The first row of {@code sql}, which reads {@link #rows()}, with the sample defined before it. */
        List<Object> rowsRow(String sql, Object... binds) throws SQLException {
            return row(sampled() ? "WITH " + SAMPLE + " AS (" + target.sample().rows() + ") " + sql : sql, binds);
        }

        /** The result of a test that read {@link #rows()}: its text says what they were. */
        TestCaseResult onRows(boolean passed, String text, TestResultValue... values) {
            return result(passed, target.sample() == null ? text : text + " (on " + target.sample().description() + ")",
                    values);
        }

        /** The result of a test that read the whole table whatever the sample: its text says so and why. */
        TestCaseResult onWholeTable(boolean passed, String text, String why, TestResultValue... values) {
            return result(passed, target.sample() == null ? text
                    : text + " (on the whole table, not " + target.sample().setting() + ": " + why + ")", values);
        }

        String column() throws BadParameterException {
            return dialect.quote(testCase.entityLink().column().orElseThrow(() -> new BadParameterException(
                    testCase.testDefinitionName() + " tests a column: name it with columnName or a "
                            + "<#E::table::FQN::columns::column> entityLink")));
        }

        List<Object> row(String sql, Object... binds) throws SQLException {
            return database.firstRow(sql, List.of(binds));
        }

        TestCaseResult result(boolean passed, String text, TestResultValue... values) {
            return TestCaseResult.of(timestamp, passed, text, List.of(values));
        }
    }

    private static Map<String, Definition> definitions() {
        Map<String, Definition> all = new TreeMap<>();
        all.put("tableRowCountToBeBetween", Definition.onTable(TestDefinitionSql::tableRowCountToBeBetween, "minValue", "maxValue"));
        all.put("tableColumnCountToEqual", Definition.onTable(TestDefinitionSql::tableColumnCountToEqual, "columnCount"));
        all.put("tableColumnNameToExist", Definition.onTable(TestDefinitionSql::tableColumnNameToExist, "columnName"));
        all.put("columnValuesToBeNotNull", Definition.onRows(TestDefinitionSql::columnValuesToBeNotNull));
        all.put("columnValuesToBeUnique", Definition.onRows(TestDefinitionSql::columnValuesToBeUnique));
        all.put("columnValuesToBeBetween", Definition.onRows(TestDefinitionSql::columnValuesToBeBetween, "minValue", "maxValue"));
        all.put("columnValuesToMatchRegex", Definition.onRows(TestDefinitionSql::columnValuesToMatchRegex, "regex"));
        all.put("columnValuesToBeInSet", Definition.onRows(TestDefinitionSql::columnValuesToBeInSet, "allowedValues", "matchEnum"));
        all.put("columnValueLengthsToBeBetween", Definition.onRows(TestDefinitionSql::columnValueLengthsToBeBetween, "minLength", "maxLength"));
        all.put("columnValuesMissingCount", Definition.onWholeColumn(TestDefinitionSql::columnValuesMissingCount, "missingCountValue", "missingValueMatch"));
        // partitionExpression only narrows OpenMetadata's passed/failed row counts, which this runner does not compute.
        all.put("tableCustomSQLQuery", Definition.onTable(TestDefinitionSql::tableCustomSqlQuery, "sqlExpression", "strategy",
                "threshold", "operator", "partitionExpression"));
        all.put("tableRowCountToEqual", Definition.onTable(TestDefinitionSql::tableRowCountToEqual, "value"));
        all.put("tableColumnCountToBeBetween", Definition.onTable(TestDefinitionSql::tableColumnCountToBeBetween,
                "minColValue", "maxColValue"));
        all.put("tableColumnToMatchSet", Definition.onTable(TestDefinitionSql::tableColumnToMatchSet, "columnNames", "ordered"));
        all.put("columnValuesToNotMatchRegex", Definition.onRows(TestDefinitionSql::columnValuesToNotMatchRegex, "forbiddenRegex"));
        all.put("columnValuesToBeNotInSet", Definition.onRows(TestDefinitionSql::columnValuesToBeNotInSet, "forbiddenValues"));
        all.put("columnValueMaxToBeBetween", Definition.onRows(run -> statistic(run, "max", c -> "MAX(" + c + ")",
                "minValueForMaxInCol", "maxValueForMaxInCol"), "minValueForMaxInCol", "maxValueForMaxInCol"));
        all.put("columnValueMinToBeBetween", Definition.onRows(run -> statistic(run, "min", c -> "MIN(" + c + ")",
                "minValueForMinInCol", "maxValueForMinInCol"), "minValueForMinInCol", "maxValueForMinInCol"));
        all.put("columnValueMeanToBeBetween", Definition.onRows(run -> statistic(run, "mean", c -> "AVG(" + c + ")",
                "minValueForMeanInCol", "maxValueForMeanInCol"), "minValueForMeanInCol", "maxValueForMeanInCol"));
        all.put("columnValueMedianToBeBetween", Definition.onRows(run -> statistic(run, "median", run.dialect()::median,
                "minValueForMedianInCol", "maxValueForMedianInCol"), "minValueForMedianInCol", "maxValueForMedianInCol"));
        all.put("columnValueStdDevToBeBetween", Definition.onRows(run -> statistic(run, "stddev",
                run.dialect()::standardDeviation, "minValueForStdDevInCol", "maxValueForStdDevInCol"),
                "minValueForStdDevInCol", "maxValueForStdDevInCol"));
        all.put("columnValuesSumToBeBetween", Definition.onWholeColumn(TestDefinitionSql::columnValuesSumToBeBetween,
                "minValueForColSum", "maxValueForColSum"));
        all.put("tableRowInsertedCountToBeBetween", Definition.onTable(TestDefinitionSql::tableRowInsertedCountToBeBetween,
                "min", "max", "columnName", "rangeType", "rangeInterval"));
        return Collections.unmodifiableMap(all);
    }

    private static TestCaseResult tableRowCountToBeBetween(Run run) throws SQLException, BadParameterException {
        Range range = Range.of(run.parameters(), "minValue", "maxValue");
        long rows = count(run.row("SELECT COUNT(*) FROM " + run.table()).get(0));
        return run.onWholeTable(range.contains(BigDecimal.valueOf(rows)), "Found " + counted(rows, "row") + "; expected "
                + range,
                "its bounds are for the table's rows, and a sample's count would measure the sample",
                new TestResultValue("rowCount", Long.toString(rows)));
    }

    /** Column look-ups in the standard catalog; a missing table is told apart from a table without the column. */
    private static final String CATALOG_COUNTS = "SELECT (SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_schema = ? AND table_name = ?), (SELECT COUNT(*) FROM information_schema.columns"
            + " WHERE table_schema = ? AND table_name = ?";

    private static TestCaseResult tableColumnCountToEqual(Run run) throws SQLException, BadParameterException {
        BigDecimal expected = run.parameters().requiredNumber("columnCount");
        Target t = run.target();
        List<Object> row = run.row(CATALOG_COUNTS + ")", t.schema(), t.table(), t.schema(), t.table());
        requireTable(run, row);
        long columns = count(row.get(1));
        return run.result(expected.compareTo(BigDecimal.valueOf(columns)) == 0,
                "Found " + counted(columns, "column") + "; expected " + expected.toPlainString(),
                new TestResultValue("columnCount", Long.toString(columns)));
    }

    private static TestCaseResult tableColumnNameToExist(Run run) throws SQLException, BadParameterException {
        String column = run.parameters().requiredText("columnName");
        Target t = run.target();
        List<Object> row = run.row(CATALOG_COUNTS + " AND column_name = ?)", t.schema(), t.table(), t.schema(),
                t.table(), column);
        requireTable(run, row);
        boolean exists = count(row.get(1)) > 0;
        // OpenMetadata's value name, misspelling included, and Python's spelling of booleans.
        return run.result(exists, "Column " + column + (exists ? " exists" : " does not exist") + " in " + t.table(),
                new TestResultValue("columnNameExits", exists ? "True" : "False"));
    }

    /** The units of {@code tableRowInsertedCountToBeBetween}'s rangeType, as OpenMetadata 1.6 offers them. */
    private static final List<String> RANGE_TYPES = List.of("HOUR", "DAY", "MONTH", "YEAR");

    /**
     * The rows whose {@code columnName} lies in the last {@code rangeInterval} {@code rangeType}s, counted as
     * OpenMetadata 1.6 counts them on PostgreSQL: {@code column >= CURRENT_TIMESTAMP - interval} (on a date column
     * {@code CURRENT_DATE - interval}, as a date), a rolling window back from the database's clock, not one from
     * the start of the current hour, day, month or year; with no upper end, so rows dated in the future count too.
     * It reads the whole table, as a row count does. One statement asks the catalog for the column's type first:
     * a column that is no date or timestamp could only be compared after a cast OpenMetadata does not make.
     */
    private static TestCaseResult tableRowInsertedCountToBeBetween(Run run) throws SQLException, BadParameterException {
        String definition = run.testCase().testDefinitionName();
        String name = run.parameters().requiredText("columnName");
        String given = run.parameters().requiredText("rangeType");
        String unit = given.toUpperCase(Locale.ROOT);
        if (!RANGE_TYPES.contains(unit)) {
            throw new BadParameterException("parameter rangeType of " + definition + ": '" + given + "' is not one of "
                    + String.join(", ", RANGE_TYPES) + "; write one of them in parameterValues");
        }
        BigDecimal interval = run.parameters().requiredNumber("rangeInterval");
        if (interval.signum() <= 0 || interval.stripTrailingZeros().scale() > 0 || interval.compareTo(BigDecimal.valueOf(
                Integer.MAX_VALUE)) > 0) {
            throw new BadParameterException("parameter rangeInterval of " + definition + ": '" + text(interval)
                    + "' is not a whole number of " + unit.toLowerCase(Locale.ROOT) + "s, 1 or more");
        }
        Range range = Range.of(run.parameters(), "min", "max");
        Target t = run.target();
        List<Object> catalog = run.row(CATALOG_COUNTS + " AND column_name = ?), (SELECT data_type FROM"
                + " information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?)",
                t.schema(), t.table(), t.schema(), t.table(), name, t.schema(), t.table(), name);
        requireTable(run, catalog);
        if (count(catalog.get(1)) == 0) {
            throw new BadParameterException("parameter columnName of " + definition + ": table " + t.schema() + "."
                    + t.table() + " has no column " + name + "; name its date or timestamp column");
        }
        String type = String.valueOf(catalog.get(2));
        String lower = type.toLowerCase(Locale.ROOT);
        boolean date = lower.equals("date");
        if (!date && !lower.startsWith("timestamp") && !lower.equals("datetime")) {
            throw new BadParameterException("parameter columnName of " + definition + ": column " + name + " of "
                    + t.schema() + "." + t.table() + " is " + type + ", not a date or timestamp; name the column that"
                    + " says when each row was inserted");
        }
        long n = interval.longValueExact();
        long rows = count(run.row("SELECT COUNT(*) FROM " + run.table() + " WHERE " + run.dialect().quote(name) + " >= "
                + run.dialect().windowStart(n, unit, date)).get(0));
        String span = n + " " + unit.toLowerCase(Locale.ROOT) + (n == 1 ? "" : "s");
        return run.onWholeTable(range.contains(BigDecimal.valueOf(rows)), "Found " + counted(rows, "row") + " whose "
                        + name + " is in the last " + span + "; expected " + range,
                "its bounds are for the rows inserted into the table, and a sample's count would measure the sample",
                new TestResultValue("rowCount", Long.toString(rows)));
    }

    private static void requireTable(Run run, List<Object> catalogCounts) throws BadParameterException {
        if (count(catalogCounts.get(0)) == 0) {
            throw new BadParameterException("table " + run.target().schema() + "." + run.target().table()
                    + " does not exist (or is not visible to this user)");
        }
    }

    private static TestCaseResult columnValuesToBeNotNull(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        long nulls = count(run.rowsRow("SELECT COUNT(*) - COUNT(" + column + ") FROM " + run.rows()).get(0));
        return run.onRows(nulls == 0, "Found " + counted(nulls, "null value"),
                new TestResultValue("nullCount", Long.toString(nulls)));
    }

    private static TestCaseResult columnValuesToBeUnique(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        List<Object> row = run.rowsRow("SELECT COUNT(" + column + "), (SELECT COUNT(*) FROM (SELECT " + column + " FROM "
                + run.rows() + " WHERE " + column + " IS NOT NULL GROUP BY " + column
                + " HAVING COUNT(*) = 1) metaingest_once) FROM " + run.rows());
        long values = count(row.get(0));
        long unique = count(row.get(1));
        return run.onRows(values == unique, "Found " + counted(values, "value") + ", " + unique + " of them unique",
                new TestResultValue("valueCount", Long.toString(values)),
                new TestResultValue("uniqueCount", Long.toString(unique)));
    }

    private static TestCaseResult columnValuesToBeBetween(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        // How the bounds read depends on the column's type, known from the answer; their absence is not.
        if (run.parameters().text("minValue").isEmpty() && run.parameters().text("maxValue").isEmpty()) {
            throw new BadParameterException("set minValue or maxValue (or both) in parameterValues");
        }
        List<Object> row = run.rowsRow("SELECT MIN(" + column + "), MAX(" + column + ") FROM " + run.rows());
        if (DateTimeRange.isDateTime(row.get(0))) {
            return dateTimesBetween(run, row.get(0), row.get(1));
        }
        Range range = Range.of(run.parameters(), "minValue", "maxValue");
        BigDecimal min = number(run, row.get(0));
        BigDecimal max = number(run, row.get(1));
        // No value at all breaks no bound.
        boolean passed = min == null || (range.contains(min) && range.contains(max));
        return run.onRows(passed, "Found min=" + text(min) + ", max=" + text(max) + "; expected " + range,
                new TestResultValue("min", text(min)), new TestResultValue("max", text(max)));
    }

    /** A date or timestamp column: the bounds are times since the epoch, as OpenMetadata reads them. */
    private static TestCaseResult dateTimesBetween(Run run, Object min, Object max) throws BadParameterException {
        DateTimeRange range = DateTimeRange.of(run.parameters(), run.testCase().testDefinitionName());
        String first = DateTimeRange.firstText(min);
        String last = DateTimeRange.lastText(max);
        return run.onRows(range.contains(min, max), "Found min=" + first + ", max=" + last + "; expected " + range,
                new TestResultValue("min", first), new TestResultValue("max", last));
    }

    /** A column's non-null values and how many of them match {@code regex}, in one statement over the rows read. */
    private record RegexCounts(long values, long matching) {

        static RegexCounts of(Run run, String regex) throws SQLException, BadParameterException {
            String column = run.column();
            String matches = run.dialect().regexMatch(column).orElseThrow(() -> new BadParameterException(
                    run.testCase().testDefinitionName() + " needs regular expressions, which this database's dialect"
                            + " does not offer"));
            List<Object> row = run.rowsRow("SELECT COUNT(" + column + "), COUNT(CASE WHEN " + matches + " THEN 1 END)"
                    + " FROM " + run.rows(), regex);
            return new RegexCounts(count(row.get(0)), count(row.get(1)));
        }
    }

    private static TestCaseResult columnValuesToMatchRegex(Run run) throws SQLException, BadParameterException {
        String regex = run.parameters().requiredText("regex");
        RegexCounts counts = RegexCounts.of(run, regex);
        return run.onRows(counts.values() == counts.matching(), "Found " + counts.matching() + " of "
                + counted(counts.values(), "value") + " matching " + regex,
                new TestResultValue("likeCount", Long.toString(counts.matching())));
    }

    private static TestCaseResult columnValuesToBeInSet(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        List<String> allowed = run.parameters().list("allowedValues").filter(l -> !l.isEmpty()).orElseThrow(() ->
                new BadParameterException("parameter allowedValues is required by columnValuesToBeInSet; add a list"));
        boolean matchEnum = run.parameters().flag("matchEnum");
        Listed listed = Listed.of(run, "allowedValues", allowed);
        List<Object> row = run.rowsRow("SELECT COUNT(" + column + "), COUNT(CASE WHEN " + listed.condition()
                + " THEN 1 END) FROM " + run.rows(), listed.binds().toArray());
        long values = count(row.get(0));
        long inSet = count(row.get(1));
        // As OpenMetadata: with matchEnum every value must be allowed, without it one allowed value passes.
        boolean passed = matchEnum ? inSet == values : inSet >= 1;
        return run.onRows(passed, "Found " + inSet + " of " + counted(values, "value") + " in " + allowed
                        + (matchEnum ? " (matchEnum: all must be)" : " (at least one must be)"),
                new TestResultValue("allowedValueCount", Long.toString(inSet)));
    }

    /** The standard catalog's names of number types, by how a value listed for such a column is bound. */
    private static final Set<String> EXACT_TYPES = Set.of("smallint", "integer", "int", "bigint", "tinyint",
            "mediumint", "int2", "int4", "int8", "numeric", "decimal", "number");
    private static final Set<String> FLOAT_TYPES = Set.of("real", "float4");
    private static final Set<String> DOUBLE_TYPES = Set.of("double precision", "double", "float", "float8");

    /**
     * The values a test lists ({@code allowedValues}, {@code forbiddenValues}) and the condition a column's value
     * meets when it is one of them. OpenMetadata compares them in the column's type, so a number column's values
     * are compared by value, the listed values bound as numbers of its kind (its {@code 1.0} is the listed
     * {@code 1}, an integer's {@code 2} the listed {@code 2.0}, a real's {@code 0.1} the listed {@code 0.1}), and
     * any other column's by their text. The column's type comes from the standard catalog; a column it does not
     * know is compared by text, and the test's statement then says what is wrong with it.
     */
    private record Listed(String condition, List<Object> binds) {

        static Listed of(Run run, String parameter, List<String> values) throws SQLException, BadParameterException {
            String column = run.column();
            String in = " IN (" + placeholders(values.size()) + ")";
            Target t = run.target();
            List<Object> type = run.row("SELECT data_type FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name = ? AND column_name = ?", t.schema(), t.table(),
                    run.testCase().entityLink().column().orElse(""));
            String kind = !type.isEmpty() && type.get(0) instanceof String name ? name.toLowerCase(Locale.ROOT) : "";
            if (!EXACT_TYPES.contains(kind) && !FLOAT_TYPES.contains(kind) && !DOUBLE_TYPES.contains(kind)) {
                return new Listed(run.dialect().asText(column) + in, List.copyOf(values));
            }
            List<Object> numbers = new ArrayList<>();
            for (String value : values) {
                numbers.add(number(run, parameter, kind, value.trim()));
            }
            return new Listed(column + in, numbers);
        }

        private static Object number(Run run, String parameter, String kind, String value) throws BadParameterException {
            boolean floating = !EXACT_TYPES.contains(kind);
            if (floating && List.of("NaN", "Infinity", "-Infinity").contains(value)) {
                return FLOAT_TYPES.contains(kind) ? (Object) Float.valueOf(value) : Double.valueOf(value);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new BadParameterException("parameter " + parameter + " of " + run.testCase().testDefinitionName()
                        + ": '" + value + "' is not a number, and column " + run.testCase().entityLink().column()
                        .orElse("") + " holds numbers (" + kind + "); list numbers");
            }
            if (FLOAT_TYPES.contains(kind)) {
                return number.floatValue();
            }
            return DOUBLE_TYPES.contains(kind) ? (Object) number.doubleValue() : number;
        }
    }

    private static TestCaseResult columnValueLengthsToBeBetween(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        Range range = Range.of(run.parameters(), "minLength", "maxLength");
        String length = run.dialect().length(column);
        List<Object> row = run.rowsRow("SELECT MIN(" + length + "), MAX(" + length + ") FROM " + run.rows());
        BigDecimal min = number(run, row.get(0));
        BigDecimal max = number(run, row.get(1));
        boolean passed = min == null || (range.contains(min) && range.contains(max));
        return run.onRows(passed, "Found minLength=" + text(min) + ", maxLength=" + text(max) + "; expected " + range,
                new TestResultValue("minValueLength", text(min)), new TestResultValue("maxValueLength", text(max)));
    }

    private static TestCaseResult columnValuesMissingCount(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        BigDecimal expected = run.parameters().requiredNumber("missingCountValue");
        // Null and the empty string are missing; missingValueMatch adds more (NA, N/A, ...).
        List<String> missing = new ArrayList<>(List.of(""));
        missing.addAll(run.parameters().list("missingValueMatch").orElse(List.of()));
        long found = count(run.row("SELECT COUNT(CASE WHEN " + column + " IS NULL OR " + run.dialect().asText(column)
                + " IN (" + placeholders(missing.size()) + ") THEN 1 END) FROM " + run.table(), missing.toArray()).get(0));
        // OpenMetadata names the measured value nullCount.
        return run.onWholeTable(expected.compareTo(BigDecimal.valueOf(found)) == 0,
                "Found " + counted(found, "missing value") + "; expected " + expected.toPlainString(),
                "missingCountValue counts the table's missing values, which a sample's count would not match",
                new TestResultValue("nullCount", Long.toString(found)));
    }

    private static TestCaseResult tableCustomSqlQuery(Run run) throws SQLException, BadParameterException {
        String sql = CustomStatement.body(run.parameters().requiredText("sqlExpression"), run.testCase().name());
        String strategy = run.parameters().text("strategy").orElse("ROWS");
        BigDecimal threshold = run.parameters().number("threshold").orElse(BigDecimal.ZERO);
        String operator = run.parameters().text("operator").orElse("<=");
        if (!List.of("==", ">", ">=", "<", "<=", "!=").contains(operator)) {
            throw new BadParameterException("parameter operator of tableCustomSQLQuery: '" + operator
                    + "' is not one of ==, >, >=, <, <=, !=");
        }
        long rows = switch (strategy) {
            // On lines of its own, so that nothing of the user's text can reach the closing parenthesis.
            case "ROWS" -> count(run.row("SELECT COUNT(*) FROM (\n" + sql + "\n) metaingest_custom").get(0));
            case "COUNT" -> {
                List<Object> row = run.row(sql);
                BigDecimal value = row.isEmpty() ? BigDecimal.ZERO : number(run, row.get(0));
                yield value == null ? 0 : value.longValue();
            }
            default -> throw new BadParameterException("parameter strategy of tableCustomSQLQuery: '" + strategy
                    + "' is not ROWS or COUNT");
        };
        int cmp = BigDecimal.valueOf(rows).compareTo(threshold);
        boolean passed = switch (operator) {
            case "==" -> cmp == 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            case "<" -> cmp < 0;
            case "!=" -> cmp != 0;
            default -> cmp <= 0;
        };
        return run.onWholeTable(passed, "Found " + counted(rows, "row") + "; expected " + operator + " "
                + threshold.toPlainString(),
                "sqlExpression names its own tables and runs as written",
                new TestResultValue("resultRowCount", Long.toString(rows)));
    }

    private static TestCaseResult tableRowCountToEqual(Run run) throws SQLException, BadParameterException {
        BigDecimal expected = run.parameters().requiredNumber("value");
        long rows = count(run.row("SELECT COUNT(*) FROM " + run.table()).get(0));
        return run.onWholeTable(expected.compareTo(BigDecimal.valueOf(rows)) == 0, "Found " + counted(rows, "row")
                        + "; expected " + text(expected),
                "its value is the table's number of rows, and a sample's count would measure the sample",
                new TestResultValue("rowCount", Long.toString(rows)));
    }

    private static TestCaseResult tableColumnCountToBeBetween(Run run) throws SQLException, BadParameterException {
        Range range = Range.of(run.parameters(), "minColValue", "maxColValue");
        Target t = run.target();
        List<Object> row = run.row(CATALOG_COUNTS + ")", t.schema(), t.table(), t.schema(), t.table());
        requireTable(run, row);
        long columns = count(row.get(1));
        return run.result(range.contains(BigDecimal.valueOf(columns)), "Found " + counted(columns, "column")
                + "; expected " + range, new TestResultValue("columnCount", Long.toString(columns)));
    }

    /**
     * The table's columns against {@code columnNames} (comma-separated, as OpenMetadata splits them): the same
     * names, each once, or with {@code ordered} the same names in the same order. One statement asks the
     * catalog for the number of columns and, for each expected name, its position among them.
     */
    private static TestCaseResult tableColumnToMatchSet(Run run) throws SQLException, BadParameterException {
        List<String> expected = run.parameters().list("columnNames").orElseThrow(() -> new BadParameterException(
                "parameter columnNames is required by tableColumnToMatchSet; add it to parameterValues"));
        boolean ordered = run.parameters().flag("ordered");
        List<String> twice = expected.stream().filter(n -> expected.indexOf(n) != expected.lastIndexOf(n)).distinct().toList();
        if (!twice.isEmpty()) {
            // OpenMetadata compares the lists as multisets, so such a test could never pass.
            throw new BadParameterException("parameter columnNames of tableColumnToMatchSet names " + twice
                    + " more than once, and a table's column names are unique; name each column once");
        }
        Target t = run.target();
        StringBuilder sql = new StringBuilder(CATALOG_COUNTS).append(')');
        List<Object> binds = new ArrayList<>(List.of(t.schema(), t.table(), t.schema(), t.table()));
        for (String name : expected) {
            // Positions counted 1, 2, ... (a dropped column leaves a gap in ordinal_position).
            sql.append(", (SELECT metaingest_position FROM (SELECT column_name, ROW_NUMBER() OVER (ORDER BY"
                    + " ordinal_position) AS metaingest_position FROM information_schema.columns WHERE table_schema = ?"
                    + " AND table_name = ?) metaingest_columns WHERE column_name = ?)");
            binds.addAll(List.of(t.schema(), t.table(), name));
        }
        List<Object> row = run.row(sql.toString(), binds.toArray());
        requireTable(run, row);
        long columns = count(row.get(1));
        List<String> missing = new ArrayList<>();
        boolean inOrder = true;
        for (int i = 0; i < expected.size(); i++) {
            Object position = row.get(2 + i);
            if (position == null) {
                missing.add(expected.get(i));
            } else if (count(position) != i + 1) {
                inOrder = false;
            }
        }
        long unexpected = columns - (expected.size() - missing.size());
        boolean sameNames = missing.isEmpty() && unexpected == 0;
        boolean passed = sameNames && (!ordered || inOrder);
        String found = "Found " + counted(columns, "column") + (unexpected > 0 ? ", " + unexpected + " of them not in"
                + " columnNames" : "") + (missing.isEmpty() ? "" : ", none named " + String.join(", ", missing))
                + (sameNames && !passed ? ", in another order" : "");
        // OpenMetadata's value: 1 when they match, 0 when not.
        return run.result(passed, found + "; expected " + expected + (ordered ? " in this order" : " in any order"),
                new TestResultValue("columnNames", passed ? "1" : "0"));
    }

    private static TestCaseResult columnValuesToNotMatchRegex(Run run) throws SQLException, BadParameterException {
        String regex = run.parameters().requiredText("forbiddenRegex");
        RegexCounts counts = RegexCounts.of(run, regex);
        return run.onRows(counts.matching() == 0, "Found " + counts.matching() + " of " + counted(counts.values(), "value")
                + " matching the forbidden regex " + regex,
                new TestResultValue("notLikeCount", Long.toString(counts.matching())));
    }

    private static TestCaseResult columnValuesToBeNotInSet(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        List<String> forbidden = run.parameters().list("forbiddenValues").filter(l -> !l.isEmpty()).orElseThrow(() ->
                new BadParameterException("parameter forbiddenValues is required by columnValuesToBeNotInSet; add a list"));
        Listed listed = Listed.of(run, "forbiddenValues", forbidden);
        List<Object> row = run.rowsRow("SELECT COUNT(" + column + "), COUNT(CASE WHEN " + listed.condition()
                + " THEN 1 END) FROM " + run.rows(), listed.binds().toArray());
        long values = count(row.get(0));
        long inSet = count(row.get(1));
        return run.onRows(inSet == 0, "Found " + inSet + " of " + counted(values, "value") + " among the forbidden"
                        + " values " + forbidden, new TestResultValue("countForbiddenValues", Long.toString(inSet)));
    }

    /**
     * One figure of a column's values (its max, min, mean, median or standard deviation) between two bounds,
     * read from the sample when there is one.
     */
    private static TestCaseResult statistic(Run run, String valueName, UnaryOperator<String> aggregate, String minName,
                                            String maxName) throws SQLException, BadParameterException {
        String column = run.column();
        Range range = Range.of(run.parameters(), minName, maxName);
        Figure figure = Figure.judge(run, valueName, range, run.sampled(), run.rowsRow("SELECT "
                + aggregate.apply(column) + " FROM " + run.rows()).get(0));
        return run.onRows(figure.passed(), figure.found(), new TestResultValue(valueName, figure.value()));
    }

    private static TestCaseResult columnValuesSumToBeBetween(Run run) throws SQLException, BadParameterException {
        String column = run.column();
        Range range = Range.of(run.parameters(), "minValueForColSum", "maxValueForColSum");
        Figure sum = Figure.judge(run, "sum", range, false, run.row("SELECT SUM(" + column + ") FROM " + run.table())
                .get(0));
        return run.onWholeTable(sum.passed(), sum.found(),
                "its bounds are for the sum of the table's values, which a sample's sum would reach only by chance",
                new TestResultValue("sum", sum.value()));
    }

    /**
     * A column's figure judged against its bounds: a number, or NaN or an infinity (a float or numeric column
     * holding them), judged by {@link NonFiniteNumber}'s rule, the one {@code columnValuesToBeBetween} follows.
     *
     * @param passed whether the bounds admit it
     * @param found the result's text, with why a NaN or an infinity fails
     * @param value the figure as the result's value: {@code 2.5}, {@code NaN}, {@code Infinity}
     */
    private record Figure(boolean passed, String found, String value) {

        static Figure judge(Run run, String valueName, Range range, boolean onSample, Object answer)
                throws BadParameterException {
            Optional<NonFiniteNumber> odd = NonFiniteNumber.of(answer);
            if (odd.isPresent()) {
                boolean passed = odd.get().admittedBy(range.min(), range.max());
                return new Figure(passed, "Found " + valueName + "=" + odd.get() + "; expected " + range
                        + (passed ? "" : ": " + odd.get().refusal(valueName, range.minName(), range.maxName())),
                        odd.get().toString());
            }
            BigDecimal value = measured(run, valueName, onSample, answer);
            return new Figure(range.contains(value), "Found " + valueName + "=" + text(value) + "; expected " + range,
                    text(value));
        }
    }

    /**
     * A column's figure as a number. A column without a value (no rows, or nulls only) has none, and the test
     * is Aborted, as OpenMetadata's is: no bound can be judged.
     */
    private static BigDecimal measured(Run run, String valueName, boolean onSample, Object answer)
            throws BadParameterException {
        BigDecimal value = number(run, answer);
        if (value == null) {
            throw new BadParameterException(run.testCase().testDefinitionName() + ": column "
                    + run.testCase().entityLink().column().orElse("") + " of " + run.target().schema() + "."
                    + run.target().table() + " has no value (no rows, or nulls only)"
                    + (onSample ? " in " + run.target().sample().description() : "") + ", so no " + valueName
                    + " to compare with the bounds");
        }
        return value;
    }

    /** A count and its noun, in the singular for 1 ("1 row", "2 rows"), as the result texts read. */
    private static String counted(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static BigDecimal number(Run run, Object value) throws BadParameterException {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number)) {
            throw new BadParameterException(run.testCase().testDefinitionName() + " compares numbers"
                    + (run.testCase().testDefinitionName().equals("columnValuesToBeBetween") ? ", dates or timestamps" : "")
                    + "; the column's values are " + value.getClass().getSimpleName());
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new NonFiniteNumberException(run.testCase().testDefinitionName(), value);
        }
        return new BigDecimal(value.toString());
    }

    /** A number as text without a needless fraction: {@code 3}, {@code 2.5}; null as null. */
    private static String text(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** Bounds from two optional parameters, with their names; at least one is required. */
    private record Range(BigDecimal min, BigDecimal max, String minName, String maxName) {

        static Range of(Parameters parameters, String minName, String maxName) throws BadParameterException {
            Range range = new Range(parameters.number(minName).orElse(null), parameters.number(maxName).orElse(null),
                    minName, maxName);
            if (range.min == null && range.max == null) {
                throw new BadParameterException("set " + minName + " or " + maxName + " (or both) in parameterValues");
            }
            return range;
        }

        boolean contains(BigDecimal value) {
            return (min == null || value.compareTo(min) >= 0) && (max == null || value.compareTo(max) <= 0);
        }

        @Override
        public String toString() {
            return "between " + (min == null ? "-inf" : text(min)) + " and " + (max == null ? "+inf" : text(max));
        }
    }
}
