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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-table reference of the Postgres benchmarks: extraction the way inspector-based ingestion
 * tools reflect a database (SQLAlchemy's PostgreSQL inspector, which OpenMetadata's and DataHub's
 * Postgres connectors use). It lists the schemas, then each schema's tables and views, then asks
 * the catalog about each relation by schema and name with one query per inspector method:
 * columns, primary key, foreign keys, indexes, unique constraints, check constraints and the table
 * comment (seven round trips per relation). The queries are written from PostgreSQL's catalog
 * documentation. Run as its own process: {@code PerTableExtraction <jdbcUrl> <user> <password>};
 * prints one line per relation with what each query returned, and a total line.
 */
public final class PerTableExtraction {

    private static final String RELATION = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";
    private static final String BY_NAME = " n.nspname = ? AND c.relname = ?";

    /** One query per inspector method, each finding the relation by schema and name. */
    private static final Map<String, String> PER_RELATION = new LinkedHashMap<>();

    static {
        PER_RELATION.put("columns", "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), a.attidentity, a.attgenerated"
                + RELATION + " JOIN pg_attribute a ON a.attrelid = c.oid"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                + " WHERE" + BY_NAME + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
        PER_RELATION.put("pk", "SELECT k.conname, a.attname" + RELATION
                + " JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (k.conkey)"
                + " WHERE" + BY_NAME + " ORDER BY array_position(k.conkey, a.attnum)");
        PER_RELATION.put("fks", "SELECT k.conname, pg_get_constraintdef(k.oid, true), rn.nspname, rc.relname" + RELATION
                + " JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'f'"
                + " JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
                + " WHERE" + BY_NAME + " ORDER BY k.conname");
        PER_RELATION.put("indexes", "SELECT ic.relname, i.indisunique, i.indkey::text, pg_get_indexdef(i.indexrelid)"
                + RELATION + " JOIN pg_index i ON i.indrelid = c.oid JOIN pg_class ic ON ic.oid = i.indexrelid"
                + " WHERE" + BY_NAME + " AND NOT i.indisprimary ORDER BY ic.relname");
        PER_RELATION.put("unique", "SELECT k.conname, a.attname" + RELATION
                + " JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'u'"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (k.conkey)"
                + " WHERE" + BY_NAME + " ORDER BY k.conname");
        PER_RELATION.put("checks", "SELECT k.conname, pg_get_constraintdef(k.oid, true)" + RELATION
                + " JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'c'"
                + " WHERE" + BY_NAME + " ORDER BY k.conname");
        PER_RELATION.put("comment", "SELECT obj_description(c.oid, 'pg_class')" + RELATION
                + " WHERE" + BY_NAME + " AND c.relkind IN ('r', 'p', 'v', 'm', 'f')");
    }

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
            Map<String, PreparedStatement> queries = new LinkedHashMap<>();
            long[] totals = new long[PER_RELATION.size()];
            try {
                for (Map.Entry<String, String> q : PER_RELATION.entrySet()) {
                    queries.put(q.getKey(), c.prepareStatement(q.getValue()));
                }
                for (String[] relation : relations) {
                    StringBuilder line = new StringBuilder(relation[0]).append('.').append(relation[1]);
                    int k = 0;
                    for (Map.Entry<String, PreparedStatement> q : queries.entrySet()) {
                        int n = count(q.getValue(), relation[0], relation[1]);
                        totals[k++] += n;
                        line.append(' ').append(q.getKey()).append('=').append(n);
                    }
                    out.write(line.toString());
                    out.newLine();
                }
            } finally {
                for (PreparedStatement ps : queries.values()) {
                    ps.close();
                }
            }
            StringBuilder total = new StringBuilder("TOTAL relations=").append(relations.size());
            int k = 0;
            for (String name : PER_RELATION.keySet()) {
                total.append(' ').append(name).append('=').append(totals[k++]);
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

    private static int count(PreparedStatement ps, String schema, String name) throws SQLException {
        ps.setString(1, schema);
        ps.setString(2, name);
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                n++;
            }
        }
        return n;
    }
}
