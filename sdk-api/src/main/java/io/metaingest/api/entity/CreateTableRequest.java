package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import java.util.List;

/**
 * OpenMetadata's {@code CreateTableRequest}.
 *
 * @param name the table name
 * @param displayName a display name
 * @param description the table comment
 * @param tableType the kind of table
 * @param columns the columns in ordinal order
 * @param tableConstraints primary, unique and foreign keys spanning columns
 * @param tablePartition the partitioning of a partitioned table
 * @param schemaDefinition the DDL of a view or materialized view
 * @param databaseSchema the schema's FQN
 * @param owners owners
 * @param tags tags
 * @param sourceUrl a link to the table
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTableRequest(String name, String displayName, String description, TableType tableType,
                                 List<Column> columns, List<TableConstraint> tableConstraints,
                                 TablePartition tablePartition, String schemaDefinition, String databaseSchema,
                                 List<EntityReference> owners, List<TagLabel> tags, String sourceUrl)
        implements EntityRequest {

    @Override
    public String entityType() {
        return "table";
    }

    @Override
    public String key() {
        return Fqn.append(databaseSchema, name);
    }
}
