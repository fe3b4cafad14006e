package io.metaingest.connectors.dbtcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local dbt Cloud over {@link DbtCloudFixtures}, answering like the public API: the Administrative
 * API v2 under {@code /api/v2/accounts/{account}/} (jobs, one job, runs) with the
 * {@code {status, data, extra}} envelope, {@code offset}/{@code limit} paging (limit above 100 is a
 * 400), {@code Authorization: Token …} (or {@code Bearer}), vendor error bodies with
 * {@code user_message}, and the Discovery API as GraphQL at {@code POST /graphql}.
 *
 * <p>Faults can be injected per logical request key: {@code jobs@{offset}}, {@code jobs/{id}},
 * {@code runs/{jobId}@{offset}}, {@code discovery/{jobId}}, {@code discovery} (a query for no job, such
 * as the client's check that the Discovery API answers). A fixed latency can be added to every
 * answer (each request is served on its own thread, as by a remote API).
 *
 * <p>Run by hand with {@link #main}: it prints the {@code host} and {@code discoveryAPI} to put in a
 * workflow, and serves until killed.
 */
public final class DbtCloudServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to small responses.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One answer: status, JSON body, extra headers. */
    public record Reply(int code, String body, Map<String, String> headers) {
    }

    /** One request as the server saw it. */
    public record Seen(String method, String pathAndQuery, String authorization, String body) {
    }

    private static final Pattern ACCOUNT_PATH = Pattern.compile("/api/v2/accounts/([^/]+)/(jobs|runs)/(?:([^/]+)/)?");
    private static final int MAX_LIMIT = 100;

    private final DbtCloudFixtures fixtures;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dbtcloud-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Deque<Reply>> onceFaults = new ConcurrentHashMap<>();
    /** Requests answered before the token is revoked (every later one is a 401); negative: never. */
    private volatile int revokeTokenAfter = -1;
    /** The status a revoked token is answered with: 401, or 403 as dbt Cloud also answers "Invalid token.". */
    private volatile int revokedStatus = 401;
    private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    /** Jobs deleted once the first page of a jobs listing was served: later pages shift. */
    private final java.util.Set<String> deletedAfterFirstPage = ConcurrentHashMap.newKeySet();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    /** Project id → the first offset of its job listing answered 403 (the token's permission sets leave it out). */
    private final Map<String, Integer> forbiddenProjects = new ConcurrentHashMap<>();
    /** Projects whose single jobs ({@code GET /jobs/{id}/}) answer 403 too. */
    private final java.util.Set<String> forbiddenJobProjects = ConcurrentHashMap.newKeySet();
    private volatile Duration latency = Duration.ZERO;

    /** Starts a server on a free loopback port. */
    public DbtCloudServer(DbtCloudFixtures fixtures) {
        this(fixtures, 0);
    }

    /** Starts a server on {@code port} of the loopback interface (0: any free port). */
    public DbtCloudServer(DbtCloudFixtures fixtures, int port) {
        this.fixtures = fixtures;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the dbt Cloud test server", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the standard fixtures (or {@code args[1]} jobs) on port {@code args[0]} (default 8765) until killed. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8765;
        DbtCloudFixtures fixtures = args.length > 1 ? DbtCloudFixtures.ofSize(Integer.parseInt(args[1]))
                : DbtCloudFixtures.standard();
        DbtCloudServer server = new DbtCloudServer(fixtures, port);
        System.out.println("dbt Cloud test server: host " + server.host() + ", discoveryAPI " + server.discoveryApi()
                + ", accountId " + DbtCloudFixtures.ACCOUNT + ", " + fixtures.jobCount() + " jobs in projects "
                + DbtCloudFixtures.PROJECT_A + " and " + DbtCloudFixtures.PROJECT_B);
        System.out.println("token: export DBT_TOKEN=" + DbtCloudFixtures.TOKEN);
        new CountDownLatch(1).await();
    }

    /** The {@code host} of a connection to this server. */
    public String host() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The {@code discoveryAPI} of a connection to this server. */
    public String discoveryApi() {
        return host() + "/graphql";
    }

    /** Adds {@code latency} before every answer. */
    public DbtCloudServer latency(Duration value) {
        this.latency = value;
        return this;
    }

    /** Answers the request {@code key} with {@code reply} once, before the normal answer. */
    public DbtCloudServer faultOnce(String key, Reply reply) {
        onceFaults.computeIfAbsent(key, k -> new ArrayDeque<>()).add(reply);
        return this;
    }

    /**
     * Deletes the jobs {@code ids} once the first page of a jobs listing was served, as a user deleting
     * jobs while the listing is read: later pages shift by as many jobs, and their total drops.
     */
    public DbtCloudServer deleteAfterFirstPage(String... ids) {
        deletedAfterFirstPage.addAll(List.of(ids));
        return this;
    }

    /**
     * Answers every job listing of project {@code projectId} from {@code fromOffset} on with 403, as dbt
     * Cloud answers a token whose permission sets do not cover the project; other calls go on as usual.
     */
    public DbtCloudServer forbidProject(String projectId, int fromOffset) {
        forbiddenProjects.put(projectId, fromOffset);
        return this;
    }

    /** Answers {@code GET /jobs/{id}/} of every job of project {@code projectId} with 403 as well. */
    public DbtCloudServer forbidJobsOf(String projectId) {
        forbiddenJobProjects.add(projectId);
        return this;
    }

    /** Revokes the token once {@code requests} requests were answered: every later one is refused with 401. */
    public DbtCloudServer revokeTokenAfter(int requests) {
        return revokeTokenAfter(requests, 401);
    }

    /** Revokes the token once {@code requests} requests were answered: every later one is refused with {@code status}. */
    public DbtCloudServer revokeTokenAfter(int requests, int status) {
        this.revokedStatus = status;
        this.revokeTokenAfter = requests;
        return this;
    }

    /** The requests seen so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Forgets the requests seen so far. */
    public void clearSeen() {
        seen.clear();
    }

    /** A vendor error envelope with {@code user_message}. */
    public static Reply error(int code, String userMessage) {
        ObjectNode body = DbtCloudFixtures.JSON.createObjectNode();
        body.putObject("status").put("code", code).put("is_success", false).put("user_message", userMessage)
                .putNull("developer_message");
        body.putNull("data");
        return new Reply(code, body.toString(), Map.of());
    }

    /** A 429 with {@code Retry-After} in seconds. */
    public static Reply tooManyRequests(int retryAfterSeconds) {
        Reply base = error(429, "Too many requests. Please wait before retrying.");
        return new Reply(429, base.body(), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- routing

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            URI uri = exchange.getRequestURI();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(new Seen(exchange.getRequestMethod(), uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), auth, body));
            Reply reply = route(exchange.getRequestMethod(), uri, auth, body);
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis()); // simulated network and server time, not synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.code(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Reply route(String method, URI uri, String auth, String body) {
        int revokeAfter = revokeTokenAfter;
        if (!authorized(auth) || (revokeAfter >= 0 && answered.incrementAndGet() > revokeAfter)) {
            return error(revokeAfter >= 0 ? revokedStatus : 401, "Invalid token.");
        }
        if (method.equals("POST") && uri.getPath().equals("/graphql")) {
            return discovery(body);
        }
        Matcher m = ACCOUNT_PATH.matcher(uri.getPath());
        if (!method.equals("GET") || !m.matches()) {
            return error(404, "The requested resource was not found.");
        }
        if (!m.group(1).equals(DbtCloudFixtures.ACCOUNT)) {
            return error(404, "Account not found.");
        }
        Map<String, String> query = query(uri.getRawQuery());
        int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (limit > MAX_LIMIT) {
            return error(400, "The limit parameter cannot be greater than 100.");
        }
        if (m.group(2).equals("jobs") && m.group(3) != null) {
            String id = m.group(3);
            return fault("jobs/" + id).orElseGet(() -> fixtures.jobs.stream()
                    .filter(j -> j.path("id").asText().equals(id)).findFirst()
                    .map(j -> forbiddenJobProjects.contains(j.path("project_id").asText())
                            ? error(403, "You do not have permission to access this resource.")
                            : new Reply(200, envelope(j, null).toString(), Map.of()))
                    .orElseGet(() -> error(404, "The requested resource was not found.")));
        }
        if (m.group(2).equals("jobs")) {
            String project = query.get("project_id");
            Integer forbiddenFrom = project == null ? null : forbiddenProjects.get(project);
            if (forbiddenFrom != null && offset >= forbiddenFrom) {
                return error(403, "You do not have permission to access this resource.");
            }
            List<ObjectNode> jobs = fixtures.jobs.stream()
                    .filter(j -> project == null || j.path("project_id").asText().equals(project))
                    .filter(j -> offset == 0 || !deletedAfterFirstPage.contains(j.path("id").asText())).toList();
            int skew = project == null ? fixtures.jobsTotalCountSkew : 0;
            return fault("jobs@" + offset).orElseGet(() -> page(jobs, offset, limit, skew, "id", query));
        }
        String job = query.get("job_definition_id");
        List<ObjectNode> runs = job == null ? List.of() : fixtures.runsByJob.getOrDefault(job, List.of());
        if (!"-created_at".equals(query.get("order_by"))) {
            runs = runs.stream().sorted(Comparator.comparing((ObjectNode r) -> r.path("id").asLong())).toList();
        }
        List<ObjectNode> ordered = runs;
        return fault("runs/" + job + "@" + offset).orElseGet(() -> page(ordered, offset, limit, 0,
                query.getOrDefault("order_by", "id"), query));
    }

    private boolean authorized(String auth) {
        return ("Token " + DbtCloudFixtures.TOKEN).equals(auth) || ("Bearer " + DbtCloudFixtures.TOKEN).equals(auth);
    }

    private Optional<Reply> fault(String key) {
        Deque<Reply> once = onceFaults.get(key);
        if (once == null) {
            return Optional.empty();
        }
        synchronized (once) {
            return Optional.ofNullable(once.poll());
        }
    }

    private Reply page(List<ObjectNode> all, int offset, int limit, int totalSkew, String orderBy,
                       Map<String, String> query) {
        ArrayNode data = DbtCloudFixtures.JSON.createArrayNode();
        for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
            data.add(all.get(i));
        }
        ObjectNode extra = DbtCloudFixtures.JSON.createObjectNode();
        ObjectNode filters = extra.putObject("filters");
        query.forEach((k, v) -> {
            if (!k.equals("order_by")) {
                filters.put(k, v);
            }
        });
        filters.put("limit", limit).put("offset", offset).put("account_id", Long.parseLong(DbtCloudFixtures.ACCOUNT));
        extra.put("order_by", orderBy);
        extra.putObject("pagination").put("count", data.size()).put("total_count", all.size() + totalSkew);
        return new Reply(200, envelope(data, extra).toString(), Map.of());
    }

    private static ObjectNode envelope(JsonNode data, ObjectNode extra) {
        ObjectNode body = DbtCloudFixtures.JSON.createObjectNode();
        body.putObject("status").put("code", 200).put("is_success", true).put("user_message", "Success!")
                .put("developer_message", "");
        body.set("data", data);
        if (extra != null) {
            body.set("extra", extra);
        }
        return body;
    }

    private Reply discovery(String body) {
        JsonNode request;
        try {
            request = DbtCloudFixtures.JSON.readTree(body);
        } catch (IOException e) {
            return new Reply(400, "{\"errors\":[{\"message\":\"Body must be JSON\"}]}", Map.of());
        }
        String query = request.path("query").asText("");
        if (query.isBlank()) {
            return new Reply(200, "{\"data\":null,\"errors\":[{\"message\":\"Must provide query string.\"}]}", Map.of());
        }
        ObjectNode answer = DbtCloudFixtures.JSON.createObjectNode();
        ObjectNode data = answer.putObject("data");
        if (!query.contains("job(")) {
            Optional<Reply> fault = fault("discovery");
            if (fault.isPresent()) {
                return fault.get();
            }
            data.put("__typename", "Query");
            return new Reply(200, answer.toString(), Map.of());
        }
        String jobId = request.path("variables").path("jobId").asText(null);
        if (jobId == null) {
            return new Reply(200, "{\"data\":null,\"errors\":[{\"message\":\"Variable \\\"$jobId\\\" of required type"
                    + " \\\"BigInt!\\\" was not provided.\"}]}", Map.of());
        }
        Optional<Reply> fault = fault("discovery/" + jobId);
        if (fault.isPresent()) {
            return fault.get();
        }
        ObjectNode job = fixtures.discoveryByJob.get(jobId);
        if (job == null) {
            data.putNull("job");
        } else {
            data.set("job", job);
        }
        return new Reply(200, answer.toString(), Map.of());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
