package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException.Reason;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import io.metaingest.toolkit.sql.ParsedQuery;
import io.metaingest.toolkit.sql.QueryParser;
import io.metaingest.toolkit.sql.TableName;
import io.metaingest.toolkit.sql.TableQueries;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The query log of one database, from {@code pg_stat_statements}, and the tables its statements name.
 * Table names are found by the toolkit's SQL parser ({@link QueryParser}), then resolved by the server
 * itself in one query, so that search_path, quoting and case folding are the server's rules, not ours.
 */
final class QueryLog {

    /**
     * One normalized statement of the log.
     *
     * @param totalMillis the time all its calls took ({@code total_exec_time}), the duration
     *                    OpenMetadata's Postgres query log gives a query
     */
    record Statement(String query, long calls, double totalMillis, String user) {
    }

    /** A relation as the server resolved it, with the extension it belongs to (or null). */
    record Table(String schema, String name, String extension) {

        /** Whether usage and lineage may name it: a user relation of a schema in scope. */
        boolean isUserTable(SchemaScope scope) {
            return extension == null && scope.includes(schema);
        }
    }

    /**
     * Why pg_stat_statements cannot be read, with the class of failure a user acts on: not installed
     * in the database ({@link Reason#NOT_FOUND}), a missing grant ({@link Reason#PERMISSION}), or
     * the server not loading it (shared_preload_libraries, {@link Reason#OTHER}: a server setting).
     */
    record Unreadable(Reason reason, String state) {

        /** What is wrong, as a sentence of its own: {@code pg_stat_statements is not installed …}. */
        String problem() {
            return "pg_stat_statements " + state;
        }

        /**
         * The one text for usage without the view: the connection tester's failure and the usage
         * source's failed database say the same. It names the view once ("it is not installed"), not
         * again at the start of the problem.
         */
        String usageNeeds(String database) {
            return "usage needs pg_stat_statements in database \"" + database + "\": it " + state;
        }
    }

    /** The user of a statement several roles ran: the first by name, so that every run names the same one. */
    private static String firstUser(Object[] users) {
        return java.util.Arrays.stream(users).filter(java.util.Objects::nonNull).map(Object::toString).sorted().findFirst().orElse(null);
    }

    /** A statement of the log and the tables the parser found in it. */
    record Parsed(Statement statement, ParsedQuery.Tables tables) {
    }

    /** Stateless and thread-safe: one for every source. */
    private static final QueryParser PARSER = new QueryParser();

