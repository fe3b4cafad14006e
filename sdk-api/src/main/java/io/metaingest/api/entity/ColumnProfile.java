package io.metaingest.api.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * OpenMetadata's {@code columnProfile} (table.json): the metrics of one column. Counts are whole
 * numbers, proportions are between 0 and 1; {@code min} and {@code max} keep the column's type: a
 * {@link Long} or {@link BigDecimal} for integers and decimals (never rounded through a double), a
 * {@link Double} for floating-point columns, and for dates and times the ISO-8601 text OpenMetadata's
 * {@code date}, {@code time} and {@code dateTime} types hold. For text, as OpenMetadata measures text,
 * {@code min}, {@code max}, {@code mean} and the other figures are of the values' lengths.
 *
 * @param name the column's name
 * @param timestamp when the profile was taken, epoch milliseconds
 * @param valuesCount non-null values
 * @param valuesPercentage non-null values in percent of the rows
 * @param nullCount null values
 * @param nullProportion null values as a proportion of the rows
 * @param distinctCount distinct non-null values
 * @param distinctProportion distinct values as a proportion of the non-null values
 * @param uniqueCount values that occur exactly once
 * @param uniqueProportion unique values as a proportion of the non-null values
 * @param duplicateCount non-null values minus distinct values
 * @param min the smallest value
 * @param max the largest value
 * @param minLength the shortest text, in characters
 * @param maxLength the longest text, in characters
 * @param mean the arithmetic mean
 * @param sum the sum
 * @param stddev the population standard deviation
 * @param median the median ({@code percentile_cont(0.5)}, interpolated)
 * @param firstQuartile the 25th percentile, interpolated
 * @param thirdQuartile the 75th percentile, interpolated
 * @param interQuartileRange the third quartile less the first
 * @param nonParametricSkew (mean - median) / stddev
 * @param histogram the values in bins
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(String name, long timestamp, Long valuesCount, Double valuesPercentage, Long nullCount,
                            Double nullProportion, Long distinctCount, Double distinctProportion, Long uniqueCount,
                            Double uniqueProportion, Long duplicateCount, Object min, Object max, Integer minLength,
                            Integer maxLength, BigDecimal mean, BigDecimal sum, Double stddev, Double median,
                            Double firstQuartile, Double thirdQuartile, Double interQuartileRange,
                            Double nonParametricSkew, Histogram histogram) {

    /** A profile without quartiles, skew or histogram (a profile from the catalog's statistics has none). */
    public ColumnProfile(String name, long timestamp, Long valuesCount, Double valuesPercentage, Long nullCount,
                         Double nullProportion, Long distinctCount, Double distinctProportion, Long uniqueCount,
                         Double uniqueProportion, Long duplicateCount, Object min, Object max, Integer minLength,
                         Integer maxLength, BigDecimal mean, BigDecimal sum, Double stddev) {
        this(name, timestamp, valuesCount, valuesPercentage, nullCount, nullProportion, distinctCount,
                distinctProportion, uniqueCount, uniqueProportion, duplicateCount, min, max, minLength, maxLength, mean,
                sum, stddev, null, null, null, null, null, null);
    }
}
