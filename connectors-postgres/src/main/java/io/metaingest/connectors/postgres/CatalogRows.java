package io.metaingest.connectors.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Rows of the catalog queries in {@link CatalogQueries}, read straight from the result sets. */
final class CatalogRows {

    private CatalogRows() {
    }

    /** A relation. */
    record Relation(long oid, String schema, String name, String relkind, String comment, String owner,
                    String qualified, String viewDefinition, String partitionStrategy, List<String> partitionColumns,
                    String partitionKeyDefinition, List<String> policies, String extension, String persistence,
                    List<String> inherits, String foreignServer) {

        /** A reader for the rows of {@link CatalogQueries#relations}. */
        static Cursor.RowMapper<Relation> reader() {
            return new PositionalReader<>("oid", "nspname", "relname", "relkind", "description", "owner", "qualified",
                    "viewdef", "partstrat", "partcols", "partkeydef", "policies", "extname", "relpersistence",
                    "inherits", "foreign_server") {
                @Override
                Relation read(ResultSet rs, int[] at) throws SQLException {
                    return new Relation(rs.getLong(at[0]), rs.getString(at[1]), rs.getString(at[2]), rs.getString(at[3]),
                            rs.getString(at[4]), rs.getString(at[5]), rs.getString(at[6]), rs.getString(at[7]),
                            rs.getString(at[8]), strings(rs.getArray(at[9])), rs.getString(at[10]),
                            strings(rs.getArray(at[11])), rs.getString(at[12]), rs.getString(at[13]),
                            strings(rs.getArray(at[14])), rs.getString(at[15]));
                }
            };
        }
    }

