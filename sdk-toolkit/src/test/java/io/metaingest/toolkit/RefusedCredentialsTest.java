package io.metaingest.toolkit;

import static io.metaingest.toolkit.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A token revoked mid-run: no call after the first 401, and the source's stream ends as a connection failure. */
class RefusedCredentialsTest {

    private static final ConnectionHints HINTS = new ConnectionHints("Acme", "check token", "p", "n", "check hostPort");

    private final ScriptedServer server = ScriptedServer.onFreePort();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void afterTheFirst401NoCallIsSentAndEachFailsWithTheSameStatus() {
        AtomicInteger calls = new AtomicInteger();
        server.always("/v1/x", r -> calls.incrementAndGet() <= 2 ? json(200, "{}")
                : json(401, "{\"code\":\"AuthFailed\",\"message\":\"Invalid token.\"}"));
        JsonHttpClient client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .authenticator(Authenticator.header("Authorization", "Token ", Secret.of("tok_123456")))
                .sleeper(new RecordingSleeper()).build();
        client.get("/x");
        client.get("/x");
        assertThat(client.refusedCredentials()).isEmpty();
        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(401));
        assertThat(client.refusedCredentials()).hasValueSatisfying(e ->
                assertThat(e.getMessage()).isEqualTo("GET /v1/x: HTTP 401 AuthFailed: Invalid token."));

        long sent = client.requestCount();
        assertThatThrownBy(() -> client.get("/y")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("GET /v1/y: not sent, the credentials were refused (GET /v1/x: HTTP 401"
                    + " AuthFailed: Invalid token.)");
            assertThat(e.toConnectionException(HINTS).reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
            // A caller wording the answer must be able to tell it is another call's.
            assertThat(e.refusedEarlier()).hasValueSatisfying(first -> assertThat(first.endpoint()).isEqualTo("GET /v1/x"));
        });
        assertThat(client.refusedCredentials()).hasValueSatisfying(first -> assertThat(first.refusedEarlier()).isEmpty());
        assertThat(client.requestCount()).isEqualTo(sent);
        assertThat(server.seen).hasSize(3);
    }

    @Test
    void aForbiddenObjectIsNotARefusal() {
        server.always("/v1/x", r -> json(403, "{\"code\":\"Forbidden\",\"message\":\"no access to this group\"}"))
                .always("/v1/y", r -> json(200, "{}"));
        JsonHttpClient client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .sleeper(new RecordingSleeper()).build();
        assertThatThrownBy(() -> client.get("/x")).isInstanceOf(VendorApiException.class);
        assertThat(client.refusedCredentials()).isEmpty();
        client.get("/y");
    }

    @Test
    void a403TheRuleTakesForRefusedCredentialsStopsEveryLaterCallAndOnlyThat403() {
        server.always("/v1/items/7", r -> json(403, "{\"code\":\"Forbidden\",\"message\":\"no access to item 7\"}"))
                .always("/v1/items", r -> json(403, "{\"code\":\"Forbidden\",\"message\":\"no access\"}"))
                .always("/v1/y", r -> json(200, "{}"));
        JsonHttpClient client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .forbiddenRefusesCredentials(ForbiddenRule.onPaths("/items"))
                .sleeper(new RecordingSleeper()).build();

        assertThatThrownBy(() -> client.get("/items/7")).isInstanceOf(VendorApiException.class);
        assertThat(client.refusedCredentials()).as("one object's 403 stays its own").isEmpty();
        client.get("/y");
        assertThatThrownBy(() -> client.get("/items")).isInstanceOf(VendorApiException.class);
        assertThat(client.refusedCredentials()).hasValueSatisfying(e -> {
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.toConnectionException(HINTS).reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
        });
        long sent = client.requestCount();
        assertThatThrownBy(() -> client.get("/y")).isInstanceOfSatisfying(VendorApiException.class, e ->
                assertThat(e.getMessage()).isEqualTo("GET /v1/y: not sent, the credentials were refused (GET /v1/items:"
                        + " HTTP 403 Forbidden: no access)"));
        assertThat(client.requestCount()).isEqualTo(sent);
    }

    @Test
    void a403SayingTheTokenIsInvalidIsARefusalOnAnyCall() {
        ForbiddenRule rule = ForbiddenRule.onPaths("/jobs/")
                .or(ForbiddenRule.whenVendorSays(java.util.regex.Pattern.compile("(?i)invalid token")));
        server.always("/v1/runs/", r -> json(403, "{\"status\":{\"code\":403,\"is_success\":false,"
                + "\"user_message\":\"Invalid token.\",\"developer_message\":null},\"data\":null}"));
        JsonHttpClient client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .forbiddenRefusesCredentials(rule).sleeper(new RecordingSleeper()).build();

        assertThatThrownBy(() -> client.get("/runs/")).isInstanceOf(VendorApiException.class);
        assertThat(client.refusedCredentials()).hasValueSatisfying(e ->
                assertThat(e.getMessage()).startsWith("GET /v1/runs/: HTTP 403").endsWith(": Invalid token."));
        assertThat(rule.refusesCredentials(ApiRequest.get("/runs/"), new VendorError(null, "no access to job 3")))
                .isFalse();
    }

    @Test
    void theStreamEndsWithTheConnectionFailureBeforeTheFailureTheRefusalCaused() {
        List<Optional<ConnectionException>> state = new ArrayList<>(List.of(Optional.empty()));
        ConnectionException refused = new ConnectionException(ConnectionException.Reason.AUTHENTICATION,
                "Acme refused the credentials: HTTP 401; check token");
        // The third result is produced by a call refused with 401: the refusal is known by then.
        Stream<String> results = Stream.of("a", "b", "c", "d").peek(item -> {
            if (item.equals("c")) {
                state.set(0, Optional.of(refused));
            }
        });
        AtomicInteger closed = new AtomicInteger();
        List<String> emitted = new ArrayList<>();
        try (Stream<String> guarded = RefusedCredentials.endRunOn(results.onClose(closed::incrementAndGet), () -> state.get(0))) {
            assertThatThrownBy(() -> guarded.forEach(emitted::add))
                    .isInstanceOf(RefusedCredentials.Ended.class)
                    .hasMessage("Acme refused the credentials: HTTP 401; check token")
                    .hasCause(refused);
        }
        assertThat(emitted).containsExactly("a", "b");
        assertThat(closed).hasValue(1);
    }
}
