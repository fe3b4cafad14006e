package io.metaingest.connectors.microstrategy.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The body of {@code GET /api/searches/results}: {@code {totalItems, result[]}}; the total is also in
 * the {@code x-mstr-total-count} header.
 *
 * @param totalItems matches in all pages
 * @param result this page's matches
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MstrSearchResults(Integer totalItems, List<MstrSearchResult> result) {

    /** Never null. */
    public MstrSearchResults {
        result = result == null ? List.of() : result;
    }
}
