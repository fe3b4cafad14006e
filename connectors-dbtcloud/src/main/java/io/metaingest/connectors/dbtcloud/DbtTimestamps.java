package io.metaingest.connectors.dbtcloud;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Parses the two timestamp spellings of dbt Cloud: jobs use ISO-8601 with {@code T}
 * ({@code 2024-05-27T10:42:10.111442+00:00}), runs a space ({@code 2024-05-27 10:42:20.621788+00:00}).
 * Fractions of any length and offsets as {@code +00:00}, {@code +0000} or {@code Z} are accepted;
 * a value without offset is taken as UTC.
 */
final class DbtTimestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
            .toFormatter();

    private DbtTimestamps() {
    }

    /**
     * Epoch milliseconds of {@code text}, or null when it is null or blank.
     *
     * @throws IllegalArgumentException naming the value when it is neither spelling
     */
    static Long millis(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip(), FORMAT).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable timestamp \"" + text + "\"", e);
        }
    }
}
