package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code DatabaseLineage}.
 *
 * @param queryLogDuration days of query log to read (default 1)
 * @param resultLimit maximum queries read (default 1000)
 * @param parsingTimeoutLimit seconds allowed to parse one query (default 300)
 * @param filterCondition extra SQL condition on the query log
 * @param databaseFilterPattern filter on database names
 * @param schemaFilterPattern filter on schema names
 * @param tableFilterPattern filter on table names
 * @param overrideViewLineage replace view lineage already on the server (default false)
 * @param processViewLineage emit view lineage (default true)
 * @param processQueryLineage emit lineage from the query log (default true)
 * @param processStoredProcedureLineage emit lineage from stored procedures (default true)
 * @param threads parallel workers (default 1)
 * @param processCrossDatabaseLineage resolve tables of other services (default false)
 * @param crossDatabaseServiceNames services searched for cross-database lineage (default java.util.List.of())
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseLineageConfig(
        Integer queryLogDuration,
        Integer resultLimit,
        Integer parsingTimeoutLimit,
        String filterCondition,
        FilterPattern databaseFilterPattern,
        FilterPattern schemaFilterPattern,
        FilterPattern tableFilterPattern,
        Boolean overrideViewLineage,
        Boolean processViewLineage,
        Boolean processQueryLineage,
        Boolean processStoredProcedureLineage,
        Integer threads,
        Boolean processCrossDatabaseLineage,
        java.util.List<String> crossDatabaseServiceNames) implements DatabaseFilters {

    /** Applies OpenMetadata's defaults to absent fields. */
    public DatabaseLineageConfig {
        queryLogDuration = queryLogDuration == null ? 1 : queryLogDuration;
        resultLimit = resultLimit == null ? 1000 : resultLimit;
        parsingTimeoutLimit = parsingTimeoutLimit == null ? 300 : parsingTimeoutLimit;
        overrideViewLineage = overrideViewLineage == null ? false : overrideViewLineage;
        processViewLineage = processViewLineage == null ? true : processViewLineage;
        processQueryLineage = processQueryLineage == null ? true : processQueryLineage;
        processStoredProcedureLineage = processStoredProcedureLineage == null ? true : processStoredProcedureLineage;
        threads = threads == null ? 1 : threads;
        processCrossDatabaseLineage = processCrossDatabaseLineage == null ? false : processCrossDatabaseLineage;
        crossDatabaseServiceNames = crossDatabaseServiceNames == null ? java.util.List.of() : crossDatabaseServiceNames;
    }
}
