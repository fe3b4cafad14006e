package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.IncompleteReadException;
import io.metaingest.api.Result;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class UnreadListingsTest {

    private static VendorApiException http500(String endpoint) {
        return new VendorApiException(VendorApiException.Kind.HTTP, endpoint, "http://h", 500, VendorError.NONE,
                endpoint + ": HTTP 500 (after 6 attempts)", null);
    }

    @Test
    void aReadWhoseListingsAllSucceededEndsQuietly() {
        UnreadListings unread = new UnreadListings();
        List<Result<String>> out = Stream.concat(Stream.of(Result.ok("a")), unread.<String>endOfRead()).toList();
        assertThat(out).containsExactly(Result.ok("a"));
    }

    @Test
    void aFailedListingIsAFailureOfItsOwnAndEndsTheReadAfterEverythingElse() {
        UnreadListings unread = new UnreadListings();
        Result<String> failure = unread.failed("group g1 (Sales) connectors", "connectors of group g1 (Sales)",
                "the pipelines it holds", http500("GET /v1/groups/g1/connections"));
        String message = "could not list connectors of group g1 (Sales): GET /v1/groups/g1/connections: HTTP 500"
                + " (after 6 attempts); the pipelines it holds were not read (and mark-deleted was skipped)";
        assertThat(failure).isInstanceOfSatisfying(Result.Failed.class, f -> {
            assertThat(f.error().name()).isEqualTo("group g1 (Sales) connectors");
            assertThat(f.error().error()).isEqualTo(message);
        });
        List<String> seen = new java.util.ArrayList<>();
        Stream<Result<String>> read = Stream.concat(Stream.of(Result.ok("a"), failure, Result.ok("b")), unread.endOfRead());

        assertThatThrownBy(() -> read.forEach(r -> seen.add(String.valueOf(r))))
                .isInstanceOf(IncompleteReadException.class).hasMessage(message);
        assertThat(seen).hasSize(3); // everything readable came out first
    }

    @Test
    void aVendorMessageEndingItsSentenceIsNotFollowedByADotBeforeTheSemicolon() {
        VendorApiException e = new VendorApiException(VendorApiException.Kind.HTTP, "GET /jobs/", "http://h", 500,
                new VendorError(null, "Server error."), "GET /jobs/: HTTP 500: Server error.", null);
        Result<String> failure = new UnreadListings().failed("jobs", "jobs of the account", "the jobs", e);
        assertThat(failure).isInstanceOfSatisfying(Result.Failed.class, f -> assertThat(f.error().error())
                .isEqualTo("could not list jobs of the account: GET /jobs/: HTTP 500: Server error; the jobs were not read"
                        + " (and mark-deleted was skipped)"));
    }

    @Test
    void moreFailedListingsAreCountedInTheMessageOfTheFirst() {
        UnreadListings unread = new UnreadListings();
        unread.failed("a", "connectors of group a", "the pipelines it holds", http500("GET /a"));
        unread.failed("b", "connectors of group b", "the pipelines it holds", http500("GET /b"));
        unread.failed("c", "connectors of group c", "the pipelines it holds", new IllegalStateException("broken"));

        assertThat(unread.problems()).hasSize(3).last().asString()
                .startsWith("could not list connectors of group c: IllegalStateException: broken;");
        assertThatThrownBy(() -> unread.endOfRead().toList()).isInstanceOf(IncompleteReadException.class)
                .hasMessageStartingWith("could not list connectors of group a: GET /a: HTTP 500")
                .hasMessageEndingWith("(and 2 more listings not read, each among the source's failures)");
    }
}
