package io.metaingest.benchmarks.fivetran;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Status;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.benchmarks.BenchmarkSupport;
import io.metaingest.connectors.fivetran.FivetranClient;
import io.metaingest.connectors.fivetran.FivetranConnection;
import io.metaingest.connectors.fivetran.FivetranLineage;
import io.metaingest.connectors.fivetran.FivetranPipelineSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Wall time of a full Fivetran metadata run (pipelines, statuses, lineage) over 2,000 connectors
 * behind a local API that adds 20 ms to every response: the configured parallelism (default 4
 * threads) against a serial client (threads = 1), measured in the same run. Target: ≥ 3× faster.
 *
 * <p>Per connector the source makes two calls (details and schema config, for lineage); per group
 * one destination call and one connectors page. The server answers every request after the delay
 * on its own connection thread, as a remote API would.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -q -pl benchmarks -am install -DskipTests
 * mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/cp.txt) \
 *     io.metaingest.benchmarks.fivetran.FivetranParallelismBenchmark [connectors] [delayMs] [threads]
 * </pre>
 * Defaults: 2000 connectors, 20 ms, 4 threads (the connection's default).
 */
public final class FivetranParallelismBenchmark {

    private static final String KEY = "bench_key";
    private static final String SECRET = "bench_secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FivetranParallelismBenchmark() {
    }

    /** Runs the benchmark and prints wall times and the ratio. */
    public static void main(String[] args) throws Exception {
        int connectors = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int delayMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : FivetranConnection.DEFAULT_THREADS;
        BenchmarkSupport.quietLogging();
        HttpClient http = BenchmarkSupport.httpClient();

        try (Api warmup = new Api(200, 0)) {
            run(warmup, 2, http); // JIT and connection pool, not measured
        }
        try (Api api = new Api(connectors, delayMs)) {
            Run serial = run(api, 1, http);
            Run parallel = run(api, threads, http);
            System.out.printf("Fivetran parallelism benchmark: %d connectors, %d ms per response%n", connectors, delayMs);
            System.out.printf("  threads=1   %8.2f s  %6d requests  %6d records%n", serial.seconds(), serial.requests(), serial.records());
            System.out.printf("  threads=%-3d %8.2f s  %6d requests  %6d records%n", threads, parallel.seconds(), parallel.requests(), parallel.records());
            System.out.printf("  speed-up    %8.2fx  (target >= 3x)%n", serial.seconds() / parallel.seconds());
            if (serial.records() != parallel.records()) {
                throw new IllegalStateException("the two runs emitted different record counts");
            }
        }
    }

    private record Run(double seconds, long requests, long records) {
    }

    private static Run run(Api api, int threads, HttpClient http) throws Exception {
        FivetranConnection connection = FivetranConnection.of(KEY, SECRET, api.hostPort()).withPaging(1000, threads);
        FivetranClient client = new FivetranClient(connection, http, JSON);
        PipelineMetadataConfig config = new PipelineMetadataConfig(true, null, null, null,
                new LineageInformation(List.of("warehouse"), null), null, null, null);
        WorkflowContext context = new WorkflowContext("fivetran_bench", "fivetran", WorkflowKind.METADATA, "bench");
        Status status = new Status();
        long before = api.requests.get();
        long start = System.nanoTime();
        try (FivetranPipelineSource source = new FivetranPipelineSource(connection, config, context, client,
                new FivetranLineage(client), Clock.systemUTC());
             Stream<Result<EntityRequest>> results = source.read()) {
            results.forEach(r -> {
                if (status.count(r)) {
                    status.recordOk();
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status.failures() > 0) {
            throw new IllegalStateException("failures: " + status.firstFailures());
        }
        return new Run(seconds, api.requests.get() - before, status.records());
    }

    /** A minimal Fivetran API: groups of 100 connectors, one page each, a fixed delay per response. */
    private static final class Api implements AutoCloseable {
        private final MockWebServer server = new MockWebServer();
        private final Map<String, String> bodies = new ConcurrentHashMap<>();
        private final AtomicLong requests = new AtomicLong();
        private final String auth = "Basic " + Base64.getEncoder()
                .encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));

        Api(int connectors, int delayMs) throws IOException {
            ArrayNode groups = JSON.createArrayNode();
            int groupCount = (connectors + 99) / 100;
            for (int g = 0; g < groupCount; g++) {
                String gid = "group_" + g;
                groups.addObject().put("id", gid).put("name", "Group " + g).put("created_at", "2024-01-01T00:00:00Z");
                ObjectNode destination = JSON.createObjectNode().put("id", gid).put("group_id", gid)
                        .put("service", "snowflake").put("setup_status", "connected");
                destination.putObject("config").put("database", "DW");
                bodies.put("/v1/destinations/" + gid, envelope(destination));
                ArrayNode items = JSON.createArrayNode();
                for (int i = g * 100; i < Math.min(connectors, (g + 1) * 100); i++) {
                    String id = "conn_" + i;
                    ObjectNode c = items.addObject().put("id", id).put("group_id", gid).put("service", "postgres_rds")
                            .put("schema", "pg_" + i).put("paused", false).put("sync_frequency", 60)
                            .put("succeeded_at", "2024-05-01T00:00:00Z").putNull("failed_at");
                    c.putObject("status").put("setup_state", "connected").put("sync_state", "scheduled");
                    ObjectNode details = c.deepCopy();
                    details.putObject("config").put("database", "app");
                    bodies.put("/v1/connections/" + id, envelope(details));
                    ObjectNode schemas = JSON.createObjectNode().put("schema_change_handling", "ALLOW_ALL");
                    ObjectNode tables = schemas.putObject("schemas").putObject("public")
                            .put("name_in_destination", "pg_" + i + "_public").put("enabled", true).putObject("tables");
                    for (String t : List.of("orders", "customers")) {
                        tables.putObject(t).put("name_in_destination", t).put("enabled", true).putObject("columns")
                                .putObject("id").put("name_in_destination", "id").put("enabled", true);
                    }
                    bodies.put("/v1/connections/" + id + "/schemas", envelope(schemas));
                }
                ObjectNode page = JSON.createObjectNode();
                page.set("items", items);
                page.putNull("next_cursor");
                bodies.put("/v1/groups/" + gid + "/connections", envelope(page));
            }
            ObjectNode groupPage = JSON.createObjectNode();
            groupPage.set("items", groups);
            groupPage.put("next_cursor", "");
            bodies.put("/v1/groups", envelope(groupPage));
            server.setServerSocketFactory(new NoDelay());
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    requests.incrementAndGet();
                    HttpUrl url = request.getUrl();
                    String body = bodies.get(url.encodedPath());
                    MockResponse.Builder response = new MockResponse.Builder()
                            .headersDelay(delayMs, TimeUnit.MILLISECONDS)
                            .setHeader("Content-Type", "application/json");
                    if (!auth.equals(request.getHeaders().get("Authorization"))) {
                        return response.code(401).body("{\"code\":\"AuthFailed\",\"message\":\"bad key\"}").build();
                    }
                    return body == null
                            ? response.code(404).body("{\"code\":\"NotFound\",\"message\":\"no such resource\"}").build()
                            : response.code(200).body(body).build();
                }
            });
            server.start();
        }

        private static String envelope(ObjectNode data) {
            ObjectNode body = JSON.createObjectNode().put("code", "Success");
            body.set("data", data);
            return body.toString();
        }

        String hostPort() {
            String url = server.url("/").toString();
            return url.substring(0, url.length() - 1);
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** TCP_NODELAY on accepted sockets, or Nagle plus delayed ACKs add ~40 ms to each response. */
    private static final class NoDelay extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket socket = new Socket();
                    implAccept(socket);
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            ServerSocket socket = createServerSocket();
            socket.bind(new InetSocketAddress(port), backlog);
            return socket;
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket socket = createServerSocket();
            socket.bind(new InetSocketAddress(address, port), backlog);
            return socket;
        }
    }
}
