package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code GET /api/searches/results}: {@code {totalItems, result[]}}; the total is also in
 * the {@code x-mstr-total-count} header.
 *
 * @param totalItems matches in all pages
 * @param result this page's matches; null when the answer had no {@code result} list
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrSearchResults(Integer totalItems, List<MstrSearchResult> result) {

    /**
     * Whether the answer is complete: it lists its matches, or says there are none. One without a
     * list that does not say so is broken, not empty.
     */
    public boolean complete() {
        return result != null || (totalItems != null && totalItems == 0);
    }

    /** This page's matches, empty when there are none. */
    public List<MstrSearchResult> matches() {
        return result == null ? List.of() : result;
    }
}
