package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code Profiler}. Sample data and PII moved to {@link AutoClassificationConfig} in 1.6.
 *
 * @param databaseFilterPattern filter on database names
 * @param schemaFilterPattern filter on schema names
 * @param tableFilterPattern filter on table names
 * @param includeViews profile views (default false)
 * @param computeMetrics compute metrics (default true)
 * @param computeTableMetrics compute table metrics (default true)
 * @param computeColumnMetrics compute column metrics (default true)
 * @param useStatistics use database statistics instead of queries (default false)
 * @param profileSampleType PERCENTAGE or ROWS (default "PERCENTAGE")
 * @param profileSample the sample size
 * @param threadCount parallel workers (default 5)
 * @param timeoutSeconds timeout per table (default 43200)
 * @param samplingMethodType how a percentage is sampled: {@code SYSTEM} (whole pages) or {@code BERNOULLI}
 *                           (each row); null lets the connector choose
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProfilerConfig(
        FilterPattern databaseFilterPattern,
        FilterPattern schemaFilterPattern,
        FilterPattern tableFilterPattern,
        Boolean includeViews,
        Boolean computeMetrics,
        Boolean computeTableMetrics,
        Boolean computeColumnMetrics,
        Boolean useStatistics,
        String profileSampleType,
        Double profileSample,
        Integer threadCount,
        Integer timeoutSeconds,
        String samplingMethodType) implements DatabaseFilters {

    /** Applies OpenMetadata's defaults to absent fields. */
    public ProfilerConfig {
        includeViews = includeViews == null ? false : includeViews;
        computeMetrics = computeMetrics == null ? true : computeMetrics;
        computeTableMetrics = computeTableMetrics == null ? true : computeTableMetrics;
        computeColumnMetrics = computeColumnMetrics == null ? true : computeColumnMetrics;
        useStatistics = useStatistics == null ? false : useStatistics;
        profileSampleType = profileSampleType == null ? "PERCENTAGE" : profileSampleType;
        threadCount = threadCount == null ? 5 : threadCount;
        timeoutSeconds = timeoutSeconds == null ? 43200 : timeoutSeconds;
    }

    /** The configuration without a sampling method, the connector choosing it. */
    public ProfilerConfig(FilterPattern databaseFilterPattern, FilterPattern schemaFilterPattern,
                          FilterPattern tableFilterPattern, Boolean includeViews, Boolean computeMetrics,
                          Boolean computeTableMetrics, Boolean computeColumnMetrics, Boolean useStatistics,
                          String profileSampleType, Double profileSample, Integer threadCount, Integer timeoutSeconds) {
        this(databaseFilterPattern, schemaFilterPattern, tableFilterPattern, includeViews, computeMetrics,
                computeTableMetrics, computeColumnMetrics, useStatistics, profileSampleType, profileSample, threadCount,
                timeoutSeconds, null);
    }
}
