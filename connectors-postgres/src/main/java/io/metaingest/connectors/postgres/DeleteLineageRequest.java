package io.metaingest.connectors.postgres;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LineageSource;

/**
 * Asks the sink to remove the lineage of {@code entity} that came from {@code source} before the new
 * edges are added: how {@code overrideViewLineage: true} is carried, since OpenMetadata implements it
 * as {@code DELETE /lineage/{entityType}/name/{fqn}/type/{source}}. Written by the file sink like any
 * record. (sdk-api has no such request yet; see the package documentation.)
 *
 * @param entity the view whose upstream lineage is replaced
 * @param source which lineage to remove, {@code ViewLineage}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteLineageRequest(EntityReference entity, LineageSource source) implements EntityRequest {

    @Override
    public String entityType() {
        return "lineageDeletion";
    }

    @Override
    public String key() {
        return entity.type() + ":" + entity.fullyQualifiedName() + " <- " + source;
    }
}
