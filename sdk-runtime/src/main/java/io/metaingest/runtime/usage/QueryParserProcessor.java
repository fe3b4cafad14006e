package io.metaingest.runtime.usage;

import io.metaingest.api.Fqn;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.toolkit.sql.ColumnName;
import io.metaingest.toolkit.sql.ParsedQuery;
import io.metaingest.toolkit.sql.QueryParser;
import io.metaingest.toolkit.sql.TableName;
import io.metaingest.toolkit.sql.TableQueries;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * OpenMetadata's {@code query-parser} processor for a usage source of any database connector that
 * brings none of its own: finds the tables each {@link TableQuery} reads and writes with the
 * toolkit's {@link QueryParser} and passes them on as {@link ParsedData} for {@code table-usage}, with
 * the join conditions between their columns (for the tables' frequently-joined columns).
 *
 * <p>Names stay as the query writes them (nothing is resolved on a server, which only a connector
 * can reach): each becomes {@code service.database.schema.table}, the database and schema the name
 * leaves out taken from the query's {@code databaseName} and {@code databaseSchema} when the entry
 * carries them, and left out of the name otherwise. A connector whose names need its server (the
 * search_path of PostgreSQL) registers its own {@code query-parser}, which wins for its service
 * type. A statement the parser cannot read is a warning; one that touches no table is filtered.
 */
public final class QueryParserProcessor implements Processor<TableQuery, ParsedData> {

    /** OpenMetadata's {@code query-parser} takes no settings. */
    public record Config() {
    }

    private final QueryParser parser = new QueryParser();
    private final String serviceName;

    /** Created by the run's injector; the workflow's service names the tables of entries that carry none. */
    @Inject
    public QueryParserProcessor(WorkflowContext context) {
        this.serviceName = context.serviceName();
    }

    @Override
    public Stream<Result<ParsedData>> process(TableQuery query) {
        ParsedQuery parsed = parser.parse(query.query());
        if (parsed instanceof ParsedQuery.Unparsable u) {
            return Stream.of(Result.warning(query.key(), "a query cannot be parsed and is left out (" + u.reason()
                    + "): " + TableQueries.quoted(query.query())));
        }
        ParsedQuery.Tables tables = (ParsedQuery.Tables) parsed;
        Set<String> fqns = new LinkedHashSet<>();
        for (TableName table : tables.touched()) {
            fqns.add(fqn(query, table, serviceName));
        }
        if (fqns.isEmpty()) {
            return Stream.of(Result.filtered(query.key(), "touches no table"));
        }
        // Columns as written, like the tables: only a connector's own parser knows its server's folding.
        return Stream.of(Result.ok(TableQueries.parsedData(query, fqns, TableQueries.joins(tables.joins(),
                table -> fqn(query, table, serviceName), ColumnName::name))));
    }

    /** The table's name as written, under the query's service and its defaults for what the name leaves out. */
    private static String fqn(TableQuery query, TableName table, String workflowService) {
        List<String> parts = new ArrayList<>(4);
        parts.add(query.serviceName() != null ? query.serviceName() : workflowService);
        String database = table.database() != null ? table.database() : query.databaseName();
        String schema = table.schema() != null ? table.schema() : query.databaseSchema();
        if (database != null) {
            parts.add(database);
        }
        if (schema != null) {
            parts.add(schema);
        }
        parts.add(table.name());
        return Fqn.build(parts.toArray(String[]::new));
    }
}
