package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Incremental metadata extraction settings.
 *
 * @param enabled whether to extract only what changed (default false)
 * @param lookbackDays days to look back (default 7)
 * @param safetyMarginDays extra days of margin (default 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IncrementalConfig(
        Boolean enabled,
        Integer lookbackDays,
        Integer safetyMarginDays) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public IncrementalConfig {
        enabled = enabled == null ? false : enabled;
        lookbackDays = lookbackDays == null ? 7 : lookbackDays;
        safetyMarginDays = safetyMarginDays == null ? 1 : safetyMarginDays;
    }
}
