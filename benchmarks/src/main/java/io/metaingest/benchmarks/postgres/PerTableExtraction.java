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
 * Reference (c) of the Postgres benchmark: extraction the way inspector-based ingestion tools do it,
 * listing the tables once and then asking the catalog about each table: its columns, primary key,
 * foreign keys and comment (four round trips per table). Run as its own process:
 * {@code PerTableExtraction <jdbcUrl> <user> <password>}; prints one line per table to stdout.
 */
public final class PerTableExtraction {

    private PerTableExtraction() {
    }

    /** Runs the extraction. */
    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            c.setReadOnly(true);
            List<long[]> ids = new ArrayList<>();
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT c.oid, n.nspname || '.' || c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')"
                    + " AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname !~ '^pg_toast'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new long[] {rs.getLong(1)});
                    names.add(rs.getString(2));
                }
            }
            try (PreparedStatement cols = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)"
                    + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum");
                 PreparedStatement pk = c.prepareStatement("SELECT k.conname, pg_get_constraintdef(k.oid)"
                         + " FROM pg_constraint k WHERE k.conrelid = ? AND k.contype = 'p'");
                 PreparedStatement fks = c.prepareStatement("SELECT k.conname, pg_get_constraintdef(k.oid)"
                         + " FROM pg_constraint k WHERE k.conrelid = ? AND k.contype = 'f'");
                 PreparedStatement comment = c.prepareStatement("SELECT obj_description(?::oid, 'pg_class')")) {
                for (int i = 0; i < ids.size(); i++) {
                    long oid = ids.get(i)[0];
                    StringBuilder line = new StringBuilder(names.get(i));
                    line.append(" cols=").append(count(cols, oid));
                    line.append(" pk=").append(count(pk, oid));
                    line.append(" fks=").append(count(fks, oid));
                    line.append(" comment=").append(count(comment, oid));
                    out.write(line.toString());
                    out.newLine();
                }
            }
        }
    }

    private static int count(PreparedStatement ps, long oid) throws SQLException {
        ps.setLong(1, oid);
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
