package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctItemsTest {

    private record Item(String id, int page) {
    }

    @Test
    void anItemServedOnTwoPagesIsReadOnceAndTheOthersStayInOrder() {
        // Offset pages that shifted while they were read: b comes again at the top of the second page.
        List<Item> served = List.of(new Item("a", 1), new Item("b", 1), new Item("b", 2), new Item("c", 2),
                new Item("a", 3), new Item("d", 3));
        List<String> read = new ArrayList<>();
        DistinctItems.of("GET /jobs/", served.iterator(), Item::id).forEachRemaining(item -> read.add(item.id()));
        assertThat(read).containsExactly("a", "b", "c", "d");
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
