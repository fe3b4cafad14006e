package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.OutputCheck;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.KnownRun;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowYaml;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run the container environment asks for ({@link ContainerEnvironment}).
 *
 * @param text {@code config}'s text, the workflow as it is
 * @param pipelineType {@code pipelineType}, when set
 * @param pipelineRunId {@code pipelineRunId}, when set: the run's id unless the workflow names one
 * @param ingestionPipelineFqn {@code ingestionPipelineFQN}, when set: used unless the workflow names one
 * @param report {@value ContainerEnvironment#REPORT}, when set: the run's status file, as {@code --report} names it
 */
record ContainerRun(String text, Optional<String> pipelineType, Optional<String> pipelineRunId,
                    Optional<String> ingestionPipelineFqn, Optional<String> report) {

    /** The workflow schema's pattern of {@code pipelineRunId}. */
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * What the loader names the workflow held in memory, and the {@code -c} of the container's command
     * line ({@link Main#container(Path)} recognises it; no file of that name is read).
     */
    static final String SOURCE = "$config";

    /** How a problem of the report names it: the user set that variable, not {@code --report}. */
    static final String REPORT_NAME = "environment variable " + ContainerEnvironment.REPORT;

    /** The command line: {@code ingest -c $config}, with {@code --report FILE} when the environment names one. */
    String[] arguments() {
        return report.map(file -> new String[] {"ingest", "-c", SOURCE, "--report", file})
                .orElse(new String[] {"ingest", "-c", SOURCE});
    }

    /**
     * The problems as the user should read them: the workflow's name in the loader's problems is
     * replaced by the environment variable's, its line numbers being the variable's own.
     */
    InvalidConfigException named(InvalidConfigException e) {
        Pattern position = Pattern.compile(Pattern.quote(SOURCE) + "(?::(\\d+))?(?::(\\d+))?");
        return new InvalidConfigException(e.problems().stream()
                .map(p -> new ConfigProblem(p.path().equals("--report") ? REPORT_NAME : rename(p.path(), position),
                        rename(p.message(), position)))
                .toList(), e.connectionFailure()).knowing(e.known()).masking(e.masker());
    }

    /**
     * What a refused workflow said about its run, with the environment's run id where it names none (and the
     * id is one the workflow schema takes): the report of the refused run has the id an orchestrator looks for.
     */
    KnownRun known(KnownRun fromFile) {
        if (fromFile.pipelineRunId() != null || pipelineRunId.isEmpty() || !UUID.matcher(pipelineRunId.get()).matches()) {
            return fromFile;
        }
        return new KnownRun(fromFile.serviceName(), pipelineRunId.get(), fromFile.successThreshold(), fromFile.sourceType());
    }

    private static String rename(String text, Pattern position) {
        if (text == null) {
            return null;
        }
        Matcher m = position.matcher(text);
        StringBuilder named = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(named, Matcher.quoteReplacement(ContainerEnvironment.CONFIG_NAME
                    + (m.group(1) == null ? "" : ", line " + m.group(1))
                    + (m.group(2) == null ? "" : ", column " + m.group(2))));
        }
        m.appendTail(named);
        return named.toString();
    }

    /**
     * A {@code pipelineType} that contradicts the workflow: OpenMetadata's image would run another
     * workflow class for it, so the Job most likely has the wrong ConfigMap.
     */
    Optional<ConfigProblem> pipelineTypeProblem(SourceConfigType type) {
        if (pipelineType.isEmpty() || ContainerEnvironment.PIPELINE_TYPES.get(pipelineType.get()).contains(type.typeName())) {
            return Optional.empty();
        }
        String fitting = ContainerEnvironment.PIPELINE_TYPES.entrySet().stream()
                .filter(e -> e.getValue().contains(type.typeName())).map(e -> "'" + e.getKey() + "'")
                .reduce((a, b) -> a + " or " + b).orElse("(none)");
        return Optional.of(new ConfigProblem("environment variable pipelineType", "'" + pipelineType.get()
                + "' does not fit the workflow in config (source.sourceConfig.config.type '" + type.typeName()
                + "'; pipelineType '" + pipelineType.get() + "' runs " + new TreeSet<>(ContainerEnvironment.PIPELINE_TYPES
                .get(pipelineType.get())) + "); set pipelineType to " + fitting + " or give config the "
                + pipelineType.get() + " workflow"));
    }

    /**
     * The workflow with the environment's run id and ingestion pipeline where its text names none.
     * Read after loading: the text has passed every check by then.
     */
    LoadedWorkflow withRunIds(LoadedWorkflow workflow) throws IOException, InvalidConfigException {
        if (pipelineRunId.isEmpty() && ingestionPipelineFqn.isEmpty()) {
            return workflow;
        }
        JsonNode root = WorkflowYaml.readTree(text);
        WorkflowContext context = workflow.context();
        boolean runIdGiven = workflow.runIdGiven();
        if (pipelineRunId.isPresent() && !root.hasNonNull("pipelineRunId")) {
            if (!UUID.matcher(pipelineRunId.get()).matches()) {
                throw new InvalidConfigException(List.of(new ConfigProblem("environment variable pipelineRunId",
                        "'" + pipelineRunId.get() + "' is not a UUID; use one such as 123e4567-e89b-12d3-a456-426614174000")));
            }
            context = new WorkflowContext(context.serviceName(), context.sourceType(), context.kind(), pipelineRunId.get());
            runIdGiven = true;
        }
        Optional<String> fqn = workflow.ingestionPipelineFqn().isPresent() ? workflow.ingestionPipelineFqn()
                : ingestionPipelineFqn;
        LoadedWorkflow withIds = new LoadedWorkflow(workflow.spec(), workflow.sourceConfigType(), workflow.sourceClass(),
                workflow.connection(), workflow.connectionOrigin(), workflow.sourceConfig(), workflow.settings(), context, workflow.processor(),
                workflow.sink(), workflow.stage(), workflow.bulkSink(), workflow.warnings(), workflow.secrets(),
                workflow.masker(), fqn, runIdGiven, workflow.unchecked());
        Optional<ConfigProblem> server = OutputCheck.serverProblem(withIds, workflow.ingestionPipelineFqn().isPresent()
                ? "ingestionPipelineFQN" : "the ingestionPipelineFQN environment variable");
        if (server.isPresent()) {
            throw new InvalidConfigException(List.of(server.get()));
        }
        return withIds;
    }
}
