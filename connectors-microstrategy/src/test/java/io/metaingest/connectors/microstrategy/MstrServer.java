package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local MicroStrategy Library REST server over {@link MstrFixtures}, answering like the public
 * API: login 204 with {@code X-MSTR-AuthToken} and a {@code JSESSIONID} cookie, both required on
 * every later call (401 ERR009 otherwise), {@code X-MSTR-ProjectID} required on project-scoped calls,
 * logout 204, the projects array, type-55 quick search with {@code x-mstr-total-count} and
 * offset/limit, v2 dossier definitions, cube SQL views and Modeling-service cube definitions.
 *
 * <p>Faults: an answer once or always for a logical key ({@code login}, {@code projects},
 * {@code search/{projectId}}, {@code definition/{dossierId}}, {@code sqlView/{cubeId}}, {@code model/{cubeId}}),
 * a session that expires after a number of calls, and a key whose answer hangs until released.
 */
final class MstrServer implements AutoCloseable {

    /** A canned answer. */
    record Reply(int status, String body, Map<String, String> headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of("Content-Type", "application/json"));
        }

        Reply withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, body, h);
        }
    }

    /** One request as the server saw it. */
    record Seen(String method, String path, String key, String token, String cookie, String projectId, String body) {
    }

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer waits ~40 ms
        // for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final MstrFixtures fixtures;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "mstr-server");
        t.setDaemon(true);
        return t;
    });
    private final String username;
    private final String password;
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, Deque<Reply>> onceFaults = new ConcurrentHashMap<>();
    private final Map<String, Reply> alwaysFaults = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger logouts = new AtomicInteger();
    private final AtomicInteger callsInSession = new AtomicInteger();
    private volatile int expireAfterCalls = -1;
    /** The most search results one answer carries, whatever limit was asked (a server-side cap). */
    private volatile int searchCap = 25;
    /** How many results of the page before a later search page repeats (a listing shifting while it is read). */
    private volatile int searchOverlap;
    private volatile String hangKey;
    private final CountDownLatch hangReached = new CountDownLatch(1);
    private final CountDownLatch hangRelease = new CountDownLatch(1);
    /** Keys whose answer waits for another key's first answer (a completion order fixed by the test). */
    private final Map<String, String> answerAfter = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> answered = new ConcurrentHashMap<>();

    MstrServer(MstrFixtures fixtures) {
        this(fixtures, MstrFixtures.USERNAME, MstrFixtures.PASSWORD);
    }

    MstrServer(MstrFixtures fixtures, String username, String password) {
        this.fixtures = fixtures;
        this.username = username;
        this.password = password;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:port}, the connection's hostPort. */
    String hostPort() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes every search page after the first start {@code results} earlier than asked, repeating them. */
    MstrServer overlapSearchPages(int results) {
        this.searchOverlap = results;
        return this;
    }

    MstrServer faultOnce(String key, Reply reply) {
        onceFaults.computeIfAbsent(key, k -> new ArrayDeque<>()).add(reply);
        return this;
    }

    MstrServer faultAlways(String key, Reply reply) {
        alwaysFaults.put(key, reply);
        return this;
    }

    /** The current session ends (ERR009) after this many further authenticated calls. */
    MstrServer expireSessionAfter(int calls) {
        callsInSession.set(0);
        expireAfterCalls = calls;
        return this;
    }

    /** The answer to {@code key} waits until {@link #release()}. */
    MstrServer hangOn(String key) {
        hangKey = key;
        return this;
    }

    /**
     * The answer to {@code key} is sent only once {@code earlier} has been answered, so that parallel
     * reads finish in the order a test needs (gives up waiting after 30 s, which the test then sees).
     */
    MstrServer answerAfter(String key, String earlier) {
        answerAfter.put(key, earlier);
        return this;
    }

    private CountDownLatch answered(String key) {
        return answered.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    boolean awaitHang(long seconds) throws InterruptedException {
        return hangReached.await(seconds, TimeUnit.SECONDS);
    }

    void release() {
        hangRelease.countDown();
    }

    int logins() {
        return logins.get();
    }

    int logouts() {
        return logouts.get();
    }

    /** Sessions still open (logged in, not logged out, not expired). */
    int openSessions() {
        return sessions.size();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    static Reply error(int status, String resource, Object... args) {
        return Reply.json(status, String.format(MstrFixtures.text("microstrategy/errors/" + resource), args));
    }

    static Reply internal(String message) {
        return error(500, "internal.json", message);
    }

    static Reply tooManyRequests(int retryAfterSeconds) {
        return error(429, "too-many-requests.json").withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }

    // ---------------------------------------------------------------- dispatch

    private void handle(HttpExchange exchange) throws IOException {
        String[] answeredKey = {null};
        try {
            dispatch(exchange, answeredKey);
        } finally {
            if (answeredKey[0] != null) {
                answered(answeredKey[0]).countDown();
            }
        }
    }

    private void dispatch(HttpExchange exchange, String[] answeredKey) throws IOException {
        try (exchange) {
            String prefix = "/MicroStrategyLibrary/api";
            String rawPath = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = exchange.getRequestHeaders().getFirst("X-MSTR-AuthToken");
            String cookie = exchange.getRequestHeaders().getFirst("Cookie");
            String projectId = exchange.getRequestHeaders().getFirst("X-MSTR-ProjectID");
            String method = exchange.getRequestMethod();
            if (!rawPath.startsWith(prefix)) {
                send(exchange, error(404, "not-found.json", "No resource at " + rawPath));
                return;
            }
            List<String> segments = segments(rawPath.substring(prefix.length()));
            String key = key(method, segments);
            if (key.equals("search")) {
                key = "search/" + projectId;
            }
            seen.add(new Seen(method, rawPath, key, token, cookie, projectId, body));
            answeredKey[0] = key;
            String earlier = answerAfter.get(key);
            if (earlier != null) {
                try {
                    answered(earlier).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (key.equals(hangKey)) {
                hangReached.countDown();
                try {
                    hangRelease.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Reply fault = fault(key);
            if (fault != null) {
                send(exchange, fault);
                return;
            }
            if (key.equals("login")) {
                send(exchange, login(exchange, body));
                return;
            }
            String session = session(token, cookie);
            if (session == null) {
                send(exchange, error(401, "session-expired.json"));
                return;
            }
            if (key.equals("logout")) {
                sessions.remove(session);
                logouts.incrementAndGet();
                send(exchange, new Reply(204, "", Map.of()));
                return;
            }
            if (expireAfterCalls >= 0 && callsInSession.incrementAndGet() > expireAfterCalls) {
                expireAfterCalls = -1;
                sessions.remove(session);
                send(exchange, error(401, "session-expired.json"));
                return;
            }
            send(exchange, route(exchange, key, segments, projectId));
        } catch (RuntimeException e) {
            send(exchange, internal("test server error: " + e));
        }
    }

    private Reply fault(String key) {
        Deque<Reply> once = onceFaults.get(key);
        if (once != null) {
            synchronized (once) {
                Reply r = once.poll();
                if (r != null) {
                    return r;
                }
            }
        }
        return alwaysFaults.get(key);
    }

    private static String key(String method, List<String> s) {
        if (s.equals(List.of("auth", "login")) && method.equals("POST")) {
            return "login";
        }
        if (s.equals(List.of("auth", "logout")) && method.equals("POST")) {
            return "logout";
        }
        if (s.equals(List.of("sessions"))) {
            return "sessions/" + method;
        }
        if (s.equals(List.of("projects"))) {
            return "projects";
        }
        if (s.size() == 2 && s.get(0).equals("projects")) {
            return "project/" + s.get(1);
        }
        if (s.equals(List.of("searches", "results"))) {
            return "search";
        }
        if (s.size() == 4 && s.get(0).equals("v2") && s.get(1).equals("dossiers") && s.get(3).equals("definition")) {
            return "definition/" + s.get(2);
        }
        if (s.size() == 4 && s.get(0).equals("v2") && s.get(1).equals("cubes") && s.get(3).equals("sqlView")) {
            return "sqlView/" + s.get(2);
        }
        if (s.size() == 3 && s.get(0).equals("model") && s.get(1).equals("cubes")) {
            return "model/" + s.get(2);
        }
        return method + " " + String.join("/", s);
    }

    private Reply login(HttpExchange exchange, String body) {
        logins.incrementAndGet();
        JsonNode request;
        try {
            request = MstrFixtures.JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "not-found.json", "malformed login body");
        }
        if (!username.equals(request.path("username").asText()) || !password.equals(request.path("password").asText())
                || request.path("loginMode").asInt() != 1 || request.path("applicationType").asInt() != 35) {
            return error(401, "login-failed.json");
        }
        int n = sessionCounter.incrementAndGet();
        String token = "tok" + Integer.toHexString(0x5f3759df * n) + "mstr" + n;
        String jsession = String.format("%032X", (long) n * 0x9E3779B97F4A7C15L);
        sessions.put("JSESSIONID=" + jsession, token);
        callsInSession.set(0);
        return new Reply(204, "", Map.of("X-MSTR-AuthToken", token,
                "Set-Cookie", "JSESSIONID=" + jsession + "; Path=/MicroStrategyLibrary; Secure; HttpOnly",
                "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"));
    }

    /** The session key when both the token and its cookie match a live session. */
    private String session(String token, String cookie) {
        if (token == null || cookie == null) {
            return null;
        }
        for (String part : cookie.split(";")) {
            String pair = part.strip();
            if (token.equals(sessions.get(pair))) {
                return pair;
            }
        }
        return null;
    }

    private Reply route(HttpExchange exchange, String key, List<String> segments, String projectId) {
        if (key.startsWith("sessions/")) {
            return new Reply(204, "", Map.of());
        }
        if (key.equals("projects")) {
            ArrayNode array = MstrFixtures.JSON.createArrayNode();
            fixtures.projects.forEach(array::add);
            return Reply.json(200, array.toString());
        }
        if (key.startsWith("project/")) {
            String name = URLDecoder.decode(segments.get(1), StandardCharsets.UTF_8);
            return fixtures.projects.stream().filter(p -> p.get("name").asText().equals(name)).findFirst()
                    .map(p -> Reply.json(200, p.toString()))
                    .orElse(error(404, "not-found.json", "Project '" + name + "' not found or not loaded"));
        }
        if (projectId == null) {
            return error(400, "missing-project.json");
        }
        if (key.startsWith("search/")) {
            return search(exchange, projectId);
        }
        if (key.startsWith("definition/")) {
            String id = segments.get(2);
            ObjectNode def = fixtures.definitions.get(id);
            if (def == null || !projectId.equals(fixtures.projectOfDossier.get(id))) {
                return error(404, "not-found.json", "Dossier " + id + " not found in project " + projectId);
            }
            if (id.equals(fixtures.brokenDossierId)) {
                return internal("Failed to build the definition of dossier " + id + ": object is corrupt");
            }
            return Reply.json(200, def.toString());
        }
        if (key.startsWith("sqlView/") || key.startsWith("model/")) {
            String id = key.substring(key.indexOf('/') + 1);
            MstrFixtures.Cube cube = fixtures.cubes.values().stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
            boolean view = key.startsWith("sqlView/");
            if (cube == null || (view ? cube.sqlView() == null : cube.freeFormSql() == null)) {
                return error(404, "not-found.json", "Cube " + id + (view ? " has no SQL view" : " is not a free-form SQL cube"));
            }
            if (view) {
                return Reply.json(200, MstrFixtures.JSON.createObjectNode().put("sqlStatement", cube.sqlView()).toString());
            }
            return Reply.json(200, modelCube(cube).toString());
        }
        return error(404, "not-found.json", "No resource for " + key);
    }

    private Reply search(HttpExchange exchange, String projectId) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!"55".equals(query.get("type"))) {
            return error(400, "not-found.json", "type must be given");
        }
        List<ObjectNode> all = fixtures.searchResults.getOrDefault(projectId, List.of());
        int asked = Integer.parseInt(query.getOrDefault("offset", "0"));
        int offset = asked == 0 ? 0 : Math.max(0, asked - searchOverlap);
        int limit = Integer.parseInt(query.getOrDefault("limit", "-1"));
        int end = Math.min(all.size(), offset + Math.min(limit < 0 ? Integer.MAX_VALUE : limit, searchCap));
        ObjectNode body = MstrFixtures.JSON.createObjectNode().put("totalItems", all.size());
        ArrayNode result = body.putArray("result");
        for (int i = Math.min(offset, all.size()); i < end; i++) {
            result.add(all.get(i));
        }
        return Reply.json(200, body.toString()).withHeader("x-mstr-total-count", String.valueOf(all.size()));
    }

    private static ObjectNode modelCube(MstrFixtures.Cube cube) {
        ObjectNode root = MstrFixtures.JSON.createObjectNode();
        root.putObject("information").put("objectId", cube.id()).put("subType", "report_cube").put("name", cube.name());
        root.put("sourceType", "custom_sql_free_form");
        ObjectNode table = root.putObject("table");
        ObjectNode tree = table.putObject("physicalTable").putObject("sqlExpression").putObject("tree");
        tree.put("function", "concat_no_blank").put("type", "operator");
        tree.putArray("children").addObject().put("type", "constant").putObject("variant")
                .put("type", "string").put("value", cube.freeFormSql());
        table.putObject("dataSource").put("objectId", "A528E3A1436D9C08318735BC915FCF13")
                .put("subType", "db_role_import").put("name", "hr_warehouse");
        return root;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
