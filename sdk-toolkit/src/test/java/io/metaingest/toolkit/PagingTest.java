package io.metaingest.toolkit;

import static io.metaingest.toolkit.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagingTest {

    private final ScriptedServer server;
    private final JsonHttpClient client;

    PagingTest() throws IOException {
        server = new ScriptedServer();
        client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .sleeper(new RecordingSleeper()).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- cursor paging over HTTP (Fivetran's shape)

    private CursorPage<String> groupsPage(String cursor) {
        JsonNode data = client.send(ApiRequest.get("/groups").withQuery("limit", 2).withQuery("cursor", cursor))
                .body().path("data");
        List<String> ids = new ArrayList<>();
        data.path("items").forEach(item -> ids.add(item.path("id").asText()));
        return new CursorPage<>(ids, data.path("next_cursor").asText(null));
    }

    private static String cursorPage(String next, String... ids) {
        String items = java.util.Arrays.stream(ids).map(id -> "{\"id\":\"" + id + "\"}").collect(Collectors.joining(","));
        return "{\"code\":\"Success\",\"data\":{\"items\":[" + items + "]"
                + (next == null ? "" : ",\"next_cursor\":\"" + next + "\"") + "}}";
    }

    @Test
    void cursorPagingReadsLazilyUntilTheLastPage() {
        server.always("/v1/groups", r -> {
            String target = r.target();
            if (!target.contains("cursor=")) {
                return json(200, cursorPage("c+1=", "g1", "g2"));
            }
            if (target.contains("cursor=c%2B1%3D")) {
                return json(200, cursorPage("c2", "g3", "g4"));
            }
            return json(200, cursorPage(null, "g5"));
        });
        Iterator<String> ids = CursorPaging.iterator("GET /v1/groups", null, this::groupsPage);
        assertThat(ids.next()).isEqualTo("g1");
        assertThat(server.seen).as("one page at a time").hasSize(1);
        List<String> rest = new ArrayList<>();
        ids.forEachRemaining(rest::add);
        assertThat(rest).containsExactly("g2", "g3", "g4", "g5");
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void aRepeatedCursorIsAnErrorNamingTheEndpoint() {
        server.always("/v1/groups", r -> json(200, r.target().contains("cursor=B") ? cursorPage("A", "g3")
                : r.target().contains("cursor=A") ? cursorPage("B", "g2") : cursorPage("A", "g1")));
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> CursorPaging.stream("GET /v1/groups", this::groupsPage).forEach(seen::add))
                .isInstanceOfSatisfying(VendorApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VendorApiException.Kind.PAGING);
                    assertThat(e.endpoint()).isEqualTo("GET /v1/groups");
                    assertThat(e.getMessage()).isEqualTo("GET /v1/groups: the next cursor repeats one already followed"
                            + " (3 pages read); the listing would loop, so it stops here");
                });
        assertThat(seen).containsExactly("g1", "g2", "g3");
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void theSameCursorTwiceInARowIsCaughtToo() {
        CursorPage<Integer> page = new CursorPage<>(List.of(1), "same");
        assertThatThrownBy(() -> CursorPaging.stream("GET /things", cursor -> page).count())
                .isInstanceOf(VendorApiException.class).hasMessageContaining("GET /things")
                .hasMessageContaining("(2 pages read)");
    }

    @Test
    void emptyPagesWithANewCursorAreFollowed() {
        Map<String, CursorPage<Integer>> pages = Map.of(
                "", new CursorPage<>(List.of(), "a"),
                "a", new CursorPage<>(List.of(), "b"),
                "b", new CursorPage<>(List.of(1, 2), ""));
        assertThat(CursorPaging.stream("GET /x", c -> pages.get(c == null ? "" : c))).containsExactly(1, 2);
        CursorPage<Integer> first = new CursorPage<>(List.of(0), "a");
        assertThat(StreamSupport.stream(((Iterable<Integer>) () -> CursorPaging.iterator("GET /x", first,
                c -> pages.get(c))).spliterator(), false)).containsExactly(0, 1, 2);
    }

    // ---------------------------------------------------------------- offset paging over HTTP (dbt Cloud's shape)

    /** Serves {@code count} jobs, reporting {@code reportedTotal} as {@code extra.pagination.total_count}. */
    private void jobs(int count, Integer reportedTotal) {
        server.always("/v1/jobs", r -> {
            URI uri = URI.create(r.target());
            Map<String, String> query = new java.util.HashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv[1]);
            }
            int offset = Integer.parseInt(query.get("offset"));
            int limit = Integer.parseInt(query.get("limit"));
            String items = IntStream.range(offset, Math.min(count, offset + limit))
                    .mapToObj(i -> "{\"id\":" + i + "}").collect(Collectors.joining(","));
            int onPage = Math.max(0, Math.min(count, offset + limit) - offset);
            return json(200, "{\"status\":{\"code\":200,\"is_success\":true},\"data\":[" + items + "],"
                    + "\"extra\":{\"pagination\":{\"count\":" + onPage + ",\"total_count\":" + reportedTotal + "}}}");
        });
    }

    private OffsetPage<Integer> jobsPage(long offset, int limit) {
        JsonNode body = client.send(ApiRequest.get("/jobs").withQuery("offset", offset).withQuery("limit", limit)).body();
        List<Integer> ids = new ArrayList<>();
        body.path("data").forEach(job -> ids.add(job.path("id").asInt()));
        JsonNode total = body.path("extra").path("pagination").path("total_count");
        return OffsetPage.of(ids, total.isNumber() ? total.asLong() : null);
    }

    @Test
    void offsetPagingStopsAtTheTotalWithoutAnExtraCall() {
        jobs(10, 10);
        assertThat(OffsetPaging.stream("GET /v1/jobs", 4, this::jobsPage)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(server.seen).extracting(ScriptedServer.Seen::target).containsExactly(
                "/v1/jobs?offset=0&limit=4", "/v1/jobs?offset=4&limit=4", "/v1/jobs?offset=8&limit=4");
    }

    @Test
    void aTotalThatIsTooHighOrMissingStillEndsOnTheEmptyPage() {
        jobs(5, 1_000_000);
        assertThat(OffsetPaging.stream("GET /v1/jobs", 2, this::jobsPage)).containsExactly(0, 1, 2, 3, 4);
        assertThat(server.seen).hasSize(4); // three pages and the empty one

        server.seen.clear();
        jobs(3, null);
        assertThat(OffsetPaging.stream("GET /v1/jobs", 2, this::jobsPage)).containsExactly(0, 1, 2);
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void aTotalThatIsTooLowEndsTheListingAtTheTotal() {
        jobs(10, 3);
        assertThat(OffsetPaging.stream("GET /v1/jobs", 2, this::jobsPage)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anEndpointThatIgnoresTheOffsetIsAnErrorNamingItAndTerminates() {
        server.always("/v1/jobs", r -> json(200, "{\"data\":[{\"id\":1},{\"id\":2}],"
                + "\"extra\":{\"pagination\":{\"count\":2,\"total_count\":999999999}}}"));
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> OffsetPaging.stream("GET /v1/jobs", 2, this::jobsPage).forEach(seen::add))
                .isInstanceOfSatisfying(VendorApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VendorApiException.Kind.PAGING);
                    assertThat(e.getMessage()).startsWith("GET /v1/jobs: offset 2 returned the same items as offset 0");
                });
        assertThat(seen).containsExactly(1, 2);
        assertThat(server.seen).hasSize(2);
    }

    @Test
    void aVendorOffsetThatDoesNotAdvanceIsAnErrorNamingTheEndpoint() {
        List<Long> asked = new ArrayList<>();
        OffsetPaging.Fetcher<Long> stuck = (offset, limit) -> {
            asked.add(offset);
            return new OffsetPage<>(List.of(offset * 10, offset * 10 + 1), null, 5L);
        };
        assertThatThrownBy(() -> OffsetPaging.stream("GET /api/searches/results", 2, stuck).count())
                .isInstanceOfSatisfying(VendorApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("GET /api/searches/results: the next offset 5 does not advance past 5;"
                                + " the listing would loop, so it stops here"));
        assertThat(asked).containsExactly(0L, 5L);
    }

    @Test
    void aVendorOffsetIsFollowedWhenItAdvances() {
        OffsetPaging.Fetcher<Long> skipping = (offset, limit) -> offset >= 30 ? OffsetPage.of(List.of(), 30L)
                : new OffsetPage<>(List.of(offset), 30L, offset + 10);
        assertThat(OffsetPaging.stream("GET /x", 5, skipping)).containsExactly(0L, 10L, 20L);
    }
}
