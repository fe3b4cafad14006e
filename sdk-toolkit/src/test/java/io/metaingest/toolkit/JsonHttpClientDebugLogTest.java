package io.metaingest.toolkit;

import static io.metaingest.toolkit.JsonHttpClientTest.MAPPER;
import static io.metaingest.toolkit.JsonHttpClientTest.OK;
import static io.metaingest.toolkit.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.metaingest.api.Secret;
import io.metaingest.testing.CapturedLogs;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The client's log: the DEBUG line of each HTTP attempt (what it says, what it never says, and that it
 * costs nothing when off), and the WARN line of each retry.
 */
class JsonHttpClientDebugLogTest {

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ScriptedServer server = ScriptedServer.onFreePort();
    @AutoClose
    private final CapturedLogs logs = CapturedLogs.root();
    private Logger clientLogger;
    private Level clientLevel;

    @BeforeEach
    void turnOnTheClientsDebugLines() {
        clientLogger = (Logger) LoggerFactory.getLogger(JsonHttpClient.class);
        clientLevel = clientLogger.getLevel();
        clientLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        clientLogger.setLevel(clientLevel);
        server.close();
    }

    private JsonHttpClient.Builder builder() {
        return JsonHttpClient.builder(JsonHttpClientTest.HTTP, MAPPER, server.base("/v1")).sleeper(sleeper)
                .retryPolicy(JsonHttpClientTest.FAST);
    }

    /** The client's DEBUG lines, formatted. */
    private List<String> debugLines() {
        return clientLines(Level.DEBUG);
    }

    /** The client's WARN lines, formatted. */
    private List<String> warnLines() {
        return clientLines(Level.WARN);
    }

