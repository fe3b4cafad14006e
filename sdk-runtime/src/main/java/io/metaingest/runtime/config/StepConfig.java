package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.exec.StepCatalog;

/**
 * A configured processor, sink, stage or bulk sink.
 *
 * @param type the resolved step type
 * @param config its validated {@code config} (an empty object when absent)
 */
public record StepConfig(StepCatalog.StepType type, JsonNode config) {
}
