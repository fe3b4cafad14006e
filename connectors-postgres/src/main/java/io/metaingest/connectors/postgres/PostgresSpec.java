package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.TableQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The PostgreSQL connector: what it offers, and where each part lives. */
public final class PostgresSpec implements ServiceSpec {

    @Override
    public String serviceType() {
        return "Postgres";
    }

    @Override
    public ServiceCategory category() {
        return ServiceCategory.DATABASE;
    }

    @Override
    public Class<PostgresConnection> connectionType() {
        return PostgresConnection.class;
    }

    @Override
    public String connectionSchema() {
        return "/schemas/postgresConnection.json";
    }

    @Override
    public Map<WorkflowKind, Class<? extends Source<?>>> sources() {
        return Map.of(
                WorkflowKind.METADATA, PostgresMetadataSource.class,
                WorkflowKind.LINEAGE, PostgresLineageSource.class,
                WorkflowKind.USAGE, PostgresUsageSource.class,
                WorkflowKind.PROFILER, PostgresProfilerSource.class,
                WorkflowKind.AUTO_CLASSIFICATION, PostgresAutoClassificationSource.class);
    }

    @Override
    public List<StepSpec<?>> steps() {
        return List.of(StepSpec.processor("query-parser", PostgresQueryParser.class, TableQuery.class,
                PostgresQueryParser.Config.class, "/schemas/step/query-parser.json"),
                StepSpec.processor("orm-profiler", PostgresOrmProfiler.class, EntityRequest.class,
                        PostgresOrmProfiler.Config.class, "/schemas/step/orm-profiler.json"));
    }

    @Override
    public Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.of(PostgresConnectionTester.class);
    }

    @Override
    public Optional<Class<? extends io.metaingest.api.quality.TestExecutor>> testExecutor() {
        return Optional.of(io.metaingest.connectors.postgres.quality.PostgresTestExecutor.class);
    }

    @Override
    public String description() {
        return "PostgreSQL: databases, schemas, tables, views, procedures; view and query lineage; usage; profiler; auto-classification";
    }
}
