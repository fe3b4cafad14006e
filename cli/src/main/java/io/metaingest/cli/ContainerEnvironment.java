package io.metaingest.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaingest.runtime.config.WorkflowLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs as OpenMetadata's ingestion container does, so an orchestrator (OpenMetadata's Kubernetes
 * runner, Airflow's KubernetesPodOperator, a plain Kubernetes Job) can start the distribution
 * unchanged: with no arguments and the workflow YAML in the environment variable {@code config},
 * the command is {@code ingest} on that workflow, with {@code pipelineRunId} and
 * {@code ingestionPipelineFQN} from the environment when the workflow lacks them.
 */
final class ContainerEnvironment {

    /** OpenMetadata's {@code pipelineType} values. */
    static final Set<String> PIPELINE_TYPES = Set.of("metadata", "usage", "lineage", "profiler", "autoClassification",
            "TestSuite", "dbt", "elasticSearchReindex", "dataInsight", "application");

    private ContainerEnvironment() {
    }

    /**
     * The command line the environment asks for, or empty when it names no workflow.
     *
     * @param env the environment
     * @param folder where the workflow is written (readable by the owner only, deleted at exit)
     * @throws IllegalArgumentException for a {@code config} that is not valid YAML or not a mapping, or an unknown
     *                                  {@code pipelineType}
     */
    static Optional<String[]> arguments(Map<String, String> env, Path folder) throws IOException {
        String config = env.get("config");
        if (config == null || config.isBlank()) {
            return Optional.empty();
        }
        String pipelineType = env.get("pipelineType");
        if (pipelineType != null && !PIPELINE_TYPES.contains(pipelineType)) {
            throw new IllegalArgumentException("environment variable pipelineType: '" + pipelineType
                    + "' is not one of " + new java.util.TreeSet<>(PIPELINE_TYPES));
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode workflow;
        try {
            workflow = yaml.readTree(config);
        } catch (JsonProcessingException e) {
            // One line, as for a workflow file: where, and the parser's first line (never the text around it).
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("environment variable config" + (at == null ? "" : ", line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": not valid YAML: " + WorkflowLoader.parserMessage(e));
        }
        if (!(workflow instanceof ObjectNode root)) {
            throw new IllegalArgumentException("environment variable config: not a YAML workflow (a mapping with source, sink, workflowConfig)");
        }
        for (String key : new String[] {"pipelineRunId", "ingestionPipelineFQN"}) {
            String value = env.get(key);
            if (value != null && !value.isBlank() && !root.hasNonNull(key)) {
                root.put(key, value);
            }
        }
        Path file = Files.createTempFile(folder, "workflow-", ".yaml");
        file.toFile().deleteOnExit();
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the temporary folder is the user's own.
        }
        yaml.writeValue(file.toFile(), root);
        return Optional.of(new String[] {"ingest", "-c", file.toString()});
    }
}
