package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a lineage edge was learned. */
public enum LineageSource {
    /** Manual. */
    @JsonProperty("Manual")
    MANUAL,
    /** ViewLineage. */
    @JsonProperty("ViewLineage")
    VIEW_LINEAGE,
    /** QueryLineage. */
    @JsonProperty("QueryLineage")
    QUERY_LINEAGE,
    /** PipelineLineage. */
    @JsonProperty("PipelineLineage")
    PIPELINE_LINEAGE,
    /** DashboardLineage. */
    @JsonProperty("DashboardLineage")
    DASHBOARD_LINEAGE,
    /** DbtLineage. */
    @JsonProperty("DbtLineage")
    DBT_LINEAGE,
    /** SparkLineage. */
    @JsonProperty("SparkLineage")
    SPARK_LINEAGE,
    /** OpenLineage. */
    @JsonProperty("OpenLineage")
    OPEN_LINEAGE,
    /** ExternalTableLineage. */
    @JsonProperty("ExternalTableLineage")
    EXTERNAL_TABLE_LINEAGE,
    /** CrossDatabaseLineage. */
    @JsonProperty("CrossDatabaseLineage")
    CROSS_DATABASE_LINEAGE
}
