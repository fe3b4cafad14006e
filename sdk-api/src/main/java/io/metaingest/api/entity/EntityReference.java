package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A reference to another entity. Outside a server only {@code type} and {@code fullyQualifiedName}
 * are known; the REST sink resolves them to ids.
 *
 * @param id the entity's id, when known
 * @param type the entity type, e.g. {@code table} or {@code user}
 * @param name the entity's name
 * @param fullyQualifiedName the entity's FQN
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityReference(String id, String type, String name, String fullyQualifiedName) {

    /** A reference by type and FQN. */
    public static EntityReference byFqn(String type, String fqn) {
        return new EntityReference(null, type, null, fqn);
    }

    /** A reference to a user or team by name (owners). */
    public static EntityReference byName(String type, String name) {
        return new EntityReference(null, type, name, null);
    }
}