    /**
     * A column. Its type is resolved by {@link ColumnTypes}; its comment comes from
     * {@link CatalogQueries#COLUMN_COMMENTS} and is attached by the source ({@link #withComment}).
     * {@code quoted}, {@code defaultExpression}, {@code identity}, {@code generated} and {@code local}
     * (false for a column only inherited from a parent table) are read only for the DDL.
     */
    record ColumnRow(long relid, int attnum, String name, boolean notNull, long typid, int atttypmod, String quoted,
                     String defaultExpression, String identity, String generated, boolean local, String comment) {

        /** A reader for the rows of {@link CatalogQueries#columns}. */
        static Cursor.RowMapper<ColumnRow> reader() {
            return new PositionalReader<>("attrelid", "attnum", "attname", "attnotnull", "atttypid", "atttypmod",
                    "quoted", "default_expr", "attidentity", "attgenerated", "attislocal") {
                @Override
                ColumnRow read(ResultSet rs, int[] at) throws SQLException {
                    return new ColumnRow(rs.getLong(at[0]), rs.getInt(at[1]), rs.getString(at[2]), rs.getBoolean(at[3]),
                            rs.getLong(at[4]), rs.getInt(at[5]), rs.getString(at[6]), rs.getString(at[7]),
                            rs.getString(at[8]), rs.getString(at[9]), rs.getBoolean(at[10]), null);
                }
            };
        }

        /** The position of column {@code attnum} in {@code columns}, or -1 when it is not there. */
        static int indexOf(List<ColumnRow> columns, int attnum) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).attnum() == attnum) {
                    return i;
                }
            }
            return -1;
        }

        ColumnRow withComment(String text) {
            return new ColumnRow(relid, attnum, name, notNull, typid, atttypmod, quoted, defaultExpression, identity,
                    generated, local, text);
        }
    }

    /** A column's comment. */
    record ColumnComment(long relid, int attnum, String text) {

        static ColumnComment read(ResultSet rs) throws SQLException {
            return new ColumnComment(rs.getLong("objoid"), rs.getInt("objsubid"), rs.getString("description"));
        }
    }

    /**
     * A column type as the mapping needs it, for one type oid and typmod: its display name; for a
     * domain, its base type's name, kind and category and the domain's own typmod; for an array, its
     * element type.
     */
    record ColumnType(long oid, int atttypmod, String display, boolean domain, int domainTypmod, String typname,
                      String typtype, String typcategory, String elemTypname, String elemTyptype,
                      String elemTypcategory, int elemDomainTypmod, List<String> fieldNames, List<Long> fieldTypes,
                      List<Integer> fieldTypmods) {

        /**
         * The typmod that applies: a domain's own, else the column's, else (an array of a domain,
         * code[]) the element domain's.
         */
        int typmod() {
            int own = domain ? domainTypmod : atttypmod;
            return own != -1 ? own : elemDomainTypmod;
        }

        static ColumnType read(ResultSet rs) throws SQLException {
            return new ColumnType(rs.getLong("oid"), rs.getInt("typmod"), rs.getString("display"),
                    rs.getBoolean("domain"), rs.getInt("typtypmod"), rs.getString("typname"), rs.getString("typtype"),
                    rs.getString("typcategory"), rs.getString("elem_typname"), rs.getString("elem_typtype"),
                    rs.getString("elem_typcategory"), rs.getInt("elem_typtypmod"), strings(rs.getArray("field_names")),
                    longs(rs.getArray("field_types")), fieldTypmods(rs.getArray("field_typmods")));
        }

        /** A composite type's field typmods; null for any other type. */
        private static List<Integer> fieldTypmods(Array array) throws SQLException {
            return array == null ? null : ints(array);
        }
    }

    /**
     * A constraint. Its own columns are given by attnum ({@code keyAttnums}) and named from the
     * relation's column rows by the mapper; a foreign key's referenced columns, of another
     * relation, are named by the server. {@code quoted} and {@code definition} are read only for
     * the DDL; {@code local} is false for a constraint only inherited from a parent table.
     */
    record ConstraintRow(long relid, String type, String name, String quoted, String definition, boolean local,
                         List<Integer> keyAttnums, String refSchema, String refTable, List<String> refColumns) {

        /** A reader for the rows of {@link CatalogQueries#constraints}. */
        static Cursor.RowMapper<ConstraintRow> reader() {
            return new PositionalReader<>("conrelid", "contype", "conname", "quoted", "definition", "conislocal", "cols",
                    "ref_schema", "ref_table", "ref_cols") {
                @Override
                ConstraintRow read(ResultSet rs, int[] at) throws SQLException {
                    return new ConstraintRow(rs.getLong(at[0]), rs.getString(at[1]), rs.getString(at[2]),
                            rs.getString(at[3]), rs.getString(at[4]), rs.getBoolean(at[5]), ints(rs.getArray(at[6])),
                            rs.getString(at[7]), rs.getString(at[8]), strings(rs.getArray(at[9])));
                }
            };
        }
    }

    /**
     * A procedure or function; {@code language} is PostgreSQL's ({@code pg_language.lanname});
     * {@code overload} its place by OID among the routines of its schema and name (1: the first).
     */
    record Routine(String schema, String name, String kind, String language, String arguments, long overload,
                   String comment, String owner, String code, String extension) {

        static Routine read(ResultSet rs) throws SQLException {
            return new Routine(rs.getString("nspname"), rs.getString("proname"), rs.getString("prokind"),
                    rs.getString("lanname"), rs.getString("args"), rs.getLong("overload"),
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

    /**
     * Reads the rows of one of the large catalog queries by column position, looked up by label once
     * per result set: looking the label up for every value took a third of the client's CPU on the
     * column query (200,000 rows: 0.76 s by label, 0.54 s by position, with the quick JIT).
     */
    abstract static class PositionalReader<T> implements Cursor.RowMapper<T> {
        private final String[] labels;
        private ResultSet resolvedFor;
        private int[] positions;

        PositionalReader(String... labels) {
            this.labels = labels;
        }

        @Override
        public final T map(ResultSet rs) throws SQLException {
            if (rs != resolvedFor) {
                int[] found = new int[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    found[i] = rs.findColumn(labels[i]);
                }
                positions = found;
                resolvedFor = rs;
            }
            return read(rs, positions);
        }

        /** The current row, its columns at {@code at} in the order of the labels. */
        abstract T read(ResultSet rs, int[] at) throws SQLException;
    }

    /** An {@code int2[]} or {@code int4[]} as integers; an empty list for SQL NULL. */
    static List<Integer> ints(Array array) throws SQLException {
        List<Integer> values = elements(array, value -> ((Number) value).intValue());
        return values == null ? List.of() : values;
    }

    /** An {@code oid[]} as longs; null for SQL NULL. */
    static List<Long> longs(Array array) throws SQLException {
        return elements(array, value -> ((Number) value).longValue());
    }

    /** A text array as strings; null for SQL NULL. */
    static List<String> strings(Array array) throws SQLException {
        return elements(array, String::valueOf);
    }

    private static <T> List<T> elements(Array array, Function<Object, T> convert) throws SQLException {
        if (array == null) {
            return null;
        }
        try {
            Object[] values = (Object[]) array.getArray();
            List<T> out = new ArrayList<>(values.length);
            for (Object value : values) {
                out.add(convert.apply(value));
            }
            return List.copyOf(out);
        } finally {
            array.free();
        }
    }
}
