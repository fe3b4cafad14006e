package com.example.csv;

import io.metaingest.api.entity.DataType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Infers a column's type from sampled values: the narrowest of BIGINT, DOUBLE, BOOLEAN, DATE and
 * TIMESTAMP that every non-empty value fits, else VARCHAR with the longest value's length.
 */
final class ColumnTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private boolean integer = true;
    private boolean decimal = true;
    private boolean bool = true;
    private boolean date = true;
    private boolean timestamp = true;
    private int longest;
    private boolean seen;

    void accept(String value) {
        if (value.isEmpty()) {
            return;
        }
        seen = true;
        longest = Math.max(longest, value.length());
        integer &= INTEGER.matcher(value).matches();
        decimal &= DECIMAL.matcher(value).matches();
        bool &= value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
        date &= parses(() -> LocalDate.parse(value));
        timestamp &= parses(() -> LocalDateTime.parse(value.replace(' ', 'T')));
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    DataType type() {
        if (!seen) {
            return DataType.VARCHAR;
        }
        if (integer) {
            return DataType.BIGINT;
        }
        if (decimal) {
            return DataType.DOUBLE;
        }
        if (bool) {
            return DataType.BOOLEAN;
        }
        if (date) {
            return DataType.DATE;
        }
        return timestamp ? DataType.TIMESTAMP : DataType.VARCHAR;
    }

    /** The length of a VARCHAR column: the longest sampled value (at least 1). */
    int length() {
        return Math.max(longest, 1);
    }
}
