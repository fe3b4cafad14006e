package io.metaingest.connectors.postgres;

import io.metaingest.api.Fqn;
import io.metaingest.toolkit.sql.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables of parsed queries as fully qualified names: resolved by the server (search_path, as
 * {@code to_regclass} sees it) and kept when the schema and table filters let them through. Shared by
 * the usage source's direct output and the {@code query-parser} step. Names already resolved are
 * remembered, so a log of many queries on the same tables costs one catalog query per new name set.
 */
final class UsageTables {

    private final String dbFqn;
    private final TableScope scope;
    private final Map<String, QueryLog.Table> resolved = new LinkedHashMap<>();
    private final Set<String> unknown = new LinkedHashSet<>();

    /** {@code scope} counts the names its patterns are asked about, for the run's warning of one that let none through. */
    UsageTables(String dbFqn, TableScope scope) {
        this.dbFqn = dbFqn;
        this.scope = scope;
    }

    /** Resolves every name not seen yet, in one query. */
    void resolve(Connection connection, Set<String> names) throws SQLException {
        Set<String> missing = new LinkedHashSet<>(names);
        missing.removeAll(resolved.keySet());
        missing.removeAll(unknown);
        if (missing.isEmpty()) {
            return;
        }
        Map<String, QueryLog.Table> found = QueryLog.resolve(connection, missing, scope.schemas());
        resolved.putAll(found);
        missing.removeAll(found.keySet());
        unknown.addAll(missing);
    }

    /** Every table resolved so far. */
    java.util.Collection<QueryLog.Table> resolved() {
        return new LinkedHashSet<>(resolved.values());
    }

    /** The table {@code name} resolved to (resolve it first), or null when the server knows none. */
    QueryLog.Table table(TableName name) {
        return resolved.get(name.written());
    }

    /**
     * The FQNs of the user tables among {@code tables} that pass the filters (resolve them first),
     * sorted: the order the metadata-usage step gives a query's tables, so both usage outputs agree.
     */
    Set<String> fqns(List<TableName> tables) {
        Set<String> out = new TreeSet<>();
        for (TableName name : tables) {
            String fqn = fqn(name);
            if (fqn != null) {
                out.add(fqn);
            }
        }
        return out;
    }

    /** The FQN of the user table {@code name} resolved to when the filters let it through (resolve it first), else null. */
    String fqn(TableName name) {
        QueryLog.Table t = resolved.get(name.written());
        return t != null && t.extension() == null && scope.schemaRejection(t.schema()).isEmpty()
                && scope.tableRejection(t.name()).isEmpty() ? Fqn.append(dbFqn, t.schema(), t.name()) : null;
    }

    /** A name the server resolves to no table, and the likely reasons. */
    static String unresolved(TableName name) {
        return name.written() + " (the server resolves no such table: a temporary or since-dropped table, or a name"
                + " off the connection's search_path that no single ingested schema has)";
    }

    /**
     * Why a statement whose tables are {@code touched} counts for none of them ({@link #fqns} was
     * empty), for its filtered entry: each name and what kept it out.
     */
    String noTableReason(List<TableName> touched) {
        if (touched.isEmpty()) {
            return "touches no table's rows (a statement on no table, or of a kind usage does not count)";
        }
        List<String> why = new ArrayList<>();
        for (TableName name : touched) {
            QueryLog.Table t = resolved.get(name.written());
            if (t == null) {
                why.add(unresolved(name));
            } else if (t.extension() != null) {
                why.add(name.written() + " (" + PostgresMetadataSource.extensionMember("relation", t.extension()) + ")");
            } else {
                // The schema's reason first: a table of a schema left out is never asked about by the table filter.
                Optional<String> schema = scope.schemaRejection(t.schema());
                why.add(name.written() + " (" + schema.or(() -> scope.tableRejection(t.name()))
                        .orElse("left out by the table filter") + ")");
            }
        }
        return "names no table usage counts: " + String.join("; ", why);
    }
}
