package io.metaingest.toolkit;

import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Walks a cursor-paged collection lazily, one page in memory at a time, and refuses to loop: a
 * cursor that was already followed is a {@link VendorApiException} of kind {@code PAGING} naming the
 * endpoint, so a vendor bug that serves the same cursor again ends the listing instead of the run.
 *
 * <p>The cursors followed are remembered (one short string per page, not per item) so that a cycle
 * over several pages is caught too.
 */
public final class CursorPaging {

    private CursorPaging() {
    }

    /** Fetches one page; {@code cursor} is null for the first page. */
    @FunctionalInterface
    public interface Fetcher<T> {

        /** The page at {@code cursor}. */
        CursorPage<T> fetch(String cursor);
    }

    /**
     * The items of all pages, fetched as the iterator is used.
     *
     * @param endpoint names the collection in errors, e.g. {@code GET /v1/groups}
     * @param first the first page when the caller fetched it already (to fail early), else null
     * @param fetcher fetches the page at a cursor (null for the first)
     */
    public static <T> Iterator<T> iterator(String endpoint, CursorPage<T> first, Fetcher<T> fetcher) {
        return new PageIterator<>(endpoint, first, fetcher);
    }

    /** {@link #iterator(String, CursorPage, Fetcher)} from the first page, as a lazy sequential stream. */
    public static <T> Stream<T> stream(String endpoint, Fetcher<T> fetcher) {
        return Streams.of(iterator(endpoint, null, fetcher));
    }

    /** {@link #iterator(String, CursorPage, Fetcher)} as a lazy sequential stream. */
    public static <T> Stream<T> stream(String endpoint, CursorPage<T> first, Fetcher<T> fetcher) {
        return Streams.of(iterator(endpoint, first, fetcher));
    }

    private static final class PageIterator<T> implements Iterator<T> {
        private final String endpoint;
        private final Fetcher<T> fetcher;
        private final Set<String> followed = new HashSet<>();
        private CursorPage<T> page;
        private int index;

        PageIterator(String endpoint, CursorPage<T> first, Fetcher<T> fetcher) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.page = first;
        }

        @Override
        public boolean hasNext() {
            if (page == null) {
                page = Objects.requireNonNull(fetcher.fetch(null), "page");
                index = 0;
            }
            while (index >= page.items().size() && page.hasNext()) {
                String cursor = page.nextCursor();
                if (!followed.add(cursor)) {
                    // The first page came without a cursor, each later one with a cursor followed.
                    int read = followed.size() + 1;
                    throw VendorApiException.paging(endpoint, "the next cursor repeats one already followed ("
                            + read + (read == 1 ? " page" : " pages") + " read); the listing would loop, so it stops here");
                }
                page = Objects.requireNonNull(fetcher.fetch(cursor), "page");
                index = 0;
            }
            return index < page.items().size();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.items().get(index++);
        }
    }
}
