package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.fivetran.FivetranFixtures.LastPage;
import io.metaingest.connectors.fivetran.FivetranServer.Spellings;
import io.metaingest.connectors.fivetran.TestSupport.RecordingSleeper;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.VendorApiException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FivetranClientTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private static List<String> ids(java.util.Iterator<? extends Object> it) {
        List<String> ids = new ArrayList<>();
        it.forEachRemaining(o -> ids.add(o instanceof FivetranGroup g ? g.id() : ((FivetranConnector) o).id()));
        return ids;
    }

    /** A client of {@code server}: 100 items a page, one thread, its waits recorded in {@link #sleeper}. */
    private FivetranClient clientOf(FivetranServer server) {
        return TestSupport.client(TestSupport.connection(server, 100, 1), sleeper);
    }

    /** How the client's first call (the groups listing) fails, as the connection failure the run reports. */
    private static ConnectionException firstCallFailure(FivetranClient client) {
        VendorApiException e = assertThrows(VendorApiException.class, () -> client.groupsPage(null));
        return client.asConnectionException(e);
    }

    @ParameterizedTest
    @EnumSource(LastPage.class)
    void pagingEndsOnAbsentNullOrEmptyCursorAndSendsBasicAuthEveryTime(LastPage end) {
        FivetranFixtures fixtures = FivetranFixtures.generated(250);
        fixtures.lastPage.put("groups", end);
        fixtures.lastPage.put("group_1", end);
        try (FivetranServer server = new FivetranServer(fixtures)) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 2, 1), sleeper);
            assertThat(ids(client.groups(client.groupsPage(null)))).containsExactly("group_0", "group_1", "group_2");
            assertThat(ids(client.connectors("group_1"))).hasSize(100).startsWith("conn_100").endsWith("conn_199");
            // 2 group pages (3 groups, limit 2) + 50 connector pages; no extra call after the last page.
            assertThat(server.seen()).hasSize(2 + 50);
            assertThat(server.seen()).allSatisfy(s -> assertThat(s.authorization())
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString((FivetranFixtures.API_KEY + ":"
                            + FivetranFixtures.API_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            assertThat(server.seen().get(1).path()).contains("cursor=eyJza2lwIjoyfQ%3D%3D").contains("limit=2");
        }
    }

    @Test
    void fallsBackToTheLegacySpellingOnceAndKeepsIt() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10)).spellings(Spellings.LEGACY_ONLY)) {
            FivetranClient client = clientOf(server);
            assertThat(ids(client.connectors("group_0"))).hasSize(10);
            assertThat(client.connector("conn_003").config().get("database").asText()).isEqualTo("erp");
            assertThat(client.schemas("conn_003").schemas()).containsKeys("public", "internal");
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).containsExactly(
                    "/v1/groups/group_0/connections?limit=100",
                    "/v1/groups/group_0/connectors?limit=100",
                    "/v1/connectors/conn_003",
                    "/v1/connectors/conn_003/schemas");
        }
    }

    /**
     * A 404 naming a missing resource (a connection deleted, a group removed) is the server answering on the
     * current path: thrown as it is, naming that call, with no legacy call after it; the spelling is kept.
     */
    @Test
    void a404ThatNamesAMissingResourceIsNotTakenForAnUnknownPath() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.connector("no_such")).isInstanceOfSatisfying(VendorApiException.class,
                    e -> assertThat(e.getMessage()).isEqualTo("GET /v1/connections/no_such: HTTP 404 NotFound_Connector:"
                            + " Connector with id 'no_such' does not exist."));
            assertThatThrownBy(() -> client.connectors("gone")).isInstanceOfSatisfying(VendorApiException.class,
                    e -> assertThat(e.vendorCode()).isEqualTo("NotFound_Group"));
            assertThat(ids(client.connectors("group_0"))).hasSize(10);
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).containsExactly(
                    "/v1/connections/no_such",
                    "/v1/groups/gone/connections?limit=100",
                    "/v1/groups/group_0/connections?limit=100");
        }
    }

    /** On a server that speaks only the legacy paths, a group's listing is named by the path that answered. */
    @Test
    void aConnectorListingOnTheLegacySpellingIsNamedByIt() {
        FivetranFixtures fixtures = FivetranFixtures.generated(10);
        com.fasterxml.jackson.databind.node.ObjectNode repeated = FivetranFixtures.JSON.createObjectNode().put("code", "Success");
        com.fasterxml.jackson.databind.node.ArrayNode items = repeated.putObject("data").putArray("items");
        fixtures.connectorsByGroup.get("group_0").subList(0, 5).forEach(items::add);
        try (FivetranServer server = new FivetranServer(fixtures).spellings(Spellings.LEGACY_ONLY)
                .faultAlways("groups/group_0/connectors@5", FivetranServer.json(200, repeated.toString()))) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 5, 1), sleeper);
            Iterator<FivetranConnector> connectors = client.connectors("group_0");
            assertThatThrownBy(() -> connectors.forEachRemaining(c -> { }))
                    .isInstanceOfSatisfying(VendorApiException.class, e -> assertThat(e.getMessage())
                            .startsWith("GET /v1/groups/group_0/connectors: the listing is incomplete"));
        }
    }

    @Test
    void usesTheCurrentSpellingWhenServed() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10)).spellings(Spellings.CURRENT_ONLY)) {
            FivetranClient client = clientOf(server);
            assertThat(ids(client.connectors("group_0"))).hasSize(10);
            assertThat(client.columns("conn_000", "public", "customers")).containsKeys("id", "email");
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).containsExactly(
                    "/v1/groups/group_0/connections?limit=100",
                    "/v1/connections/conn_000/schemas/public/tables/customers/columns");
        }
    }

    @Test
    void honoursRetryAfterOn429() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultOnce("groups@0", FivetranServer.tooManyRequests(7))) {
            FivetranClient client = clientOf(server);
            assertThat(client.groupsPage(null).items()).hasSize(1);
            assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
            assertThat(server.seen()).hasSize(2);
        }
    }

    @Test
    void retries5xxWithCappedJitteredBackoffThenSucceeds() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultOnce("destinations/group_0", FivetranServer.error(500, "fivetran/errors/internal.json"))
                .faultOnce("destinations/group_0", FivetranServer.error(503, "fivetran/errors/internal.json"))) {
            FivetranClient client = clientOf(server);
            assertThat(client.destination("group_0").service()).isEqualTo("snowflake");
            assertThat(sleeper.waits).hasSize(2);
            // base 200 ms: attempt 1 waits in [100, 200], attempt 2 in [200, 400].
            assertThat(sleeper.waits.get(0).toMillis()).isBetween(100L, 200L);
            assertThat(sleeper.waits.get(1).toMillis()).isBetween(200L, 400L);
        }
    }

    @Test
    void gives5xxUpAfterMaxAttemptsWithTheVendorCode() {
        FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultAlways("destinations/group_0", FivetranServer.error(502, "fivetran/errors/internal.json"));
        try (server) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.destination("group_0"))
                    .isInstanceOf(VendorApiException.class)
                    .hasMessageContaining("HTTP 502 InternalServerError: An unexpected error occurred");
            assertThat(server.seen()).hasSize(TestSupport.FAST.maxAttempts());
            assertThat(sleeper.waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        }
    }

    @Test
    void retriesAConnectionResetAndATimeout() {
        MockResponse reset = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        MockResponse slow = new MockResponse.Builder(FivetranServer.json(200, "{}"))
                .headersDelay(3, TimeUnit.SECONDS).build();
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultOnce("connectors/conn_001", reset)
                .faultOnce("connectors/conn_001", reset)
                .faultOnce("connectors/conn_001", reset)
                .faultOnce("connectors/conn_002", slow)) {
            FivetranConnection connection = TestSupport.connection(server, 100, 1);
            FivetranClient client = new FivetranClient(connection, TestSupport.HTTP, TestSupport.MAPPER, sleeper,
                    new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50),
                            Duration.ofSeconds(1), Duration.ofMillis(300)));
            assertThat(client.connector("conn_001").id()).isEqualTo("conn_001");
            assertThat(client.connector("conn_002").id()).isEqualTo("conn_002");
            // The JDK client silently retries a reset GET once; the rest are ours, one wait each.
            long resetAttempts = server.seen().stream().filter(x -> x.path().endsWith("conn_001")).count();
            assertThat(resetAttempts).isEqualTo(4);
            assertThat(sleeper.waits).hasSizeBetween(2, 3);
        }
    }

    @Test
    void doesNotRetry401403Or404AndReportsTheVendorCodeAndMessage() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultAlways("destinations/group_0", FivetranServer.error(403, "fivetran/errors/forbidden.json"))) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.destination("group_0"))
                    .isInstanceOfSatisfying(VendorApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(403);
                        assertThat(e.vendorCode()).isEqualTo("Forbidden");
                        assertThat(e.vendorMessage()).contains("does not have permission");
                    });
            assertThatThrownBy(() -> client.schemas("no_such"))
                    .isInstanceOfSatisfying(VendorApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(404);
                        assertThat(e.getMessage()).contains("NotFound_Connector: Connector with id 'no_such' does not exist.");
                    });
            // one 403, then the 404 that names the missing connector (no fallback to the legacy spelling), no retries.
            assertThat(server.seen()).hasSize(2);
            assertThat(sleeper.waits).isEmpty();
        }
        FivetranFixtures fixtures = FivetranFixtures.generated(1);
        try (FivetranServer server = new FivetranServer(fixtures, "other", "key")) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.groupsPage(null))
                    .isInstanceOfSatisfying(VendorApiException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("AuthFailed").doesNotContain(FivetranFixtures.API_SECRET);
                    });
            assertThat(server.seen()).hasSize(1);
        }
    }

    @Test
    void reportsMalformedJsonWithoutRetrying() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultAlways("groups@0", FivetranServer.json(200, FivetranFixtures.text("fivetran/malformed/connections-page.json")))) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.groupsPage(null))
                    .isInstanceOf(VendorApiException.class).hasMessageContaining("malformed JSON");
            assertThat(server.seen()).hasSize(1);
        }
    }

    /** What a wrong hostPort (a web site, a proxy's login page) answers: named as such, with the setting. */
    @Test
    void anHtmlPageInPlaceOfTheApiNamesFivetranAndHostPort() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultAlways("groups@0", FivetranServer.json(200, "<html><body>Sign in to the proxy</body></html>"))) {
            FivetranClient client = clientOf(server);
            assertThat(firstCallFailure(client)).hasMessage("GET /v1/groups: an HTML page in a 200"
                    + " response, not the Fivetran API answering: check source.serviceConnection.config.hostPort"
                    + " (a wrong host, or a proxy or login page answering in its place)");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{\"code\":\"Success\",\"data\":{\"items\":\"none\"}}",
            "{\"code\":\"Success\",\"data\":{\"next_cursor\":null}}"})
    void aPageWithoutAnItemsListIsMalformedNotEmpty(String body) {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))
                .faultAlways("groups@0", FivetranServer.json(200, body))) {
            FivetranClient client = clientOf(server);
            assertThatThrownBy(() -> client.groupsPage(null))
                    .isInstanceOf(VendorApiException.class).hasMessageContaining("no data.items list in the response");
        }
    }

    @Test
    void mapsAnUnreachableHostToUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        FivetranConnection connection = FivetranConnection.of("k", "secret-value", "http://127.0.0.1:" + port);
        FivetranClient client = TestSupport.client(connection, sleeper);
        ConnectionException ce = firstCallFailure(client);
        assertThat(ce.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
        assertThat(ce.getMessage()).startsWith("Fivetran API unreachable: ").contains("127.0.0.1:" + port)
                .endsWith("; check source.serviceConnection.config.hostPort").doesNotContain("secret-value");
        assertThat(sleeper.waits).isEmpty();
    }
    /**
     * hostPort written as {@code 127.0.0.1:port} against a plain-HTTP server: https is assumed, and the line says so and
     * what to write; it read as a connection or TLS failure with no hint of the scheme.
     */
    @Test
    void aHostPortWithoutSchemeAgainstPlainHttpSaysHttpsWasAssumed() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10))) {
            String written = server.hostPort().substring("http://".length());
            FivetranClient client = new FivetranClient(FivetranConnection.of("k", "secret-value", written),
                    TestSupport.HTTP, TestSupport.MAPPER, sleeper, TestSupport.FAST.withRequestTimeout(Duration.ofSeconds(1)));
            assertThat(firstCallFailure(client).getMessage()).startsWith("Fivetran API unreachable: ")
                    .contains("https://" + written).contains("; https:// was assumed, as"
                            + " source.serviceConnection.config.hostPort names no scheme: write http://" + written
                            + " if the server speaks plain HTTP")
                    .doesNotContain("secret-value");
        }
    }

    /** Another 4xx than 401, 403 or 404 on the first call: the setting that addressed the API is what to check. */
    @Test
    void aBadRequestOnTheFirstCallNamesHostPort() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10)).faultAlways("groups@0",
                FivetranServer.json(400, "{\"code\":\"BadRequest\",\"message\":\"Invalid request\"}"))) {
            FivetranClient client = clientOf(server);
            ConnectionException ce = firstCallFailure(client);
            assertThat(ce.reason()).isEqualTo(ConnectionException.Reason.OTHER);
            assertThat(ce).hasMessage("GET /v1/groups: HTTP 400 BadRequest: Invalid request;"
                    + " check source.serviceConnection.config.hostPort");
        }
    }

    /** A server that takes each connection and closes it unanswered (a port that is no HTTP API): unreachable. */
    @Test
    void aHostThatClosesTheConnectionWithoutAnAnswerIsUnreachableNamingHostPort() {
        MockResponse close = new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        try (FivetranServer server = new FivetranServer(FivetranFixtures.generated(10)).faultAlways("groups@0", close)) {
            FivetranClient client = clientOf(server);
            ConnectionException ce = firstCallFailure(client);
            assertThat(ce.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            // Two attempts, not the policy's: a host that never answered and closes every connection is not
            // about to answer.
            assertThat(ce).hasMessage("Fivetran API unreachable: GET /v1/groups: the connection closed before an"
                    + " answer (after 2 attempts); check source.serviceConnection.config.hostPort");
            assertThat(sleeper.waits).hasSize(1);
        }
    }
}
