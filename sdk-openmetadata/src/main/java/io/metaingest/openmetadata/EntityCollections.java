package io.metaingest.openmetadata;

import io.metaingest.api.ServiceCategory;
import java.util.Map;
import java.util.Optional;

/**
 * Where each OpenMetadata entity type lives under {@code /v1}: the one table of paths the sink,
 * the reference resolver and the service reader share.
 */
public final class EntityCollections {

    private static final Map<String, String> BY_TYPE = Map.ofEntries(
            Map.entry("databaseService", "/v1/services/databaseServices"),
            Map.entry("pipelineService", "/v1/services/pipelineServices"),
            Map.entry("dashboardService", "/v1/services/dashboardServices"),
            Map.entry("messagingService", "/v1/services/messagingServices"),
            Map.entry("mlmodelService", "/v1/services/mlmodelServices"),
            Map.entry("storageService", "/v1/services/storageServices"),
            Map.entry("searchService", "/v1/services/searchServices"),
            Map.entry("apiService", "/v1/services/apiServices"),
            Map.entry("database", "/v1/databases"),
            Map.entry("databaseSchema", "/v1/databaseSchemas"),
            Map.entry("table", "/v1/tables"),
            Map.entry("storedProcedure", "/v1/storedProcedures"),
            Map.entry("pipeline", "/v1/pipelines"),
            Map.entry("dashboard", "/v1/dashboards"),
            Map.entry("dashboardDataModel", "/v1/dashboard/datamodels"),
            Map.entry("chart", "/v1/charts"),
            Map.entry("query", "/v1/queries"),
            Map.entry("topic", "/v1/topics"),
            Map.entry("mlmodel", "/v1/mlmodels"),
            Map.entry("container", "/v1/containers"),
            Map.entry("user", "/v1/users"),
            Map.entry("classification", "/v1/classifications"),
            Map.entry("tag", "/v1/tags"),
            Map.entry("team", "/v1/teams"),
            Map.entry("ingestionPipeline", "/v1/services/ingestionPipelines"));

    private static final Map<ServiceCategory, String> SERVICE_TYPE = Map.of(
            ServiceCategory.DATABASE, "databaseService",
            ServiceCategory.PIPELINE, "pipelineService",
            ServiceCategory.DASHBOARD, "dashboardService",
            ServiceCategory.MESSAGING, "messagingService",
            ServiceCategory.ML_MODEL, "mlmodelService",
            ServiceCategory.STORAGE, "storageService",
            ServiceCategory.SEARCH, "searchService",
            ServiceCategory.API, "apiService");

    private EntityCollections() {
    }

    /** The collection path of an entity type, e.g. {@code /v1/tables} for {@code table}. */
    public static Optional<String> of(String entityType) {
        return Optional.ofNullable(BY_TYPE.get(entityType));
    }

    /** The entity type of a service category's services, e.g. {@code databaseService}. */
    public static String serviceEntityType(ServiceCategory category) {
        return SERVICE_TYPE.get(category);
    }

    /** {@code GET} path of an entity by FQN (or, for users and teams, by name). */
    public static Optional<String> byName(String entityType, String fqn) {
        return of(entityType).map(path -> path + "/name/" + OpenMetadataClient.segment(fqn));
    }
}
