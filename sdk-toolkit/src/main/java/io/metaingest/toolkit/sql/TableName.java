package io.metaingest.toolkit.sql;

import java.util.Objects;

/**
 * A table as a SQL statement names it. The parts are unquoted (delimiters removed, doubled quotes
 * undone) but not case-folded, since folding is the database's rule (PostgreSQL lower-cases unquoted
 * names, Snowflake upper-cases them); {@link #written()} keeps the name exactly as written so that a
 * server can resolve it with its own rules (PostgreSQL's {@code parse_ident} or {@code to_regclass}).
 *
 * @param database the database (catalog) part, or null when the name has none
 * @param schema the schema part, or null when the name is unqualified
 * @param name the table's own name
 * @param written the name as the statement writes it, quotes included, e.g. {@code sales."Order Lines"}
 */
public record TableName(String database, String schema, String name, String written) {

    /** Requires a name and the written form. */
    public TableName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(written, "written");
    }

    /** Whether the statement names the schema (or the database and schema) of the table. */
    public boolean qualified() {
        return schema != null;
    }

    /** {@code schema.name}, or just {@code name} when unqualified; unquoted and not case-folded. */
    public String schemaAndName() {
        return schema == null ? name : schema + "." + name;
    }
}
