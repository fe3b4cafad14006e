package io.metaingest.toolkit.quality;

import java.util.Optional;

/**
 * How a database spells the few things the test definitions need beyond standard SQL. The defaults
 * are standard SQL (double-quoted identifiers, {@code CHAR_LENGTH}, {@code CAST(x AS VARCHAR)},
 * {@code PERCENTILE_CONT}, {@code STDDEV_POP}); a
 * connector overrides what its database spells differently.
 */
public interface SqlDialect {

    /** Standard SQL, without regular expressions. */
    SqlDialect STANDARD = new SqlDialect() {
    };

    /**
     * Written before every statement the runner sends: a comment by which the database's own query
     * log tells the runner's statements from users' (PostgreSQL's usage source leaves out the ones
     * carrying its marker). None by default.
     */
    default String statementPrefix() {
        return "";
    }

    /** Quotes an identifier, doubling any quote inside it, so that no name can break out of it. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The table reference of {@code schema.table}. */
    default String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** An expression's value as text. */
    default String asText(String expression) {
        return "CAST(" + expression + " AS VARCHAR)";
    }

    /** The length in characters of a text expression. */
    default String length(String expression) {
        return "CHAR_LENGTH(" + asText(expression) + ")";
    }

    /**
     * The median of a numeric expression's values, interpolated between the two middle ones when their
     * count is even (as OpenMetadata's profiler computes it); standard SQL's ordered-set aggregate.
     */
    default String median(String expression) {
        return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + expression + ")";
    }

    /** The population standard deviation of a numeric expression's values (OpenMetadata's stddev). */
    default String standardDeviation(String expression) {
        return "STDDEV_POP(" + expression + ")";
    }

    /**
     * The start of a window reaching {@code interval} {@code unit}s back from the database's current time, as
     * OpenMetadata 1.6 computes it for {@code tableRowInsertedCountToBeBetween}: a rolling window ({@code now - 3
     * DAY}), not one from the start of the current day; on a date column from today's date, cast back to a date.
     * The interval is a literal, since its unit cannot be bound: the caller has checked both are what they say.
     *
     * @param interval a whole number of units, at least 1
     * @param unit {@code HOUR}, {@code DAY}, {@code MONTH} or {@code YEAR}
     * @param dateColumn whether the window is compared with a date column (otherwise a timestamp column)
     */
    default String windowStart(long interval, String unit, boolean dateColumn) {
        String span = "INTERVAL '" + interval + "' " + unit;
        return dateColumn ? "CAST(CURRENT_DATE - " + span + " AS DATE)"
                : "CAST(CURRENT_TIMESTAMP - " + span + " AS TIMESTAMP)";
    }

    /**
     * A condition true when {@code expression} contains a match of the regular expression bound to
     * the one {@code ?} it holds; empty when the database has no regular expressions.
     */
    default Optional<String> regexMatch(String expression) {
        return Optional.empty();
    }
}
