package io.metaingest.toolkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local HTTP server answering from a script: per path, a queue of one-off answers, then a
 * default answer. Records every request it received, in order.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server received. */
    record Seen(String method, String target, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    /** One answer; {@code handle} may block (to simulate a slow server) or close the socket. */
    @FunctionalInterface
    interface Answer {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> once = new ConcurrentHashMap<>();
    private final Map<String, Function<Seen, Answer>> always = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    ScriptedServer() throws IOException {
        this(0);
    }

    /** A server on any free port, for a test's field (whose initialiser cannot throw IOException). */
    static ScriptedServer onFreePort() {
        try {
            return new ScriptedServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on {@code port} (0: any free one), e.g. the port of a server closed before, as a restart. */
    ScriptedServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI base(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers {@code path} once with {@code answer}, before anything scripted later for it. */
    ScriptedServer once(String path, Answer answer) {
        once.computeIfAbsent(path, p -> new ArrayDeque<>()).add(answer);
        return this;
    }

    /** Answers {@code path} with what {@code answer} makes of the request, whenever no one-off answer is queued. */
    ScriptedServer always(String path, Function<Seen, Answer> answer) {
        always.put(path, answer);
        return this;
    }

    long count(String path) {
        return seen.stream().filter(s -> URI.create(s.target()).getPath().equals(path)).count();
    }

    static Answer json(int status, String body) {
        return json(status, body, Map.of());
    }

    static Answer json(int status, String body, Map<String, String> headers) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        seen.add(request);
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        Deque<Answer> queue = once.get(path);
        synchronized (this) {
            answer = queue == null ? null : queue.poll();
        }
        if (answer == null) {
            Function<Seen, Answer> fallback = always.get(path);
            answer = fallback == null ? json(404, "{\"code\":\"NotFound\",\"message\":\"no such path " + path + "\"}")
                    : fallback.apply(request);
        }
        try {
            answer.handle(exchange);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
