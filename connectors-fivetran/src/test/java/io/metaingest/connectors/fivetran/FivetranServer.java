package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.connectors.fivetran.FivetranFixtures.LastPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A local Fivetran API over {@link FivetranFixtures}: Basic auth (401 with the vendor's error body
 * otherwise), the {@code {code, data}} envelope, cursor paging with opaque base64 cursors, both path
 * spellings (or only one, to test the fallback), and faults injected per logical request key.
 *
 * <p>Keys name a request independently of spelling and encoding: {@code groups@0},
 * {@code groups/{id}/connectors@25} (the number is the page offset), {@code connectors/{id}},
 * {@code connectors/{id}/schemas}, {@code connectors/{id}/schemas/{s}/tables/{t}/columns},
 * {@code destinations/{id}}.
 *
 * <p>Public, in this module's test jar, so other modules' tests (the CLI's {@code migrate --resolve})
 * talk to the same server.
 */
public final class FivetranServer implements AutoCloseable {

    /** Which path spellings the server answers. */
    enum Spellings { BOTH, CURRENT_ONLY, LEGACY_ONLY }

    /** One logged request. */
    public record Seen(String path, String authorization) {
    }

    private final FivetranFixtures fixtures;
    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<MockResponse>> onceFaults = new ConcurrentHashMap<>();
    private final Map<String, MockResponse> alwaysFaults = new ConcurrentHashMap<>();
    private final Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final String expectedAuth;
    private volatile Spellings spellings = Spellings.BOTH;
    private volatile Duration delay = Duration.ZERO;
    /** Requests answered before the key is revoked (every later one is a 401); negative: never. */
    private volatile int revokeKeyAfter = -1;
    private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();

    public FivetranServer(FivetranFixtures fixtures) {
        this(fixtures, FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET);
    }

    public FivetranServer(FivetranFixtures fixtures, String key, String secret) {
        this.fixtures = fixtures;
        this.expectedAuth = "Basic " + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
        server.setServerSocketFactory(new NoDelayServerSocketFactory());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://host:port}, the connection's hostPort. */
    public String hostPort() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    FivetranServer spellings(Spellings s) {
        this.spellings = s;
        return this;
    }

    FivetranServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Revokes the API key once {@code requests} requests were answered: every later one is a 401. */
    FivetranServer revokeKeyAfter(int requests) {
        this.revokeKeyAfter = requests;
        return this;
    }

    /** Answers {@code key} with {@code response} once, before the normal answer. */
    FivetranServer faultOnce(String key, MockResponse response) {
        onceFaults.computeIfAbsent(key, k -> new ArrayDeque<>()).add(response);
        return this;
    }

    /** Answers {@code key} with {@code response} every time. */
    FivetranServer faultAlways(String key, MockResponse response) {
        alwaysFaults.put(key, response);
        return this;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse error(int code, String resource, Object... args) {
        return json(code, String.format(FivetranFixtures.text(resource), args));
    }

    static MockResponse tooManyRequests(int retryAfterSeconds) {
        return new MockResponse.Builder(error(429, "fivetran/errors/too-many-requests.json"))
                .setHeader("Retry-After", retryAfterSeconds).build();
    }

    private MockResponse handle(RecordedRequest request) {
        HttpUrl url = request.getUrl();
        String auth = request.getHeaders().get("Authorization");
        seen.add(new Seen(url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()), auth));
        MockResponse response = route(url, auth);
        if (!delay.isZero()) {
            response = new MockResponse.Builder(response).headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
        }
        return response;
    }

    private MockResponse route(HttpUrl url, String auth) {
        int revokeAfter = revokeKeyAfter;
        if (!expectedAuth.equals(auth) || (revokeAfter >= 0 && answered.incrementAndGet() > revokeAfter)) {
            return error(401, "fivetran/errors/auth-failed.json");
        }
        List<String> segments = new ArrayList<>(url.pathSegments());
        if (segments.isEmpty() || !segments.get(0).equals("v1")) {
            return notFound(url.encodedPath());
        }
        segments.remove(0);
        // Normalise the spelling; refuse the one this server does not speak.
        boolean spelled = false;
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            boolean connectorPosition = i == 0 || (i == 2 && segments.get(0).equals("groups"));
            if (connectorPosition && (s.equals("connections") || s.equals("connectors"))) {
                boolean current = s.equals("connections");
                if ((current && spellings == Spellings.LEGACY_ONLY) || (!current && spellings == Spellings.CURRENT_ONLY)) {
                    return notFound(url.encodedPath());
                }
                segments.set(i, "connectors");
                spelled = true;
            }
        }
        String path = String.join("/", segments);
        boolean paged = segments.equals(List.of("groups"))
                || (segments.size() == 3 && segments.get(0).equals("groups") && spelled);
        int offset = paged ? decodeCursor(url.queryParameter("cursor")) : 0;
        String key = paged ? path + "@" + offset : path;
        Deque<MockResponse> once = onceFaults.get(key);
        if (once != null) {
            synchronized (once) {
                MockResponse fault = once.poll();
                if (fault != null) {
                    return fault;
                }
            }
        }
        MockResponse always = alwaysFaults.get(key);
        if (always != null) {
            return always;
        }
        int limit = parseLimit(url.queryParameter("limit"));
        if (segments.equals(List.of("groups"))) {
            return page(fixtures.groups, offset, limit, fixtures.lastPage.get("groups"));
        }
        if (paged) {
            List<ObjectNode> items = fixtures.connectorsByGroup.get(segments.get(1));
            if (items == null) {
                // A group that is not (or no longer) there: the 404 names the missing resource, as Fivetran's do.
                return error(404, "fivetran/errors/not-found-group.json", segments.get(1));
            }
            return page(items, offset, limit, fixtures.lastPage.get(segments.get(1)));
        }
        if (segments.size() == 2 && segments.get(0).equals("destinations")) {
            return data(fixtures.destinations.get(segments.get(1)), segments.get(1));
        }
        if (segments.size() >= 2 && segments.get(0).equals("connectors")) {
            String id = segments.get(1);
            if (segments.size() == 2) {
                return data(fixtures.details.get(id), id);
            }
            if (segments.size() == 3 && segments.get(2).equals("schemas")) {
                if (fixtures.schemaConfigMissing.contains(id)) {
                    return notFound(url.encodedPath());
                }
                return envelope(fixtures.schemas.get(id), id);
            }
            if (segments.size() == 7 && segments.get(2).equals("schemas") && segments.get(4).equals("tables")
                    && segments.get(6).equals("columns")) {
                if (fixtures.columnsMissing.contains(id + "/" + segments.get(3) + "/" + segments.get(5))) {
                    return notFound(url.encodedPath());
                }
                JsonNode columns = fixtures.columnsEnvelope(id, segments.get(3), segments.get(5));
                return columns == null && fixtures.details.containsKey(id) ? notFound(url.encodedPath())
                        : envelope(columns, id);
            }
        }
        return notFound(url.encodedPath());
    }

    private static MockResponse notFound(String path) {
        return json(404, "{\"code\":\"NotFound\",\"message\":\"No resource at " + path + "\"}");
    }

    private static MockResponse data(JsonNode data, String id) {
        if (data == null) {
            return error(404, "fivetran/errors/not-found-connector.json", id);
        }
        ObjectNode body = FivetranFixtures.JSON.createObjectNode().put("code", "Success");
        body.set("data", data);
        return json(200, body.toString());
    }

    private static MockResponse envelope(JsonNode body, String id) {
        return body == null ? error(404, "fivetran/errors/not-found-connector.json", id) : json(200, body.toString());
    }

    private static MockResponse page(List<ObjectNode> all, int offset, int limit, LastPage lastPage) {
        ObjectNode body = FivetranFixtures.JSON.createObjectNode().put("code", "Success");
        ObjectNode data = body.putObject("data");
        ArrayNode items = data.putArray("items");
        int end = Math.min(all.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            items.add(all.get(i));
        }
        if (end < all.size()) {
            data.put("next_cursor", encodeCursor(end));
        } else if (lastPage == LastPage.NULL) {
            data.putNull("next_cursor");
        } else if (lastPage == LastPage.EMPTY) {
            data.put("next_cursor", "");
        }
        return json(200, body.toString());
    }

    /** Standard base64 with padding, so a client that forgets to URL-encode breaks. */
    static String encodeCursor(int offset) {
        return Base64.getEncoder().encodeToString(("{\"skip\":" + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
        return Integer.parseInt(json.replaceAll("\\D", ""));
    }

    private static int parseLimit(String limit) {
        int value = limit == null ? 100 : Integer.parseInt(limit);
        return Math.max(1, Math.min(1000, value));
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Accepted sockets with TCP_NODELAY: MockWebServer writes headers and body separately, and
     * Nagle's algorithm against the client's delayed ACK would add ~40 ms to every response.
     */
    static final class NoDelayServerSocketFactory extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket socket = new java.net.Socket();
                    implAccept(socket);
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            java.net.ServerSocket socket = createServerSocket();
            socket.bind(new java.net.InetSocketAddress(port));
            return socket;
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            java.net.ServerSocket socket = createServerSocket();
            socket.bind(new java.net.InetSocketAddress(port), backlog);
            return socket;
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            java.net.ServerSocket socket = createServerSocket();
            socket.bind(new java.net.InetSocketAddress(address, port), backlog);
            return socket;
        }
    }
}
