package io.metaingest.openmetadata;

import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.PipelineMetadataConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * Which entity types the {@code metadata-rest} sink marks deleted after a successful run, from the
 * source config's {@code markDeleted…} fields: {@code table} ({@code markDeletedTables} and
 * {@code includeTables}), {@code storedProcedure} ({@code markDeletedStoredProcedures} and
 * {@code includeStoredProcedures}), {@code pipeline} ({@code markDeletedPipelines}),
 * {@code dashboard} ({@code markDeletedDashboards}) and {@code dashboardDataModel}
 * ({@code markDeletedDataModels} and {@code includeDataModels}). A kind the run does not ingest is
 * never marked, as nothing of it was seen. Other workflow kinds (lineage, usage, profiler, …) mark nothing.
 *
 * @param entityTypes the entity types to mark
 */
public record MarkDeletedPolicy(Set<String> entityTypes) {

    /** Copies the set. */
    public MarkDeletedPolicy {
        entityTypes = Set.copyOf(entityTypes);
    }

    /** Marks nothing. */
    public static MarkDeletedPolicy none() {
        return new MarkDeletedPolicy(Set.of());
    }

    /** The policy of a bound {@code sourceConfig.config} record. */
    public static MarkDeletedPolicy of(Object sourceConfig) {
        Set<String> types = new HashSet<>();
        if (sourceConfig instanceof DatabaseMetadataConfig database) {
            if (database.markDeletedTables() && database.includeTables()) {
                types.add("table");
            }
            if (database.markDeletedStoredProcedures() && database.includeStoredProcedures()) {
                types.add("storedProcedure");
            }
        } else if (sourceConfig instanceof PipelineMetadataConfig pipeline && pipeline.markDeletedPipelines()) {
            types.add("pipeline");
        } else if (sourceConfig instanceof DashboardMetadataConfig dashboard) {
            if (dashboard.markDeletedDashboards()) {
                types.add("dashboard");
            }
            if (dashboard.markDeletedDataModels() && dashboard.includeDataModels()) {
                types.add("dashboardDataModel");
            }
        }
        return new MarkDeletedPolicy(types);
    }

    /** The source config's setting that marks {@code entityType}, e.g. {@code source.sourceConfig.config.markDeletedTables}. */
    public static String setting(String entityType) {
        String field = switch (entityType) {
            case "table" -> "markDeletedTables";
            case "storedProcedure" -> "markDeletedStoredProcedures";
            case "pipeline" -> "markDeletedPipelines";
            case "dashboard" -> "markDeletedDashboards";
            case "dashboardDataModel" -> "markDeletedDataModels";
            default -> throw new IllegalArgumentException("no mark-deleted setting for " + entityType);
        };
        return "source.sourceConfig.config." + field;
    }

    /** Whether entities of this type are marked. */
    public boolean marks(String entityType) {
        return entityTypes.contains(entityType);
    }
}
