package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.FivetranDestination;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.connectors.fivetran.api.Page;
import io.metaingest.connectors.fivetran.api.SchemaConfig;
import io.metaingest.connectors.fivetran.api.SchemaConfig.ColumnEntry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fivetran REST API v1 over the JDK {@link HttpClient}: Basic auth, the
 * {@code {code, data}} envelope, cursor paging, retries and error mapping. No metadata logic.
 *
 * <p>Retries: 429 waits for {@code Retry-After} (seconds or an HTTP date); 5xx, connection resets
 * and timeouts wait with capped exponential backoff and jitter. 4xx other than 429 are final and
 * carry the vendor's {@code code} and {@code message}. A refused connection is final too, since
 * retrying only delays the report of a wrong {@code hostPort}.
 *
 * <p>Paths: Fivetran renamed connectors to connections. Connector-scoped calls try
 * {@code /v1/connections…} first and fall back to the legacy {@code /v1/connectors…} on a 404;
 * the first spelling that answers is kept for the rest of the run, so a later 404 is a real one.
 *
 * <p>Thread-safe: the per-connector calls run in parallel. One instance per run (a singleton in the
 * run's injector), so the source and the lineage builder share the confirmed path spelling.
 */
@Singleton
public class FivetranClient {

    private static final Logger LOG = LoggerFactory.getLogger(FivetranClient.class);

    /** The two spellings of connector-scoped paths. */
    enum Spelling {
        CURRENT("connections"),
        LEGACY("connectors");

        final String segment;

        Spelling(String segment) {
            this.segment = segment;
        }
    }

    /** How long to wait; a seam so tests do not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Retry and timeout settings.
     *
     * @param maxAttempts attempts per call, including the first
     * @param baseDelay backoff before the first retry
     * @param maxDelay backoff cap
     * @param maxRetryAfter the longest {@code Retry-After} we honour; longer ones are capped
     * @param requestTimeout timeout of one request
     */
    record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                       Duration requestTimeout) {
        static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(60));
    }

    private final FivetranConnection connection;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final URI base;
    private final String authorization;
    private final AtomicReference<Spelling> confirmedSpelling = new AtomicReference<>();
    private final AtomicLong requests = new AtomicLong();

    /** Creates a client for the configured connection. */
    @Inject
    public FivetranClient(FivetranConnection connection, HttpClient http, ObjectMapper mapper) {
        this(connection, http, mapper, d -> Thread.sleep(d.toMillis()), RetryPolicy.DEFAULT);
    }

    FivetranClient(FivetranConnection connection, HttpClient http, ObjectMapper mapper, Sleeper sleeper,
                   RetryPolicy policy) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.http = http;
        this.mapper = mapper;
        this.sleeper = sleeper;
        this.policy = policy;
        this.base = connection.apiBase();
        if (connection.apiKey() == null || connection.apiSecret() == null) {
            throw new IllegalArgumentException("apiKey and apiSecret are required");
        }
        String pair = connection.apiKey() + ":" + connection.apiSecret().reveal();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The configured page size. */
    public int limit() {
        return connection.limit();
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return requests.get();
    }

    // ---------------------------------------------------------------- endpoints

    /** One page of {@code GET /v1/groups}; {@code cursor} null for the first. */
    public Page<FivetranGroup> groupsPage(String cursor) {
        return page("/groups", cursor, FivetranGroup.class);
    }

    /** All groups, starting from an already fetched first page; further pages are fetched lazily. */
    public Iterator<FivetranGroup> groups(Page<FivetranGroup> first) {
        return new PagingIterator<>(first, cursor -> groupsPage(cursor));
    }

    /** One page of the connectors of a group ({@code /v1/groups/{id}/connections}, legacy {@code …/connectors}). */
    public Page<FivetranConnector> connectorsPage(String groupId, String cursor) {
        return withSpelling(s -> page("/groups/" + segment(groupId) + "/" + s.segment, cursor, FivetranConnector.class));
    }

    /** All connectors of a group, fetched lazily page by page. */
    public Iterator<FivetranConnector> connectors(String groupId) {
        return new PagingIterator<>(null, cursor -> connectorsPage(groupId, cursor));
    }

    /** {@code GET /v1/connections/{id}}: the connector with its {@code config}. */
    public FivetranConnector connector(String connectorId) {
        return withSpelling(s -> data("/" + s.segment + "/" + segment(connectorId), FivetranConnector.class));
    }

    /** {@code GET /v1/destinations/{groupId}}: the group's destination. */
    public FivetranDestination destination(String groupId) {
        return data("/destinations/" + segment(groupId), FivetranDestination.class);
    }

    /** {@code GET /v1/connections/{id}/schemas}: the connector's schema config. */
    public SchemaConfig schemas(String connectorId) {
        return withSpelling(s -> data("/" + s.segment + "/" + segment(connectorId) + "/schemas", SchemaConfig.class));
    }

    /** {@code GET /v1/connections/{id}/schemas/{schema}/tables/{table}/columns}: {@code data.columns}. */
    public Map<String, ColumnEntry> columns(String connectorId, String schema, String table) {
        Columns columns = withSpelling(s -> data("/" + s.segment + "/" + segment(connectorId) + "/schemas/"
                + segment(schema) + "/tables/" + segment(table) + "/columns", Columns.class));
        return columns.columns() == null ? Map.of() : columns.columns();
    }

    /**
     * Maps a failure of the first call of a run (or of test-connection) to what the user must fix.
     * The message carries the vendor's code and message, never the secret.
     */
    public ConnectionException asConnectionException(RuntimeException e) {
        if (e instanceof FivetranApiException api) {
            String vendor = api.vendorCode() == null ? "" : " (" + api.vendorCode() + ": " + api.vendorMessage() + ")";
            return switch (api.httpStatus()) {
                case 401 -> new ConnectionException(ConnectionException.Reason.AUTHENTICATION,
                        "Fivetran refused the credentials: HTTP 401" + vendor + "; check apiKey and apiSecret", e);
                case 403 -> new ConnectionException(ConnectionException.Reason.PERMISSION,
                        "Fivetran denied access: HTTP 403" + vendor + "; the API key lacks permission to list groups", e);
                case 404 -> new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                        "Fivetran API not found at " + base + ": HTTP 404" + vendor + "; check hostPort", e);
                case 0 -> new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                        "Fivetran API unreachable at " + base + ": " + e.getMessage() + "; check hostPort", e);
                default -> new ConnectionException(ConnectionException.Reason.OTHER, e.getMessage(), e);
            };
        }
        return new ConnectionException(ConnectionException.Reason.OTHER, String.valueOf(e.getMessage()), e);
    }

    // ---------------------------------------------------------------- envelope and paging

    private <T> Page<T> page(String path, String cursor, Class<T> itemType) {
        StringBuilder target = new StringBuilder(path).append("?limit=").append(connection.limit());
        if (cursor != null) {
            // OpenMetadata concatenates the cursor raw; an opaque cursor may hold '+', '/' or '='.
            target.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        JsonNode data = getData(target.toString());
        JsonNode items = data.path("items");
        List<T> list = new ArrayList<>(items.size());
        JavaType type = mapper.constructType(itemType);
        for (JsonNode item : items) {
            list.add(convert(target.toString(), item, type));
        }
        JsonNode next = data.get("next_cursor");
        return new Page<>(List.copyOf(list), next == null || next.isNull() ? null : next.asText());
    }

    private <T> T data(String path, Class<T> type) {
        return convert(path, getData(path), mapper.constructType(type));
    }

    private <T> T convert(String path, JsonNode node, JavaType type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new FivetranApiException("GET /v1" + path + ": unexpected JSON (" + firstLine(e.getMessage()) + ")",
                    0, null, null, e);
        }
    }

    private JsonNode getData(String target) {
        HttpResponse<byte[]> response = send(target);
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            throw new FivetranApiException("GET /v1" + target + ": malformed JSON in a "
                    + response.statusCode() + " response (" + firstLine(e.getMessage()) + ")", 0, null, null, e);
        }
        if (body == null || !body.path("data").isObject()) {
            throw new FivetranApiException("GET /v1" + target + ": no data object in the response (code "
                    + (body == null ? null : body.path("code").asText(null)) + ")", 0, null, null, null);
        }
        return body.get("data");
    }

    /** Runs a connector-scoped call with the confirmed spelling, or discovers it on a 404. */
    private <T> T withSpelling(Function<Spelling, T> call) {
        Spelling known = confirmedSpelling.get();
        if (known != null) {
            return call.apply(known);
        }
        try {
            T result = call.apply(Spelling.CURRENT);
            confirmedSpelling.compareAndSet(null, Spelling.CURRENT);
            return result;
        } catch (FivetranApiException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            LOG.debug("404 on the /v1/connections path, trying the legacy /v1/connectors spelling");
            T result;
            try {
                result = call.apply(Spelling.LEGACY);
            } catch (FivetranApiException legacy) {
                legacy.addSuppressed(e);
                throw legacy;
            }
            if (confirmedSpelling.compareAndSet(null, Spelling.LEGACY)) {
                LOG.info("Fivetran answers on the legacy /v1/connectors paths only; using them from now on");
            }
            return result;
        }
    }

    // ---------------------------------------------------------------- HTTP with retries

    private HttpResponse<byte[]> send(String target) {
        URI uri = URI.create(base + target);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(policy.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .build();
        String what = "GET /v1" + target;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                requests.incrementAndGet();
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (ConnectException e) {
                throw new FivetranApiException(what + ": cannot connect (" + e + ")", 0, null, null, e);
            } catch (HttpTimeoutException e) {
                retryOrThrow(what, attempt, backoff(attempt), "timed out", e);
                continue;
            } catch (IOException e) {
                retryOrThrow(what, attempt, backoff(attempt), "I/O error " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FivetranApiException(what + ": interrupted", 0, null, null, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if (status == 429) {
                Duration wait = retryAfter(response).orElseGet(() -> backoff(0));
                retryOrThrow(what, attempt, wait, "429 rate limited", error(what, response));
            } else if (status >= 500) {
                retryOrThrow(what, attempt, backoff(attempt), "HTTP " + status, error(what, response));
            } else {
                throw error(what, response);
            }
        }
    }

    private void retryOrThrow(String what, int attempt, Duration wait, String why, Exception cause) {
        if (attempt >= policy.maxAttempts()) {
            if (cause instanceof FivetranApiException api) {
                throw api;
            }
            throw new FivetranApiException(what + ": " + why + " after " + attempt + " attempts", 0, null, null, cause);
        }
        LOG.warn("{}: {}; retry {} of {} in {} ms", what, why, attempt, policy.maxAttempts() - 1, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FivetranApiException(what + ": interrupted while waiting to retry", 0, null, null, e);
        }
    }

    /** Capped exponential backoff with "equal jitter": half fixed, half random, so clients spread out. */
    private Duration backoff(int attempt) {
        long cap = policy.maxDelay().toMillis();
        long exp = policy.baseDelay().toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long delay = Math.min(cap, exp);
        long half = delay / 2;
        return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }

    private Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.ofMillis(Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis()));
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : wait);
    }

    private FivetranApiException error(String what, HttpResponse<byte[]> response) {
        String code = null;
        String message = null;
        try {
            JsonNode body = mapper.readTree(response.body());
            if (body != null && body.isObject()) {
                code = body.path("code").asText(null);
                message = body.path("message").asText(null);
            }
        } catch (IOException notJson) {
            // An HTML error page from a proxy; the status says enough.
        }
        if (message == null && response.body() != null && response.body().length > 0) {
            message = firstLine(new String(response.body(), StandardCharsets.UTF_8));
        }
        String text = what + ": HTTP " + response.statusCode()
                + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        return new FivetranApiException(text, response.statusCode(), code, message, null);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** Encodes one path segment (names from the vendor may contain spaces or slashes). */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Iterates a cursor-paged collection, fetching each page only when the previous one is used up. */
    private static final class PagingIterator<T> implements Iterator<T> {
        private final Function<String, Page<T>> fetch;
        private Page<T> page;
        private int index;

        PagingIterator(Page<T> first, Function<String, Page<T>> fetch) {
            this.fetch = fetch;
            this.page = first;
        }

        @Override
        public boolean hasNext() {
            if (page == null) {
                page = fetch.apply(null);
                index = 0;
            }
            while (index >= page.items().size() && page.hasNext()) {
                page = fetch.apply(page.nextCursor());
                index = 0;
            }
            return index < page.items().size();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.items().get(index++);
        }
    }

    /** The {@code data} of the columns endpoint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Columns(@JsonProperty("columns") Map<String, ColumnEntry> columns) {
    }
}
