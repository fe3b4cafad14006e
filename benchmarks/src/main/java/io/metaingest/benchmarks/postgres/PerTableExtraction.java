package io.metaingest.benchmarks.postgres;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-table reference of the Postgres benchmarks: extraction the way inspector-based ingestion
 * tools reflect a database (SQLAlchemy 1.4's PostgreSQL inspector, which OpenMetadata's and
 * DataHub's Postgres connectors use). It lists the schemas, then each schema's tables and views,
 * then, for each relation, the round trips the inspector makes: the relation's oid by schema and
 * name (cached per relation, as {@code get_table_oid} is), then one query per inspector method by
 * that oid: columns, primary key, foreign keys, indexes, unique constraints, check constraints and
 * the table comment. Column reflection also loads the database's domains and enums on every call:
 * OpenMetadata 1.6's {@code get_columns} (its override of SQLAlchemy 1.4's) calls both for each
 * table, outside the inspector's cache. So ten round trips per relation, two of them reading
 * {@code pg_type}, which grows by two rows with each table. The queries are written from PostgreSQL's catalog
 * documentation. Run as its own process: {@code PerTableExtraction <jdbcUrl> <user> <password>};
 * prints one line per relation with what each query returned (flushed, so a run stopped by a time
 * limit shows how far it got), and a total line.
 */
public final class PerTableExtraction {

    private static final String RELATION = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";

    /** One catalog query; {@code byOid} when it takes the relation's oid, otherwise no parameter. */
    private record Query(String name, String sql, boolean byOid) {
    }

    private static final String OID = "SELECT c.oid" + RELATION
            + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p')";

    /** The inspector's queries for one relation, in the order its methods run. */
    private static final List<Query> PER_RELATION = List.of(
            new Query("columns", "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d"
                    + " WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),"
                    + " a.attnotnull, col_description(a.attrelid, a.attnum), a.attgenerated, a.attidentity"
                    + " FROM pg_attribute a WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped"
                    + " ORDER BY a.attnum", true),
            new Query("domains", "SELECT t.typname, format_type(t.typbasetype, t.typtypmod), NOT t.typnotnull,"
                    + " t.typdefault, pg_type_is_visible(t.oid), n.nspname"
                    + " FROM pg_type t LEFT JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd'", false),
            new Query("enums", "SELECT t.typname, pg_type_is_visible(t.oid), n.nspname, e.enumlabel"
                    + " FROM pg_type t LEFT JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typtype = 'e'"
                    + " ORDER BY n.nspname, t.typname, e.oid", false),
            new Query("pk", "SELECT k.conname, a.attname FROM pg_constraint k"
                    + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)"
                    + " WHERE k.conrelid = ? AND k.contype = 'p' ORDER BY array_position(k.conkey, a.attnum)", true),
            new Query("fks", "SELECT k.conname, pg_get_constraintdef(k.oid, true), rn.nspname, rc.relname"
                    + " FROM pg_constraint k JOIN pg_class rc ON rc.oid = k.confrelid"
                    + " JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                    + " WHERE k.conrelid = ? AND k.contype = 'f' ORDER BY k.conname", true),
            new Query("indexes", "SELECT ic.relname, i.indisunique, i.indkey::text, pg_get_indexdef(i.indexrelid)"
                    + " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
                    + " WHERE i.indrelid = ? AND NOT i.indisprimary ORDER BY ic.relname", true),
            new Query("unique", "SELECT k.conname, a.attname FROM pg_constraint k"
                    + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)"
                    + " WHERE k.conrelid = ? AND k.contype = 'u' ORDER BY k.conname", true),
            new Query("checks", "SELECT k.conname, pg_get_constraintdef(k.oid, true) FROM pg_constraint k"
                    + " WHERE k.conrelid = ? AND k.contype = 'c' ORDER BY k.conname", true),
            new Query("comment", "SELECT obj_description(?::oid, 'pg_class')", true));

    private PerTableExtraction() {
    }

    /** Runs the extraction. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            c.setReadOnly(true);
            List<String[]> relations = new ArrayList<>();
            List<String> schemas = rows(c, "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog',"
                    + " 'information_schema') AND nspname !~ '^pg_(toast|temp)' ORDER BY nspname");
            try (PreparedStatement tables = c.prepareStatement("SELECT c.relname" + RELATION
                    + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition ORDER BY c.relname");
                 PreparedStatement views = c.prepareStatement("SELECT c.relname" + RELATION
                         + " WHERE n.nspname = ? AND c.relkind IN ('v', 'm') ORDER BY c.relname")) {
                for (String schema : schemas) {
                    for (PreparedStatement list : List.of(tables, views)) {
                        list.setString(1, schema);
                        try (ResultSet rs = list.executeQuery()) {
                            while (rs.next()) {
                                relations.add(new String[] {schema, rs.getString(1)});
                            }
                        }
                    }
                }
            }
            List<PreparedStatement> queries = new ArrayList<>();
            long[] totals = new long[PER_RELATION.size()];
            try (PreparedStatement oid = c.prepareStatement(OID)) {
                for (Query q : PER_RELATION) {
                    queries.add(c.prepareStatement(q.sql()));
                }
                for (String[] relation : relations) {
                    long relationOid = oidOf(oid, relation[0], relation[1]);
                    StringBuilder line = new StringBuilder(relation[0]).append('.').append(relation[1]);
                    for (int k = 0; k < queries.size(); k++) {
                        PreparedStatement ps = queries.get(k);
                        if (PER_RELATION.get(k).byOid()) {
                            ps.setLong(1, relationOid);
                        }
                        int n = countValues(ps);
                        totals[k] += n;
                        line.append(' ').append(PER_RELATION.get(k).name()).append('=').append(n);
                    }
                    out.write(line.toString());
                    out.newLine();
                    out.flush();
                }
            } finally {
                for (PreparedStatement ps : queries) {
                    ps.close();
                }
            }
            StringBuilder total = new StringBuilder("TOTAL relations=").append(relations.size());
            for (int k = 0; k < PER_RELATION.size(); k++) {
                total.append(' ').append(PER_RELATION.get(k).name()).append('=').append(totals[k]);
            }
            out.write(total.toString());
            out.newLine();
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static long oidOf(PreparedStatement ps, String schema, String name) throws SQLException {
        ps.setString(1, schema);
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no relation " + schema + "." + name);
            }
            return rs.getLong(1);
        }
    }

    /** Rows whose first value is not null (a relation without a comment still answers one row). */
    private static int countValues(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    n++;
                }
            }
        }
        return n;
    }
}
