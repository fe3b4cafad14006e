package io.metaingest.toolkit;

import java.util.List;

/**
 * One page of an offset/limit-paged collection.
 *
 * @param items the items of this page
 * @param total the total the vendor reports (e.g. dbt Cloud's {@code extra.pagination.total_count},
 *              MicroStrategy's {@code totalItems}), or null when it reports none
 * @param nextOffset the offset of the next page when the vendor says it, else null (then it is the
 *                   current offset plus the items of this page)
 * @param <T> the item type
 */
public record OffsetPage<T>(List<T> items, Long total, Long nextOffset) {

    /** Copies the items. */
    public OffsetPage {
        items = List.copyOf(items);
    }

    /** A page with a reported total (null when none) whose next offset follows from its size. */
    public static <T> OffsetPage<T> of(List<T> items, Long total) {
        return new OffsetPage<>(items, total, null);
    }
}
