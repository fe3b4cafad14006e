package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;

/**
 * A table's {@link LifeCycle} as the usage workflow finds it in the queries of its query log. The
 * REST sink sends it as OpenMetadata's ingestion client does, as a JSON Patch of the table
 * ({@code PATCH /v1/tables/{id}}, body {@code [{"op": "add", "path": "/lifeCycle", "value": <lifeCycle>}]});
 * a file sink writes it with the table named by FQN, since ids exist only on a server.
 *
 * @param table the table
 * @param lifeCycle what its queries showed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableLifeCycleRequest(EntityReference table, LifeCycle lifeCycle) implements EntityRequest {

    @Override
    public String entityType() {
        return "tableLifeCycle";
    }

    /** The table's FQN: a table has one life cycle per run. */
    @Override
    public String key() {
        return table.fullyQualifiedName();
    }
}
