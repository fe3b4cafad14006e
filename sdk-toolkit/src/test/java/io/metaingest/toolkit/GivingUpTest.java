package io.metaingest.toolkit;

import static io.metaingest.toolkit.ScriptedServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A service that goes away: refusals after it answered are retried, and a dead one is given up. */
class GivingUpTest {

    private static final String OK = "{\"ok\":true}";
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final List<ScriptedServer> servers = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(ScriptedServer::close);
    }

    private ScriptedServer server(int port) throws IOException {
        ScriptedServer server = new ScriptedServer(port);
        servers.add(server);
        return server;
    }

    /** A client of {@code server}'s {@code /v1} with quick retries, waiting through {@code sleeper}. */
    private static JsonHttpClient.Builder fastClient(ScriptedServer server, Sleeper sleeper) {
        return JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .retryPolicy(FAST).sleeper(sleeper);
    }

    @Test
    void aRefusedConnectionAfterTheServiceAnsweredIsRetriedSoARestartIsRiddenOut() throws Exception {
        ScriptedServer first = server(0);
        first.always("/v1/x", r -> json(200, OK));
        int port = first.port();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        // The service comes back during the second wait: two refusals, then the restarted one answers.
        Sleeper restartOnSecondWait = wait -> {
            waits.add(wait);
            if (waits.size() == 2) {
                try {
                    server(port).always("/v1/x", r -> json(200, "{\"ok\":\"again\"}"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        JsonHttpClient client = fastClient(first, restartOnSecondWait).giveUpAfter(3).build();
        client.get("/x");
        first.close();

        assertThat(client.get("/x").path("ok").asText()).isEqualTo("again");
        assertThat(waits).hasSize(2);
        assertThat(client.requestCount()).isEqualTo(4);
    }

    @Test
    void aServiceRefusingForAllAttemptsIsGivenUpAtOnceAndLaterCallsSendNothing() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/x", r -> json(200, OK));
        RecordingSleeper sleeper = new RecordingSleeper();
        JsonHttpClient client = fastClient(server, sleeper).giveUpAfter(3).build();
        client.get("/x");
        server.close();

        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("http://127.0.0.1:" + server.port() + " is unavailable (last: GET /v1/x:"
                    + " cannot connect to").endsWith("(after 4 attempts))");
            assertThat(e.toConnectionException(new ConnectionHints("Acme", "a", "p", "n", "check hostPort")).reason())
                    .isEqualTo(ConnectionException.Reason.UNREACHABLE);
        });
        assertThat(sleeper.waits).hasSize(3);
        long sent = client.requestCount();
        assertThatThrownBy(() -> client.get("/y")).isInstanceOfSatisfying(VendorApiException.class,
                e -> assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNAVAILABLE));
        assertThat(client.requestCount()).isEqualTo(sent);
    }

    @Test
    void after5xxForGoodLaterCallsGetOneAttemptAndTheThirdInARowGivesUp() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/x", r -> json(502, "{\"message\":\"bad gateway\"}"));
        RecordingSleeper sleeper = new RecordingSleeper();
        JsonHttpClient client = fastClient(server, sleeper).giveUpAfter(3).build();

        assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.HTTP);
        assertThat(server.count("/v1/x")).isEqualTo(4);
        assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.HTTP);
        assertThat(server.count("/v1/x")).isEqualTo(5);
        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains(" is unavailable, 3 calls in a row failed (last: GET /v1/x: HTTP 502");
        });
        assertThat(server.count("/v1/x")).isEqualTo(6);
        assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
        assertThat(server.count("/v1/x")).isEqualTo(6);
    }

    @Test
    void oneCallFailingForGoodIsNotTheServiceGoneWhenTheNextIsAnswered() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/bad", r -> json(500, "{\"message\":\"this entity breaks the server\"}"))
                .always("/v1/good", r -> json(200, OK))
                .always("/v1/missing", r -> json(404, "{}"));
        JsonHttpClient client = fastClient(server, new RecordingSleeper()).giveUpAfter(2).build();
        for (int i = 0; i < 3; i++) {
            assertThat(kindOf(client, "/bad")).isEqualTo(VendorApiException.Kind.HTTP);
            assertThat(kindOf(client, i % 2 == 0 ? "/missing" : "/good")).isIn(VendorApiException.Kind.HTTP, null);
        }
        // Each /bad after an answered call gets its full retries again.
        assertThat(server.count("/v1/bad")).isEqualTo(12);
    }

    @Test
    void aHangingServiceIsGivenUpAfterOneFullCallAndOneTimeoutPerLaterCall() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/ok", r -> json(200, OK));
        server.always("/v1/x", r -> exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JsonHttpClient client = JsonHttpClient.builder(JsonHttpClientTest.HTTP, JsonHttpClientTest.MAPPER, server.base("/v1"))
                .retryPolicy(FAST.withRequestTimeout(Duration.ofMillis(150))).sleeper(new RecordingSleeper())
                .giveUpAfter(2).build();
        client.get("/ok"); // answered once: a timeout is now retried, not the address's fault

        assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.TIMEOUT);
        assertThat(client.requestCount()).isEqualTo(1 + JsonHttpClient.MAX_TIMEOUTS);
        assertThatThrownBy(() -> client.get("/x")).isInstanceOfSatisfying(VendorApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("2 calls in a row failed (last: GET /v1/x: timed out, no answer within 150 ms, 1 time;");
        });
        assertThat(client.requestCount()).isEqualTo(1 + JsonHttpClient.MAX_TIMEOUTS + 1);
    }

    @Test
    void withoutGiveUpAfterEveryCallRetriesInFull() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/x", r -> json(503, "{}"));
        JsonHttpClient client = fastClient(server, new RecordingSleeper()).build();
        for (int i = 0; i < 4; i++) {
            assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.HTTP);
        }
        assertThat(server.count("/v1/x")).isEqualTo(16);
    }

    /**
     * A server killed mid-run, with no giveUpAfter: the call that meets it spends its retries, and then
     * the remaining calls, queued on other workers too, fail at once with the same cause, sending nothing.
     */
    @Test
    void withoutGiveUpAfterAHostRefusedForAWholeCallIsGivenUpAndLaterCallsSendNothing() throws Exception {
        ScriptedServer server = server(0);
        server.always("/v1/x", r -> json(200, OK));
        RecordingSleeper sleeper = new RecordingSleeper();
        JsonHttpClient client = fastClient(server, sleeper).build();
        client.get("/x");
        server.close();

        assertThat(kindOf(client, "/x")).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
        assertThat(sleeper.waits).as("the first call's retries").hasSize(3);
        long sent = client.requestCount();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<VendorApiException>> queued = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                queued.add(workers.submit(() -> catchVendor(client, "/y")));
            }
            for (java.util.concurrent.Future<VendorApiException> call : queued) {
                assertThat(call.get()).satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(VendorApiException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).startsWith("http://127.0.0.1:" + server.port() + " is unavailable (last:"
                            + " GET /v1/x: cannot connect to");
                });
            }
        } finally {
            workers.shutdownNow();
        }
        assertThat(client.requestCount()).as("no request after the host was given up").isEqualTo(sent);
        assertThat(sleeper.waits).as("no more waiting").hasSize(3);
    }

    private static VendorApiException catchVendor(JsonHttpClient client, String path) {
        try {
            client.get(path);
            return null;
        } catch (VendorApiException e) {
            return e;
        }
    }

    /** The kind of the call's failure, or null when it succeeded. */
    private static VendorApiException.Kind kindOf(JsonHttpClient client, String path) {
        try {
            client.get(path);
            return null;
        } catch (VendorApiException e) {
            return e.kind();
        }
    }
}
