package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.broken.BrokenSpecs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sockets a connector leaves open: one it drops is closed by the garbage collector's cleaner when the
 * kit looks, so the kit reports that it needed the collector; one it keeps is named by where it leads.
 */
class LeftSocketsTest {

    private static final String CHECK = "conformance() / metadata workflow: leaves no thread, socket, JDBC connection or open file behind";

    /** The host the sources connect to: it accepts and closes at once, so only the connector's end stays open. */
    private static ServerSocket server;

    @BeforeAll
    static void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket accepted = server.accept()) {
                    accepted.shutdownOutput();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "left-sockets-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The held sockets are the plugin class loader's copy of HELD: they stay, as in an author's JVM. */
    @AfterAll
    static void close() throws IOException {
        server.close();
    }

    @Test
    void aSocketClosedOnlyByTheGarbageCollectorIsReported() {
        KitLauncher.Outcome outcome = KitLauncher.run(DroppedSocketKit.class);
        assertThat(outcome.onlyFailure(CHECK)).contains("1 socket(s) closed only by the garbage collector once"
                + " unreachable (to 127.0.0.1:" + server.getLocalPort() + "): a socket or connection the connector opens"
                + " must be closed in its close()");
    }

    @Test
    void aSocketLeftOpenIsNamedByWhereItLeads() {
        KitLauncher.Outcome outcome = KitLauncher.run(HeldSocketKit.class);
        assertThat(outcome.failures()).as(outcome.describe()).containsKey(CHECK);
        assertThat(outcome.failures().get(CHECK)).contains("open socket(s) (JDBC or HTTP connections not closed): to 127.0.0.1:"
                + server.getLocalPort());
    }

    /**
     * The runtime's HttpClient keeps its selector thread until it is collected: a socket the source
     * drops open is reported all the same, and the client's own pooled connection is not.
     */
    @Test
    void aSocketDroppedBesideTheRuntimesHttpClientIsReportedAndTheClientsOwnIsNot() throws IOException {
        com.sun.net.httpserver.HttpServer http = httpServer();
        try {
            HttpKit.port = http.getAddress().getPort();
            KitLauncher.Outcome dropped = KitLauncher.run(HttpDroppedSocketKit.class);
            assertThat(dropped.onlyFailure(CHECK)).contains("1 socket(s) closed only by the garbage collector once"
                    + " unreachable (to 127.0.0.1:" + HttpKit.port + ")");
            KitLauncher.Outcome clean = KitLauncher.run(HttpOnlyKit.class);
            assertThat(clean.failures()).as(clean.describe()).isEmpty();
            assertThat(clean.passed()).contains(CHECK);
        } finally {
            http.stop(0);
        }
    }

    /** An HTTP server answering 200 to everything, keeping connections alive, as most APIs do. */
    private static com.sun.net.httpserver.HttpServer httpServer() throws IOException {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        return http;
    }

    /** A broken shelf whose workflows name the local HTTP server as the shelf's host. */
    abstract static class HttpKit extends BrokenConnectorsTest.BrokenKit {
        static int port;

        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.replaceAll((kind, yaml) -> yaml.replace("hostPort: \"shelf:1\"", "hostPort: \"127.0.0.1:" + port + "\""));
            return workflows;
        }

    }

    static class HttpDroppedSocketKit extends HttpKit {
        @Override protected String serviceType() { return "HttpDroppedSocket"; }
    }

    static class HttpOnlyKit extends HttpKit {
        @Override protected String serviceType() { return "HttpOnly"; }
    }

    /**
     * A metadata source that ignores the kit's interrupt is left running and opens a socket during each
     * lineage run: the lineage runs' check says why it cannot judge those sockets, naming that thread,
     * rather than blame the lineage source for a socket it never opened.
     */
    @Test
    void aSocketThatAThreadLeftRunningMayHaveOpenedIsNotBlamedOnALaterRun() throws InterruptedException {
        String lineage = "conformance() / lineage workflow: leaves no thread, socket, JDBC connection or open file behind";
        try {
            KitLauncher.Outcome outcome = KitLauncher.run(LingeringKit.class);
            assertThat(outcome.failures()).as(outcome.describe())
                    .hasEntrySatisfying("conformance() / metadata workflow: a run emits records", failure -> assertThat(failure)
                            .contains("its source thread 'kit-run-metadata-1' was at", "it ignored the interrupt"))
                    .hasEntrySatisfying(lineage, failure -> assertThat(failure)
                            .contains("1 socket(s) opened during the run and still open (to 127.0.0.1:" + server.getLocalPort()
                                    + ") not judged: thread 'kit-run-metadata-1', which the kit left running when it ignored"
                                    + " the interrupt at the end of runBound(), still runs the connector's code")
                            .doesNotContain("not closed", "garbage collector"));
        } finally {
            // Its second interrupt ends it, closing its sockets.
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (java.util.Arrays.stream(t.getStackTrace())
                        .anyMatch(f -> f.getClassName().equals(BrokenSpecs.LingeringSource.class.getName()))) {
                    t.interrupt();
                    t.join(10_000);
                }
            }
        }
    }

    /** A broken shelf whose workflows name the local server as the shelf's host. */
    abstract static class SocketKit extends BrokenConnectorsTest.BrokenKit {
        @Override
        protected Map<WorkflowKind, String> workflows() {
            Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
            workflows.replaceAll((kind, yaml) -> yaml.replace("hostPort: \"shelf:1\"", "hostPort: \"127.0.0.1:"
                    + server.getLocalPort() + "\""));
            return workflows;
        }
    }

    static class DroppedSocketKit extends SocketKit {
        @Override protected String serviceType() { return "DroppedSocket"; }
    }

    static class HeldSocketKit extends SocketKit {
        @Override protected String serviceType() { return "HeldSocket"; }
    }

    static class LingeringKit extends SocketKit {
        @Override protected String serviceType() { return "Lingering"; }
        @Override protected java.time.Duration runBound() { return STUCK_BOUND; }
    }
}
