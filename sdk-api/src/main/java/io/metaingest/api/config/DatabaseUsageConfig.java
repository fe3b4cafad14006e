package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code DatabaseUsage}.
 *
 * @param queryLogDuration days of query log to read (default 1)
 * @param stageFileLocation where the stage writes its files (default "/tmp/query_log")
 * @param resultLimit maximum queries read (default 1000)
 * @param filterCondition extra SQL condition on the query log
 * @param databaseFilterPattern filter on database names
 * @param schemaFilterPattern filter on schema names
 * @param tableFilterPattern filter on table names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseUsageConfig(
        Integer queryLogDuration,
        String stageFileLocation,
        Integer resultLimit,
        String filterCondition,
        FilterPattern databaseFilterPattern,
        FilterPattern schemaFilterPattern,
        FilterPattern tableFilterPattern) implements DatabaseFilters {

    /** Applies OpenMetadata's defaults to absent fields. */
    public DatabaseUsageConfig {
        queryLogDuration = queryLogDuration == null ? 1 : queryLogDuration;
        stageFileLocation = stageFileLocation == null ? "/tmp/query_log" : stageFileLocation;
        resultLimit = resultLimit == null ? 1000 : resultLimit;
    }
}
