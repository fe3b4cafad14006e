package io.metaingest.connectors.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Rows of the catalog queries in {@link CatalogQueries}, read straight from the result sets. */
final class CatalogRows {

    private CatalogRows() {
    }

    /** A relation. */
    record Relation(long oid, String schema, String name, String relkind, String comment, String owner,
                    String qualified, String viewDefinition, String partitionStrategy, List<String> partitionColumns,
                    String partitionKeyDefinition, List<String> policies, String extension) {

        static Relation read(ResultSet rs) throws SQLException {
            return new Relation(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                    rs.getString("relkind"), rs.getString("description"), rs.getString("owner"),
                    rs.getString("qualified"), rs.getString("viewdef"), rs.getString("partstrat"),
                    strings(rs.getArray("partcols")), rs.getString("partkeydef"), strings(rs.getArray("policies")),
                    rs.getString("extname"));
        }
    }

    /** A column. */
    record ColumnRow(long relid, int attnum, String name, String quoted, boolean notNull, String defaultExpression,
                     String identity, String generated, String display, String typname, String typtype,
                     String typcategory, int typmod, String elemTypname, String elemTyptype, String elemTypcategory,
                     String comment) {

        static ColumnRow read(ResultSet rs) throws SQLException {
            return new ColumnRow(rs.getLong("attrelid"), rs.getInt("attnum"), rs.getString("attname"),
                    rs.getString("quoted"), rs.getBoolean("attnotnull"), rs.getString("default_expr"),
                    rs.getString("attidentity"), rs.getString("attgenerated"), rs.getString("display"),
                    rs.getString("typname"), rs.getString("typtype"), rs.getString("typcategory"), rs.getInt("typmod"),
                    rs.getString("elem_typname"), rs.getString("elem_typtype"), rs.getString("elem_typcategory"),
                    rs.getString("description"));
        }
    }

    /** A constraint. */
    record ConstraintRow(long relid, String type, String name, String quoted, String definition, List<String> columns,
                         String refSchema, String refTable, List<String> refColumns) {

        static ConstraintRow read(ResultSet rs) throws SQLException {
            return new ConstraintRow(rs.getLong("conrelid"), rs.getString("contype"), rs.getString("conname"),
                    rs.getString("quoted"), rs.getString("definition"), strings(rs.getArray("cols")),
                    rs.getString("ref_schema"), rs.getString("ref_table"), strings(rs.getArray("ref_cols")));
        }
    }

    /** A procedure or function; {@code language} is PostgreSQL's ({@code pg_language.lanname}). */
    record Routine(String schema, String name, String kind, String language, String arguments, long overloads,
                   String comment, String owner, String code, String extension) {

        static Routine read(ResultSet rs) throws SQLException {
            return new Routine(rs.getString("nspname"), rs.getString("proname"), rs.getString("prokind"),
                    rs.getString("lanname"), rs.getString("args"), rs.getLong("overloads"),
                    rs.getString("description"), rs.getString("owner"), rs.getString("code"),
                    rs.getString("extname"));
        }

        /**
         * The language as OpenMetadata's {@code storedProcedureCode.language} enum names it (SQL, Java,
         * JavaScript, Python, External): PostgreSQL's sql and plpgsql are SQL; every other language
         * (plpython3u, plv8, c, internal, ...) runs outside SQL and is External.
         */
        String openMetadataLanguage() {
            return switch (language) {
                case "sql", "plpgsql" -> "SQL";
                default -> "External";
            };
        }
    }

    /** A schema. */
    record SchemaRow(String name, String comment, String owner) {

        static SchemaRow read(ResultSet rs) throws SQLException {
            return new SchemaRow(rs.getString("nspname"), rs.getString("description"), rs.getString("owner"));
        }
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            Object[] values = (Object[]) array.getArray();
            String[] out = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = String.valueOf(values[i]);
            }
            return List.of(out);
        } finally {
            array.free();
        }
    }
}
