package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.EntityRequest;
import java.util.List;
import java.util.Objects;

/**
 * Tags to add to columns of a table, as an auto-classification finds them (OpenMetadata applies them
 * with a JSON Patch of the table, {@code PATCH /v1/tables/{id}}). Each column says how confident the
 * finding is and why; neither {@code confidence} nor {@code reason} is sent to the server.
 *
 * @param table the table
 * @param columns the tagged columns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnTagsRequest(EntityReference table, List<ColumnTags> columns) implements EntityRequest {

    /** Checks and copies. */
    public ColumnTagsRequest {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
    }

    /**
     * The tags of one column.
     *
     * @param name the column's name
     * @param tags the tags to add
     * @param confidence the confidence of the finding, 0 to 100
     * @param reason what was found, e.g. {@code email address in 48 of 50 sampled values} (never a value)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ColumnTags(String name, List<TagLabel> tags, int confidence, String reason) {
        /** Copies. */
        public ColumnTags {
            Objects.requireNonNull(name, "name");
            tags = List.copyOf(tags);
        }
    }

    @Override
    public String entityType() {
        return "columnTags";
    }

    @Override
    public String key() {
        return table.fullyQualifiedName();
    }
}
