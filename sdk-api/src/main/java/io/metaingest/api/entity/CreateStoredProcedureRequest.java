package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateStoredProcedureRequest}.
 *
 * @param name the procedure name (overloads need distinct names, e.g. with their argument types)
 * @param displayName a display name
 * @param description the comment
 * @param storedProcedureCode the language and code
 * @param storedProcedureType procedure or function
 * @param databaseSchema the schema's FQN
 * @param owners owners
 * @param tags tags
 * @param sourceUrl a link to the procedure
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateStoredProcedureRequest(String name, String displayName, String description,
                                           StoredProcedureCode storedProcedureCode,
                                           StoredProcedureType storedProcedureType, String databaseSchema,
                                           List<EntityReference> owners, List<TagLabel> tags, String sourceUrl)
        implements EntityRequest {

    @Override
    public String entityType() {
        return "storedProcedure";
    }

    @Override
    public String key() {
        return Fqn.append(databaseSchema, name);
    }

    /**
     * The body of a stored procedure.
     *
     * @param language e.g. {@code SQL}, {@code plpgsql}
     * @param code the source
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredProcedureCode(String language, String code) {
    }
}
