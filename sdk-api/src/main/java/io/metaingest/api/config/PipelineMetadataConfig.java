package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code PipelineMetadata}.
 *
 * @param includeLineage emit lineage (default true)
 * @param includeOwners ingest owners (default true)
 * @param includeTags ingest tags (default true)
 * @param pipelineFilterPattern filter on pipeline names (Fivetran: display names since 1.6)
 * @param lineageInformation services searched for lineage ends (default new LineageInformation(null, null))
 * @param overrideLineage replace lineage already on the server (default false)
 * @param markDeletedPipelines mark missing pipelines as deleted (default true)
 * @param includeUnDeployedPipelines ingest pipelines that are not deployed (default true)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineMetadataConfig(
        Boolean includeLineage,
        Boolean includeOwners,
        Boolean includeTags,
        FilterPattern pipelineFilterPattern,
        LineageInformation lineageInformation,
        Boolean overrideLineage,
        Boolean markDeletedPipelines,
        Boolean includeUnDeployedPipelines) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public PipelineMetadataConfig {
        includeLineage = includeLineage == null ? true : includeLineage;
        includeOwners = includeOwners == null ? true : includeOwners;
        includeTags = includeTags == null ? true : includeTags;
        lineageInformation = lineageInformation == null ? new LineageInformation(null, null) : lineageInformation;
        overrideLineage = overrideLineage == null ? false : overrideLineage;
        markDeletedPipelines = markDeletedPipelines == null ? true : markDeletedPipelines;
        includeUnDeployedPipelines = includeUnDeployedPipelines == null ? true : includeUnDeployedPipelines;
    }
}
