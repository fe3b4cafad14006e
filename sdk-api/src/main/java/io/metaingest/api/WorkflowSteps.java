package io.metaingest.api;

import java.util.Optional;

/**
 * The step types a workflow names after its source, for a source whose output depends on them: a
 * usage source emits the query log's entries for OpenMetadata's {@code query-parser}, and the
 * finished usage when it writes straight to a sink. Steps may inject it.
 *
 * @param processor {@code processor.type}, or null
 * @param stage {@code stage.type}, or null
 * @param bulkSink {@code bulkSink.type}, or null
 * @param sink {@code sink.type}, or null
 */
public record WorkflowSteps(String processor, String stage, String bulkSink, String sink) {

    /** The processor's type, if the workflow has one. */
    public Optional<String> processorType() {
        return Optional.ofNullable(processor);
    }
}
