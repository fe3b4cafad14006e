package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code AutoClassification} (new in 1.6).
 *
 * @param databaseFilterPattern filter on database names
 * @param schemaFilterPattern filter on schema names
 * @param tableFilterPattern filter on table names
 * @param includeViews classify views (default true)
 * @param storeSampleData store sample rows (was the profiler's generateSampleData) (default true)
 * @param enableAutoClassification tag PII (was processPiiSensitive) (default false)
 * @param confidence minimum confidence of a PII tag, 0 to 100 (default 80; OpenMetadata's is a number, so 85.5 is allowed)
 * @param sampleDataCount rows sampled (default 50)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutoClassificationConfig(
        FilterPattern databaseFilterPattern,
        FilterPattern schemaFilterPattern,
        FilterPattern tableFilterPattern,
        Boolean includeViews,
        Boolean storeSampleData,
        Boolean enableAutoClassification,
        Double confidence,
        Integer sampleDataCount) implements DatabaseFilters {

    /** Applies OpenMetadata's defaults to absent fields. */
    public AutoClassificationConfig {
        includeViews = includeViews == null ? true : includeViews;
        storeSampleData = storeSampleData == null ? true : storeSampleData;
        enableAutoClassification = enableAutoClassification == null ? false : enableAutoClassification;
        confidence = confidence == null ? 80.0 : confidence;
        sampleDataCount = sampleDataCount == null ? 50 : sampleDataCount;
    }
}
