package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateDatabaseSchemaRequest}.
 *
 * @param name the schema name
 * @param displayName a display name
 * @param description the description
 * @param database the database's FQN
 * @param sourceUrl a link to the schema
 * @param tags tags
 * @param owners owners
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateDatabaseSchemaRequest(String name, String displayName, String description, String database,
                                          String sourceUrl, List<TagLabel> tags, List<EntityReference> owners)
        implements EntityRequest {

    @Override
    public String entityType() {
        return "databaseSchema";
    }

    @Override
    public String key() {
        return Fqn.append(database, name);
    }
}
