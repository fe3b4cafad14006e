package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code workflowConfig}: settings of the whole run.
 *
 * @param loggerLevel DEBUG, INFO, WARN or ERROR (default "INFO")
 * @param successThreshold the success percentage (0..100) at or above which a run with failures is a partial success (default 90)
 * @param openMetadataServerConfig the OpenMetadata server, for the REST sink
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowSettings(
        String loggerLevel,
        Integer successThreshold,
        OpenMetadataServerConfig openMetadataServerConfig) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public WorkflowSettings {
        loggerLevel = loggerLevel == null ? "INFO" : loggerLevel;
        successThreshold = successThreshold == null ? 90 : successThreshold;
    }
}
