package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metaingest test-connection} for PostgreSQL. Tells apart, each with its own message: host
 * unreachable, authentication failed, database missing, and no privilege on the catalog.
 */
public final class PostgresConnectionTester implements ConnectionTester {

    /** The catalog tables the metadata workflow reads. */
    private static final List<String> CATALOG = List.of("pg_namespace", "pg_class", "pg_attribute", "pg_type",
            "pg_constraint", "pg_proc", "pg_description", "pg_depend", "pg_rewrite");

    private final PostgresClient client;

    /** Created by the runtime's injector. */
    @Inject
    public PostgresConnectionTester(PostgresClient client) {
        this.client = client;
    }

    @Override
    public List<String> test() throws ConnectionException {
        String db = client.config().databaseOrDefault();
        List<String> passed = new ArrayList<>();
        try (Connection c = client.open(db)) {
            passed.add("connected to database \"" + db + "\" at " + client.config().hostPort() + " as \""
                    + client.config().username() + "\"");
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
                    rs.next();
                    passed.add("server version " + rs.getString(1));
                }
                for (String table : CATALOG) {
                    try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_catalog." + table + " LIMIT 1")) {
                        rs.next();
                    } catch (SQLException e) {
                        throw client.permission(e, db, "pg_catalog." + table);
                    }
                }
                passed.add("can read the catalog (" + String.join(", ", CATALOG) + ")");
                if (client.config().ingestAllDatabases()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datallowconn")) {
                        rs.next();
                        passed.add("lists " + rs.getLong(1) + " databases");
                    } catch (SQLException e) {
                        throw client.permission(e, db, "pg_catalog.pg_database");
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
                    rs.next();
                    passed.add(rs.getLong(1) > 0 ? "pg_stat_statements is installed (query lineage and usage)"
                            : "pg_stat_statements is not installed: no query lineage or usage");
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new ConnectionException(ConnectionException.Reason.OTHER, "test-connection failed on database \""
                    + db + "\": " + PostgresClient.oneLine(e.getMessage()), e);
        }
        return passed;
    }
}