    /** An identifier as PostgreSQL writes it, quoted or not: used only to check a name before the server splits it. */
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)";

    private QueryLog() {
    }

    /**
     * Where pg_stat_statements lives in this database, or why it cannot be read.
     *
     * @return the schema of the view, or empty with {@code problem[0]} set
     */
    static Optional<String> locate(Connection c, Unreadable[] problem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                + " SELECT extnamespace::regnamespace::text, has_schema_privilege(extnamespace, 'USAGE'),"
                + " quote_ident(current_user) FROM pg_extension WHERE extname = 'pg_stat_statements'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                problem[0] = new Unreadable(Reason.NOT_FOUND, "is not installed in this database:"
                        + " run CREATE EXTENSION pg_stat_statements (with shared_preload_libraries = 'pg_stat_statements')"
                        + " to get query lineage and usage");
                return Optional.empty();
            }
            String schema = rs.getString(1);
            String role = rs.getString(3);
            if (!rs.getBoolean(2)) {
                problem[0] = new Unreadable(Reason.PERMISSION, "cannot be read: the role has no"
                        + " USAGE on its schema " + schema + ": run GRANT USAGE ON SCHEMA " + schema + " TO " + role);
                return Optional.empty();
            }
            // A failed statement aborts the transaction: probe inside a savepoint.
            java.sql.Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement probe = c.prepareStatement(CatalogQueries.MARKER + " SELECT 1 FROM " + schema
                    + ".pg_stat_statements LIMIT 1")) {
                probe.executeQuery().close();
                c.releaseSavepoint(savepoint);
            } catch (SQLException e) {
                c.rollback(savepoint);
                boolean denied = "42501".equals(e.getSQLState());
                problem[0] = new Unreadable(denied ? Reason.PERMISSION : Reason.OTHER, "cannot be read ("
                        + PostgresClient.oneLine(e.getMessage()) + "): " + (denied ? "run GRANT SELECT ON "
                        + schema + ".pg_stat_statements TO " + role : "add it to shared_preload_libraries and restart"));
                return Optional.empty();
            }
            return Optional.of(schema);
        }
    }

    /**
     * Opens a cursor over the statements of the current database, most called first, without our
     * own: every statement metaingest sends starts with {@link CatalogQueries#MARKER}, which
     * pg_stat_statements keeps in the text. (Those that would lose it, such as the driver's own type
     * lookups, read only system schemas and extension objects, which usage and lineage never name.)
     * Statements that move no table data or may carry a password ({@link LogStatements#readable}) are left
     * out too. A text the log holds more than once (run by two roles, or at top level and inside a function)
     * is one statement, with the calls and the time ({@code total_exec_time}) of all, and the users most
     * calling first. {@code filterCondition}
     * is added as written; the sources check it first ({@link FilterCondition}).
     */
    static Cursor<Statement> statements(Connection c, String schema, String where, String filterCondition, int limit)
            throws SQLException {
        String sql = CatalogQueries.MARKER + " SELECT s.query, sum(s.calls)::bigint AS calls,"
                + " coalesce(sum(s.total_exec_time), 0) AS total,"
                + " array_agg(DISTINCT pg_get_userbyid(s.userid)) AS usr"
                + " FROM " + schema + ".pg_stat_statements s"
                + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND strpos(s.query, '" + CatalogQueries.MARKER + "') = 0"
                + " AND s.query <> '" + HIDDEN + "'"
                + " AND " + LogStatements.readable("s.query")
                + (where == null ? "" : " AND (" + where + ")")
                // On lines of its own: a -- comment that ends the condition must not swallow the ) and what follows.
                + (filterCondition == null || filterCondition.isBlank() ? "" : " AND (\n" + filterCondition + "\n)")
                + " GROUP BY s.query ORDER BY calls DESC, s.query LIMIT " + Math.max(limit, 0);
        return Cursor.open(c, sql, rs -> new Statement(rs.getString(1), rs.getLong(2), rs.getDouble(3),
                firstUser((Object[]) rs.getArray(4).getArray())));
    }

    /**
     * The statements of {@link #statements}, read to the end (at most {@code limit}). An error the
     * server raises while a {@code filterCondition} is in the query is reported as the condition's
     * ({@link FilterCondition#refused}): the query around it is ours and runs without it.
     */
    static List<Statement> read(Connection c, String schema, String where, String filterCondition, int limit)
            throws SQLException {
        List<Statement> out = new ArrayList<>();
        try (Cursor<Statement> cursor = statements(c, schema, where, filterCondition, limit)) {
            for (Statement s = cursor.poll(); s != null; s = cursor.poll()) {
                out.add(s);
            }
        } catch (SQLException e) {
            throw FilterCondition.refused(filterCondition, e);
        }
        return out;
    }

    /**
     * Parses each statement; one the parser cannot read is left out with a warning on {@code dbFqn}
     * (added to {@code warnings}) that quotes its start and says why, in one clause. A statement
     * {@link LogStatements#skipped} is left out unparsed and unquoted.
     */
    static List<Parsed> parse(List<Statement> statements, String dbFqn, List<Result<EntityRequest>> warnings) {
        return parse(statements, dbFqn, warnings, PARSER, 1);
    }

    /**
     * {@link #parse(List, String, List)} with {@code parser} (its time limit per statement), on
     * {@code threads} threads (the lineage workflow's {@code threads}); results in the log's order.
     */
    static List<Parsed> parse(List<Statement> statements, String dbFqn, List<Result<EntityRequest>> warnings,
                              QueryParser parser, int threads) {
        List<Statement> read = statements.stream().filter(s -> !LogStatements.skipped(s.query())).toList();
        List<ParsedQuery> parsed = new ArrayList<>(read.size());
        if (threads <= 1 || read.size() < 2) {
            read.forEach(s -> parsed.add(parseOne(s, parser)));
        } else {
            try (Stream<Outcome<Statement, ParsedQuery>> outcomes = ParallelMap.ordered(read.iterator(),
                    Math.min(threads, read.size()), "postgres-parse", s -> parseOne(s, parser))) {
                // The parser never throws (a text it cannot read is Unparsable): a failure here is a bug, not a query's.
                outcomes.forEach(o -> parsed.add(o.succeeded() ? o.value()
                        : new ParsedQuery.Unparsable("parser error: " + o.failure())));
            }
        }
        List<Parsed> out = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            Statement s = read.get(i);
            ParsedQuery q = parsed.get(i);
            if (q instanceof ParsedQuery.Tables tables) {
                out.add(new Parsed(s, tables));
            } else if (q instanceof ParsedQuery.Unparsable u) {
                warnings.add(Result.warning(dbFqn, "a query of pg_stat_statements cannot be parsed and is left out ("
                        + u.reason() + "): " + TableQueries.quoted(s.query())));
            }
        }
        return out;
    }

    private static ParsedQuery parseOne(Statement s, QueryParser parser) {
        return RefreshStatement.parse(s.query()).map(ParsedQuery.class::cast).orElseGet(() -> parser.parse(s.query()));
    }

    /** The written names of the given tables, for {@link #resolve}. */
    static Set<String> written(List<TableName> tables) {
        Set<String> out = new LinkedHashSet<>();
        tables.forEach(t -> out.add(t.written()));
        return out;
    }

    /**
     * A warning for each schema in scope the role may not use: the server's search_path skips it, so
     * a query that names its tables without the schema cannot be attributed to them.
     */
    static List<Result<EntityRequest>> grantWarnings(Connection c, String dbFqn, SchemaScope scope, String workflow)
            throws SQLException {
        List<Result<EntityRequest>> warnings = new ArrayList<>();
        othersHidden(c, workflow).ifPresent(hidden -> warnings.add(Result.warning(dbFqn, hidden)));
        SchemaGrants.missing(c, scope).stream().filter(m -> scope.includes(m.schema()))
                .map(m -> Result.<EntityRequest>warning(Fqn.append(dbFqn, m.schema()), SchemaGrants.warning(m,
                        "queries that name its tables without the schema are left out of " + workflow)))
                .forEach(warnings::add);
        return warnings;
    }

    /**
     * Why the role sees only its own statements in pg_stat_statements (the others' read
     * {@value #HIDDEN}, and are left out), with the GRANT that shows them; empty when it sees them all.
     */
    static Optional<String> othersHidden(Connection c, String workflow) throws SQLException {
        try (java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(CatalogQueries.MARKER + " SELECT pg_has_role(current_user,"
                     + " 'pg_read_all_stats', 'USAGE'), current_user, quote_ident(current_user)")) {
            rs.next();
            return rs.getBoolean(1) ? Optional.empty() : Optional.of("user \"" + rs.getString(2) + "\" sees only its own"
                    + " queries in pg_stat_statements, so " + workflow + " misses everyone else's: run GRANT"
                    + " pg_read_all_stats TO " + rs.getString(3));
        }
    }

    /** What pg_stat_statements shows a role in place of another user's statement it may not see. */
    static final String HIDDEN = "<insufficient privilege>";

    /** A table name as written: one, two or three identifiers, each plain or double-quoted. */
    private static final Pattern WRITTEN_NAME = Pattern.compile(IDENT + "(?:\\s*\\.\\s*" + IDENT + "){0,2}");

    /**
     * Resolves names with the server's own rules, in one query; unknown names are left out. The
     * server splits and case-folds each name ({@code parse_ident}); a qualified name is looked up in
     * the catalog, which needs no privilege on its schema (to_regclass would fail the whole query
     * on a schema the role may not use), an unqualified one with {@code to_regclass} on the
     * session's search_path, or else in the one schema of {@code scope} that has it (a client's
     * {@code SET search_path} is not ours). A three-part name must name the current database. A
     * partition (or sub-partition) resolves to its root partitioned table, as the metadata workflow
     * ingests only that ({@link CatalogQueries}). {@code pg_partition_root} needs PostgreSQL 12, with no
     * guard: names come only from the query log, whose {@link #read} needs pg_stat_statements 1.8
     * ({@code total_exec_time}, PostgreSQL 13) and fails first on an older server.
     */
    static Map<String, Table> resolve(Connection c, Set<String> names, SchemaScope scope) throws SQLException {
        Map<String, Table> out = new HashMap<>();
        List<String> list = names.stream().filter(n -> WRITTEN_NAME.matcher(n).matches()).toList();
        if (list.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + """
                 SELECT x.name, n.nspname, cl.relname, ext.extname
                 FROM unnest(?::text[]) AS x(name)
                 CROSS JOIN LATERAL (SELECT parse_ident(x.name, false) AS parts) p
                 CROSS JOIN LATERAL (SELECT CASE WHEN cardinality(p.parts) = 1
                     THEN coalesce(pg_catalog.to_regclass(x.name),
                         (SELECT min(c3.oid) FROM pg_class c3 JOIN pg_namespace n3 ON n3.oid = c3.relnamespace
                          WHERE c3.relname = p.parts[1] AND c3.relkind IN ('r', 'p', 'f', 'v', 'm')
                            AND NOT c3.relispartition AND """ + " " + scope.sqlCondition("n3.nspname") + """
                          HAVING count(*) = 1))
                     ELSE (SELECT c2.oid FROM pg_class c2 JOIN pg_namespace n2 ON n2.oid = c2.relnamespace
                           WHERE n2.nspname = p.parts[cardinality(p.parts) - 1]
                             AND c2.relname = p.parts[cardinality(p.parts)]
                             AND (cardinality(p.parts) = 2 OR p.parts[1] = current_database())) END AS oid) named
                 JOIN pg_class found ON found.oid = named.oid
                 JOIN pg_class cl ON cl.oid = CASE WHEN found.relispartition THEN pg_partition_root(found.oid)
                     ELSE found.oid END
                 JOIN pg_namespace n ON n.oid = cl.relnamespace
                 LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = cl.oid AND d.deptype = 'e'
                                      AND d.refclassid = 'pg_extension'::regclass
                 LEFT JOIN pg_extension ext ON ext.oid = d.refobjid
                 WHERE cl.relkind IN ('r', 'p', 'f', 'v', 'm')""")) {
            ps.setArray(1, c.createArrayOf("text", list.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Table(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /**
     * The columns of resolved tables, in their order, in one query: what the parser needs to expand
     * {@code *} and to line up an {@code INSERT} without a column list, and what a column of query lineage
     * must be to be named (a name the table does not have is left out).
     */
    static Map<Table, List<String>> columns(Connection c, java.util.Collection<Table> tables) throws SQLException {
        Map<Table, List<String>> out = new HashMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        Map<List<String>, Table> byName = new HashMap<>();
        tables.forEach(t -> byName.put(List.of(t.schema(), t.name()), t));
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + """
                 SELECT n.nspname, cl.relname, a.attname
                 FROM unnest(?::text[], ?::text[]) AS x(schema, name)
                 JOIN pg_namespace n ON n.nspname = x.schema
                 JOIN pg_class cl ON cl.relnamespace = n.oid AND cl.relname = x.name
                 JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY cl.oid, a.attnum""")) {
            ps.setArray(1, c.createArrayOf("text", byName.keySet().stream().map(k -> k.get(0)).toArray()));
            ps.setArray(2, c.createArrayOf("text", byName.keySet().stream().map(k -> k.get(1)).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Table t = byName.get(List.of(rs.getString(1), rs.getString(2)));
                    out.computeIfAbsent(t, k -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        return out;
    }
}
