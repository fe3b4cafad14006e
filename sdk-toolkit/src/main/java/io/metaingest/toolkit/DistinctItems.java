package io.metaingest.toolkit;

import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The items of a paged listing once each, by their id: a vendor whose pages shift while they are
 * read (an item added or removed between two offset pages) or that serves an item on two pages
 * would otherwise have it emitted twice. A repeat is skipped, and the first one is logged as a
 * warning naming the listing. The ids seen are kept: one per item of the listing.
 */
public final class DistinctItems {

    private static final Logger LOG = LoggerFactory.getLogger(DistinctItems.class);

    private DistinctItems() {
    }

    /**
     * {@code items} without the ones whose {@code id} was already returned.
     *
     * @param endpoint names the listing in the warning, e.g. {@code GET /v1/groups}
     */
    public static <T> Iterator<T> of(String endpoint, Iterator<T> items, Function<? super T, ?> id) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(id, "id");
        return new Iterator<>() {
            private final Set<Object> seen = new HashSet<>();
            private T next;
            private boolean warned;

            @Override
            public boolean hasNext() {
                while (next == null && items.hasNext()) {
                    T item = items.next();
                    Object key = id.apply(item);
                    // An item without an id is never taken for a repeat: its reader reports what is wrong with it.
                    if (key == null || seen.add(key)) {
                        next = item;
                    } else if (!warned) {
                        warned = true;
                        LOG.warn("{}: the vendor listed {} again on a later page; each item is read once", endpoint,
                                key);
                    }
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                T item = next;
                next = null;
                return item;
            }
        };
    }
}
