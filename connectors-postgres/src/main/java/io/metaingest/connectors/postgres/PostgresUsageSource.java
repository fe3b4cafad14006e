package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Fqn;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.UsageRequest;
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
 * The usage workflow ({@code postgres-usage}): from {@code pg_stat_statements}, the queries of the
 * log with the tables they touched, and per table and day the number of queries that touched it.
 * pg_stat_statements keeps cumulative counters without timestamps, so the counts are attributed to
 * the day of the run (UTC); reset the view daily (pg_stat_statements_reset) for exact daily figures.
 */
public final class PostgresUsageSource implements Source<EntityRequest> {

    private final PostgresClient client;
    private final DatabaseUsageConfig config;
    private final String service;
    private final Clock clock;
    private final SchemaScope schemaScope;
    private final FilterPattern tableFilter;
    private Connection connection;

    /** Created by the runtime's injector. */
    @Inject
    public PostgresUsageSource(PostgresClient client, DatabaseUsageConfig config, WorkflowContext context, Clock clock) {
        this.client = client;
        this.config = config;
        this.service = context.serviceName();
        this.clock = clock;
        this.schemaScope = SchemaScope.of(config.schemaFilterPattern());
        this.tableFilter = FilterPattern.orAll(config.tableFilterPattern());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException, SQLException {
        String db = client.config().databaseOrDefault();
        String dbFqn = Fqn.build(service, db);
        connection = client.open(db);
        String[] problem = new String[1];
        Optional<String> schema = QueryLog.locate(connection, problem);
        if (schema.isEmpty()) {
            return Stream.of(Result.warning(dbFqn, "no usage: " + problem[0]));
        }
        // Bounded by resultLimit: the statements and the per-table counters fit in memory.
        List<QueryLog.Statement> statements = new ArrayList<>();
        try (Cursor<QueryLog.Statement> cursor = QueryLog.statements(connection, schema.get(),
                "s.query !~* '^\\s*(begin|commit|rollback|set|show|reset|discard)\\M'", config.filterCondition(),
                config.resultLimit())) {
            for (QueryLog.Statement s = cursor.poll(); s != null; s = cursor.poll()) {
                statements.add(s);
            }
        }
        Map<QueryLog.Statement, List<String>> names = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (QueryLog.Statement s : statements) {
            QueryLog.TableRefs refs = QueryLog.references(s.query());
            List<String> touched = new ArrayList<>(refs.sources());
            if (refs.target() != null) {
                touched.add(0, refs.target());
            }
            names.put(s, touched);
            all.addAll(touched);
        }
        Map<String, QueryLog.Table> resolved = QueryLog.resolve(connection, all);
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        long dayMillis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Result<EntityRequest>> out = new ArrayList<>();
        for (Map.Entry<QueryLog.Statement, List<String>> e : names.entrySet()) {
            Set<String> tables = new LinkedHashSet<>();
            for (String name : e.getValue()) {
                QueryLog.Table t = resolved.get(name);
                if (t != null && t.isUserTable(schemaScope) && tableFilter.includes(t.name())) {
                    tables.add(Fqn.append(dbFqn, t.schema(), t.name()));
                }
            }
            if (tables.isEmpty()) {
                continue;
            }
            QueryLog.Statement s = e.getKey();
            for (String t : tables) {
                counts.merge(t, s.calls(), Long::sum);
            }
            out.add(Result.ok(new CreateQueryRequest(s.query(), dayMillis, s.meanMillis(),
                    s.user() == null ? null : List.of(s.user()),
                    tables.stream().map(t -> EntityReference.byFqn("table", t)).toList(), service)));
        }
        out.addAll(QueryLog.grantWarnings(connection, dbFqn, schemaScope, "usage"));
        String date = day.toString();
        counts.forEach((table, count) -> out.add(Result.ok(new UsageRequest(EntityReference.byFqn("table", table), date,
                (int) Math.min(count, Integer.MAX_VALUE)))));
        return out.stream();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
