package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code DatabaseMetadata}. There is no {@code overrideViewLineage}: 1.6 moved it to {@link DatabaseLineageConfig}.
 *
 * @param markDeletedTables mark tables missing from the source as deleted (default true)
 * @param markDeletedStoredProcedures mark missing stored procedures as deleted (default true)
 * @param includeTables ingest tables (default true)
 * @param includeViews ingest views (default true)
 * @param includeTags ingest tags (default true)
 * @param includeOwners ingest owners (default false)
 * @param includeStoredProcedures ingest stored procedures and functions (default true)
 * @param includeDDL keep DDL (default false)
 * @param overrideMetadata overwrite descriptions and tags already on the server (default false)
 * @param useFqnForFiltering match filter patterns against FQNs instead of names (default false)
 * @param databaseFilterPattern filter on database names
 * @param schemaFilterPattern filter on schema names
 * @param tableFilterPattern filter on table names
 * @param storedProcedureFilterPattern filter on storedProcedure names
 * @param threads parallel workers (default 1)
 * @param incremental incremental extraction settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatabaseMetadataConfig(
        Boolean markDeletedTables,
        Boolean markDeletedStoredProcedures,
        Boolean includeTables,
        Boolean includeViews,
        Boolean includeTags,
        Boolean includeOwners,
        Boolean includeStoredProcedures,
        Boolean includeDDL,
        Boolean overrideMetadata,
        Boolean useFqnForFiltering,
        FilterPattern databaseFilterPattern,
        FilterPattern schemaFilterPattern,
        FilterPattern tableFilterPattern,
        FilterPattern storedProcedureFilterPattern,
        Integer threads,
        IncrementalConfig incremental) implements DatabaseFilters {

    /** Applies OpenMetadata's defaults to absent fields. */
    public DatabaseMetadataConfig {
        markDeletedTables = markDeletedTables == null ? true : markDeletedTables;
        markDeletedStoredProcedures = markDeletedStoredProcedures == null ? true : markDeletedStoredProcedures;
        includeTables = includeTables == null ? true : includeTables;
        includeViews = includeViews == null ? true : includeViews;
        includeTags = includeTags == null ? true : includeTags;
        includeOwners = includeOwners == null ? false : includeOwners;
        includeStoredProcedures = includeStoredProcedures == null ? true : includeStoredProcedures;
        includeDDL = includeDDL == null ? false : includeDDL;
        overrideMetadata = overrideMetadata == null ? false : overrideMetadata;
        useFqnForFiltering = useFqnForFiltering == null ? false : useFqnForFiltering;
        threads = threads == null ? 1 : threads;
    }
}
