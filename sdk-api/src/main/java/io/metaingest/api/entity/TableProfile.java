package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenMetadata's {@code tableProfile} (table.json): the table-level metrics of one profiler run.
 *
 * @param timestamp when the profile was taken, epoch milliseconds
 * @param profileSample the sample size used (a percentage or a number of rows), null for the whole table
 * @param profileSampleType {@code PERCENTAGE} or {@code ROWS}, null for the whole table
 * @param columnCount the number of columns
 * @param rowCount the number of rows (see the producing connector for whether it is exact or an estimate)
 * @param sizeInByte the size on disk in bytes
 * @param createDateTime when the table was created (ISO-8601), when the database knows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableProfile(long timestamp, Double profileSample, String profileSampleType, Integer columnCount,
                           Long rowCount, Long sizeInByte, String createDateTime) {
}
