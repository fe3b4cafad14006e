package io.metaingest.connectors.fivetran.api;

import java.util.List;

/**
 * One page of a collection endpoint: {@code data.items} and {@code data.next_cursor}.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page, or null on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** Whether another page follows; an absent, null or empty cursor ends the list. */
    public boolean hasNext() {
        return nextCursor != null && !nextCursor.isEmpty();
    }
}
