package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query log of one database, from {@code pg_stat_statements}, and the tables its statements name.
 * Table names are found with a tokenizer that knows SQL's quoting and comments, then resolved by the
 * server itself ({@code to_regclass}, in one query) so that search_path and quoting rules are the
 * server's, not ours.
 */
final class QueryLog {

    /** One normalized statement of the log. */
    record Statement(String query, long calls, double meanMillis, String user) {
    }

    /** A relation as the server resolved it. */
    record Table(String schema, String name) {
    }

    /** Tables a statement reads and, for CREATE TABLE AS / INSERT, the one it writes. */
    record TableRefs(String target, List<String> sources) {
    }

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + "){0,1}";
    private static final Pattern TARGET = Pattern.compile(
            "^\\s*(?:insert\\s+into|create\\s+(?:(?:global|local)\\s+)?(?:(?:temp|temporary|unlogged)\\s+)?table"
                    + "(?:\\s+if\\s+not\\s+exists)?|create\\s+materialized\\s+view(?:\\s+if\\s+not\\s+exists)?)\\s+(" + NAME + ")",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOURCE = Pattern.compile(
            "\\b(?:from|join|update|into)\\s+(?:only\\s+)?(" + NAME + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern STRINGS = Pattern.compile("'(?:[^']|'')*'");

    private QueryLog() {
    }

    /**
     * Where pg_stat_statements lives in this database, or why it cannot be read.
     *
     * @return the schema of the view, or empty with {@code problem[0]} set
     */
    static Optional<String> locate(Connection c, String[] problem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                + " SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_stat_statements'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                problem[0] = "pg_stat_statements is not installed in this database: run CREATE EXTENSION pg_stat_statements"
                        + " (with shared_preload_libraries = 'pg_stat_statements') to get query lineage and usage";
                return Optional.empty();
            }
            String schema = rs.getString(1);
            // A failed statement aborts the transaction: probe inside a savepoint.
            java.sql.Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement probe = c.prepareStatement("SELECT 1 FROM " + schema + ".pg_stat_statements LIMIT 1")) {
                probe.executeQuery().close();
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                c.rollback(savepoint);
                problem[0] = "pg_stat_statements cannot be read (" + PostgresClient.oneLine(e.getMessage())
                        + "): add it to shared_preload_libraries and restart, and grant pg_read_all_stats";
                return Optional.empty();
            }
            return Optional.of(schema);
        }
    }

    /** Opens a cursor over the statements of the current database, most called first. */
    static Cursor<Statement> statements(Connection c, String schema, String where, String filterCondition, int limit)
            throws SQLException {
        String sql = CatalogQueries.MARKER + " SELECT s.query, s.calls, s.mean_exec_time, pg_get_userbyid(s.userid) AS usr"
                + " FROM " + schema + ".pg_stat_statements s"
                + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + (where == null ? "" : " AND (" + where + ")")
                + (filterCondition == null || filterCondition.isBlank() ? "" : " AND (" + filterCondition + ")")
                + " ORDER BY s.calls DESC, s.query LIMIT " + Math.max(limit, 0);
        return Cursor.open(c, sql, rs -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getString(4)));
    }

    /** The names a statement writes and reads, as written in it (still quoted). */
    static TableRefs references(String sql) {
        String text = STRINGS.matcher(COMMENTS.matcher(sql).replaceAll(" ")).replaceAll("''");
        Matcher t = TARGET.matcher(text);
        String target = null;
        int searchFrom = 0;
        if (t.find()) {
            target = t.group(1);
            searchFrom = t.end();
        }
        Set<String> sources = new LinkedHashSet<>();
        Matcher s = SOURCE.matcher(text);
        s.region(searchFrom, text.length());
        while (s.find()) {
            String name = s.group(1);
            if (!name.equalsIgnoreCase(target) && !isKeyword(name)) {
                sources.add(name);
            }
        }
        return new TableRefs(target, List.copyOf(sources));
    }

    private static boolean isKeyword(String name) {
        return switch (name.toLowerCase()) {
            case "select", "lateral", "unnest", "generate_series", "values", "with", "set" -> true;
            default -> false;
        };
    }

    /** Resolves names with the server's own rules, in one query; unknown names are left out. */
    static Map<String, Table> resolve(Connection c, Set<String> names) throws SQLException {
        Map<String, Table> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        List<String> list = new ArrayList<>(names);
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                + " SELECT x.name, n.nspname, cl.relname FROM unnest(?::text[]) AS x(name)"
                + " JOIN pg_class cl ON cl.oid = pg_catalog.to_regclass(x.name)"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.relkind IN ('r', 'p', 'f', 'v', 'm')")) {
            ps.setArray(1, c.createArrayOf("text", list.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Table(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }
}
