package io.metaingest.toolkit.sql;

import java.util.Objects;

/**
 * One join condition between columns of two tables, as a statement writes it: {@code a.x = b.y} in a
 * {@code JOIN ... ON} or a {@code WHERE}, or a column of {@code JOIN ... USING (...)}. Each occurrence
 * is one join; it joins both ways ({@code left} with {@code right} and {@code right} with {@code left}).
 *
 * @param left the column on the left of the condition
 * @param right the column on the right
 */
public record ColumnJoin(ColumnName left, ColumnName right) {

    /** Requires both columns. */
    public ColumnJoin {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }
}
