package io.metaingest.testkit.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local HTTP/1.1 proxy that sits in front of a test server answering like a vendor API and breaks
 * some of the calls the way networks, gateways and rate limiters do: 429 with and without
 * {@code Retry-After}, 500/502/503, connection resets, truncated bodies and slow responses
 * (see {@link Fault}). Point the connector's host setting at {@link #uri()} instead of the test
 * server, run it, and check that every entity of the fixture was either emitted or recorded as a
 * failure — and that the run ended in bounded time.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(URI.create(server.hostPort()),
 *         FaultPlan.seeded("fivetran drill", 0.25, Duration.ofMillis(300)))) {
 *     run the connector against proxy.uri() …
 *     assertThat(proxy.injected()).containsKeys(Fault.values());
 * }
 * }</pre>
 *
 * <p>Which request gets which fault is decided from the plan's seed, the request and how often the
 * same request was seen before ({@link FaultPlan}), so a failing drill replays with its seed.
 *
 * <p>What the proxy understands: HTTP/1.1 over plain TCP, request bodies with {@code Content-Length}
 * or chunked, keep-alive. It forwards every request to the same upstream (method, path and query,
 * headers, body) with the JDK's HTTP client and never logs headers or bodies, so credentials pass
 * through untouched and are printed nowhere. Injected error answers carry the body a gateway would
 * send (an HTML page for 5xx, a short JSON for 429), not the vendor's envelope. Thread-safe; one
 * thread per client connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** The longest {@code Retry-After} the proxy asks for, in seconds (it asks for 1 to this many). */
    public static final int LONGEST_RETRY_AFTER_SECONDS = 120;

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final URI upstream;
    private final FaultPlan plan;
    private final List<Fault> choices;
    private final ServerSocket server;
    private final HttpClient client;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> seenPerRequest = new ConcurrentHashMap<>();
    private final Map<Fault, LongAdder> injected = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong upstreamFailures = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean injecting = true;

    private FaultProxy(URI upstream, FaultPlan plan) throws IOException {
        this.upstream = upstream;
        this.plan = plan;
        this.choices = List.copyOf(new java.util.TreeSet<>(plan.faults()));
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code upstream} ({@code http://host:port};
     * its path, if any, is ignored: request targets are forwarded as they come).
     */
    public static FaultProxy start(URI upstream, FaultPlan plan) {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(plan, "plan");
        if (!"http".equals(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("upstream must be http://host:port, was " + upstream);
        }
        try {
            return new FaultProxy(URI.create("http://" + upstream.getRawAuthority()), plan);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fault proxy", e);
        }
    }

    /** {@code http://127.0.0.1:port}: put it where the connector expects the API's host. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The plan in force. */
    public FaultPlan plan() {
        return plan;
    }

    /**
     * Turns injection on (the default) or off. While off, every request passes through and does not
     * count for the plan: a clean reference run can use the same address as the faulted one, so
     * records that carry the host (source URLs) compare equal.
     */
    public FaultProxy injecting(boolean on) {
        this.injecting = on;
        return this;
    }

    /** Requests received so far. */
    public long requests() {
        return requests.get();
    }

    /** Faults injected so far, per kind (kinds never injected are absent). */
    public Map<Fault, Long> injected() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        injected.forEach((fault, count) -> out.put(fault, count.sum()));
        return out;
    }

    /** Faults injected so far, all kinds. */
    public long injectedTotal() {
        return injected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Requests the upstream itself could not answer (answered 502 by the proxy; not injected faults). */
    public long upstreamFailures() {
        return upstreamFailures.get();
    }

    /** Stops accepting, closes every client connection and stops the threads. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        threads.shutdownNow();
    }

    // ---------------------------------------------------------------- connections

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(socket);
            try {
                threads.execute(() -> serve(socket));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(socket);
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                if (!answer(request, injecting ? decide(request) : PASS, socket, out) || request.wantsClose()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away (as after its own timeout) or the proxy is closing.
        } finally {
            open.remove(socket);
        }
    }

    /** Answers one request; false when the connection must not be reused. */
    private boolean answer(Request request, Decision decision, Socket socket, OutputStream out)
            throws IOException, InterruptedException {
        if (decision.fault() != null) {
            injected.computeIfAbsent(decision.fault(), f -> new LongAdder()).increment();
        }
        if (decision.fault() == null) {
            return write(out, forward(request));
        }
        switch (decision.fault()) {
            case TOO_MANY_REQUESTS -> {
                String retryAfter = decision.retryAfterAsDate()
                        ? HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(decision.retryAfterSeconds()))
                        : Long.toString(decision.retryAfterSeconds());
                return write(out, tooManyRequests(List.of(new Header("Retry-After", retryAfter))));
            }
            case TOO_MANY_REQUESTS_NO_RETRY_AFTER -> {
                return write(out, tooManyRequests(List.of()));
            }
            case INTERNAL_SERVER_ERROR -> {
                return write(out, htmlError(500, List.of()));
            }
            case BAD_GATEWAY -> {
                return write(out, htmlError(502, List.of()));
            }
            case SERVICE_UNAVAILABLE -> {
                return write(out, htmlError(503, decision.retryAfterAsDate() ? List.of()
                        : List.of(new Header("Retry-After", Long.toString(decision.retryAfterSeconds())))));
            }
            case CONNECTION_RESET -> {
                socket.setSoLinger(true, 0); // close with RST instead of FIN
                return false;
            }
            case TRUNCATED_BODY -> {
                writeTruncated(out, forward(request), decision.cut());
                return false;
            }
            case SLOW_RESPONSE -> {
                Reply reply = forward(request);
                Thread.sleep(decision.delay().toMillis()); // simulated network and server time
                return write(out, reply);
            }
            default -> throw new IllegalStateException("unknown fault " + decision.fault());
        }
    }

    // ---------------------------------------------------------------- decisions

    private record Decision(Fault fault, long retryAfterSeconds, boolean retryAfterAsDate, Duration delay, double cut) {
    }

    private static final Decision PASS = new Decision(null, 0, false, Duration.ZERO, 0);

    private Decision decide(Request request) {
        int seen = seenPerRequest.computeIfAbsent(request.identity(), k -> new AtomicInteger()).getAndIncrement();
        SplittableRandom random = new SplittableRandom(plan.seed() ^ fnv64(request.identity()) ^ (seen * 0x9E3779B97F4A7C15L));
        double roll = random.nextDouble();
        Fault fault = roll < plan.faultRate() && !choices.isEmpty() ? choices.get(random.nextInt(choices.size())) : null;
        long retryAfter = 1 + random.nextInt(LONGEST_RETRY_AFTER_SECONDS);
        boolean asDate = random.nextBoolean();
        long maxDelay = plan.maxDelay().toMillis();
        Duration delay = Duration.ofMillis(maxDelay <= 0 ? 0 : random.nextLong(maxDelay + 1));
        return new Decision(fault, retryAfter, asDate, delay, random.nextDouble() * 0.9);
    }

    private static long fnv64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    // ---------------------------------------------------------------- upstream

    private record Header(String name, String value) {
    }

    private record Reply(int status, List<Header> headers, byte[] body) {
    }

    private Reply forward(Request request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(upstream + request.target()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Header h : request.headers()) {
            if (!HOP_BY_HOP.contains(h.name().toLowerCase(Locale.ROOT))) {
                builder.header(h.name(), h.value());
            }
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            List<Header> headers = new ArrayList<>();
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> headers.add(new Header(name, v)));
                }
            });
            return new Reply(response.statusCode(), headers, response.body() == null ? new byte[0] : response.body());
        } catch (IOException e) {
            upstreamFailures.incrementAndGet();
            return new Reply(502, List.of(new Header("Content-Type", "text/plain")),
                    ("fault proxy: the upstream failed: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Reply tooManyRequests(List<Header> extra) {
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new Header("Content-Type", "application/json"));
        return new Reply(429, headers,
                "{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static Reply htmlError(int status, List<Header> extra) {
        List<Header> headers = new ArrayList<>(extra);
        headers.add(new Header("Content-Type", "text/html"));
        String title = status + " " + reason(status);
        return new Reply(status, headers, ("<html><head><title>" + title + "</title></head><body><h1>" + title
                + "</h1></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- writing

    private static byte[] head(Reply reply, boolean withLength) {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
                .append(reason(reply.status())).append("\r\n");
        for (Header h : reply.headers()) {
            text.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (withLength) {
            text.append("Content-Length: ").append(reply.body().length).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean bodyless(int status) {
        return status == 204 || status == 304 || status < 200;
    }

    private static boolean write(OutputStream out, Reply reply) throws IOException {
        out.write(head(reply, !bodyless(reply.status())));
        if (!bodyless(reply.status())) {
            out.write(reply.body());
        }
        out.flush();
        return true;
    }

    /** The head and part of the body (or, without a body, part of the head), then the caller closes. */
    private static void writeTruncated(OutputStream out, Reply reply, double cut) throws IOException {
        if (bodyless(reply.status()) || reply.body().length == 0) {
            byte[] head = head(reply, !bodyless(reply.status()));
            out.write(head, 0, Math.max(1, (int) (head.length * cut)));
        } else {
            out.write(head(reply, true));
            out.write(reply.body(), 0, (int) (reply.body().length * cut));
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    // ---------------------------------------------------------------- reading

    /** One request as read from the client. */
    private record Request(String method, String target, List<Header> headers, byte[] body) {

        /** What makes two requests "the same request" for the plan: method, target and body. */
        String identity() {
            return method + " " + target + " " + new String(body, StandardCharsets.UTF_8);
        }

        boolean wantsClose() {
            return headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Connection")
                    && h.value().equalsIgnoreCase("close"));
        }

        /** The next request on the connection, or null at its end. */
        static Request read(InputStream in) throws IOException {
            String line = readLine(in);
            while (line != null && line.isEmpty()) {
                line = readLine(in);
            }
            if (line == null) {
                return null;
            }
            String[] parts = line.split(" ", 3);
            if (parts.length < 2) {
                throw new IOException("not an HTTP request line: " + line);
            }
            List<Header> headers = new ArrayList<>();
            for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.add(new Header(h.substring(0, colon).strip(), h.substring(colon + 1).strip()));
                }
            }
            byte[] body = new byte[0];
            String length = value(headers, "Content-Length");
            if ("chunked".equalsIgnoreCase(value(headers, "Transfer-Encoding"))) {
                body = readChunked(in);
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            }
            return new Request(parts[0], parts[1], List.copyOf(headers), body);
        }

        private static String value(List<Header> headers, String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                    .orElse(null);
        }

        private static byte[] readChunked(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new IOException("the chunked body ended early");
                }
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (n == 0) {
                    for (String trailer = readLine(in); trailer != null && !trailer.isEmpty(); trailer = readLine(in)) {
                        // trailers are not forwarded
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }

        /** A CRLF- (or LF-) terminated line in ISO-8859-1, or null at the end of the stream. */
        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
