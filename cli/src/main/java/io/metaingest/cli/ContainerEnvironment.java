package io.metaingest.cli;

import io.metaingest.api.config.SourceConfigType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs as OpenMetadata's ingestion container does, so an orchestrator (OpenMetadata's Kubernetes
 * runner, Airflow's KubernetesPodOperator, a plain Kubernetes Job) can start the distribution
 * unchanged: with no arguments and the workflow YAML in the environment variable {@code config},
 * the command is {@code ingest} on that workflow, with {@code pipelineRunId} and
 * {@code ingestionPipelineFQN} from the environment when the workflow lacks them, and the run's status file
 * ({@code --report}) from {@value #REPORT} when set.
 */
final class ContainerEnvironment {

    /**
     * OpenMetadata's {@code pipelineType} values, each with the {@code sourceConfig.config.type}
     * values an ingestion pipeline of that type carries (OpenMetadata pairs them when it deploys a
     * pipeline; its image picks the workflow class from {@code pipelineType}). Types metaingest has
     * no workflow for keep OpenMetadata's name, so a mismatch names what the pipeline expected.
     */
    static final Map<String, Set<String>> PIPELINE_TYPES = Map.of(
            "metadata", Set.of(SourceConfigType.DATABASE_METADATA.typeName(), SourceConfigType.PIPELINE_METADATA.typeName(),
                    SourceConfigType.DASHBOARD_METADATA.typeName(), "MessagingMetadata", "MlModelMetadata",
                    "StorageMetadata", "SearchMetadata", "ApiMetadata"),
            "usage", Set.of(SourceConfigType.DATABASE_USAGE.typeName()),
            "lineage", Set.of(SourceConfigType.DATABASE_LINEAGE.typeName()),
            "profiler", Set.of(SourceConfigType.PROFILER.typeName()),
            "autoClassification", Set.of(SourceConfigType.AUTO_CLASSIFICATION.typeName()),
            "TestSuite", Set.of(SourceConfigType.TEST_SUITE.typeName()),
            "dbt", Set.of("DBT"),
            "elasticSearchReindex", Set.of("MetadataToElasticSearch"),
            "dataInsight", Set.of("MetadataToElasticSearch"),
            "application", Set.of("Application"));

    /**
     * The variable naming the run's status file, as {@code --report} does (OpenMetadata's image has none): named after
     * the option, as {@code config} is after {@code --config}; the launcher reads it too, to mark the report queued.
     */
    static final String REPORT = "report";

    /** The variable holding the workflow's text, as OpenMetadata's ingestion image reads it. */
    static final String CONFIG = "config";

    /** How messages name the workflow of a container run: its text has no file the user knows of. */
    static final String CONFIG_NAME = "environment variable config";

    private ContainerEnvironment() {
    }

    /**
     * The run the environment asks for, or empty when it names no workflow. The workflow is
     * {@code config}'s text as it is, loaded from memory with every check a workflow file gets (its
     * line numbers are the variable's). It is never written to disk: OpenMetadata's workflows carry
     * the bot's token, which a file left behind by a killed process would keep, and a pod's root
     * file system may be read-only.
     *
     * @param env the environment
     * @throws IllegalArgumentException for an unknown {@code pipelineType}, or one without {@code config}, or a
     *     {@value #REPORT} the JVM cannot name
     */
    static Optional<ContainerRun> run(Map<String, String> env) {
        String config = env.get(CONFIG);
        if (config == null || config.isBlank()) {
            if (nonBlank(env.get("pipelineType")).isPresent()) {
                // A container run whose workflow did not arrive: say so, not the command line's usage.
                throw new IllegalArgumentException("environment variable config is " + (config == null ? "not set" : "empty")
                        + " but pipelineType is set: give config the workflow's YAML, or run a command");
            }
            return Optional.empty();
        }
        Optional<String> pipelineType = nonBlank(env.get("pipelineType"));
        if (pipelineType.isPresent() && !PIPELINE_TYPES.containsKey(pipelineType.get())) {
            throw new IllegalArgumentException("environment variable pipelineType: '" + pipelineType.get()
                    + "' is not one of " + new TreeSet<>(PIPELINE_TYPES.keySet())
                    + io.metaingest.runtime.config.Suggestions.didYouMean(pipelineType.get(), PIPELINE_TYPES.keySet(), ""));
        }
        Optional<String> report = nonBlank(env.get(REPORT));
        Optional<String> unnameable = report.flatMap(PathArguments::problem);
        if (unnameable.isPresent()) {
            throw new UnnameableReport(report.get(), "environment variable " + REPORT + ": " + unnameable.get());
        }
        return Optional.of(new ContainerRun(config, pipelineType, nonBlank(env.get("pipelineRunId")),
                nonBlank(env.get("ingestionPipelineFQN")), report));
    }

    /** A {@value #REPORT} the JVM cannot name: the message is the problem's line, without what became of its mark. */
    static final class UnnameableReport extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String value;

        UnnameableReport(String value, String message) {
            super(message);
            this.value = value;
        }

        /** The variable's value, as the JVM read it. */
        String value() {
            return value;
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
