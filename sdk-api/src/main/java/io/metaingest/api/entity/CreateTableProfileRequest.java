package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;
import java.util.Objects;

/**
 * OpenMetadata's {@code CreateTableProfileRequest}, sent with {@code PUT /v1/tables/{id}/tableProfile}.
 * {@code table} names the table of the call's path (by FQN; the REST sink resolves its id) and is not
 * part of the request body; {@code tableProfile} and {@code columnProfile} are the body.
 *
 * @param table the profiled table
 * @param tableProfile the table's metrics
 * @param columnProfile one profile per profiled column
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateTableProfileRequest(EntityReference table, TableProfile tableProfile,
                                        List<ColumnProfile> columnProfile) implements EntityRequest {

    /** Checks and copies. */
    public CreateTableProfileRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(tableProfile, "tableProfile");
        columnProfile = columnProfile == null ? null : List.copyOf(columnProfile);
    }

    @Override
    public String entityType() {
        return "tableProfile";
    }

    @Override
    public String key() {
        return table.fullyQualifiedName();
    }
}
