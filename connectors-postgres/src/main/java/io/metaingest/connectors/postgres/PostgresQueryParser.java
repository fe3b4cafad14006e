package io.metaingest.connectors.postgres;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Status;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.toolkit.sql.TableQueries;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Postgres's {@code query-parser} step of OpenMetadata's usage pipeline: finds the tables each
 * {@link TableQuery} reads and writes with the toolkit's SQL parser (as the direct usage output
 * does), resolves them on the server as {@code to_regclass} does, and passes them on as
 * {@link ParsedData} for {@code table-usage}, with the joins between the counted tables' columns
 * (unquoted column names folded as PostgreSQL folds them). A statement the parser cannot read is a warning.
 * Registered for the Postgres service type, so it wins over the runtime's generic {@code query-parser}
 * (which keeps names as written) for a {@code postgres-usage} source.
 */
public final class PostgresQueryParser implements Processor<TableQuery, ParsedData> {

    /** OpenMetadata's {@code query-parser} takes no settings. */
    public record Config() {
    }

    private final PostgresClient client;
    private final String dbFqn;
    private final TableScope scope;
    private final UsageTables tables;
    private final Status own;
    private Connection connection;

    /** Created by the runtime's injector. */
    @Inject
    public PostgresQueryParser(PostgresClient client, DatabaseUsageConfig config, WorkflowContext context,
                               @OwnStatus Status own) {
        this.client = client;
        this.dbFqn = Fqn.build(context.serviceName(), client.config().databaseOrDefault());
        this.scope = new TableScope(config.schemaFilterPattern(), config.tableFilterPattern(), true);
        this.tables = new UsageTables(dbFqn, scope);
        this.own = own;
    }

    @Override
    public Stream<Result<ParsedData>> process(TableQuery query) throws Exception {
        QueryLog.Statement statement = new QueryLog.Statement(query.query(), TableQueries.executions(query),
                query.duration() == null ? 0 : query.duration(), query.userName());
        List<Result<EntityRequest>> warnings = new ArrayList<>();
        List<QueryLog.Parsed> parsed = QueryLog.parse(List.of(statement), dbFqn, warnings);
        if (parsed.isEmpty() && warnings.isEmpty()) {
            // Left out unparsed (LogStatements): the postgres-usage source never emits these, another source may.
            // Named by the hash of its text only: the query's own name quotes its start, a password included.
            return Stream.of(Result.filtered(dbFqn, "a statement that moves no table data or may carry a password is"
                    + " not read (#" + Integer.toHexString(String.valueOf(query.query()).hashCode()) + ")"));
        }
        if (parsed.isEmpty()) {
            return warnings.stream().map(w -> w instanceof Result.Warning<?> warning
                    ? Result.<ParsedData>warning(warning.name(), warning.message())
                    : Result.<ParsedData>warning(dbFqn, "a query cannot be parsed"));
        }
        QueryLog.Parsed p = parsed.get(0);
        tables.resolve(connection(), QueryLog.written(p.tables().touched()));
        Set<String> fqns = tables.fqns(p.tables().touched());
        if (fqns.isEmpty()) {
            return Stream.of(Result.filtered(query.key(), tables.noTableReason(p.tables().touched())));
        }
        return Stream.of(Result.ok(TableQueries.parsedData(query, fqns,
                TableQueries.joins(p.tables().joins(), tables::fqn, ColumnLineages::folded))));
    }

    private Connection connection() throws Exception {
        if (connection == null) {
            connection = client.open(client.config().databaseOrDefault());
        }
        return connection;
    }

    /**
     * Ends the step: a pattern that let none of the tables the queries named through says so, once, as the
     * direct usage workflow's source does. Here, because only this step applies the patterns and a processor
     * is closed once every query went through it.
     */
    @Override
    public void close() {
        scope.patternsThatLetNothingThrough().forEach(warning -> {
            if (warning instanceof Result.Warning<?> w) {
                own.warning(w.name(), w.message());
            }
        });
        if (connection != null) {
            PostgresClient.release(connection);
        }
    }
}
