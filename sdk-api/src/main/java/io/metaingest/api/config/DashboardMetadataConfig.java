package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.FilterPattern;

/**
 * {@code sourceConfig.config} of type {@code DashboardMetadata}.
 *
 * @param dashboardFilterPattern filter on dashboard names
 * @param chartFilterPattern filter on chart names
 * @param projectFilterPattern filter on project names
 * @param includeOwners ingest owners (default false)
 * @param includeTags ingest tags (default true)
 * @param lineageInformation services searched for lineage ends (default new LineageInformation(null, null))
 * @param markDeletedDashboards mark missing dashboards as deleted (default true)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DashboardMetadataConfig(
        FilterPattern dashboardFilterPattern,
        FilterPattern chartFilterPattern,
        FilterPattern projectFilterPattern,
        Boolean includeOwners,
        Boolean includeTags,
        LineageInformation lineageInformation,
        Boolean markDeletedDashboards) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public DashboardMetadataConfig {
        includeOwners = includeOwners == null ? false : includeOwners;
        includeTags = includeTags == null ? true : includeTags;
        lineageInformation = lineageInformation == null ? new LineageInformation(null, null) : lineageInformation;
        markDeletedDashboards = markDeletedDashboards == null ? true : markDeletedDashboards;
    }
}
