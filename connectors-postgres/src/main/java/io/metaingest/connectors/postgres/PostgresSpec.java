package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionTester;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.SettingProblem;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.DatabaseUsageConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.TableQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL connector: what it offers, and where each part lives. */
public final class PostgresSpec implements ServiceSpec {

    /** Where the connection's settings are, under the workflow's {@code source}. */
    private static final String CONNECTION = "serviceConnection.config.";

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
    public List<StepSpec<?>> steps() {
        return List.of(
                StepSpec.source(SourceConfigType.DATABASE_METADATA, PostgresMetadataSource.class),
                StepSpec.source(SourceConfigType.DATABASE_LINEAGE, PostgresLineageSource.class),
                StepSpec.source(SourceConfigType.DATABASE_USAGE, PostgresUsageSource.class),
                StepSpec.source(SourceConfigType.PROFILER, PostgresProfilerSource.class),
                StepSpec.source(SourceConfigType.AUTO_CLASSIFICATION, PostgresAutoClassificationSource.class),
                StepSpec.processor("query-parser", PostgresQueryParser.class, TableQuery.class,
                        PostgresQueryParser.Config.class, "/schemas/step/query-parser.json"),
                StepSpec.processor("orm-profiler", PostgresOrmProfiler.class, EntityRequest.class,
                        PostgresOrmProfiler.Config.class, "/schemas/step/orm-profiler.json"),
                // The name OpenMetadata's server gives the processor of the AutoClassification workflows it
                // deploys (its own ingestion builds that workflow's steps whatever the name says).
                StepSpec.processor("tag-pii-processor", PostgresOrmProfiler.class, EntityRequest.class,
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

    /** All of the toolkit's definitions: the executor runs each through {@code TestDefinitionSql}. */
    @Override
    public List<io.metaingest.api.quality.TestDefinition> testDefinitions() {
        return io.metaingest.toolkit.quality.TestDefinitionSql.declared();
    }

    /**
     * The server settings of {@code connectionOptions} and {@code connectionArguments} ({@link SessionOptions}),
     * and the query log's {@code filterCondition}, checked as SQL ({@link FilterCondition}): before anything connects.
     */
    @Override
    public List<SettingProblem> settingProblems(Object connection, Record sourceConfig) {
        List<SettingProblem> problems = new ArrayList<>();
        if (connection instanceof PostgresConnection postgres) {
            underConnection(postgres.sessionOptionProblems(), problems);
            underConnection(SslFiles.problems(postgres.sslConfig()), problems);
            underConnection(DriverProperties.problems("connectionOptions", postgres.connectionOptions()), problems);
            underConnection(DriverProperties.problems("connectionArguments", postgres.connectionArguments()), problems);
        }
        String condition = sourceConfig instanceof DatabaseUsageConfig usage ? usage.filterCondition()
                : sourceConfig instanceof DatabaseLineageConfig lineage ? lineage.filterCondition() : null;
        String prefix = FilterCondition.PATH + ": ";
        FilterCondition.problem(condition)
                .map(p -> new SettingProblem(FilterCondition.PATH, p.startsWith(prefix) ? p.substring(prefix.length()) : p))
                .ifPresent(problems::add);
        return problems;
    }

    /**
     * From the file alone, each said once when it is loaded (so {@code validate} says them too): a key of the
     * connection's maps the JDBC driver would ignore ({@link DriverProperties#warnings}), a metadata run's
     * lock_timeout not below its statement_timeout ({@link LockTimeout#notBelowStatementTimeout}), and a metadata
     * or lineage workflow's database filter, which a run of the configured database alone does not apply.
     */
    @Override
    public List<SettingProblem> settingWarnings(Object connection, Record sourceConfig) {
        if (!(connection instanceof PostgresConnection postgres)) {
            return List.of();
        }
        List<SettingProblem> warnings = new ArrayList<>();
        underConnection(DriverProperties.warnings("connectionOptions", postgres.connectionOptions()), warnings);
        underConnection(DriverProperties.warnings("connectionArguments", postgres.connectionArguments()), warnings);
        if (sourceConfig instanceof DatabaseMetadataConfig) {
            LockTimeout.notBelowStatementTimeout(postgres).ifPresent(w -> warnings.add(underSource(w.path(), w.message())));
        }
        FilterPattern databases = sourceConfig instanceof DatabaseMetadataConfig metadata ? metadata.databaseFilterPattern()
                : sourceConfig instanceof DatabaseLineageConfig lineage ? lineage.databaseFilterPattern() : null;
        if (!postgres.ingestAllDatabases()) {
            unappliedDatabaseFilter(databases, postgres.databaseOrDefault()).ifPresent(warnings::add);
        }
        return warnings;
    }

    /**
     * A database filter the user set, when the run reads only the configured database: OpenMetadata's Postgres source
     * applies it only with ingestAllDatabases (and so does metaingest), which a user who set one did not expect.
     */
    static Optional<SettingProblem> unappliedDatabaseFilter(FilterPattern pattern, String database) {
        if (pattern == null || (pattern.includes().isEmpty() && pattern.excludes().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new SettingProblem("sourceConfig.config.databaseFilterPattern", "not applied: it chooses"
                + " among the server's databases only with source.serviceConnection.config.ingestAllDatabases: true (as"
                + " in OpenMetadata), and this run reads the configured database " + database + "; set"
                + " ingestAllDatabases, or remove the pattern"));
    }

    /** Lines whose paths are relative to the connection, as the workflow's (under {@code source}). */
    private static void underConnection(List<SettingProblem> found, List<SettingProblem> into) {
        found.forEach(p -> into.add(p.at(CONNECTION + p.path())));
    }

    /** A path from the workflow's root ({@code source.…}) as a {@link SettingProblem}'s, under {@code source}. */
    private static SettingProblem underSource(String path, String message) {
        return new SettingProblem(path.startsWith("source.") ? path.substring("source.".length()) : path, message);
    }

    @Override
    public String description() {
        return "PostgreSQL: databases, schemas, tables, views, procedures; view and query lineage; usage; profiler; auto-classification";
    }
}
