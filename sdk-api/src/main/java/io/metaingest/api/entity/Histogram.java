package io.metaingest.api.entity;

import java.util.List;

/**
 * OpenMetadata's {@code histogram} (table.json): a column's values in bins, the label of each bin
 * ({@code "1.000 to 4.000"}, the last one {@code "7.000 and up"}) beside the number of values in it.
 *
 * @param boundaries the bins' labels, lowest first
 * @param frequencies the values in each bin, in the same order
 */
public record Histogram(List<String> boundaries, List<Long> frequencies) {

    /** Copies both lists, which must be of one length. */
    public Histogram {
        boundaries = List.copyOf(boundaries);
        frequencies = List.copyOf(frequencies);
        if (boundaries.size() != frequencies.size()) {
            throw new IllegalArgumentException("a histogram needs one frequency per boundary, got "
                    + boundaries.size() + " boundaries and " + frequencies.size() + " frequencies");
        }
    }
}
