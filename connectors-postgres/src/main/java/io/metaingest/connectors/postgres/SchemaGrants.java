package io.metaingest.connectors.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The schemas in scope on which the connected role has no {@code USAGE}, and the GRANT that fixes
 * it. The catalog still describes such a schema (pg_class is readable by everyone), but naming one of
 * its tables fails ("permission denied for schema"), which is what lineage, usage, the profiler and the
 * auto-classification do.
 */
final class SchemaGrants {

    /** A schema the role may not use. */
    record Missing(String schema, String quotedSchema, String quotedRole) {

        /** The statement a DBA runs to fix it. */
        String grant() {
            return usage(quotedSchema, quotedRole);
        }
    }

    /**
     * The statement that gives {@code quotedRole} USAGE on {@code quotedSchemas} (one schema, or several
     * separated by commas): the one fix for "permission denied for schema", which no GRANT SELECT gives.
     */
    static String usage(String quotedSchemas, String quotedRole) {
        return "GRANT USAGE ON SCHEMA " + quotedSchemas + " TO " + quotedRole;
    }

    private SchemaGrants() {
    }

    /**
     * The schemas on which the current role has no USAGE, by name, without the system schemas of
     * {@code scope}; the caller applies its own filter.
     */
    static List<Missing> missing(Connection c, SchemaScope scope) throws SQLException {
        List<Missing> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CatalogQueries.MARKER
                + " SELECT n.nspname, quote_ident(n.nspname), quote_ident(current_user) FROM pg_namespace n"
                + " WHERE NOT has_schema_privilege(n.oid, 'USAGE') AND " + scope.sqlCondition("n.nspname")
                + " ORDER BY n.nspname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Missing(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /** The warning of a run that meets {@code m}: what it cannot do, and the fix. */
    static String warning(Missing m, String whatFails) {
        return "the role has no USAGE on schema " + m.quotedSchema() + ", so " + whatFails + ": run "
                + m.grant();
    }
}
