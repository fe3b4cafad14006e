package io.metaingest.api.entity;

import io.metaingest.api.EntityRequest;
import java.util.Objects;

/**
 * Sample rows of a table, sent with {@code PUT /v1/tables/{id}/sampleData} whose body is
 * {@code sampleData} (OpenMetadata's {@code tableData}); {@code table} names the table of the path.
 *
 * @param table the sampled table
 * @param sampleData the rows
 */
public record TableSampleData(EntityReference table, TableData sampleData) implements EntityRequest {

    /** Rejects missing parts. */
    public TableSampleData {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(sampleData, "sampleData");
    }

    @Override
    public String entityType() {
        return "sampleData";
    }

    @Override
    public String key() {
        return table.fullyQualifiedName();
    }

    /** Says which table and how many rows, never the rows: sample values must not reach logs. */
    @Override
    public String toString() {
        return "TableSampleData[" + table.fullyQualifiedName() + ", " + sampleData.rows().size() + " rows]";
    }
}
