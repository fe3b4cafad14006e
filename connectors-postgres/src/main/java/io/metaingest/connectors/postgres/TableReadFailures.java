package io.metaingest.connectors.postgres;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.UserFacingMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed read of one table, told with its fix, for the profiler, the auto-classification and the test
 * suites alike. "permission denied for schema" is fixed by USAGE on the schema only
 * ({@link SchemaGrants#usage}, the statement test-connection and the runs' warnings name), "permission
 * denied for table" by SELECT on it; a foreign table's rows come through its foreign server, which reads
 * them as the role its user mapping names, so a missing mapping is the table's to fix or to leave out.
 */
public final class TableReadFailures {

    /** Where a run's table pattern is: how a table that cannot be read is left out of the profiler's runs. */
    private static final String TABLE_FILTER = AppliedFilter.SOURCE_CONFIG_PATH + ".tableFilterPattern";
    /**
     * SQLSTATE classes of failures that are the server's or the session's, not the view's: insufficient
     * resources, a busy object, operator intervention, a system or internal error, a transaction rolled back.
     */
    private static final Pattern NOT_THE_VIEWS = Pattern.compile("(53|55|57|58|XX|40).*");
    /** insufficient_privilege. */
    static final String DENIED = "42501";
    /** undefined_object: postgres_fdw's "user mapping not found". */
    static final String UNDEFINED_OBJECT = "42704";
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");
    /**
     * PostgreSQL's reserved and type/function-name keywords (15), which a statement's schema or table
     * name cannot be unquoted; the others (unreserved, column-name) can.
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "analyse", "analyze", "and", "any",
            "array", "as", "asc", "asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate",
            "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
            "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "default",
            "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign",
            "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
            "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
            "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
            "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar",
            "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union",
            "unique", "user", "using", "variadic", "verbose", "when", "where", "window", "with");
    /**
     * SQL: the relations the view {@code v} (a pg_class row) reads itself, as {@code r} in the schema
     * {@code rn}: its rewrite rule's dependencies. A condition on them may follow ({@code AND ...}).
     */
    static final String VIEW_READS = """
            pg_rewrite w
             JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                AND d.refclassid = 'pg_class'::regclass
             JOIN pg_class r ON r.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = r.relnamespace
             WHERE w.ev_class = v.oid AND r.oid <> v.oid""";
    /** The relation a refusal names: "permission denied for table secret_t". */
    private static final Pattern REFUSED = Pattern.compile(
            "permission denied for (table|view|materialized view|foreign table|sequence) (.+)$");

    private TableReadFailures() {
    }

    /**
     * {@code failure} told with its fix, or itself when it has none to add.
     *
     * @param schema the table's schema, unquoted
     * @param table the table's name, unquoted
     * @param relkind the table's pg_class.relkind ({@code f} a foreign table, {@code v} a view), or null when
     *                not known; the fixes it brings name {@code tableFilterPattern}, for the runs that have one
     * @param role the role the connector logs in as
     */
    public static Throwable explain(Throwable failure, String schema, String table, String relkind, String role) {
        if (!(failure instanceof SQLException sql) || failure instanceof Explained) {
            return failure;
        }
        String qualified = qualified(schema, table);
        String first = firstLine(sql.getMessage());
        String who = quote(role);
        if (DENIED.equals(sql.getSQLState())) {
            String fix = first.contains("for schema") ? SchemaGrants.usage(quote(schema), who)
                    : "GRANT SELECT ON " + qualified + " TO " + who + ", or GRANT pg_read_all_data TO " + who;
            return new Explained(first + ": run " + fix, sql);
        }
        boolean foreign = "f".equals(relkind);
        if (foreign && UNDEFINED_OBJECT.equals(sql.getSQLState())) {
            return new Explained(first + ": " + qualified + " is a foreign table, read through its foreign server:"
                    + " create a user mapping for " + who + " on that server (CREATE USER MAPPING FOR " + who
                    + " SERVER ... OPTIONS (...)), or leave the table out with " + TABLE_FILTER, sql);
        }
        if (foreign) {
            return new Explained(first + ": " + qualified + " is a foreign table, read through its foreign server,"
                    + " which failed: fix what that server reads (its OPTIONS and the table's), or leave the table"
                    + " out with " + TABLE_FILTER, sql);
        }
        if ("v".equals(relkind) && sql.getSQLState() != null && !NOT_THE_VIEWS.matcher(sql.getSQLState()).matches()) {
            // Reading a view runs its query: a function it calls (dblink, say) failed, not the read.
            return new Explained(first + serverContext(sql) + ": view " + qualified + " failed while its query ran (a function or"
                    + " connection it uses): fix the view, or leave it out with " + TABLE_FILTER, sql);
        }
        return failure;
    }

    /**
     * {@code failure} told with its fix when the server refused a table that the view {@code qualified},
     * read on {@code c}, reads ("permission denied for table secret_t" while reading sales.v_noperm):
     * PostgreSQL checks a view's own reads with its owner's privileges, so only the owner's SELECT on
     * that table fixes it, however much the reading role is granted. The catalog is asked on {@code c}
     * (its aborted transaction rolled back first; the caller ends the one the question leaves open) for
     * the view's owner and the table; without an answer the fix names the view's owner. {@code failure}
     * itself when it is no such refusal (another failure, the relation read refused, not a view, or
     * one the role may not read).
     *
     * @param qualified the relation read, quoted and schema-qualified
     * @param name the relation read, unquoted
     */
    public static Throwable viaView(Connection c, Throwable failure, String qualified, String name) {
        if (!(failure instanceof SQLException sql) || failure instanceof Explained || !DENIED.equals(sql.getSQLState())) {
            return failure;
        }
        String first = firstLine(sql.getMessage());
        Matcher refused = REFUSED.matcher(first);
        if (!refused.find() || refused.group(2).equals(name)) {
            return failure;
        }
        String table = refused.group(2);
        PostgresClient.rollback(c);
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER + """
                 SELECT quote_ident(pg_get_userbyid(v.relowner)),
                        (SELECT format('%I.%I', rn.nspname, r.relname) FROM\s""" + VIEW_READS + """
                             AND r.relname = ? LIMIT 1)
                 FROM pg_class v WHERE v.oid = ?::regclass AND v.relkind = 'v' AND has_table_privilege(v.oid, 'SELECT')
                 """)) {
            ps.setString(1, table);
            ps.setString(2, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return failure;
                }
                String owner = rs.getString(1);
                String read = rs.getString(2);
                if (read == null) {
                    // A view it reads reads the table, with that view's owner's privileges.
                    return new Explained(first + ": view " + qualified + " reads " + table + " through a view whose"
                            + " owner may not: grant that view's owner SELECT on " + table, sql);
                }
                return new Explained(first + ": view " + qualified + " reads " + read + " with the privileges of its"
                        + " owner " + owner + ", who may not (no grant to the reading role helps): run GRANT SELECT ON "
                        + read + " TO " + owner, sql);
            }
        } catch (SQLException e) {
            PostgresClient.rollback(c);
            return new Explained(first + ": view " + qualified + " reads " + table + " with the privileges of its owner:"
                    + " grant the view's owner SELECT on " + table, sql);
        }
    }

    /** {@code cause} with a message written for users, printed as is (no exception class before it). */
    public static SQLException told(String message, SQLException cause) {
        return new Explained(message, cause);
    }

    /**
     * A table's schema-qualified name as every message of a profiler, auto-classification or test-suite read
     * writes it (and as a statement such as GRANT takes it): each part quoted only when it needs to be.
     */
    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** An identifier quoted only when it needs to be: plain when lower-case, simple and not a reserved keyword. */
    static String quote(String identifier) {
        if (identifier == null) {
            return "CURRENT_USER";
        }
        return PLAIN.matcher(identifier).matches() && !RESERVED.contains(identifier) ? identifier
                : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * The server's detail and where of {@code failure}, each as its first line in parentheses ("(connection to
     * server at ... failed: Connection refused)", "(in PL/pgSQL function boom() line 1 at RAISE)"); empty without.
     */
    private static String serverContext(SQLException failure) {
        if (!(failure instanceof org.postgresql.util.PSQLException p) || p.getServerErrorMessage() == null) {
            return "";
        }
        String detail = p.getServerErrorMessage().getDetail();
        String where = p.getServerErrorMessage().getWhere();
        return (detail == null ? "" : " (" + firstLine(detail) + ")") + (where == null ? "" : " (in " + firstLine(where) + ")");
    }

    private static String firstLine(String message) {
        return message == null ? "permission denied" : message.lines().findFirst().orElse(message);
    }

    /** A failure with its fix, printed as is. */
    private static final class Explained extends SQLException implements UserFacingMessage {
        private static final long serialVersionUID = 1L;

        Explained(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }
}