    /** The client's lines at {@code level}, formatted. */
    private List<String> clientLines(Level level) {
        return logs.events().stream().filter(e -> e.getLevel() == level)
                .filter(e -> e.getLoggerName().equals(JsonHttpClient.class.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every captured event of any logger and level, with its arguments and stack trace. */
    private String everythingLogged() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent event : logs.events()) {
            all.append(event.getFormattedMessage()).append('\n');
            if (event.getArgumentArray() != null) {
                for (Object argument : event.getArgumentArray()) {
                    all.append(argument).append('\n');
                }
            }
            if (event.getThrowableProxy() != null) {
                all.append(ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void eachExchangeIsOneDebugLineWithMethodUrlStatusSizeTimeAndAttempt() {
        server.always("/v1/groups", r -> json(200, OK)).always("/v1/search", r -> json(201, "{}"));
        JsonHttpClient client = builder().build();

        client.get("/groups");
        client.send(ApiRequest.post("/search", MAPPER.createObjectNode().put("q", "sales")));

        String base = "http://127.0.0.1:" + server.port() + "/v1";
        assertThat(debugLines()).hasSize(2);
        assertThat(debugLines().get(0)).matches("HTTP GET " + java.util.regex.Pattern.quote(base + "/groups")
                + " -> 200, " + OK.length() + " bytes, \\d+ ms \\(attempt 1\\)");
        assertThat(debugLines().get(1)).matches("HTTP POST " + java.util.regex.Pattern.quote(base + "/search")
                + " -> 201, 2 bytes, \\d+ ms \\(attempt 1\\)");
        // Never the request body.
        assertThat(everythingLogged()).doesNotContain("sales");
    }

    @Test
    void aRetriedCallIsOneLinePerAttempt() {
        server.once("/v1/x", json(503, "{\"message\":\"busy\"}")).always("/v1/x", r -> json(200, OK));
        builder().build().get("/x");

        assertThat(debugLines()).hasSize(2);
        assertThat(debugLines().get(0)).startsWith("HTTP GET http://127.0.0.1:" + server.port() + "/v1/x -> 503, ")
                .endsWith("(attempt 1)");
        assertThat(debugLines().get(1)).startsWith("HTTP GET http://127.0.0.1:" + server.port() + "/v1/x -> 200, ")
                .endsWith("(attempt 2)");
        assertThat(everythingLogged()).doesNotContain("busy");
    }

    @Test
    void anAttemptWithoutAnAnswerIsLoggedByTheTypeOfItsFailure() {
        server.once("/v1/reset", exchange -> { /* closed without an answer */ })
                .once("/v1/reset", exchange -> { })
                .always("/v1/reset", r -> json(200, OK));
        builder().build().get("/reset");

        List<String> lines = debugLines();
        // The JDK client may retry a reset GET once by itself: one or two failed attempts, then the answer.
        assertThat(lines).hasSizeBetween(2, 3);
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(line -> assertThat(line)
                .matches("HTTP GET \\S+/v1/reset -> no response \\(\\w+\\), \\d+ ms \\(attempt \\d\\)"));
        assertThat(lines.get(lines.size() - 1)).contains("/v1/reset -> 200, ").endsWith("(attempt " + lines.size() + ")");
    }

    @Test
    void aRetryOfAnErrorStatusCountsAgainstTheAttemptsOfTheRetryPolicy() {
        server.once("/v1/x", json(503, "{}")).once("/v1/x", json(500, "{}")).always("/v1/x", r -> json(200, OK));
        builder().build().get("/x");

        // FAST allows 4 attempts: 3 retries.
        assertThat(warnLines()).hasSize(2);
        assertThat(warnLines().get(0)).matches("GET /v1/x: HTTP 503; retry 1 of 3 in \\d+ ms");
        assertThat(warnLines().get(1)).matches("GET /v1/x: HTTP 500; retry 2 of 3 in \\d+ ms");
    }

    /**
     * A very long configured name in a path (a 3,000-character project name) is shown shortened, with its length,
     * wherever the client names the call: each retry's warning and the failure. It was printed whole in each.
     */
    @Test
    void aVeryLongPathSegmentIsShortenedInWarningsAndTheFailure() {
        String name = "Sales " + "x".repeat(3000);
        server.always("/v1/projects/" + name, r -> json(500, "{\"message\":\"internal error\"}"));
        JsonHttpClient client = builder().retryPolicy(JsonHttpClientTest.FAST.withMaxAttempts(2)).build();

        VendorApiException e = org.junit.jupiter.api.Assertions.assertThrows(VendorApiException.class,
                () -> client.get("/projects/" + ApiRequest.segment(name)));

        String shown = "GET /v1/projects/Sales%20" + "x".repeat(52) + "… (3,008 characters)";
        assertThat(server.count("/v1/projects/" + name)).as("the request still names the project whole").isEqualTo(2);
        assertThat(warnLines()).singleElement().asString().startsWith(shown + ": HTTP 500; retry 1 of 1 in ");
        assertThat(e.endpoint()).isEqualTo(shown);
        assertThat(e.getMessage()).isEqualTo(shown + ": HTTP 500: internal error (after 2 attempts)");
    }

    @Test
    void aSlowDownNamesTheApiThatAskedForIt() {
        server.once("/v1/x", json(429, "{}")).always("/v1/x", r -> json(200, OK));
        builder().vendor("Fivetran", "hostPort").build().get("/x");
        server.once("/v1/y", json(429, "{}")).always("/v1/y", r -> json(200, OK));
        builder().build().get("/y");

        assertThat(warnLines()).hasSize(2);
        assertThat(warnLines().get(0)).matches("GET /v1/x: HTTP 429, the Fivetran API asks to slow down; all workers pause"
                + " \\d+ ms \\(retry 1 of 3\\)");
        // A client without a vendor's name says what it knows: the server asked.
        assertThat(warnLines().get(1)).startsWith("GET /v1/y: HTTP 429, the server asks to slow down;");
    }

    @Test
    void aRetryOfATimedOutRequestCountsAgainstTheBoundOfTimeouts() {
        CountDownLatch done = new CountDownLatch(1);
        server.always("/v1/ok", r -> json(200, OK))
                .once("/v1/slow", exchange -> JsonHttpClientTest.awaitQuietly(done))
                .always("/v1/slow", r -> json(200, OK))
                .once("/v1/mixed", json(500, "{}"))
                .once("/v1/mixed", exchange -> JsonHttpClientTest.awaitQuietly(done))
                .always("/v1/mixed", r -> json(200, OK));
        // 1 s, not less: a loaded machine can take a few hundred ms to answer even /v1/ok.
        JsonHttpClient client = builder().retryPolicy(JsonHttpClientTest.FAST.withRequestTimeout(Duration.ofSeconds(1)))
                .build();
        try {
            client.get("/ok"); // once the service has answered, a timeout is retried
            client.get("/slow");
            client.get("/mixed");
        } finally {
            done.countDown();
        }

        // A request is sent at most MAX_TIMEOUTS times unanswered, whatever the policy's attempts allow.
        assertThat(JsonHttpClient.MAX_TIMEOUTS).isEqualTo(2);
        assertThat(warnLines()).hasSize(3);
        assertThat(warnLines().get(0)).matches("GET /v1/slow: timed out after 1 s; retry 1 of 1 in \\d+ ms");
        assertThat(warnLines().get(1)).matches("GET /v1/mixed: HTTP 500; retry 1 of 3 in \\d+ ms");
        // After a 500, one more timeout would end the call at its third attempt: two retries in all.
        assertThat(warnLines().get(2)).matches("GET /v1/mixed: timed out after 1 s; retry 2 of 2 in \\d+ ms");
    }

    @Test
    void credentialQueryValuesAndAuthenticatorTokensNeverReachTheLog() {
        String apiKey = "k3y/with+odd chars=";
        String queryToken = "qt-0123456789abcdef";
        String bearer = "runtime-bearer.token_ABC123";
        server.always("/v1/items", r -> json(200, OK));
        JsonHttpClient client = builder()
                .authenticator(Authenticator.header("Authorization", "Bearer ", Secret.of(bearer))).build();

        client.send(ApiRequest.get("/items").withQuery("api_key", apiKey).withQuery("token", queryToken)
                .withQuery("limit", 100).withQuery("name", "a b"));

        assertThat(server.seen.get(0).header("Authorization")).isEqualTo("Bearer " + bearer);
        assertThat(debugLines()).singleElement().asString()
                .contains("HTTP GET http://127.0.0.1:" + server.port() + "/v1/items?api_key=******&token=******&limit=100&name=a+b -> 200");
        assertNowhere(apiKey, queryToken, bearer);
    }

    @Test
    void aSessionTokenObtainedAtRunTimeNeverReachesTheLog() {
        String session = "sess-9f8e7d6c5b4a39281706";
        server.always("/v1/auth/login", r -> json(204, "", Map.of("X-Auth-Token", session)))
                .always("/v1/objects", r -> json(200, OK));
        SessionAuthenticator authenticator = new SessionAuthenticator() {
            @Override
            protected Map<String, String> login(JsonHttpClient client) {
                ApiResponse response = client.send(ApiRequest.post("/auth/login",
                        MAPPER.createObjectNode().put("username", "alice").put("password", "pw-123456")).withoutAuth());
                return Map.of("X-Auth-Token", response.headers().firstValue("X-Auth-Token").orElseThrow());
            }
        };
        JsonHttpClient client = builder().authenticator(authenticator).build();

        // The session token in the query as well, as some APIs want it: masked by name and by value.
        client.send(ApiRequest.get("/objects").withQuery("sessionId", session).withQuery("echo", session));

        assertThat(server.seen.get(1).header("X-auth-token")).isEqualTo(session);
        assertThat(debugLines()).hasSize(2);
        assertThat(debugLines().get(0)).contains("HTTP POST ").contains("/v1/auth/login -> 204, 0 bytes");
        assertThat(debugLines().get(1)).contains("/v1/objects?sessionId=******&echo=****** -> 200");
        assertNowhere(session, "pw-123456");
    }

    @Test
    void withDebugOffNothingIsLoggedAndTurningItOnLogsTheNextCall() {
        server.always("/v1/groups", r -> json(200, OK));
        JsonHttpClient client = builder().build();

        clientLogger.setLevel(Level.INFO);
        client.get("/groups");
        assertThat(logs.events()).as("a successful call at INFO")
                .noneMatch(e -> e.getLoggerName().equals(JsonHttpClient.class.getName()));

        clientLogger.setLevel(Level.DEBUG);
        client.get("/groups");
        assertThat(debugLines()).singleElement().asString().contains("/v1/groups -> 200");
    }

    /** Asserts that no captured event holds any of {@code secrets}, as is, URL-encoded, JSON-escaped or in Base64. */
    private void assertNowhere(String... secrets) {
        String logged = everythingLogged();
        assertThat(logged).isNotEmpty();
        for (String secret : secrets) {
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            assertThat(logged).doesNotContain(secret).doesNotContain(encoded)
                    .doesNotContain(encoded.replace("+", "%20"))
                    .doesNotContain(Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
