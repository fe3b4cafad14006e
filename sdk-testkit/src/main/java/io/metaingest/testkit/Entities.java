package io.metaingest.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.ColumnTagsRequest;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.api.entity.TableSampleData;
import io.metaingest.api.entity.UsageRequest;
import io.metaingest.runtime.Mappers;
import java.util.Map;
import java.util.Optional;

/** The entity shapes of {@code sdk-api}, by the {@code entityType} the file sink writes. */
final class Entities {

    static final Map<String, Class<? extends EntityRequest>> SHAPES = Map.ofEntries(
            Map.entry("database", CreateDatabaseRequest.class),
            Map.entry("databaseSchema", CreateDatabaseSchemaRequest.class),
            Map.entry("table", CreateTableRequest.class),
            Map.entry("storedProcedure", CreateStoredProcedureRequest.class),
            Map.entry("pipeline", CreatePipelineRequest.class),
            Map.entry("pipelineStatus", AddPipelineStatusRequest.class),
            Map.entry("dashboard", CreateDashboardRequest.class),
            Map.entry("chart", CreateChartRequest.class),
            Map.entry("dashboardDataModel", CreateDashboardDataModelRequest.class),
            Map.entry("lineage", AddLineageRequest.class),
            Map.entry("usage", UsageRequest.class),
            Map.entry("tableJoins", TableJoinsRequest.class),
            Map.entry("tableLifeCycle", io.metaingest.api.entity.TableLifeCycleRequest.class),
            Map.entry("tableQuery", TableQuery.class),
            Map.entry("query", CreateQueryRequest.class),
            Map.entry("tableProfile", CreateTableProfileRequest.class),
            Map.entry("sampleData", TableSampleData.class),
            Map.entry("columnTags", ColumnTagsRequest.class));

    /** Strict: a field the entity does not have is an error, as it would be for OpenMetadata. */
    private static final ObjectMapper STRICT = Mappers.standard()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Entities() {
    }

    /**
     * Binds one NDJSON line ({@code {"entityType", "entity"}}) to its entity record.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    static EntityRequest bind(JsonNode line) {
        String type = line.path("entityType").asText("");
        Class<? extends EntityRequest> shape = SHAPES.get(type);
        if (shape == null) {
            throw new IllegalArgumentException("unknown entityType '" + type + "' (known: "
                    + new java.util.TreeSet<>(SHAPES.keySet()) + ")");
        }
        if (!line.path("entity").isObject()) {
            throw new IllegalArgumentException("'entity' is not an object");
        }
        try {
            return STRICT.treeToValue(line.get("entity"), shape);
        } catch (Exception e) {
            throw new IllegalArgumentException("does not fit " + shape.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The entity's identity for diffs: {@code type key}, or empty when the line cannot be bound. */
    static Optional<String> identity(JsonNode line) {
        try {
            EntityRequest entity = bind(line);
            return Optional.of(entity.entityType() + " " + entity.key());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
