package io.metaingest.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each fault as a client sees it, pass-through fidelity, and replay by seed. */
class FaultProxyTest {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer upstream = echoServer();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Echoes method, target, a header and the body; sets two cookies. */
    private static HttpServer echoServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.createContext("/", exchange -> {
                byte[] in = exchange.getRequestBody().readAllBytes();
                byte[] body = ("{\"echo\":\"" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("X-Token") + " " + new String(in, StandardCharsets.UTF_8)
                        + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Set-Cookie", "a=1");
                exchange.getResponseHeaders().add("Set-Cookie", "b=2");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    private URI upstreamUri() {
        return URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
    }

    private HttpResponse<String> get(FaultProxy proxy, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(proxy.uri() + target)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutFaultsEverythingPassesThroughUnchanged() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(), FaultPlan.none())) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy.uri() + "/v1/x?cursor=a%2Fb"))
                    .header("X-Token", "t0k").POST(HttpRequest.BodyPublishers.ofString("{\"q\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"echo\":\"POST /v1/x?cursor=a%2Fb t0k {\"q\":1}\"}");
            assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
            // The connection is kept alive: a second call on it works too.
            assertThat(get(proxy, "/again").body()).contains("GET /again");
            assertThat(proxy.requests()).isEqualTo(2);
            assertThat(proxy.injectedTotal()).isZero();
        }
    }

    @Test
    void rateLimitsCarryRetryAfterAsSecondsOrDateOrNotAtAll() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(), FaultPlan.always(Fault.TOO_MANY_REQUESTS, Duration.ZERO))) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = get(proxy, "/r" + i);
                assertThat(response.statusCode()).isEqualTo(429);
                values.add(response.headers().firstValue("Retry-After").orElseThrow());
            }
            assertThat(values).anyMatch(v -> v.matches("\\d+")).anyMatch(v -> v.endsWith("GMT"));
        }
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(),
                FaultPlan.always(Fault.TOO_MANY_REQUESTS_NO_RETRY_AFTER, Duration.ZERO))) {
            HttpResponse<String> response = get(proxy, "/r");
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(proxy.injected()).isEqualTo(Map.of(Fault.TOO_MANY_REQUESTS_NO_RETRY_AFTER, 1L));
        }
    }

    @Test
    void theDrillsRetriesObeyEveryRetryAfterTheProxyAsksForOnTheirShortClock() throws Exception {
        // Half the requests answered 429 with a Retry-After of 1 to 120 s: each is waited for (asked in full,
        // spent at most LONGEST_WAIT), not failed at once as a client's maxRetryAfter would fail a longer one.
        FaultPlan plan = new FaultPlan(42, 0.5, java.util.Set.of(Fault.TOO_MANY_REQUESTS), Duration.ZERO);
        List<Duration> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(), plan)) {
            io.metaingest.toolkit.JsonHttpClient http = io.metaingest.toolkit.JsonHttpClient
                    .builder(client, new com.fasterxml.jackson.databind.ObjectMapper(), proxy.uri())
                    .retryPolicy(FaultDrill.RETRIES)
                    .sleeper(wait -> {
                        asked.add(wait);
                        FaultDrill.CLOCK.sleep(wait);
                    })
                    .build();
            int answered = 0;
            for (int i = 0; i < 20; i++) {
                try {
                    http.send(io.metaingest.toolkit.ApiRequest.get("/r" + i));
                    answered++;
                } catch (io.metaingest.toolkit.VendorApiException e) {
                    assertThat(e.httpStatus()).as(e.getMessage()).isEqualTo(429); // four 429s in a row
                }
            }
            assertThat(proxy.injected().get(Fault.TOO_MANY_REQUESTS)).isPositive();
            assertThat(asked).anyMatch(wait -> wait.compareTo(Duration.ofSeconds(1)) >= 0);
            assertThat(answered).isGreaterThanOrEqualTo(16);
        }
        assertThat(FaultDrill.RETRIES.maxRetryAfter()).isEqualTo(Duration.ofSeconds(FaultProxy.LONGEST_RETRY_AFTER_SECONDS));
    }

    /**
     * A client whose policy will not wait as long as the proxy's 429 asks fails its first call at once:
     * the drill must fail saying it tested nothing, not pass on "the first call failed for good".
     */
    @Test
    void aDrillWhoseFirstCallFailsBecauseTheClientWouldNotWaitFailsSayingItTestedNothing() {
        // Waits of no more than 1 ms: every Retry-After (1 s or more) fails the call there and then.
        io.metaingest.toolkit.RetryPolicy impatient = new io.metaingest.toolkit.RetryPolicy(2, Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ofHours(1));
        io.metaingest.api.entity.CreateDatabaseRequest database = new io.metaingest.api.entity.CreateDatabaseRequest(
                "db", null, null, "svc", null, null, null);
        DrillLedger ledger = new DrillLedger(e -> true, (key, failure) -> true, DrillLedger.HTTP_CAUSE);
        assertThatThrownBy(() -> FaultDrill.run("impatient", upstreamUri(), 1.0, Duration.ofMillis(1),
                Duration.ofSeconds(60), ledger, (base, faulted) -> {
                    if (!faulted) {
                        return List.of(io.metaingest.api.Result.ok(database));
                    }
                    io.metaingest.toolkit.JsonHttpClient http = io.metaingest.toolkit.JsonHttpClient
                            .builder(client, new com.fasterxml.jackson.databind.ObjectMapper(), base)
                            .retryPolicy(impatient).sleeper(wait -> { }).build();
                    // Every request is faulted; the first 429 with a Retry-After is the call that fails at once.
                    for (int i = 0; i < 200; i++) {
                        try {
                            http.send(io.metaingest.toolkit.ApiRequest.get("/r" + i));
                        } catch (io.metaingest.toolkit.VendorApiException e) {
                            if (e.getMessage().contains(io.metaingest.toolkit.JsonHttpClient.NOT_RETRIED_WAIT)) {
                                throw e.toConnectionException(new io.metaingest.toolkit.ConnectionHints("Echo", "check the key",
                                        "check the grant", "check the path", "check the host"));
                            }
                        }
                    }
                    throw new AssertionError("no 429 with a Retry-After in 200 faulted requests");
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the drill tested nothing: the faulted run's first call failed at once, as the proxy"
                        + " asked to wait longer than the client's RetryPolicy.maxRetryAfter")
                .hasMessageContaining("give the faulted run's client FaultDrill.RETRIES");
    }

    @Test
    void serverErrorsAreGatewayPages() throws Exception {
        Map<Fault, Integer> statuses = Map.of(Fault.INTERNAL_SERVER_ERROR, 500, Fault.BAD_GATEWAY, 502,
                Fault.SERVICE_UNAVAILABLE, 503);
        for (Map.Entry<Fault, Integer> e : statuses.entrySet()) {
            try (FaultProxy proxy = FaultProxy.start(upstreamUri(), FaultPlan.always(e.getKey(), Duration.ZERO))) {
                HttpResponse<String> response = get(proxy, "/s");
                assertThat(response.statusCode()).isEqualTo(e.getValue());
                assertThat(response.body()).startsWith("<html>").contains(String.valueOf(e.getValue()));
                proxy.injecting(false);
                assertThat(get(proxy, "/s").statusCode()).isEqualTo(200);
                assertThat(proxy.injected()).isEqualTo(Map.of(e.getKey(), 1L));
            }
        }
    }

    @Test
    void resetsAndTruncatedBodiesAreIoErrorsForTheClient() throws Exception {
        for (Fault fault : List.of(Fault.CONNECTION_RESET, Fault.TRUNCATED_BODY)) {
            try (FaultProxy proxy = FaultProxy.start(upstreamUri(), FaultPlan.always(fault, Duration.ZERO))) {
                for (int i = 0; i < 5; i++) {
                    String target = "/t" + i;
                    assertThatThrownBy(() -> get(proxy, target)).as(fault + " " + target).isInstanceOf(IOException.class);
                }
                // At least once per request: the JDK client itself resends a GET once when the connection drops.
                assertThat(proxy.injected()).containsOnlyKeys(fault);
                assertThat(proxy.injected().get(fault)).isGreaterThanOrEqualTo(5L);
            }
        }
    }

    @Test
    void slowResponsesArriveCompleteWithinTheMaximumDelay() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(), FaultPlan.always(Fault.SLOW_RESPONSE, Duration.ofMillis(100)))) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                assertThat(get(proxy, "/slow" + i).body()).contains("GET /slow" + i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(proxy.injected()).isEqualTo(Map.of(Fault.SLOW_RESPONSE, 5L));
        }
    }

    /** What a client saw for each of 60 requests (status or exception), the same request sent twice each. */
    private List<String> outcomes(long seed) throws Exception {
        List<String> out = new ArrayList<>();
        FaultPlan plan = new FaultPlan(seed, 0.5, java.util.EnumSet.allOf(Fault.class), Duration.ofMillis(5));
        try (FaultProxy proxy = FaultProxy.start(upstreamUri(), plan)) {
            for (int i = 0; i < 60; i++) {
                try {
                    out.add(String.valueOf(get(proxy, "/p" + (i / 2)).statusCode()));
                } catch (IOException e) {
                    out.add("io");
                }
            }
        }
        return out;
    }

    @Test
    void theSameSeedInjectsTheSameFaultsIntoTheSameRequests() throws Exception {
        List<String> first = outcomes(42);
        assertThat(outcomes(42)).isEqualTo(first);
        assertThat(outcomes(43)).isNotEqualTo(first);
        assertThat(first).contains("200", "429", "io");
    }

    @Test
    void aSeedFromTheSystemPropertyIsUsed() {
        String before = System.getProperty(FaultPlan.SEED_PROPERTY);
        System.setProperty(FaultPlan.SEED_PROPERTY, "12345");
        try {
            FaultPlan plan = FaultPlan.seeded("test", 0.2, Duration.ofMillis(10));
            assertThat(plan.seed()).isEqualTo(12345L);
            assertThat(plan.faults()).containsExactlyInAnyOrder(Fault.values());
            assertThat(plan.replayHint()).contains("-Dmetaingest.faults.seed=12345");
        } finally {
            if (before == null) {
                System.clearProperty(FaultPlan.SEED_PROPERTY);
            } else {
                System.setProperty(FaultPlan.SEED_PROPERTY, before);
            }
        }
    }
}
