package io.metaingest.toolkit;

import java.util.List;

/**
 * One page of a cursor-paged collection.
 *
 * @param items the items of this page
 * @param nextCursor the cursor of the next page; null or empty on the last page
 * @param <T> the item type
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /** Copies the items. */
    public CursorPage {
        items = List.copyOf(items);
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return nextCursor != null && !nextCursor.isEmpty();
    }
}
