package io.metaingest.toolkit;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Walks an offset/limit-paged collection lazily, one page in memory at a time, and always ends:
 * <ul>
 *   <li>an empty page ends the listing, so a reported total that is too high cannot keep it going;</li>
 *   <li>reaching the reported total ends it without asking for one more page;</li>
 *   <li>an offset that does not advance (a vendor {@code nextOffset} at or before the current one)
 *       and a page identical to the one before (an endpoint that ignores the offset) are
 *       {@link VendorApiException}s of kind {@code PAGING} naming the endpoint.</li>
 * </ul>
 * A short page does not end the listing: some APIs cap the limit silently, so only an empty page or
 * the total can say that nothing follows. The totals the pages reported are kept, so that
 * {@link DistinctItems} can tell a listing that shifted while it was read (a total that changed, or
 * fewer distinct items than the total).
 */
public final class OffsetPaging {

    private OffsetPaging() {
    }

    /** Fetches one page. */
    @FunctionalInterface
    public interface Fetcher<T> {

        /** The page of at most {@code limit} items starting at {@code offset}. */
        OffsetPage<T> fetch(long offset, int limit);
    }

    /**
     * The items of all pages from offset 0, fetched as the iterator is used.
     *
     * @param endpoint names the collection in errors, e.g. {@code GET /api/v2/accounts/1/jobs/}
     * @param limit the page size asked for
     * @param fetcher fetches one page
     */
    public static <T> Iterator<T> iterator(String endpoint, int limit, Fetcher<T> fetcher) {
        return new PageIterator<>(endpoint, limit, fetcher);
    }

    /** {@link #iterator(String, int, Fetcher)} as a lazy sequential stream. */
    public static <T> Stream<T> stream(String endpoint, int limit, Fetcher<T> fetcher) {
        return Streams.of(iterator(endpoint, limit, fetcher));
    }

    private static final class PageIterator<T> implements Iterator<T>, ReportedTotals {
        private final String endpoint;
        private final int limit;
        private final Fetcher<T> fetcher;
        private Long firstTotal;
        private Long lastTotal;
        private OffsetPage<T> page;
        private long offset;
        private int index;
        private boolean done;

        PageIterator(String endpoint, int limit, Fetcher<T> fetcher) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + limit);
            }
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.limit = limit;
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        }

        @Override
        public boolean hasNext() {
            while (!done && (page == null || index >= page.items().size())) {
                if (page != null) {
                    long next = nextOffset();
                    if (page.total() != null && next >= page.total()) {
                        done = true;
                        break;
                    }
                    fetch(next);
                } else {
                    fetch(0);
                }
            }
            return !done;
        }

        private long nextOffset() {
            Long told = page.nextOffset();
            if (told == null) {
                return offset + page.items().size();
            }
            if (told <= offset) {
                throw VendorApiException.paging(endpoint, "the next offset " + told + " does not advance past "
                        + offset + "; the listing would loop, so it stops here");
            }
            return told;
        }

        private void fetch(long at) {
            OffsetPage<T> previous = page;
            OffsetPage<T> fetched = Objects.requireNonNull(fetcher.fetch(at, limit), "page");
            if (fetched.total() != null) {
                firstTotal = firstTotal == null ? fetched.total() : firstTotal;
                lastTotal = fetched.total();
            }
            if (fetched.items().isEmpty()) {
                done = true;
                return;
            }
            if (previous != null && fetched.items().equals(previous.items())) {
                throw VendorApiException.paging(endpoint, "offset " + at + " returned the same items as offset "
                        + offset + "; the endpoint ignores the offset, so the listing stops here");
            }
            page = fetched;
            offset = at;
            index = 0;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.items().get(index++);
        }

        @Override
        public Long firstTotal() {
            return firstTotal;
        }

        @Override
        public Long lastTotal() {
            return lastTotal;
        }
    }
}
