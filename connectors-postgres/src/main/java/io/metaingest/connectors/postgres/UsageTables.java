package io.metaingest.connectors.postgres;

import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.toolkit.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables of parsed queries as fully qualified names: resolved by the server (search_path, as
 * {@code to_regclass} sees it) and kept when the schema and table filters let them through. Shared by
 * the usage source's direct output and the {@code query-parser} step. Names already resolved are
 * remembered, so a log of many queries on the same tables costs one catalog query per new name set.
 */
final class UsageTables {

    private final String dbFqn;
    private final SchemaScope schemaScope;
    private final FilterPattern tableFilter;
    private final Map<String, QueryLog.Table> resolved = new LinkedHashMap<>();
    private final Set<String> unknown = new LinkedHashSet<>();

    UsageTables(String dbFqn, SchemaScope schemaScope, FilterPattern tableFilter) {
        this.dbFqn = dbFqn;
        this.schemaScope = schemaScope;
        this.tableFilter = tableFilter;
    }

    /** Resolves every name not seen yet, in one query. */
    void resolve(Connection connection, Set<String> names) throws SQLException {
        Set<String> missing = new LinkedHashSet<>(names);
        missing.removeAll(resolved.keySet());
        missing.removeAll(unknown);
        if (missing.isEmpty()) {
            return;
        }
        Map<String, QueryLog.Table> found = QueryLog.resolve(connection, missing);
        resolved.putAll(found);
        missing.removeAll(found.keySet());
        unknown.addAll(missing);
    }

    /** The FQNs of the user tables among {@code tables} that pass the filters (resolve them first). */
    Set<String> fqns(List<TableName> tables) {
        Set<String> out = new LinkedHashSet<>();
        for (TableName name : tables) {
            QueryLog.Table t = resolved.get(name.written());
            if (t != null && t.isUserTable(schemaScope) && tableFilter.includes(t.name())) {
                out.add(Fqn.append(dbFqn, t.schema(), t.name()));
            }
        }
        return out;
    }
}
