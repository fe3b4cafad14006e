package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctItemsTest {

    private record Item(String id, int page) {
    }

    @Test
    void anItemServedOnTwoPagesIsReadOnceAndTheListingEndsIncompleteAfterEveryItem() {
        // Offset pages that shifted while they were read: b comes again at the top of the second page.
        List<Item> served = List.of(new Item("a", 1), new Item("b", 1), new Item("b", 2), new Item("c", 2),
                new Item("a", 3), new Item("d", 3));
        List<String> read = new ArrayList<>();
        var items = DistinctItems.of("GET /jobs/", served.iterator(), Item::id);
        assertThatThrownBy(() -> items.forEachRemaining(item -> read.add(item.id())))
                .isInstanceOfSatisfying(VendorApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(VendorApiException.Kind.PAGING))
                .hasMessage("GET /jobs/: the listing is incomplete: the vendor listed b and 1 more item again on a later"
                        + " page; the items moved between pages while they were read, so some may have been skipped"
                        + " (the 4 it read were emitted); run again");
        assertThat(read).containsExactly("a", "b", "c", "d");
        assertThat(items.hasNext()).as("thrown once").isFalse();
    }

    @Test
    void aTotalThatChangesBetweenPagesMakesTheListingIncomplete() {
        // dbt Cloud: jobs 3 and 4 deleted after page 1 was read, so 5 and 6 slid onto page 1 and were never read.
        OffsetPaging.Fetcher<Integer> shifting = (offset, limit) -> offset == 0 ? OffsetPage.of(List.of(1, 2, 3, 4), 8L)
                : OffsetPage.of(offset == 4 ? List.of(7, 8) : List.of(), 6L);
        List<Integer> read = new ArrayList<>();
        var items = DistinctItems.of("GET /jobs/", OffsetPaging.iterator("GET /jobs/", 4, shifting), i -> i);
        assertThatThrownBy(() -> items.forEachRemaining(read::add))
                .hasMessageContaining("the listing is incomplete: the total went from 8 to 6 between pages;");
        assertThat(read).containsExactly(1, 2, 3, 4, 7, 8);
    }

    @Test
    void fewerDistinctItemsThanTheReportedTotalMakeTheListingIncomplete() {
        // MicroStrategy caps the page at 3 and its second page overlaps the first: 4 of 6 read.
        OffsetPaging.Fetcher<Integer> overlapping = (offset, limit) -> offset == 0 ? OffsetPage.of(List.of(1, 2, 3), 6L)
                : offset == 3 ? OffsetPage.of(List.of(2, 3, 4), 6L) : OffsetPage.of(List.of(), 6L);
        List<Integer> read = new ArrayList<>();
        var items = DistinctItems.of("GET /searches/results", OffsetPaging.iterator("GET /searches/results", 100,
                overlapping), i -> i);
        assertThatThrownBy(() -> items.forEachRemaining(read::add))
                .hasMessageContaining("the vendor listed 2 and 1 more item again on a later page, and 4 distinct items"
                        + " were read of the 6 reported;");
        assertThat(read).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aListingThatReadsItsWholeReportedTotalIsComplete() {
        OffsetPaging.Fetcher<Integer> steady = (offset, limit) -> offset == 0 ? OffsetPage.of(List.of(1, 2), 3L)
                : OffsetPage.of(List.of(3), 3L);
        List<Integer> read = new ArrayList<>();
        DistinctItems.of("GET /jobs/", OffsetPaging.iterator("GET /jobs/", 2, steady), i -> i).forEachRemaining(read::add);
        assertThat(read).containsExactly(1, 2, 3);
    }

    @Test
    void itemsWithoutAnIdAreNeverTakenForRepeats() {
        List<Item> served = java.util.Arrays.asList(new Item(null, 1), new Item(null, 2), new Item("a", 2));
        List<Item> read = new ArrayList<>();
        DistinctItems.of("GET /searches/results", served.iterator(), Item::id).forEachRemaining(read::add);
        assertThat(read).isEqualTo(served);
    }

    @Test
    void aListingWithoutRepeatsIsUnchanged() {
        List<Item> served = List.of(new Item("x", 1), new Item("y", 1));
        List<Item> read = new ArrayList<>();
        DistinctItems.of("GET /groups", served.iterator(), Item::id).forEachRemaining(read::add);
        assertThat(read).isEqualTo(served);
    }
}
