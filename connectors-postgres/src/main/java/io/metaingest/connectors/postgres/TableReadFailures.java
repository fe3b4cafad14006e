package io.metaingest.connectors.postgres;

import io.metaingest.api.UserFacingMessage;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * A failed read of one table, told with its fix, for the profiler, the auto-classification and the test
 * suites alike. "permission denied for schema" is fixed by USAGE on the schema only
 * ({@link SchemaGrants#usage}, the statement test-connection and the runs' warnings name), "permission
 * denied for table" by SELECT on it; a foreign table's rows come through its foreign server, which reads
 * them as the role its user mapping names, so a missing mapping is the table's to fix or to leave out.
 */
public final class TableReadFailures {

    /** insufficient_privilege. */
    static final String DENIED = "42501";
    /** undefined_object: postgres_fdw's "user mapping not found". */
    static final String UNDEFINED_OBJECT = "42704";
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    private TableReadFailures() {
    }

    /**
     * {@code failure} told with its fix, or itself when it has none to add.
     *
     * @param schema the table's schema, unquoted
     * @param qualified the table's quoted, schema-qualified name
     * @param foreign whether the table is a foreign table
     * @param role the role the connector logs in as
     */
    public static Throwable explain(Throwable failure, String schema, String qualified, boolean foreign, String role) {
        if (!(failure instanceof SQLException sql)) {
            return failure;
        }
        String first = firstLine(sql.getMessage());
        String who = quote(role);
        if (DENIED.equals(sql.getSQLState())) {
            String fix = first.contains("for schema") ? SchemaGrants.usage(quote(schema), who)
                    : "GRANT SELECT ON " + qualified + " TO " + who + ", or GRANT pg_read_all_data TO " + who;
            return new Explained(first + ": run " + fix, sql);
        }
        if (foreign && UNDEFINED_OBJECT.equals(sql.getSQLState())) {
            return new Explained(first + ": " + qualified + " is a foreign table, read through its foreign server:"
                    + " create a user mapping for " + who + " on that server (CREATE USER MAPPING FOR " + who
                    + " SERVER ... OPTIONS (...)), or leave the table out with tableFilterPattern", sql);
        }
        if (foreign) {
            return new Explained(first + " (" + qualified + " is a foreign table, read through its foreign server)", sql);
        }
        return failure;
    }

    /** {@code cause} with a message written for users, printed as is (no exception class before it). */
    public static SQLException told(String message, SQLException cause) {
        return new Explained(message, cause);
    }

    /** An identifier as quote_ident writes it, keywords aside: plain when lower-case and simple. */
    static String quote(String identifier) {
        if (identifier == null) {
            return "CURRENT_USER";
        }
        return PLAIN.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
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
