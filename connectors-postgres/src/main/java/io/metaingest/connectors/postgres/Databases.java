package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Which databases a workflow reads: the configured one, or all that accept connections. */
final class Databases {

    private Databases() {
    }

    static List<String> list(PostgresClient client, Connection first) throws ConnectionException {
        PostgresConnection conn = client.config();
        List<String> databases = new ArrayList<>();
        if (!conn.ingestAllDatabases()) {
            databases.add(conn.databaseOrDefault());
            return databases;
        }
        try (Cursor<String> names = Cursor.open(first, CatalogQueries.DATABASES, rs -> rs.getString(1))) {
            for (String name = names.poll(); name != null; name = names.poll()) {
                databases.add(name);
            }
        } catch (SQLException e) {
            throw client.permission(e, conn.databaseOrDefault(), "pg_database");
        }
        return databases;
    }
}
