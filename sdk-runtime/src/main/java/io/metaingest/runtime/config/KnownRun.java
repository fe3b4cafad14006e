package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.config.WorkflowSettings;

/**
 * What a workflow file that could not be loaded (or was refused once it loaded) still says about its run, for the
 * report of the run it refused: an orchestrator then finds the run by its id and service, as it does a run that started.
 *
 * @param serviceName {@code source.serviceName}, or null when the file has none
 * @param pipelineRunId {@code pipelineRunId}, or null when the file has none (a run that loads gets a generated one)
 * @param successThreshold {@code workflowConfig.successThreshold} when it is a whole number from 0 to 100, else the default
 * @param sourceType {@code source.type}, or null when the file has none
 */
public record KnownRun(String serviceName, String pipelineRunId, int successThreshold, String sourceType) {

    /** Nothing known: the file did not parse. The threshold is the default a loaded file would have had. */
    public static final KnownRun NONE = new KnownRun(null, null, defaultThreshold(), null);

    /** What {@code root}, the parsed (and substituted) workflow, says, each value only when it is of its type. */
    static KnownRun of(JsonNode root) {
        JsonNode threshold = root.path("workflowConfig").path("successThreshold");
        return new KnownRun(text(root.path("source").path("serviceName")), text(root.path("pipelineRunId")),
                threshold.canConvertToExactIntegral() && threshold.asInt(-1) >= 0 && threshold.asInt(-1) <= 100
                        ? threshold.asInt() : defaultThreshold(), text(root.path("source").path("type")));
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static int defaultThreshold() {
        // WorkflowSettings holds the default: a file without the field binds to it.
        return new WorkflowSettings(null, null, null).successThreshold();
    }
}
