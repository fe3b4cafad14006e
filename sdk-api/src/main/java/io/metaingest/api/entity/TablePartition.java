package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How a partitioned table is split.
 *
 * @param columns the partition key columns
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TablePartition(List<PartitionColumnDetails> columns) {

    /**
     * One partition key column.
     *
     * @param columnName the column
     * @param intervalType how the column partitions the table
     * @param interval the interval, e.g. {@code range}, {@code list} or {@code hash} for Postgres
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartitionColumnDetails(String columnName, PartitionIntervalType intervalType, String interval) {
    }
}
