package io.metaingest.toolkit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The items of a paged listing once each, by their id, and a listing that shifted while it was read
 * told as incomplete. A vendor whose pages shift while they are read (an item added or removed
 * between two offset pages) or that serves an item on two pages would otherwise have it emitted
 * twice, or, worse, have items that slid past a page boundary never read while the run ends well
 * and mark-deleted removes them.
 *
 * <p>Every distinct item is handed out; a repeat is skipped. Once the listing is read to its end, it
 * is a {@link VendorApiException} of kind {@code PAGING} naming the endpoint when an item came again,
 * when the pages reported different totals, or when fewer distinct items were read than the total
 * the last page reported ({@link OffsetPaging}'s totals). The caller handles it as a listing that
 * broke off ({@link UnreadListings}): the run fails and mark-deleted is skipped. The ids seen are
 * kept: one per item of the listing.
 */
public final class DistinctItems {

    private DistinctItems() {
    }

    /**
     * {@code items} without the ones whose {@code id} was already returned; throws at the end when
     * the listing is incomplete (see the class comment).
     *
     * @param endpoint names the listing in the error, e.g. {@code GET /v1/groups}
     */
    public static <T> Iterator<T> of(String endpoint, Iterator<T> items, Function<? super T, ?> id) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(id, "id");
        return new Iterator<>() {
            private final Set<Object> seen = new HashSet<>();
            private T next;
            private long returned;
            private long repeats;
            private Object firstRepeat;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (next == null && !ended && items.hasNext()) {
                    T item = items.next();
                    Object key = id.apply(item);
                    // An item without an id is never taken for a repeat: its reader reports what is wrong with it.
                    if (key == null || seen.add(key)) {
                        next = item;
                    } else if (repeats++ == 0) {
                        firstRepeat = key;
                    }
                }
                if (next == null && !ended) {
                    ended = true; // thrown once: the caller goes on with its other listings
                    checkComplete();
                }
                return next != null;
            }

            private void checkComplete() {
                List<String> why = new ArrayList<>();
                if (repeats > 0) {
                    why.add("the vendor listed " + firstRepeat + (repeats == 1 ? "" : " and " + (repeats - 1)
                            + " more item" + (repeats == 2 ? "" : "s")) + " again on a later page");
                }
                if (items instanceof ReportedTotals totals && totals.lastTotal() != null) {
                    if (!totals.lastTotal().equals(totals.firstTotal())) {
                        why.add("the total went from " + totals.firstTotal() + " to " + totals.lastTotal()
                                + " between pages");
                    } else if (returned < totals.lastTotal()) {
                        why.add(returned + " distinct items were read of the " + totals.lastTotal() + " reported");
                    }
                }
                if (!why.isEmpty()) {
                    throw VendorApiException.paging(endpoint, "the listing is incomplete: " + String.join(", and ", why)
                            + "; the items moved between pages while they were read, so some may have been skipped"
                            + " (the " + returned + " it read were emitted); run again");
                }
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = next;
                next = null;
                returned++;
                return item;
            }
        };
    }
}
