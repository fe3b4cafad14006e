package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.config.OpenMetadataServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * OpenMetadata's v1 REST API as ingestion uses it: JSON bodies, {@code Authorization: Bearer <jwt>}
 * on every call, at most {@code maxConcurrentRequests} requests in flight. It knows paths and
 * errors, nothing about metadata: 401/403 become {@link OpenMetadataAuthException}, any other
 * non-2xx answer an {@link OpenMetadataApiException} with the server's message. Thread-safe.
 */
public final class OpenMetadataClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Semaphore inFlight;

    /**
     * Creates a client.
     *
     * @param server {@code workflowConfig.openMetadataServerConfig}
     * @param http the HTTP client
     * @param mapper serialises bodies and parses answers
     * @param maxConcurrentRequests how many requests may be in flight at once (at least 1)
     */
    public OpenMetadataClient(OpenMetadataServerConfig server, HttpClient http, ObjectMapper mapper,
                              int maxConcurrentRequests) {
        this.baseUrl = server.hostPort().replaceAll("/+$", "");
        this.authorization = server.securityConfig() == null || server.securityConfig().jwtToken() == null
                ? null : "Bearer " + server.securityConfig().jwtToken().reveal();
        this.http = http;
        this.mapper = mapper;
        this.inFlight = new Semaphore(Math.max(1, maxConcurrentRequests));
    }

    /** The API base, e.g. {@code http://localhost:8585/api}; for messages. */
    public String baseUrl() {
        return baseUrl;
    }

    /** Encodes one path segment (an FQN keeps its dots and quotes, and becomes one segment). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code GET path}; empty on 404. */
    public Optional<JsonNode> get(String path) throws IOException, OpenMetadataApiException {
        Answer answer = send("GET", path, null);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer.ok("GET", path));
    }

    /** {@code PUT path} with a JSON body: OpenMetadata's create-or-update. */
    public Answer put(String path, Object body) throws IOException, OpenMetadataApiException {
        Answer answer = send("PUT", path, body);
        answer.ok("PUT", path);
        return answer;
    }

    /** {@code POST path} with a JSON body. */
    public Answer post(String path, Object body) throws IOException, OpenMetadataApiException {
        Answer answer = send("POST", path, body);
        answer.ok("POST", path);
        return answer;
    }

    private Answer send(String method, String path, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
        }
        inFlight.acquireUninterruptibly();
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " " + path + " interrupted", e);
        } finally {
            inFlight.release();
        }
    }

    /**
     * The server's answer.
     *
     * @param status the HTTP status
     * @param body the raw body
     */
    public record Answer(int status, byte[] body) {

        /** Whether the server created a new entity (201) rather than updating one (200). */
        public boolean created() {
            return status == 201;
        }

        /** The body as JSON (an empty object when there is none). */
        public JsonNode json() {
            try {
                return body.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            } catch (IOException e) {
                return MAPPER.createObjectNode();
            }
        }

        JsonNode ok(String method, String path) throws OpenMetadataApiException {
            if (status >= 200 && status < 300) {
                return json();
            }
            String message = method + " " + path + " answered " + status + ": " + serverMessage();
            if (status == 401 || status == 403) {
                throw new OpenMetadataAuthException(message);
            }
            throw new OpenMetadataApiException(status, message);
        }

        /** OpenMetadata's {@code {code, message}} error body, or the start of the raw body. */
        private String serverMessage() {
            JsonNode json = json();
            if (json.hasNonNull("message")) {
                return json.get("message").asText();
            }
            String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }

        private static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
