package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;

/**
 * OpenMetadata's {@code AddLineageRequest}: one edge between two entities.
 *
 * @param edge the edge
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AddLineageRequest(EntitiesEdge edge) implements EntityRequest {

    /** An edge from one table to another, with optional details. */
    public static AddLineageRequest between(EntityReference from, EntityReference to, LineageDetails details) {
        return new AddLineageRequest(new EntitiesEdge(from, to, null, details));
    }

    @Override
    public String entityType() {
        return "lineage";
    }

    @Override
    public String key() {
        return name(edge.fromEntity()) + " -> " + name(edge.toEntity());
    }

    private static String name(EntityReference ref) {
        return ref.type() + ":" + (ref.fullyQualifiedName() != null ? ref.fullyQualifiedName() : ref.id());
    }

    /**
     * The edge.
     *
     * @param fromEntity upstream entity
     * @param toEntity downstream entity
     * @param description a description
     * @param lineageDetails query, column lineage and origin
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntitiesEdge(EntityReference fromEntity, EntityReference toEntity, String description,
                               LineageDetails lineageDetails) {
    }

    /**
     * Details of an edge.
     *
     * @param sqlQuery the query that creates the flow
     * @param columnsLineage column-level lineage
     * @param pipeline the pipeline that moves the data
     * @param description a description
     * @param source where the lineage was learned
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineageDetails(String sqlQuery, List<ColumnLineage> columnsLineage, EntityReference pipeline,
                                 String description, LineageSource source) {
    }

    /**
     * Column lineage: the columns a downstream column is computed from.
     *
     * @param fromColumns FQNs of upstream columns
     * @param toColumn FQN of the downstream column
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnLineage(List<String> fromColumns, String toColumn) {
    }
}
