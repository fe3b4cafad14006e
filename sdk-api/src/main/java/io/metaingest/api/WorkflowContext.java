package io.metaingest.api;

/**
 * Facts about the running workflow that steps may inject.
 *
 * @param serviceName {@code source.serviceName}: the OpenMetadata service the entities belong to
 * @param sourceType {@code source.type}, e.g. {@code postgres-lineage}
 * @param kind the workflow kind
 * @param pipelineRunId the run's id (a UUID), from the config or generated
 */
public record WorkflowContext(String serviceName, String sourceType, WorkflowKind kind, String pipelineRunId) {
}
