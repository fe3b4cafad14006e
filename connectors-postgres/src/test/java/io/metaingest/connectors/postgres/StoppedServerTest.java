package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.CreateTableProfileRequest;

import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that stops answering mid-run (a stopped server process, a network that drops packets
 * without a reset) ends the run at the driver's read timeout as a connection failure that says so,
 * instead of waiting for ever: the server's own statement_timeout cannot fire when the server is stuck.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net only: the read timeout ends each test well before
class StoppedServerTest {

    private static final TestPg pg = TestPg.get();
    /** The profiler's database: four tables, one of them read on a connection the proxy freezes. */
    private static String db;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        db = pg.database("stuck_backend", false, """
                CREATE SCHEMA frz;
                CREATE TABLE frz.a_one (id int); INSERT INTO frz.a_one SELECT generate_series(1, 10);
                CREATE TABLE frz.b_stuck_here (id int); INSERT INTO frz.b_stuck_here SELECT generate_series(1, 10);
                CREATE TABLE frz.c_three (id int); INSERT INTO frz.c_three SELECT generate_series(1, 10);
                CREATE TABLE frz.d_four (id int); INSERT INTO frz.d_four SELECT generate_series(1, 10);
                ANALYZE;
                """);
    }

    /**
     * Forwards TCP to the test server until a client sends {@code marker}; from then on it passes nothing
     * either way and keeps every socket open, as a stopped server does: on every connection, or with
     * {@code oneConnection} on the connection that sent it only, as one stopped server process. A
     * {@link #cutting} proxy closes that connection instead, as a pooler or firewall ending it does.
     */
    static final class FreezingProxy implements AutoCloseable {
        private final ServerSocket listener;
        private final byte[] marker;
        private final boolean oneConnection;
        private final boolean cut;
        private final AtomicBoolean everything = new AtomicBoolean();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile boolean frozen;

        FreezingProxy(String target, String marker) throws IOException {
            this(target, marker, false);
        }

        FreezingProxy(String target, String marker, boolean oneConnection) throws IOException {
            this(target, marker, oneConnection, false);
        }

        /** A proxy that closes the connection that sent {@code marker}, both ways, and forwards the others. */
        static FreezingProxy cutting(String target, String marker) throws IOException {
            return new FreezingProxy(target, marker, true, true);
        }

        private FreezingProxy(String target, String marker, boolean oneConnection, boolean cut) throws IOException {
            this.cut = cut;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.marker = marker.getBytes(StandardCharsets.US_ASCII);
            this.oneConnection = oneConnection;
            String host = target.substring(0, target.lastIndexOf(':'));
            int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket server = new Socket();
                        server.connect(new InetSocketAddress(host, port));
                        sockets.add(client);
                        sockets.add(server);
                        AtomicBoolean stopped = oneConnection ? new AtomicBoolean() : everything;
                        pipe(client, server, true, stopped);
                        pipe(server, client, false, stopped);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "freezing-proxy");
            accept.setDaemon(true);
            accept.start();
        }

        String hostPort() {
            return "127.0.0.1:" + listener.getLocalPort();
        }

        private void pipe(Socket from, Socket to, boolean watch, AtomicBoolean stopped) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        if (watch && contains(buffer, n)) {
                            stopped.set(true);
                            frozen = true;
                            if (cut) {
                                from.close();
                                to.close();
                                return;
                            }
                        }
                        if (!stopped.get()) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // the other side closed
                }
            }, "freezing-proxy-pipe");
            t.setDaemon(true);
            t.start();
        }

        private boolean contains(byte[] buffer, int length) {
            outer:
            for (int i = 0; i + marker.length <= length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (buffer[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        boolean frozen() {
            return frozen;
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety net only: without the read timeout the run would never end
    void aServerThatStopsAnsweringEndsTheRunAtTheReadTimeoutSayingSo() throws Exception {
        String shop = pg.shop();
        try (FreezingProxy proxy = new FreezingProxy(pg.hostPort(), "pg_class")) {
            Path out = dir.resolve("out.ndjson");
            Path workflow = Files.writeString(dir.resolve("workflow.yaml"), Workflows.source("postgres", "local_pg",
                    Workflows.connection(proxy.hostPort(), "${PG_USER}", "${PG_PASSWORD}", shop,
                            ", connectionArguments: {socketTimeout: 2}"), "{type: DatabaseMetadata}")
                    + "sink: {type: file, config: {path: \"" + out + "\"}}\n");
            Map<String, String> env = Map.of("PG_USER", pg.user(), "PG_PASSWORD", pg.password());

            RunResult result = Workflows.ingest(Workflows.runtime(Clock.systemUTC(), env), workflow);

            assertThat(proxy.frozen()).as("the proxy stopped passing the catalog's queries").isTrue();
            assertThat(result.state()).isEqualTo(RunState.FAILED);
            assertThat(result.connectionFailure()).isTrue();
            assertThat(result.fatalError()).contains("PostgreSQL stopped answering: no answer within the read timeout of 2 s"
                    + " (connectionArguments.socketTimeout");
            assertThat(out).doesNotExist();
        }
    }

    private static String fqn(String table) {
        return TestPg.SERVICE + "." + db + ".frz." + table;
    }

    /** The stuck database through {@code hostPort}, reads and logins timing out after 2 s. */
    private static PostgresConnection timingOutAfterTwoSeconds(String hostPort) {
        return new PostgresConnection(null, null, hostPort, pg.user(),
                new PostgresConnection.BasicAuth(Secret.of(pg.password())), db, null, null, null,
                null, null, Map.of("socketTimeout", 2, "loginTimeout", 2));
    }

    /** The profiler on one worker through {@code hostPort}, reads timing out after 2 s. */
    private static PostgresProfilerSource profiler(String hostPort) {
        return new PostgresProfilerSource(new PostgresClient(timingOutAfterTwoSeconds(hostPort)),
                ProfilerTest.config("frz", null, null, null, null, null, 1, null),
                TestPg.context(WorkflowKind.PROFILER), ProfilerTest.CLOCK);
    }

    @Test
    void aTableWhoseServerProcessIsStuckIsThatTablesFailureAndTheNextTablesReadOnAFreshConnection() throws Exception {
        try (FreezingProxy proxy = new FreezingProxy(pg.hostPort(), "b_stuck_here", true)) {
            assertThat(profileLosingOneTable(proxy).error()).startsWith("no answer within the read timeout of 2 s"
                    + " (connectionArguments.socketTimeout").contains("while PostgreSQL answered a new one");
        }
    }

    @Test
    void aTableWhoseConnectionIsCutIsThatTablesFailureAndTheNextTablesReadOnAFreshConnection() throws Exception {
        try (FreezingProxy proxy = FreezingProxy.cutting(pg.hostPort(), "b_stuck_here")) {
            assertThat(profileLosingOneTable(proxy).error()).startsWith("PostgreSQL ended this table's connection"
                    + " while reading it (SQLSTATE 08006: ").contains("), and answered a new one, so the other tables read on;");
        }
    }

    /**
     * Profiles the stuck database on one worker through {@code proxy}, which stops the connection reading
     * b_stuck_here: that table is the one failure, returned, and c_three and d_four were read after it on a
     * new connection.
     */
    private static StepError profileLosingOneTable(FreezingProxy proxy) throws Exception {
        List<Result<EntityRequest>> results = TestPg.readAll(profiler(proxy.hostPort()));
        assertThat(proxy.frozen()).as("the proxy stopped the connection reading b_stuck_here").isTrue();
        assertThat(TestPg.records(results)).map(r -> ((CreateTableProfileRequest) r).table().fullyQualifiedName())
                .containsExactly(fqn("a_one"), fqn("c_three"), fqn("d_four"));
        List<StepError> failures = results.stream().filter(r -> r instanceof Result.Failed<?>)
                .map(r -> ((Result.Failed<?>) r).error()).toList();
        assertThat(failures).hasSize(1);
        StepError error = failures.get(0);
        assertThat(error.name()).isEqualTo(fqn("b_stuck_here"));
        return error;
    }

    @Test
    void aProfiledServerThatStopsAnsweringNewConnectionsTooEndsTheRun() throws Exception {
        try (FreezingProxy proxy = new FreezingProxy(pg.hostPort(), "b_stuck_here")) {
            PostgresProfilerSource source = profiler(proxy.hostPort());

            assertThatThrownBy(() -> TestPg.readAll(source)).isInstanceOf(ConnectionLost.class)
                    .hasMessageContaining("accepted the connection but did not answer within 2 s");
            assertThat(proxy.frozen()).isTrue();
        }
    }

    /**
     * The row-count tests through {@code proxy}, which stops the connection reading b_stuck_here: its test is
     * aborted, the next one runs on a new connection; the aborted test's result.
     */
    private static String testsLosingOneTable(FreezingProxy proxy) throws Exception {
        List<io.metaingest.api.quality.TestCaseResult> results = rowCountTests(proxy.hostPort());
        assertThat(proxy.frozen()).isTrue();
        assertThat(results).extracting(r -> r.testCaseStatus().name()).containsExactly("Success", "Aborted", "Success");
        return results.get(1).result();
    }

    /** A row-count test of each table of the stuck database, run one after another on one executor. */
    private static List<io.metaingest.api.quality.TestCaseResult> rowCountTests(String hostPort) throws Exception {
        List<io.metaingest.api.quality.TestCaseResult> results = new java.util.ArrayList<>();
        try (io.metaingest.connectors.postgres.quality.PostgresTestExecutor executor =
                     new io.metaingest.connectors.postgres.quality.PostgresTestExecutor(timingOutAfterTwoSeconds(hostPort))) {
            for (String table : List.of("a_one", "b_stuck_here", "c_three")) {
                results.add(executor.run(new io.metaingest.api.quality.TestCase("rows_" + table, "tableRowCountToBeBetween",
                        new io.metaingest.api.quality.EntityLink(fqn(table), null), List.of(
                        new io.metaingest.api.quality.TestCaseParameterValue("minValue", "1"),
                        new io.metaingest.api.quality.TestCaseParameterValue("maxValue", "100"))), 1L));
            }
        }
        return results;
    }

    @Test
    void aTestWhoseServerProcessIsStuckIsAbortedAndTheNextTestsRunOnANewConnection() throws Exception {
        try (FreezingProxy proxy = new FreezingProxy(pg.hostPort(), "b_stuck_here", true)) {
            assertThat(testsLosingOneTable(proxy)).contains("no answer within the read timeout of 2 s")
                    .contains("the connection was dropped and the next tests use a new one");
        }
    }

    @Test
    void aTestWhoseConnectionIsCutIsAbortedAndTheNextTestsRunOnANewConnection() throws Exception {
        try (FreezingProxy proxy = FreezingProxy.cutting(pg.hostPort(), "b_stuck_here")) {
            assertThat(testsLosingOneTable(proxy)).contains("PostgreSQL ended this test's connection (SQLSTATE 08006: ")
                    .contains("the next tests use a new one");
        }
    }

    @Test
    void aTestedServerThatStopsAnsweringNewConnectionsTooEndsTheRun() throws Exception {
        try (FreezingProxy proxy = new FreezingProxy(pg.hostPort(), "b_stuck_here")) {
            assertThatThrownBy(() -> rowCountTests(proxy.hostPort()))
                    .isInstanceOf(io.metaingest.api.ConnectionException.class)
                    .hasMessageContaining("accepted the connection but did not answer within 2 s");
        }
    }
}
