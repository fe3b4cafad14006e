package io.metaingest.connectors.postgres;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table (or view) the profiler or the auto-classification reads, as the catalog describes it:
 * no table data has been read to build it.
 *
 * @param schema the schema's name
 * @param name the table's name
 * @param qualified the quoted, schema-qualified name to use in SQL
 * @param relkind pg_class.relkind
 * @param estimatedRows pg_class.reltuples, for a partitioned table the sum over its partitions (negative
 *                      when it was never analysed or vacuumed); read from the catalog only, so that a
 *                      table another session has locked holds up its own profile, not the listing
 * @param populated false for a materialized view that was never refreshed, which has no rows to read
 * @param extension the extension the relation belongs to, or null
 * @param columns the columns in order
 */
record ProfileTarget(String schema, String name, String qualified, String relkind, double estimatedRows,
                     boolean populated, String extension, List<ProfileColumn> columns) {

    /** Whether rows are read from pages this database stores, so that block sampling applies. */
    boolean hasPages() {
        return hasPages(relkind);
    }

    /**
     * Whether a relation of {@code relkind} (pg_class) has pages of its own: a table, partitioned or
     * not, or a materialized view.
     */
    static boolean hasPages(String relkind) {
        return "r".equals(relkind) || "m".equals(relkind) || "p".equals(relkind);
    }

    /** A view (plain or materialized). */
    boolean isView() {
        return "v".equals(relkind) || "m".equals(relkind);
    }

    /** The catalog query: one row per relation with its columns as arrays (see {@link CatalogQueries}). */
    static String query(SchemaScope scope) {
        return CatalogQueries.MARKER + """
                 SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname) AS qualified, c.relkind,
                        CASE WHEN c.relkind <> 'p' THEN c.reltuples::float8 ELSE (
                            WITH RECURSIVE tree(oid) AS (SELECT c.oid UNION ALL
                                SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.oid)
                            SELECT CASE WHEN bool_and(l.reltuples < 0) THEN -1 ELSE sum(greatest(l.reltuples, 0)) END
                            FROM tree JOIN pg_class l ON l.oid = tree.oid WHERE l.relkind <> 'p')::float8
                        END AS reltuples,
                        c.relispopulated AS populated,
                        ext.extname,
                        ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                              AND NOT a.attisdropped ORDER BY a.attnum) AS names,
                        ARRAY(SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                              AND NOT a.attisdropped ORDER BY a.attnum) AS quoted,
                        ARRAY(SELECT coalesce(bt.typname, t.typname)::text FROM pg_attribute a
                              JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS types,
                        ARRAY(SELECT coalesce(bt.typcategory, t.typcategory)::text FROM pg_attribute a
                              JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS categories,
                        ARRAY(SELECT EXISTS (SELECT 1 FROM pg_opclass o JOIN pg_am am ON am.oid = o.opcmethod
                                             WHERE am.amname = 'btree' AND o.opcdefault
                                             AND o.opcintype = coalesce(bt.oid, t.oid))
                              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                              LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
                              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS sortable
                 FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN (SELECT e.objid, x.extname FROM pg_depend e JOIN pg_extension x ON x.oid = e.refobjid
                            WHERE e.classid = 'pg_class'::regclass AND e.refclassid = 'pg_extension'::regclass
                            AND e.deptype = 'e') ext ON ext.objid = c.oid
                 WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition AND """
                + " " + scope.sqlCondition("n.nspname") + " ORDER BY n.nspname, c.relname";
    }

    /** Maps a row of {@link #query}. */
    static ProfileTarget read(ResultSet rs) throws SQLException {
        String[] names = strings(rs.getArray("names"));
        String[] quoted = strings(rs.getArray("quoted"));
        String[] types = strings(rs.getArray("types"));
        String[] categories = strings(rs.getArray("categories"));
        Boolean[] sortable = (Boolean[]) rs.getArray("sortable").getArray();
        List<ProfileColumn> columns = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            columns.add(ProfileColumn.of(names[i], quoted[i], types[i], categories[i], Boolean.TRUE.equals(sortable[i])));
        }
        return new ProfileTarget(rs.getString("nspname"), rs.getString("relname"), rs.getString("qualified"),
                rs.getString("relkind"), rs.getDouble("reltuples"), rs.getBoolean("populated"), rs.getString("extname"),
                List.copyOf(columns));
    }

    private static String[] strings(Array array) throws SQLException {
        return (String[]) array.getArray();
    }
}
