package io.metaingest.toolkit.sql;

import java.util.Objects;

/**
 * A column of a table as a SQL statement names it, or as the caller's catalog gives it. The name is
 * unquoted but not case-folded, like {@link TableName}'s parts: {@code quoted} says whether the
 * statement quoted it (or the catalog gave it exactly), so that the caller applies its database's
 * folding rule to the others (PostgreSQL lower-cases an unquoted name).
 *
 * @param table the table the column belongs to
 * @param name the column's name, unquoted
 * @param quoted whether the name is exact (quoted in the statement, or from the catalog)
 */
public record ColumnName(TableName table, String name, boolean quoted) {

    /** Requires a table and a name. */
    public ColumnName {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Whether two names may name the same column without knowing the database's folding rule: two exact
     * names must be equal, otherwise they are compared ignoring case (so unquoted {@code ID} names {@code id}).
     */
    static boolean sameName(String a, boolean aQuoted, String b, boolean bQuoted) {
        return aQuoted && bQuoted ? a.equals(b) : a.equalsIgnoreCase(b);
    }
}
