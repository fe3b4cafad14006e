package io.metaingest.connectors.postgres;

import java.util.regex.Pattern;

/**
 * Which statements of the query log usage and lineage read, told by their text after any leading
 * comments (a client's {@code /* app:billing *}{@code /} tag must not hide what a statement is). Each
 * rule is written once, as a PostgreSQL regular expression for the log's query (so resultLimit counts
 * only statements that are read), and checked again in Java before parsing.
 */
final class LogStatements {

    /** Leading white space, block comments (not nested) and {@code --} lines. */
    private static final String LEADING_COMMENTS = "^(\\s|/\\*([^*]|\\*+[^*/])*\\*+/|--[^\\n]*(\\n|$))*";

    /**
     * Statements that move no table data: transaction control (the driver's savepoints included),
     * settings, DDL and DCL other than CREATE TABLE / VIEW (GRANT, ALTER, CREATE ROLE, ...), CREATE
     * TABLE without a query (columns, PARTITION OF, INHERITS, LIKE: no rows move), and PostgreSQL's own
     * foreign-key check ({@code SELECT 1 FROM ONLY t x WHERE ... FOR KEY SHARE OF x}). The check is left
     * out, not counted: the server runs it for the user's INSERT or UPDATE of the referencing table, which
     * usage already counts, so counting it too would invent a read of the referenced table per write.
     */
    private static final String NO_TABLE_DATA = LEADING_COMMENTS + "((begin|start|commit|end|abort|rollback|savepoint"
            + "|release|set|show|reset|discard|deallocate|prepare|listen|unlisten|notify|checkpoint|grant|revoke|alter"
            + "|drop|comment|security|vacuum|analyze|cluster|reindex|lock|do|load)\\M"
            + "|create\\s+(?!(or\\s+replace\\s+)?((global|local)\\s+)?((temp|temporary|unlogged)\\s+)?"
            + "(table|materialized|view|recursive)\\M)"
            + "|create\\s+(((global|local)\\s+)?(temp|temporary|unlogged)\\s+)?table\\M"
            + "(?!.*\\mas\\s*\\(*\\s*(select|with|values|table|execute)\\M)"
            + "|select\\s+\\S+\\s+from\\s+only\\s.*\\mfor\\s+key\\s+share\\s+of\\s+x\\s*$)";

    /**
     * Statements that may carry a password (CREATE/ALTER ROLE or USER, USER MAPPING, SERVER), wherever
     * they are in the text: pg_stat_statements keeps utility statements' literals, so they are never
     * read, parsed nor quoted.
     */
    private static final String SECRETS = "\\m(create|alter)\\s+(role|user|server)\\M";

    /** View definitions: their lineage, with columns, is view lineage's, from the catalog. */
    private static final String VIEW_DEFINITION = LEADING_COMMENTS + "create\\s+(or\\s+replace\\s+)?"
            + "(((global|local)\\s+)?(temp|temporary)\\s+)?(recursive\\s+)?(materialized\\s+)?view\\M";

    private static final Pattern SKIPPED = java("(?:" + NO_TABLE_DATA + ")|(?:" + SECRETS + ")");
    private static final Pattern VIEW = java(VIEW_DEFINITION);

    private LogStatements() {
    }

    /** A condition on the log's {@code column}: the statements usage and lineage may read. */
    static String readable(String column) {
        return column + " !~* '" + NO_TABLE_DATA + "' AND " + column + " !~* '" + SECRETS + "'";
    }

    /** A condition on the log's {@code column}: not a view definition. */
    static String notViewDefinition(String column) {
        return column + " !~* '" + VIEW_DEFINITION + "'";
    }

    /** Whether {@code sql} is left out of usage and lineage unparsed and unquoted (see {@link #readable}). */
    static boolean skipped(String sql) {
        return sql == null || SKIPPED.matcher(sql).find();
    }

    /** Whether {@code sql} defines a view (see {@link #notViewDefinition}). */
    static boolean definesView(String sql) {
        return sql != null && VIEW.matcher(sql).find();
    }

    /** A PostgreSQL expression as a Java pattern: word edges are \b, and . matches a line end as there. */
    private static Pattern java(String are) {
        return Pattern.compile(are.replace("\\m", "\\b").replace("\\M", "\\b"),
                Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
