package io.metaingest.toolkit.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;

/**
 * The bounds of {@code columnValuesToBeBetween} on a date or timestamp column, as OpenMetadata 1.6 reads
 * and applies them: {@code minValue} and {@code maxValue} are times since 1970-01-01 UTC, in seconds
 * when written with fewer than 13 characters and in milliseconds otherwise; a timestamp without a time
 * zone is taken as UTC; a date counts from its first instant as the column's minimum and to its last
 * as its maximum. Values print as OpenMetadata prints them ({@code 2024-01-31 23:59:59.999999}).
 *
 * @param min the lowest instant allowed; null when only {@code maxValue} is set
 * @param max the highest instant allowed; null when only {@code minValue} is set
 */
record DateTimeRange(Instant min, Instant max) {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** Whether {@code value} is a date or a timestamp, which this range compares (and not a number). */
    static boolean isDateTime(Object value) {
        return value instanceof LocalDate || value instanceof LocalDateTime || value instanceof OffsetDateTime
                || value instanceof java.sql.Date || value instanceof java.sql.Timestamp;
    }

    /** The range the test case's two parameters set; at least one is required. */
    static DateTimeRange of(Parameters parameters, String definition) throws BadParameterException {
        DateTimeRange range = new DateTimeRange(instant(parameters, "minValue", definition),
                instant(parameters, "maxValue", definition));
        if (range.min == null && range.max == null) {
            throw new BadParameterException("set minValue or maxValue (or both) in parameterValues");
        }
        return range;
    }

    private static Instant instant(Parameters parameters, String name, String definition) throws BadParameterException {
        String text = parameters.text(name).orElse(null);
        if (text == null) {
            return null;
        }
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (text.length() >= 13) {
                seconds = seconds.movePointLeft(3);
            }
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw new BadParameterException("parameter " + name + " of " + definition + " on a date or timestamp"
                    + " column: '" + text + "' is not a time since 1970-01-01 UTC (seconds, or milliseconds with 13"
                    + " digits or more)");
        }
    }

    /** Whether the column's minimum and maximum lie inside. */
    boolean contains(Object columnMin, Object columnMax) {
        return (min == null || !first(columnMin).isBefore(min)) && (max == null || !last(columnMax).isAfter(max));
    }

    /** The column's minimum as compared: a date from its first instant. */
    static Instant first(Object value) {
        return instant(value, LocalTime.MIN);
    }

    /** The column's maximum as compared: a date to its last instant. */
    static Instant last(Object value) {
        return instant(value, LocalTime.MAX.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private static Instant instant(Object value, LocalTime timeOfDate) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return local(value, timeOfDate).toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime local(Object value, LocalTime timeOfDate) {
        if (value instanceof LocalDateTime time) {
            return time;
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toLocalDateTime();
        }
        LocalDate date = value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
        return LocalDateTime.of(date, timeOfDate);
    }

    /** The column's minimum as it is compared, in words. */
    static String firstText(Object value) {
        return text(value, LocalTime.MIN);
    }

    /** The column's maximum as it is compared, in words. */
    static String lastText(Object value) {
        return text(value, LocalTime.MAX.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }

    private static String text(Object value, LocalTime timeOfDate) {
        if (value == null) {
            return null;
        }
        // PostgreSQL's infinity arrives as the largest and smallest values java.time has.
        if (value.equals(LocalDate.MAX) || value.equals(LocalDateTime.MAX) || value.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MIN) || value.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        if (value instanceof OffsetDateTime time) {
            return text(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "+00:00";
        }
        return text(local(value, timeOfDate));
    }

    private static String text(LocalDateTime time) {
        int micros = time.get(ChronoField.MICRO_OF_SECOND);
        return SECONDS.format(time) + (micros == 0 ? "" : String.format(".%06d", micros));
    }

    @Override
    public String toString() {
        return "between " + (min == null ? "-inf" : text(LocalDateTime.ofInstant(min, ZoneOffset.UTC)) + " UTC")
                + " and " + (max == null ? "+inf" : text(LocalDateTime.ofInstant(max, ZoneOffset.UTC)) + " UTC");
    }
}
