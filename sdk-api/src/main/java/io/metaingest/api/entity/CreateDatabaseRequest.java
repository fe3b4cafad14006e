package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateDatabaseRequest}.
 *
 * @param name the database name
 * @param displayName a display name
 * @param description the description
 * @param service the database service's name
 * @param sourceUrl a link to the database in its own tool
 * @param tags tags
 * @param owners owners
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDatabaseRequest(String name, String displayName, String description, String service,
                                    String sourceUrl, List<TagLabel> tags, List<EntityReference> owners)
        implements EntityRequest {

    @Override
    public String entityType() {
        return "database";
    }

    @Override
    public String key() {
        return Fqn.build(service, name);
    }
}
