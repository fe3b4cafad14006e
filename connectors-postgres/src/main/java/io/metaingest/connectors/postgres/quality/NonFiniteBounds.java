package io.metaingest.connectors.postgres.quality;

import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestResultValue;
import io.metaingest.toolkit.quality.NonFiniteNumber;
import io.metaingest.toolkit.quality.SqlDialect;
import io.metaingest.toolkit.quality.TestDefinitionSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code columnValuesToBeBetween} on a numeric or float column holding {@code NaN} or an infinity,
 * whose minimum or maximum no decimal holds, judged by {@link NonFiniteNumber}'s rule (OpenMetadata 1.6's,
 * which the column's figures follow too): NaN is inside no range, so one fails the test and the text counts
 * them; {@code -Infinity} breaks any {@code minValue} and {@code Infinity} any {@code maxValue}, while a side
 * without a bound admits them. The result's min and max are the column's (an infinity when it has one) over its values other
 * than NaN, which PostgreSQL would sort above every number.
 */
final class NonFiniteBounds {

    /** The definition this answers for. */
    static final String DEFINITION = "columnValuesToBeBetween";

    private NonFiniteBounds() {
    }

    /**
     * The result of {@code testCase} on {@code schema.table}, read whole or as {@code sample} says.
     *
     * @param sample the suite's sample of the table; null, or without rows, for the whole table
     */
    static TestCaseResult judge(Connection connection, SqlDialect dialect, TestCase testCase, String schema,
                                String table, TestDefinitionSql.Sample sample, long timestamp) throws SQLException {
        String name = testCase.entityLink().column().orElseThrow();
        String c = dialect.quote(name);
        String text = dialect.asText(c);
        String nonFinite = text + " IN ('NaN', 'Infinity', '-Infinity')";
        boolean sampled = sample != null && sample.rows() != null;
        String sql = dialect.statementPrefix() + (sampled ? "WITH metaingest_sample AS (" + sample.rows() + ") " : "")
                + "SELECT MIN(" + c + ") FILTER (WHERE NOT " + nonFinite + "), MAX(" + c + ") FILTER (WHERE NOT "
                + nonFinite + "), COUNT(*) FILTER (WHERE " + text + " = 'NaN'), COUNT(*) FILTER (WHERE " + text
                + " = '-Infinity'), COUNT(*) FILTER (WHERE " + text + " = 'Infinity') FROM "
                + (sampled ? "metaingest_sample" : dialect.table(schema, table));
        BigDecimal finiteMin;
        BigDecimal finiteMax;
        long nan;
        long negative;
        long positive;
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            finiteMin = decimal(rs.getObject(1));
            finiteMax = decimal(rs.getObject(2));
            nan = rs.getLong(3);
            negative = rs.getLong(4);
            positive = rs.getLong(5);
        }
        Optional<BigDecimal> minValue = bound(testCase, "minValue");
        Optional<BigDecimal> maxValue = bound(testCase, "maxValue");
        boolean finiteInside = finiteMin == null || inside(finiteMin, minValue, maxValue) && inside(finiteMax, minValue,
                maxValue);
        BigDecimal min = minValue.orElse(null);
        BigDecimal max = maxValue.orElse(null);
        boolean passed = finiteInside && admitted(NonFiniteNumber.NAN, nan, min, max)
                && admitted(NonFiniteNumber.NEGATIVE_INFINITY, negative, min, max)
                && admitted(NonFiniteNumber.INFINITY, positive, min, max);
        String lowest = negative > 0 ? NonFiniteNumber.NEGATIVE_INFINITY.toString() : plain(finiteMin);
        String highest = positive > 0 ? NonFiniteNumber.INFINITY.toString() : plain(finiteMax);
        String found = "Found min=" + lowest + ", max=" + highest + (nan == 0 ? "" : " and " + nan + " NaN value"
                + (nan == 1 ? "" : "s") + " (inside no range)") + " in column " + name + "; expected between "
                + minValue.map(NonFiniteBounds::plain).orElse("-inf") + " and "
                + maxValue.map(NonFiniteBounds::plain).orElse("+inf");
        return TestCaseResult.of(timestamp, passed, sample == null ? found : found + " (on " + sample.description() + ")",
                List.of(new TestResultValue("min", lowest), new TestResultValue("max", highest)));
    }

    /** Whether {@code count} values of {@code value} (none: trivially) pass the bounds, by the toolkit's one rule. */
    private static boolean admitted(NonFiniteNumber value, long count, BigDecimal min, BigDecimal max) {
        return count == 0 || value.admittedBy(min, max);
    }

    private static boolean inside(BigDecimal value, Optional<BigDecimal> min, Optional<BigDecimal> max) {
        return min.map(m -> value.compareTo(m) >= 0).orElse(true) && max.map(m -> value.compareTo(m) <= 0).orElse(true);
    }

    /** A bound the toolkit has already read as a number (the test got as far as its statement). */
    private static Optional<BigDecimal> bound(TestCase testCase, String name) {
        return testCase.parameter(name).map(String::trim).filter(v -> !v.isEmpty()).map(BigDecimal::new);
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(value.toString());
    }

    /** A number as text without a needless fraction: {@code 3}, {@code 2.5}; null as null. */
    private static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
