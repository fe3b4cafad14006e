package io.metaingest.toolkit;

import static io.metaingest.toolkit.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonHttpClientTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String OK = "{\"data\":{\"ok\":true}}";
    /**
     * Quick retries, and a request timeout long enough that a stalled machine cannot turn an answered request into a
     * timeout (a CI runner once paused this JVM for 15 s between a 429 and its retry); tests of timeouts set their own.
     */
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(60), Duration.ofSeconds(60));

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final ScriptedServer server = ScriptedServer.onFreePort();

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonHttpClient.Builder builder() {
        return JsonHttpClient.builder(HTTP, MAPPER, server.base("/v1")).sleeper(sleeper).retryPolicy(FAST);
    }

    @Test
    void honoursRetryAfterInSecondsOn429() {
        server.once("/v1/groups", json(429, "{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}",
                Map.of("Retry-After", "7"))).always("/v1/groups", r -> json(200, OK));
        JsonHttpClient client = builder().build();

        assertThat(client.get("/groups").path("data").path("ok").asBoolean()).isTrue();
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
        assertThat(server.seen).hasSize(2);
        assertThat(client.gate().pauseCount()).isEqualTo(1);
    }

    @Test
    void aRetryAfterLongerThanTheMaximumFailsTheCallAtOnceNamingTheWaitAndTheHost() {
        server.once("/v1/groups", json(429, "{\"code\":\"TooManyRequests\",\"message\":\"hourly quota\"}",
                Map.of("Retry-After", "3600"))).always("/v1/groups", r -> json(200, OK));
        JsonHttpClient client = builder().retryPolicy(RetryPolicy.DEFAULT).build();

        assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.getMessage()).isEqualTo("GET /v1/groups: HTTP 429 TooManyRequests: hourly quota; "
                    + server.base("").toString().replaceAll("/$", "") + " asked to wait 3600 s before the next request,"
                    + " longer than the 60 s a call waits, so it was not retried;"
                    + " run again once the rate limit resets");
        });
        // Nobody slept: neither this worker nor, through the gate, the others.
        assertThat(sleeper.waits).isEmpty();
        assertThat(client.gate().pauseCount()).isZero();
        assertThat(server.seen).hasSize(1);
    }

    /** Told to wait an hour, the client sends nothing more until then: each later call fails unsent, with that cause. */
    @Test
    void afterARetryAfterLongerThanTheMaximumLaterCallsAreNotSentUntilItHasPassed() {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        MutableClock clock = new MutableClock(now);
        server.once("/v1/a", json(429, "{\"code\":\"TooManyRequests\",\"message\":\"hourly quota\"}",
                Map.of("Retry-After", "3600"))).always("/v1/b", r -> json(200, OK)).always("/v1/c", r -> json(200, OK));
        JsonHttpClient client = builder().clock(clock).build();

        assertThatThrownBy(() -> client.get("/a")).hasMessageContaining("asked to wait 3600 s");
        clock.now = now.plusSeconds(3599);
        assertThatThrownBy(() -> client.get("/b")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.getMessage()).startsWith("GET /v1/b: not sent before 2024-06-01T13:00:00Z, the end of the wait an"
                    + " earlier answer asked for (GET /v1/a: HTTP 429 TooManyRequests: hourly quota; ");
        });
        assertThat(server.seen).hasSize(1);

        clock.now = now.plusSeconds(3600);
        assertThat(client.get("/c").path("data").path("ok").asBoolean()).isTrue();
        assertThat(server.seen).hasSize(2);
        assertThat(sleeper.waits).isEmpty();
    }

    /** A clock a test moves by hand. */
    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aRetryAfterDateBeyondTheMaximumFailsTheCallToo() {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        String in3h = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(3 * 3600).atOffset(ZoneOffset.UTC));
        server.once("/v1/x", json(429, "{}", Map.of("Retry-After", in3h))).always("/v1/x", r -> json(200, OK));
        JsonHttpClient client = builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build();

        assertThatThrownBy(() -> client.get("/x")).hasMessageContaining("asked to wait 10800 s before the next request,"
                + " longer than the 60 s a call waits");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void aRetryAfterOfExactlyTheMaximumIsWaited() {
        server.once("/v1/x", json(429, "{}", Map.of("Retry-After", "60"))).always("/v1/x", r -> json(200, OK));
        builder().build().get("/x");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void retriesStopWhenTheNextWaitWouldTakeTheCallPastItsMaximumTime() {
        server.always("/v1/x", r -> json(503, "{}"));
        // Backoff 2..4 s per retry, ten attempts allowed, but 10 s per call.
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
        JsonHttpClient client = builder().retryPolicy(policy).build();

        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.getMessage()).contains("(not retried: the call has taken ").contains(" of the 10 s it may take,"
                    + " RetryPolicy.maxCallTime)");
        });
        assertThat(sleeper.waits).hasSizeBetween(2, 4);
        assertThat(sleeper.waits.stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(10_000);
        assertThat(server.count("/v1/x")).isEqualTo(sleeper.waits.size() + 1);
    }

    @Test
    void theDefaultPolicyIsThirtySecondsPerRequestOneMinuteOfRetryAfterTwoMinutesPerCall() {
        assertThat(RetryPolicy.DEFAULT.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.DEFAULT.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.DEFAULT.maxCallTime()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aRetryAfterDateUnderTheCapIsWaitedExactly() {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        String in45s = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(45).atOffset(ZoneOffset.UTC));
        server.once("/v1/x", json(429, "{}", Map.of("Retry-After", in45s))).always("/v1/x", r -> json(200, OK));
        builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build().get("/x");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(45));
    }

    @Test
    void aRetryAfterInThePastOrNegativeIsNoReasonToRetryAtOnce() {
        Instant now = Instant.parse("2024-06-01T12:00:00Z");
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minusSeconds(30).atOffset(ZoneOffset.UTC));
        server.once("/v1/x", json(429, "{}", Map.of("Retry-After", past)))
                .once("/v1/x", json(429, "{}", Map.of("Retry-After", "-5")))
                .always("/v1/x", r -> json(200, OK));
        builder().clock(Clock.fixed(now, ZoneOffset.UTC)).build().get("/x");
        // The normal backoff, as without Retry-After: never a zero wait that hammers the server.
        assertThat(sleeper.waits).hasSize(2).allSatisfy(wait -> assertThat(wait).isPositive());
    }

    @Test
    void a503WithRetryAfterIsASlowDownForEveryWorker() {
        server.once("/v1/x", json(503, "{\"code\":\"Maintenance\",\"message\":\"back soon\"}",
                Map.of("Retry-After", "30"))).always("/v1/x", r -> json(200, OK));
        JsonHttpClient client = builder().build();
        client.get("/x");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(30));
        assertThat(client.gate().pauseCount()).isEqualTo(1);
    }

    @Test
    void credentialsWrittenIntoTheAddressAreInNoFailureLine() throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        JsonHttpClient client = JsonHttpClient.builder(HTTP, MAPPER, URI.create("http://admin:pw-in-url-9@127.0.0.1:" + closed
                + "/v1")).sleeper(sleeper).retryPolicy(FAST).vendor("Acme", "source.serviceConnection.config.hostPort").build();

        assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.getMessage()).contains("cannot connect to http://127.0.0.1:" + closed).doesNotContain("pw-in-url-9", "admin");
            assertThat(e.host()).isEqualTo("http://127.0.0.1:" + closed);
            assertThat(e.toConnectionException(hints()).getMessage()).doesNotContain("pw-in-url-9");
        });
    }

    @Test
    void a429UntilTheRetriesRunOutSaysTheServiceLimitsTheRateNotWhichSettingToCheck() {
        server.always("/v1/x", r -> json(429, "{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}"));
        JsonHttpClient client = builder().vendor("Acme", "source.serviceConnection.config.hostPort").build();

        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.getMessage()).isEqualTo("GET /v1/x: HTTP 429 TooManyRequests: slow down (after "
                    + FAST.maxAttempts() + " attempts); the Acme API kept limiting the rate of requests; run again once the rate"
                    + " limit resets");
            // On a first call: the host and the credentials worked, so no setting is named.
            ConnectionException first = e.toConnectionException(hints());
            assertThat(first.getMessage()).isEqualTo(e.getMessage()).doesNotContain("check hostPort");
        });
        assertThat(server.seen).hasSize(FAST.maxAttempts());
    }

    @Test
    void a429WithoutRetryAfterBacksOff() {
        server.once("/v1/x", json(429, "{}")).always("/v1/x", r -> json(200, OK));
        builder().build().get("/x");
        assertThat(sleeper.waits).hasSize(1);
        assertThat(sleeper.waits.get(0).toMillis()).isBetween(100L, 200L);
    }

    @Test
    void a429PausesEveryWorkerOfTheClientUntilTheAdvisedWaitIsOver() throws Exception {
        HeldSleeper held = new HeldSleeper();
        server.once("/v1/a", json(429, "{}", Map.of("Retry-After", "4")))
                .always("/v1/a", r -> json(200, OK))
                .always("/v1/b", r -> json(200, OK));
        JsonHttpClient client = builder().sleeper(held).build();
        try (Workers workers = new Workers(3)) {
            var a = workers.submit(() -> client.get("/a"));
            assertThat(held.started.await(10, TimeUnit.SECONDS)).isTrue();
            var b1 = workers.submit(() -> client.get("/b"));
            var b2 = workers.submit(() -> client.get("/b"));
            Conditions.await(() -> client.gate().waitingWorkers() == 2, "both workers wait at the gate");
            assertThat(server.count("/v1/b")).as("nothing sent while paused").isZero();
            assertThat(client.gate().isPaused()).isTrue();

            held.release.countDown();
            assertThat(a.get(10, TimeUnit.SECONDS).path("data").path("ok").asBoolean()).isTrue();
            assertThat(b1.get(10, TimeUnit.SECONDS).path("data").path("ok").asBoolean()).isTrue();
            assertThat(b2.get(10, TimeUnit.SECONDS).path("data").path("ok").asBoolean()).isTrue();
        }
        assertThat(held.waits).containsExactly(Duration.ofSeconds(4));
        assertThat(server.count("/v1/a")).isEqualTo(2);
        assertThat(server.count("/v1/b")).isEqualTo(2);
    }

    @Test
    void a429ArrivingDuringAPauseJoinsItInsteadOfStartingAnother() throws Exception {
        HeldSleeper held = new HeldSleeper();
        CountDownLatch cArrived = new CountDownLatch(1);
        server.once("/v1/c", exchange -> {
                    cArrived.countDown();
                    // Answer only once the other worker's pause is running: both were refused together.
                    awaitQuietly(held.started);
                    json(429, "{}", Map.of("Retry-After", "4")).handle(exchange);
                })
                .always("/v1/c", r -> json(200, OK))
                .once("/v1/a", json(429, "{}", Map.of("Retry-After", "4")))
                .always("/v1/a", r -> json(200, OK));
        JsonHttpClient client = builder().sleeper(held).build();
        try (Workers workers = new Workers(2)) {
            var c = workers.submit(() -> client.get("/c"));
            assertThat(cArrived.await(10, TimeUnit.SECONDS)).isTrue();
            var a = workers.submit(() -> client.get("/a"));
            Conditions.await(() -> client.gate().waitingWorkers() == 1, "the second refused worker joins the pause");
            held.release.countDown();
            a.get(10, TimeUnit.SECONDS);
            c.get(10, TimeUnit.SECONDS);
        }
        assertThat(client.gate().pauseCount()).isEqualTo(1);
        assertThat(held.waits).containsExactly(Duration.ofSeconds(4));
    }

    @Test
    void backs5xxOffExponentiallyWithJitterUpToTheCapThenThrowsTheVendorError() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofSeconds(60), Duration.ofSeconds(10));
        server.always("/v1/x", r -> json(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"Try again later\"}"));
        JsonHttpClient client = builder().retryPolicy(policy).build();

        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(VendorApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(VendorApiException.Kind.HTTP);
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.vendorCode()).isEqualTo("ServiceUnavailable");
                    assertThat(e.vendorMessage()).isEqualTo("Try again later");
                    assertThat(e.endpoint()).isEqualTo("GET /v1/x");
                    assertThat(e.getMessage())
                            .isEqualTo("GET /v1/x: HTTP 503 ServiceUnavailable: Try again later (after 5 attempts)");
                });
        assertThat(server.seen).hasSize(5);
        assertThat(sleeper.waits).hasSize(4);
        assertThat(sleeper.waits.get(0).toMillis()).isBetween(50L, 100L);
        assertThat(sleeper.waits.get(1).toMillis()).isBetween(100L, 200L);
        assertThat(sleeper.waits.get(2).toMillis()).isBetween(125L, 250L);
        assertThat(sleeper.waits.get(3).toMillis()).isBetween(125L, 250L);
        assertThat(client.requestCount()).isEqualTo(5);
    }

    @Test
    void retriesATimeoutAndAConnectionReset() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        server.once("/v1/slow", exchange -> awaitQuietly(done))
                .always("/v1/slow", r -> json(200, OK))
                .once("/v1/reset", exchange -> { /* closed without an answer */ })
                .once("/v1/reset", exchange -> { })
                .always("/v1/reset", r -> json(200, OK))
                .always("/v1/ok", r -> json(200, OK));
        // 1 s, not less: a loaded machine can take a few hundred ms to answer even /v1/ok.
        JsonHttpClient client = builder().retryPolicy(FAST.withRequestTimeout(Duration.ofSeconds(1))).build();
        try {
            client.get("/ok"); // once the service has answered, a timeout is the moment's and is retried
            assertThat(client.get("/slow").path("data").path("ok").asBoolean()).isTrue();
            assertThat(server.count("/v1/slow")).isEqualTo(2);
            assertThat(sleeper.waits).hasSize(1);

            assertThat(client.get("/reset").path("data").path("ok").asBoolean()).isTrue();
            assertThat(server.count("/v1/reset")).isEqualTo(3);
            // The JDK client may retry a reset GET once by itself; the rest are ours, one wait each.
            assertThat(sleeper.waits).hasSizeBetween(2, 3);
        } finally {
            done.countDown();
        }
    }

    @Test
    void aServerThatStopsAnsweringFailsTheCallAfterTwoTimeouts() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        server.always("/v1/hang", r -> exchange -> awaitQuietly(done)).always("/v1/ok", r -> json(200, OK));
        JsonHttpClient client = builder().retryPolicy(FAST.withRequestTimeout(Duration.ofSeconds(1))).build();
        try {
            client.get("/ok");
            assertThatThrownBy(() -> client.get("/hang")).isInstanceOfSatisfying(VendorApiException.class, e -> {
                assertThat(e.kind()).isEqualTo(VendorApiException.Kind.TIMEOUT);
                assertThat(e.getMessage()).startsWith("GET /v1/hang: timed out, no answer within 1 s, 2 times; check ");
            });
            assertThat(server.count("/v1/hang")).isEqualTo(JsonHttpClient.MAX_TIMEOUTS);
        } finally {
            done.countDown();
        }
    }

    @Test
    void aHostThatAcceptsTheConnectionAndNeverAnswersIsReportedAfterOneTimeout() throws Exception {
        List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // kept open, never read from nor written to
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String host = "http://127.0.0.1:" + silent.getLocalPort();
            JsonHttpClient client = JsonHttpClient.builder(HTTP, MAPPER, java.net.URI.create(host + "/v1"))
                    .sleeper(sleeper).retryPolicy(RetryPolicy.DEFAULT.withRequestTimeout(Duration.ofMillis(300))).build();

            assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
                assertThat(e.kind()).isEqualTo(VendorApiException.Kind.TIMEOUT);
                assertThat(e.getMessage()).isEqualTo("GET /v1/groups: timed out: " + host
                        + " accepted the connection but did not answer within 300 ms");
                io.metaingest.api.ConnectionException connection = e.toConnectionException(new ConnectionHints("Acme",
                        "check apiKey", "grant it", "check hostPort", "check source.serviceConnection.config.hostPort"));
                assertThat(connection.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.UNREACHABLE);
                assertThat(connection.getMessage()).isEqualTo("Acme API did not answer: GET /v1/groups: timed out: "
                        + host + " accepted the connection but did not answer within 300 ms;"
                        + " check source.serviceConnection.config.hostPort");
            });
            // One request, no retry: the address is wrong, and waiting longer would only delay saying so.
            assertThat(client.requestCount()).isEqualTo(1);
            assertThat(sleeper.waits).isEmpty();
        } finally {
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void networkFailuresGiveUpAfterMaxAttempts() {
        server.always("/v1/reset", r -> exchange -> { }).always("/v1/ok", r -> json(200, OK));
        JsonHttpClient client = builder().retryPolicy(FAST.withMaxAttempts(2)).build();
        client.get("/ok");
        assertThatThrownBy(() -> client.get("/reset"))
                .isInstanceOfSatisfying(VendorApiException.class, e -> {
                    // The service answered before: a failure of the moment, not of the address.
                    assertThat(e.kind()).isEqualTo(VendorApiException.Kind.NETWORK);
                    // Worded for users: no class name, not the JDK's parser's words.
                    assertThat(e.getMessage())
                            .isEqualTo("GET /v1/reset: the connection closed before an answer (after 2 attempts)");
                });
        assertThat(sleeper.waits).hasSize(1);
    }

    @Test
    void aHostThatClosesEveryConnectionWithoutAnAnswerBeforeItEverAnsweredIsUnreachable() throws Exception {
        try (java.net.ServerSocket closing = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        try (java.net.Socket socket = closing.accept()) {
                            socket.getInputStream().read(new byte[8192]); // the request, left unanswered
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String host = "http://127.0.0.1:" + closing.getLocalPort();
            // The default policy's 6 attempts would hold the run ~12 s for an address that never answers.
            JsonHttpClient client = JsonHttpClient.builder(HTTP, MAPPER, URI.create(host + "/v1")).sleeper(sleeper)
                    .retryPolicy(RetryPolicy.DEFAULT).vendor("Acme", "source.serviceConnection.config.hostPort").build();

            assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
                assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNREACHABLE);
                assertThat(e.getMessage())
                        .isEqualTo("GET /v1/groups: the connection closed before an answer (after 2 attempts)");
                ConnectionException connection = e.toConnectionException(new ConnectionHints("Acme", "check apiKey",
                        "grant it", "check hostPort", "check source.serviceConnection.config.hostPort"));
                assertThat(connection.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                assertThat(connection.getMessage()).isEqualTo("Acme API unreachable: GET /v1/groups: the connection"
                        + " closed before an answer (after 2 attempts); check source.serviceConnection.config.hostPort");
            });
            // Two attempts (one reset is ridden out), one backoff of at most the policy's first (500 ms).
            assertThat(client.requestCount()).isEqualTo(JsonHttpClient.MAX_ATTEMPTS_BEFORE_AN_ANSWER);
            assertThat(sleeper.waits).singleElement().satisfies(w -> assertThat(w.toMillis()).isLessThanOrEqualTo(500));
        }
    }

    @Test
    void oneConnectionClosedWithoutAnAnswerBeforeTheServiceEverAnsweredIsRiddenOut() throws Exception {
        java.util.concurrent.atomic.AtomicReference<JsonHttpClient> ours = new java.util.concurrent.atomic.AtomicReference<>();
        try (java.net.ServerSocket flaky = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        try (java.net.Socket socket = flaky.accept()) {
                            socket.getInputStream().read(new byte[8192]);
                            // Every connection of the first attempt is closed without an answer (the JDK client
                            // resends a GET so closed once by itself); the second attempt's is answered.
                            if (ours.get().requestCount() >= 2) {
                                byte[] body = OK.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                                socket.getOutputStream().write(body);
                            }
                        }
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            JsonHttpClient client = JsonHttpClient.builder(HTTP, MAPPER,
                    URI.create("http://127.0.0.1:" + flaky.getLocalPort() + "/v1")).sleeper(sleeper)
                    .retryPolicy(RetryPolicy.DEFAULT).build();
            ours.set(client);
            assertThat(client.get("/groups").path("data").path("ok").asBoolean()).isTrue();
            assertThat(client.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void onceTheServiceHasAnsweredClosedConnectionsAreRetriedForThePolicysAttempts() {
        server.always("/v1/reset", r -> exchange -> { }).always("/v1/ok", r -> json(200, OK));
        JsonHttpClient client = builder().retryPolicy(FAST).build();
        client.get("/ok");
        // A restart or a balancer's hiccup mid-run is ridden out as long as the policy allows.
        assertThatThrownBy(() -> client.get("/reset")).isInstanceOfSatisfying(VendorApiException.class,
                e -> assertThat(e.getMessage()).endsWith("(after " + FAST.maxAttempts() + " attempts)"));
        assertThat(client.requestCount()).isEqualTo(1 + FAST.maxAttempts());
    }

    @Test
    void networkFailuresAreWordedForUsers() {
        assertThat(NetworkFailures.describe(new java.io.IOException("HTTP/1.1 header parser received no bytes")))
                .isEqualTo("the connection closed before an answer");
        assertThat(NetworkFailures.describe(new java.io.IOException("x", new java.io.EOFException())))
                .isEqualTo("the connection closed before an answer");
        assertThat(NetworkFailures.describe(new java.net.SocketException("Connection reset")))
                .isEqualTo("the connection was reset");
        assertThat(NetworkFailures.describe(new java.io.IOException(null, new java.io.IOException("Broken pipe"))))
                .isEqualTo("the connection broke while the request was sent");
        assertThat(NetworkFailures.describe(new java.io.IOException(null, new java.io.IOException("no route"))))
                .isEqualTo("the connection failed (no route)");
        assertThat(NetworkFailures.describe(new java.io.IOException())).isEqualTo("the connection failed");
    }

    @Test
    void doesNotRetryOther4xxAndKeepsTheVendorCodeAndMessage() {
        server.always("/v1/x", r -> json(404,
                "{\"code\":\"NotFound_Connector\",\"message\":\"Connector with id 'no_such' does not exist.\"}"));
        JsonHttpClient client = builder().build();
        assertThatThrownBy(() -> client.get("/x"))
                .isInstanceOfSatisfying(VendorApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.vendorCode()).isEqualTo("NotFound_Connector");
                    assertThat(e.getMessage()).isEqualTo(
                            "GET /v1/x: HTTP 404 NotFound_Connector: Connector with id 'no_such' does not exist.");
                });
        assertThat(server.seen).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void readsTheDbtCloudErrorShapeAndAnHtmlPage() {
        server.always("/v1/dbt", r -> json(400, "{\"status\":{\"code\":400,\"is_success\":false,"
                + "\"user_message\":\"Invalid limit\",\"developer_message\":\"\"},\"data\":null}"));
        server.always("/v1/html", r -> exchange -> {
            byte[] page = "<html><body>Bad Gateway</body></html>\nmore".getBytes();
            exchange.sendResponseHeaders(418, page.length);
            exchange.getResponseBody().write(page);
        });
        JsonHttpClient client = builder().build();
        assertThatThrownBy(() -> client.get("/dbt")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.vendorCode()).isEqualTo("400");
            assertThat(e.vendorMessage()).isEqualTo("Invalid limit");
        });
        assertThatThrownBy(() -> client.get("/html")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.vendorCode()).isNull();
            assertThat(e.getMessage()).isEqualTo("GET /v1/html: HTTP 418: an HTML page (Bad Gateway more)");
        });
    }

    @Test
    void anHtmlErrorPageIsNamedByItsTitleOrItsWordsNeverQuotedRaw() {
        assertThat(JsonHttpClient.htmlPage(("<!DOCTYPE html>\r\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
                + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>").getBytes()))
                .isEqualTo("an HTML page (502 Bad Gateway)");
        assertThat(JsonHttpClient.htmlPage("<html><body><h1>400 Bad Request</h1><p>Your browser sent".getBytes()))
                .isEqualTo("an HTML page (400 Bad Request Your browser sent)");
        assertThat(JsonHttpClient.htmlPage("<html><body><h1 class=\"title".getBytes())).isEqualTo("an HTML page");
    }

    @Test
    void neverPutsASecretOrTheQueryIntoAMessage() {
        String secret = "s3cr3t/Value+=";
        server.always("/v1/x", r -> json(401, "{\"code\":\"AuthFailed\",\"message\":\"bad key k:" + secret
                + " (" + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8) + ")\"}"));
        JsonHttpClient client = builder().authenticator(Authenticator.basic("k", Secret.of(secret))).build();
        ApiRequest request = ApiRequest.get("/x").withQuery("token", secret).withQuery("limit", 2);

        assertThatThrownBy(() -> client.send(request)).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.getMessage()).startsWith("GET /v1/x: HTTP 401 AuthFailed: bad key k:******")
                    .doesNotContain(secret).doesNotContain("token").doesNotContain("czNjcjN0");
            assertThat(e.vendorMessage()).doesNotContain(secret);
            ConnectionException ce = e.toConnectionException(hints());
            assertThat(ce.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
            assertThat(ce.getMessage()).startsWith("Acme refused the credentials: HTTP 401 (AuthFailed: bad key")
                    .endsWith("; check apiKey and apiSecret").doesNotContain(secret);
        });
        ScriptedServer.Seen seen = server.seen.get(0);
        assertThat(seen.target()).isEqualTo("/v1/x?token=s3cr3t%2FValue%2B%3D&limit=2");
        assertThat(seen.header("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString(("k:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void mapsConnectionFailuresToTheRightReason() throws Exception {
        server.always("/v1/forbidden", r -> json(403, "{\"code\":\"Forbidden\",\"message\":\"no permission\"}"))
                .always("/v1/missing", r -> json(404, "{}"))
                .always("/v1/broken", r -> json(500, "{}"));
        JsonHttpClient client = builder().retryPolicy(FAST.withMaxAttempts(1)).build();
        assertThat(reason(client, "/forbidden")).isEqualTo(ConnectionException.Reason.PERMISSION);
        assertThat(reason(client, "/missing")).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(reason(client, "/broken")).isEqualTo(ConnectionException.Reason.OTHER);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JsonHttpClient refused = JsonHttpClient.builder(HTTP, MAPPER, URI.create("http://127.0.0.1:" + port + "/api"))
                .sleeper(sleeper).build();
        VendorApiException e = org.junit.jupiter.api.Assertions.assertThrows(VendorApiException.class,
                () -> refused.get("/x"));
        assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNREACHABLE);
        ConnectionException ce = e.toConnectionException(hints());
        assertThat(ce.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
        assertThat(ce.getMessage()).isEqualTo("Acme API unreachable: GET /api/x: cannot connect to http://127.0.0.1:" + port
                + " (connection refused); check hostPort"); // the JDK's ConnectException has no message of its own
        assertThat(refused.requestCount()).as("a refused connection is not retried").isEqualTo(1);

        JsonHttpClient unknown = JsonHttpClient.builder(HTTP, MAPPER, URI.create("http://no-such-host.invalid/api"))
                .sleeper(sleeper).build();
        assertThatThrownBy(() -> unknown.get("/x")).isInstanceOfSatisfying(VendorApiException.class,
                u -> assertThat(u.toConnectionException(hints())).satisfies(c -> {
                    assertThat(c.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                    assertThat(c.getMessage()).contains("cannot connect to http://no-such-host.invalid (no such host name)");
                }));
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void aTlsHandshakeWithAPlainHttpPortIsNotRetriedAndSaysWhichSchemeToGive() throws Exception {
        try (ServerSocket plain = new ServerSocket(0)) {
            // A plain HTTP server, as most answer a TLS client: a 400 for the unreadable request, then close.
            Thread answering = new Thread(() -> {
                // Every connection: the JDK's client may open a second one for the same GET when the
                // first closed early, and an unanswered one would hang its handshake until the timeout.
                while (!plain.isClosed()) {
                    try (java.net.Socket s = plain.accept()) {
                        // The whole ClientHello (one TLS record: a 5-byte header ending with its length),
                        // as a server reads a request: closing with part of it unread resets the connection.
                        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                        byte[] header = new byte[5];
                        in.readFully(header);
                        in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException ignored) {
                        // the client went away first, or the test closed the socket: the assertions say what it saw
                    }
                }
            }, "plain-http");
            answering.setDaemon(true);
            answering.start();
            String authority = "127.0.0.1:" + plain.getLocalPort();
            JsonHttpClient tls = JsonHttpClient.builder(HTTP, MAPPER, URI.create("https://" + authority + "/v1"))
                    .sleeper(sleeper).retryPolicy(FAST).build();

            VendorApiException e = org.junit.jupiter.api.Assertions.assertThrows(VendorApiException.class, () -> tls.get("/x"));

            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNREACHABLE);
            assertThat(e.toConnectionException(hints()).getMessage()).contains("TLS handshake with https://" + authority
                    + " failed").contains("given as http://").doesNotContain("assumed").endsWith("; check hostPort");
            assertThat(tls.requestCount()).as("a handshake that failed before any answer is not retried").isEqualTo(1);
            assertThat(sleeper.waits).isEmpty();

            // The same address written without a scheme: the line says https was assumed, and what to write instead.
            JsonHttpClient assumed = JsonHttpClient.builder(HTTP, MAPPER, URI.create(BaseUrl.of(authority) + "/v1"))
                    .vendor("Acme", "source.serviceConnection.config.hostPort").addressAsWritten(authority + "/")
                    .sleeper(sleeper).retryPolicy(FAST).build();
            VendorApiException a = org.junit.jupiter.api.Assertions.assertThrows(VendorApiException.class,
                    () -> assumed.get("/x"));
            assertThat(a.getMessage()).contains("TLS handshake with https://" + authority + " failed (").endsWith(
                    "; https:// was assumed, as source.serviceConnection.config.hostPort names no scheme: write http://"
                            + authority + " if the server speaks plain HTTP, and a TLS port's certificate must be trusted"
                            + " by this JVM");
        }
    }

    /**
     * A hostPort written without a scheme against a plain-HTTP server that waits for a request: the JDK's https
     * handshake gets no answer and the connection times out. The line said only "no connection within the connect
     * timeout", with no hint that https was assumed; it says so only when no scheme was written.
     */
    @Test
    void aConnectionTimeoutToAnAddressWrittenWithoutASchemeSaysHttpsWasAssumed() {
        server.always("/v1/x", r -> json(200, OK));
        String written = "127.0.0.1:" + server.port();
        RetryPolicy quick = FAST.withRequestTimeout(Duration.ofSeconds(1));

        JsonHttpClient assumed = JsonHttpClient.builder(HTTP, MAPPER, URI.create(BaseUrl.of(written) + "/v1"))
                .vendor("Acme", "source.serviceConnection.config.hostPort").addressAsWritten(written)
                .sleeper(sleeper).retryPolicy(quick).build();
        VendorApiException e = org.junit.jupiter.api.Assertions.assertThrows(VendorApiException.class, () -> assumed.get("/x"));
        assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNREACHABLE);
        assertThat(e.toConnectionException(hints()).getMessage()).isEqualTo("Acme API unreachable: GET /v1/x: cannot"
                + " connect to https://" + written + " (no connection within the connect timeout); https:// was assumed,"
                + " as source.serviceConnection.config.hostPort names no scheme: write http://" + written
                + " if the server speaks plain HTTP; check hostPort");

        JsonHttpClient chosen = JsonHttpClient.builder(HTTP, MAPPER, URI.create("https://" + written + "/v1"))
                .vendor("Acme", "source.serviceConnection.config.hostPort").addressAsWritten("https://" + written)
                .sleeper(sleeper).retryPolicy(quick).build();
        assertThatThrownBy(() -> chosen.get("/x")).as("https written: nothing was assumed")
                .hasMessage("GET /v1/x: cannot connect to https://" + written + " (no connection within the connect timeout)");
        assertThat(server.seen).as("a TLS handshake is no HTTP request").isEmpty();
    }

    @Test
    void theAddressSuggestedWithHttpNeverCarriesUserInfo() {
        server.always("/v1/x", r -> json(200, OK));
        String written = "127.0.0.1:" + server.port();
        JsonHttpClient assumed = JsonHttpClient.builder(HTTP, MAPPER, URI.create(BaseUrl.of(written) + "/v1"))
                .addressAsWritten("admin:" + "s3cret@" + written).sleeper(sleeper)
                .retryPolicy(FAST.withRequestTimeout(Duration.ofSeconds(1))).build();
        assertThatThrownBy(() -> assumed.get("/x")).hasMessageEndingWith("; https:// was assumed, as the address names no"
                + " scheme: write http://" + written + " if the server speaks plain HTTP").hasMessageNotContaining("s3cret");
    }

    private static ConnectionException.Reason reason(JsonHttpClient client, String path) {
        try {
            client.get(path);
            throw new AssertionError("expected a failure");
        } catch (VendorApiException e) {
            return e.toConnectionException(hints()).reason();
        }
    }

    @Test
    void anAnswerAfterAnAttemptThatMayHaveBeenAppliedSaysSo() {
        server.once("/v1/x", json(502, "{}")).once("/v1/x", json(200, OK))
                .once("/v1/y", json(429, "{}")).once("/v1/y", json(200, OK))
                .once("/v1/z", json(200, OK));
        JsonHttpClient client = builder().build();
        assertThat(client.send(ApiRequest.get("/x")).afterUnknownOutcome()).isTrue();
        assertThat(client.send(ApiRequest.get("/y")).afterUnknownOutcome()).as("a 429 was not served").isFalse();
        assertThat(client.send(ApiRequest.get("/z")).afterUnknownOutcome()).isFalse();
    }

    @Test
    void malformedJsonIsNotRetried() {
        server.always("/v1/x", r -> json(200, "{\"data\": [1, 2"));
        JsonHttpClient client = builder().build();
        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.MALFORMED);
            assertThat(e.getMessage()).startsWith("GET /v1/x: malformed JSON in a 200 response (Unexpected end-of-input")
                    .contains("(line 1, column ").doesNotContain("Source:").doesNotContain("StreamReadFeature");
        });
        assertThat(server.seen).hasSize(1);
    }

    @Test
    void anHtmlPageInA200NamesTheVendorAndTheHostSettingWithoutJacksonNoise() {
        server.always("/v1/groups", r -> json(200, "<html><body>Proxy login</body></html>"));
        JsonHttpClient client = builder().vendor("Fivetran", "source.serviceConnection.config.hostPort").build();
        assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.MALFORMED);
            assertThat(e.getMessage()).isEqualTo("GET /v1/groups: an HTML page in a 200 response, not the Fivetran API"
                    + " answering: check source.serviceConnection.config.hostPort (a wrong host, or a proxy or login page"
                    + " answering in its place)");
        });
    }

    @Test
    void callsAreNamedUnderTheBaseWhenAsked() {
        server.always("/v1/x", r -> json(400, "{\"code\":\"Bad\",\"message\":\"no\"}"));
        JsonHttpClient client = builder().namesCallsUnderBase().build();
        assertThat(client.endpoint(ApiRequest.get("/x"))).isEqualTo("GET /x");
        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.endpoint()).isEqualTo("GET /x");
            assertThat(e.getMessage()).startsWith("GET /x: HTTP 400");
        });
        assertThat(builder().build().endpoint(ApiRequest.get("/x"))).as("by default with the base's path").isEqualTo("GET /v1/x");
    }

    /** Which page answered is what tells a web UI's index from a proxy's portal: its title, on one line, cut short. */
    @Test
    void anHtmlPageInA200IsNamedByItsTitleTrimmedAndCutShort() {
        String title = "Acme   Access\n Portal &ndash; caf&#233; &amp; more &unknown; " + "sign in to continue ".repeat(10);
        server.always("/v1/groups", r -> json(200, "<!doctype html><html><head><title>\n  " + title + "</title>"
                + "<script>var token = 'x';</script></head><body><div id=\"root\"></div></body></html>"));
        JsonHttpClient client = builder().vendor("Fivetran", "source.serviceConnection.config.hostPort").build();
        String named = ("Acme Access Portal – café & more &unknown; " + "sign in to continue ".repeat(10)).substring(0, JsonHttpClient.PAGE_WORDS);
        assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.MALFORMED);
            assertThat(e.getMessage()).isEqualTo("GET /v1/groups: an HTML page (" + named + "…) in a 200 response, not"
                    + " the Fivetran API answering: check source.serviceConnection.config.hostPort (a wrong host, or a"
                    + " proxy or login page answering in its place)");
        });
    }

    @Test
    void aBodyBrokenOffAfterTheApiAnsweredJsonIsNotBlamedOnTheAddress() {
        server.once("/v1/a", json(200, OK)).always("/v1/b", r -> json(200, "{\"data\": [1, 2"));
        JsonHttpClient client = builder().vendor("Fivetran", "source.serviceConnection.config.hostPort").build();
        client.get("/a");
        assertThatThrownBy(() -> client.get("/b")).isInstanceOf(VendorApiException.class)
                .hasMessageStartingWith("GET /v1/b: malformed JSON in a 200 response (Unexpected end-of-input")
                .hasMessageNotContaining("hostPort");
    }

    @Test
    void notJsonBeforeAnyJsonAnswerIsBlamedOnTheSettingOnlyByAClientGivenOne() {
        server.always("/v1/x", r -> json(200, "pong"));
        assertThatThrownBy(() -> builder().vendor("Example", "source.serviceConnection.config.hostPort").build().get("/x"))
                .isInstanceOf(VendorApiException.class)
                .hasMessage("GET /v1/x: malformed JSON in a 200 response (Unrecognized token 'pong' (line 1, column 5)),"
                        + " not the Example API answering: check source.serviceConnection.config.hostPort (a wrong host, or a"
                        + " proxy or login page answering in its place)");
        assertThatThrownBy(() -> builder().build().get("/x")).isInstanceOf(VendorApiException.class)
                .hasMessage("GET /v1/x: malformed JSON in a 200 response (Unrecognized token 'pong' (line 1, column 5))");
    }

    @Test
    void aPersistent5xxNamesTheVendorAndWhatToDo() {
        server.always("/v1/groups", r -> json(500, "{\"code\":\"InternalError\",\"message\":\"boom\"}"));
        JsonHttpClient client = builder().vendor("Fivetran", "source.serviceConnection.config.hostPort").build();
        assertThatThrownBy(() -> client.get("/groups")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.vendorCode()).isEqualTo("InternalError");
            assertThat(e.getMessage()).isEqualTo("GET /v1/groups: the Fivetran API answered HTTP 500 InternalError: boom"
                    + " (after 4 attempts): the service is failing; retry later");
        });
        assertThat(server.seen).hasSize(4);
    }

    @Test
    void postsJsonAndBindsTheAnswer() {
        server.always("/v1/echo", r -> json(200, r.body()));
        JsonHttpClient client = builder().defaultHeader("X-Project", "p1").build();
        ApiRequest request = ApiRequest.post("/echo", MAPPER.createObjectNode().put("name", "n").put("size", 3))
                .withHeader("X-Extra", "e");
        Echo echo = client.send(request, Echo.class);
        assertThat(echo).isEqualTo(new Echo("n", 3));
        ScriptedServer.Seen seen = server.seen.get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.header("Content-type")).isEqualTo("application/json");
        assertThat(seen.header("X-project")).isEqualTo("p1");
        assertThat(seen.header("X-extra")).isEqualTo("e");

        JsonNode wrong = MAPPER.createObjectNode().put("size", "many");
        assertThatThrownBy(() -> client.convert(request, wrong, Echo.class))
                .isInstanceOfSatisfying(VendorApiException.class,
                        e -> assertThat(e.kind()).isEqualTo(VendorApiException.Kind.MALFORMED));
    }

    record Echo(String name, int size) {
    }

    @Test
    void renewsAnExpiredSessionOnceAndSendsAgain() {
        AtomicInteger logins = new AtomicInteger();
        server.always("/api/auth/login", r -> json(204, "", Map.of("X-MSTR-AuthToken", "token-" + logins.incrementAndGet())));
        // The first token expires after one use; later ones stay valid.
        AtomicInteger usesOfFirst = new AtomicInteger();
        server.always("/api/projects", r -> {
            String token = r.header("X-mstr-authtoken");
            if ("token-1".equals(token) && usesOfFirst.incrementAndGet() > 1) {
                return json(401, "{\"code\":\"ERR009\",\"message\":\"The user's session has expired, please reauthenticate\"}");
            }
            return json(200, "[{\"id\":\"P1\"}]");
        });
        server.always("/api/never", r -> json(401, "{\"code\":\"ERR009\",\"message\":\"expired\"}"));
        Session session = new Session();
        JsonHttpClient client = JsonHttpClient.builder(HTTP, MAPPER, server.base("/api")).sleeper(sleeper)
                .authenticator(session).build();

        assertThat(client.get("/projects").get(0).path("id").asText()).isEqualTo("P1");
        assertThat(client.get("/projects").get(0).path("id").asText()).isEqualTo("P1");
        assertThat(logins.get()).isEqualTo(2);
        assertThat(server.seen).extracting(ScriptedServer.Seen::target).containsExactly(
                "/api/auth/login", "/api/projects", "/api/projects", "/api/auth/login", "/api/projects");

        // Still expired after renewing: renewed once only, then the vendor's error.
        assertThatThrownBy(() -> client.get("/never")).isInstanceOfSatisfying(VendorApiException.class,
                e -> assertThat(e.vendorCode()).isEqualTo("ERR009"));
        assertThat(logins.get()).isEqualTo(3);
        assertThat(sleeper.waits).isEmpty();
    }

    /** A MicroStrategy-like login session. */
    private static final class Session extends SessionAuthenticator {
        @Override
        protected Map<String, String> login(JsonHttpClient client) {
            ApiResponse response = client.send(ApiRequest.post("/auth/login",
                    MAPPER.createObjectNode().put("username", "u").put("loginMode", 1)).withoutAuth());
            return Map.of("X-MSTR-AuthToken", response.headers().firstValue("X-MSTR-AuthToken").orElseThrow());
        }

        @Override
        public boolean sessionExpired(ApiResponse response) {
            return response.status() == 401 && "ERR009".equals(response.body().path("code").asText());
        }
    }

    private static ConnectionHints hints() {
        return new ConnectionHints("Acme", "check apiKey and apiSecret", "grant the key read access",
                "check hostPort", "check hostPort");
    }

    /** Records a wait, says it started, and holds it until the test releases it. */
    static final class HeldSleeper implements Sleeper {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            waits.add(duration);
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
