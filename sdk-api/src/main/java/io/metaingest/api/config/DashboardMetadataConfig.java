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
 * @param dataModelFilterPattern filter on data model names
 * @param includeDataModels ingest data models and their lineage (default true)
 * @param markDeletedDataModels mark missing data models deleted (default true; only while
 *                              {@code includeDataModels})
 * @param includeDraftDashboard OpenMetadata's flag for draft dashboards (default true); accepted, not used
 * @param overrideMetadata whether descriptions found replace edited ones (only false is accepted)
 * @param overrideLineage whether lineage found replaces edited lineage (only false is accepted)
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
        Boolean markDeletedDashboards,
        FilterPattern dataModelFilterPattern,
        Boolean includeDataModels,
        Boolean markDeletedDataModels,
        Boolean includeDraftDashboard,
        Boolean overrideMetadata,
        Boolean overrideLineage) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public DashboardMetadataConfig {
        includeOwners = includeOwners == null ? false : includeOwners;
        includeTags = includeTags == null ? true : includeTags;
        lineageInformation = lineageInformation == null ? new LineageInformation(null, null) : lineageInformation;
        markDeletedDashboards = markDeletedDashboards == null ? true : markDeletedDashboards;
        includeDataModels = includeDataModels == null ? true : includeDataModels;
        markDeletedDataModels = markDeletedDataModels == null ? true : markDeletedDataModels;
        includeDraftDashboard = includeDraftDashboard == null ? true : includeDraftDashboard;
        overrideMetadata = overrideMetadata != null && overrideMetadata;
        overrideLineage = overrideLineage != null && overrideLineage;
    }

    /** A config that leaves the data-model fields and the override flags at their defaults. */
    public DashboardMetadataConfig(FilterPattern dashboardFilterPattern, FilterPattern chartFilterPattern,
                                   FilterPattern projectFilterPattern, Boolean includeOwners, Boolean includeTags,
                                   LineageInformation lineageInformation, Boolean markDeletedDashboards) {
        this(dashboardFilterPattern, chartFilterPattern, projectFilterPattern, includeOwners, includeTags,
                lineageInformation, markDeletedDashboards, null, null, null, null, null, null);
    }
}
