package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A table column, as in OpenMetadata's {@code table.json#/definitions/column}.
 *
 * @param name the column name
 * @param displayName a display name
 * @param dataType OpenMetadata's data type
 * @param arrayDataType the element type of an {@link DataType#ARRAY}
 * @param dataLength the declared length (characters), when it has one
 * @param precision numeric precision
 * @param scale numeric scale
 * @param dataTypeDisplay the type as the database prints it, e.g. {@code character varying(64)}
 * @param description the column comment
 * @param constraint the column's own constraint
 * @param ordinalPosition 1-based position
 * @param children nested fields of a struct-like column
 * @param tags tags
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Column(String name, String displayName, DataType dataType, DataType arrayDataType, Integer dataLength,
                     Integer precision, Integer scale, String dataTypeDisplay, String description,
                     ColumnConstraint constraint, Integer ordinalPosition, List<Column> children,
                     List<TagLabel> tags) {

    /** A column with just a name and a type, for tests and simple sources. */
    public static Column of(String name, DataType dataType, int ordinalPosition) {
        return new Column(name, null, dataType, null, null, null, null, dataType.name().toLowerCase(), null,
                null, ordinalPosition, null, null);
    }
}
