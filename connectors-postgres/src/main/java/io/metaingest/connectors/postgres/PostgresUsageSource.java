package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowSteps;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.TableLifeCycleRequest;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.api.entity.UsageRequest;
import io.metaingest.toolkit.sql.TableJoinCounts;
import io.metaingest.toolkit.sql.TableQueries;
import io.metaingest.toolkit.sql.TableUsage;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The usage workflow ({@code postgres-usage}). In OpenMetadata's pipeline (a {@code processor}
 * such as {@code query-parser} follows) it emits the query log's entries as {@link TableQuery}s.
 * Written straight to a sink it emits, from {@code pg_stat_statements}, the queries of the
 * log with the tables they touched (found by the toolkit's SQL parser, resolved by the server), and
 * per table and day the number of queries that touched it (the toolkit's {@link TableUsage}) and the
 * columns its columns were joined with ({@link TableJoinCounts}), and last each table's life cycle from the kinds
 * of its statements ({@link TableLifeCycleRequest}), as the {@code metadata-usage} step writes them.
 * pg_stat_statements keeps cumulative counters without timestamps, so the counts are attributed to
 * the day of the run (UTC); reset the view daily (pg_stat_statements_reset) for exact daily figures.
 */
public final class PostgresUsageSource implements Source<EntityRequest> {

    private final PostgresClient client;
    private final DatabaseUsageConfig config;
    private final String service;
    private final Clock clock;
    private final TableScope scope;
    private final SchemaScope schemaScope;
    private final WorkflowSteps steps;
    private Connection connection;

    /**
     * Created by the runtime's injector.
     *
     * @throws IllegalArgumentException when {@code filterCondition} is malformed (see {@link FilterCondition})
     */
    @Inject
    public PostgresUsageSource(PostgresClient client, DatabaseUsageConfig config, WorkflowContext context, Clock clock,
                               WorkflowSteps steps) {
        FilterCondition.check(config.filterCondition()); // a malformed condition fails here, before connecting
        this.steps = steps;
        this.client = client;
        this.config = config;
        this.service = context.serviceName();
        this.clock = clock;
        // Counts the tables the log names, for the warning of a pattern that let none through (as metadata's).
        this.scope = new TableScope(config.schemaFilterPattern(), config.tableFilterPattern(), true);
        this.schemaScope = scope.schemas();
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException, SQLException {
        String db = client.config().databaseOrDefault();
        String dbFqn = Fqn.build(service, db);
        connection = client.open(db);
        QueryLog.Unreadable[] problem = new QueryLog.Unreadable[1];
        Optional<String> schema = QueryLog.locate(connection, problem);
        if (schema.isEmpty()) {
            // The run's failure, not one entity's: usage has nothing else to read, so as one failure among
            // the run's counts a lowered successThreshold let a nightly run stay green with 0 records.
            // test-connection refuses it with the same text and reason.
            throw new ConnectionException(problem[0].reason(), problem[0].usageNeeds(db));
        }
        // Bounded by resultLimit: the statements and the per-table counters fit in memory.
        List<QueryLog.Statement> statements = QueryLog.read(connection, schema.get(), null, config.filterCondition(),
                config.resultLimit());
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Result<EntityRequest>> out = new ArrayList<>();
        if (steps.processorType().isPresent()) {
            // OpenMetadata's pipeline: the log's entries for query-parser, table-usage and metadata-usage.
            String analysisDate = day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            for (QueryLog.Statement s : statements) {
                out.add(Result.ok(tableQuery(s, analysisDate, db)));
            }
            out.addAll(QueryLog.grantWarnings(connection, dbFqn, schemaScope, "usage"));
            return Stream.concat(out.stream(), schemaScope.neverIngestedWarning()); // query-parser does not warn again
        }
        List<QueryLog.Parsed> parsed = QueryLog.parse(statements, dbFqn, out);
        Set<String> names = new LinkedHashSet<>();
        parsed.forEach(p -> names.addAll(QueryLog.written(p.tables().touched())));
        UsageTables usageTables = new UsageTables(dbFqn, scope);
        usageTables.resolve(connection, names);
        long dayMillis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        String analysisDate = day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        TableUsage usage = new TableUsage();
        TableJoinCounts joins = new TableJoinCounts();
        Map<String, LifeCycle> lifeCycles = new LinkedHashMap<>();
        for (QueryLog.Parsed p : parsed) {
            Set<String> tables = usageTables.fqns(p.tables().touched());
            QueryLog.Statement s = p.statement();
            if (tables.isEmpty()) {
                // Counted as query-parser counts it, under the same key, so both pipelines report the same.
                out.add(Result.filtered(tableQuery(s, analysisDate, db).key(),
                        usageTables.noTableReason(p.tables().touched())));
                continue;
            }
            usage.add(day, s.query(), tables, s.calls());
            joins.add(day, TableQueries.joins(p.tables().joins(), usageTables::fqn, ColumnLineages::folded), s.calls());
            for (String table : tables) {
                lifeCycles.put(table, lifeCycles.getOrDefault(table, LifeCycle.NONE).withQuery(s.query(), dayMillis, s.user()));
            }
            out.add(Result.ok(new CreateQueryRequest(s.query(), dayMillis, s.totalMillis(),
                    s.user() == null ? null : List.of(s.user()),
                    tables.stream().map(t -> EntityReference.byFqn("table", t)).toList(), service)));
        }
        out.addAll(QueryLog.grantWarnings(connection, dbFqn, schemaScope, "usage"));
        for (TableUsage.Daily d : usage.results()) {
            out.add(Result.ok(new UsageRequest(EntityReference.byFqn("table", d.table()), d.day().toString(),
                    d.countAsInt())));
        }
        // After the usage, as the metadata-usage step publishes them: the tables' joined columns per day.
        joins.requests().forEach(request -> out.add(Result.ok(request)));
        // Last, as the metadata-usage step: each table's life cycle from the kinds of its statements.
        lifeCycles.forEach((table, lifeCycle) -> {
            if (!lifeCycle.isEmpty()) {
                out.add(Result.ok(new TableLifeCycleRequest(EntityReference.byFqn("table", table), lifeCycle)));
            }
        });
        // Once per run, as the metadata workflow does: an include aimed at a pg_* schema does nothing, and a
        // pattern that let none of the tables the log names through says so.
        return Stream.concat(out.stream(), scope.noneLetThrough());
    }

    private TableQuery tableQuery(QueryLog.Statement s, String analysisDate, String db) {
        return new TableQuery(s.query(), s.user(), analysisDate, service, db, null, s.totalMillis(), s.calls());
    }

    @Override
    public void close() {
        if (connection != null) {
            PostgresClient.release(connection);
        }
    }
}
