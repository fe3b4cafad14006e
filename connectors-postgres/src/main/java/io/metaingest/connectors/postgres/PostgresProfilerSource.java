package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.ProfilerConfig;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The profiler workflow ({@code source.type: postgres}, {@code sourceConfig.config.type: Profiler}):
 * one {@code CreateTableProfileRequest} per table, profiled by {@link TableProfiler} on
 * {@code threadCount} connections at once, each statement bounded by {@code timeoutSeconds}. With
 * {@code useStatistics} a view is not profiled, with a warning naming it: it has no statistics, and its
 * empty (or, before PostgreSQL 14, zero) row count would otherwise pass for a figure.
 */
public final class PostgresProfilerSource implements Source<EntityRequest> {

    private final ProfilerConfig config;
    private final Clock clock;
    private final TableWorkers workers;
    private final TableProfiler profiler;

    /** Created by the runtime's injector. */
    @Inject
    public PostgresProfilerSource(PostgresClient client, ProfilerConfig config, WorkflowContext context, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.workers = new TableWorkers(client, context.serviceName(), config.databaseFilterPattern(),
                new TableScope(config.schemaFilterPattern(), config.tableFilterPattern(), config.includeViews()),
                config.threadCount(), config.timeoutSeconds() * 1000L);
        this.profiler = new TableProfiler(config);
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        if (!config.computeMetrics()) {
            return Stream.of(Result.warning("profiler", "computeMetrics is false: no table is profiled"));
        }
        long timestamp = clock.millis();
        return workers.run("postgres-profiler", (c, target, fqn) -> {
            if (config.useStatistics() && "v".equals(target.relkind())) {
                // A view keeps no statistics (ANALYZE skips it), and reading it is what useStatistics rules out.
                return List.of(Result.warning(fqn, TableProfiler.viewWithoutStatistics(target)));
            }
            List<String> warnings = new ArrayList<>();
            List<Result<EntityRequest>> out = new ArrayList<>();
            out.add(Result.ok(profiler.profile(c, target, fqn, timestamp, warnings)));
            warnings.forEach(w -> out.add(Result.warning(fqn, w)));
            return out;
        });
    }

    @Override
    public void close() {
        workers.close();
    }
}
