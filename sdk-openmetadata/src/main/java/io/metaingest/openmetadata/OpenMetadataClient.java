package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.ApiResponse;
import io.metaingest.toolkit.Authenticator;
import io.metaingest.toolkit.CursorPage;
import io.metaingest.toolkit.CursorPaging;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import io.metaingest.toolkit.VendorApiException;
import io.metaingest.toolkit.VendorError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenMetadata's v1 REST API as ingestion uses it: JSON bodies, {@code Authorization: Bearer <jwt>}
 * on every call, 429 and 5xx retried by the toolkit's client, at most {@code maxConcurrentRequests}
 * requests in flight. It knows paths and errors, nothing about metadata: 401/403 become
 * {@link OpenMetadataAuthException}, any other refusal an {@link OpenMetadataApiException} with the
 * server's message and what the retries met, and a server that cannot be reached an {@link IOException}
 * worded for users. A 2xx HTML page is no answer of OpenMetadata's (a wrong host, a proxy or login page):
 * {@link OpenMetadataUnavailableException}, naming {@code hostPort}. A server that goes
 * away mid-run is given up once {@value #GIVE_UP_AFTER} calls in a row failed on its side, or one
 * call was refused for all its retries ({@link JsonHttpClient.Builder#giveUpAfter(int)}): that call
 * and every later one throw {@link OpenMetadataUnavailableException}. A request waits
 * {@link #DEFAULT_REQUEST_TIMEOUT} for its answer unless configured; a server that accepts the
 * connection but leaves requests unanswered is named as such, with the wait. Thread-safe.
 */
public final class OpenMetadataClient {

    private static final Logger LOG = LoggerFactory.getLogger(OpenMetadataClient.class);

    private final String baseUrl;
    /** For a failed TLS handshake's fix, which depends on {@code verifySSL} and {@code sslConfig}. */
    private final OpenMetadataServerConfig server;
    private final JsonHttpClient http;
    private final ObjectMapper mapper;
    private final Semaphore inFlight;
    private final Duration requestTimeout;
    /** Whether a handshake had the server ask for a client certificate ({@link ServerTls.Client}). */
    private final java.util.function.BooleanSupplier clientCertificateAsked;
    /** Whether any call was answered: a server that answered once took this client's certificate (or its absence). */
    private volatile boolean answered;

    /**
     * Calls in a row that may fail on the server's side before it is given up: the first with the
     * full retries, the next ones with one attempt each. Three, so one entity the server keeps
     * failing on (a 500 on its body) stays that entity's failure when the next call is answered.
     */
    public static final int GIVE_UP_AFTER = 3;

    /**
     * How long one request waits for the server's answer unless configured (the sink's
     * {@code requestTimeoutSeconds}), the toolkit's default stated here because the sink's setting
     * documents it. A hung server (one that accepts the connection and never answers) is given up after
     * one such wait before it ever answered, and mid-run after the toolkit's two per call times
     * {@value #GIVE_UP_AFTER} calls. 30 s is still far above what OpenMetadata takes for the largest
     * entity it is sent.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** The toolkit's default retries with {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public static final RetryPolicy DEFAULT_RETRIES = RetryPolicy.DEFAULT.withRequestTimeout(DEFAULT_REQUEST_TIMEOUT);

    /**
     * Creates a client with the default retries ({@link #DEFAULT_RETRIES}).
     *
     * @param server {@code workflowConfig.openMetadataServerConfig}
     * @param http the HTTP client
     * @param mapper serialises bodies and parses answers
     * @param maxConcurrentRequests how many requests may be in flight at once (at least 1)
     */
    public OpenMetadataClient(OpenMetadataServerConfig server, HttpClient http, ObjectMapper mapper,
                              int maxConcurrentRequests) {
        this(server, http, mapper, maxConcurrentRequests, DEFAULT_RETRIES, Sleeper.SYSTEM);
    }

    /** Creates a client with its own retry policy and way of waiting (tests record the waits). */
    public OpenMetadataClient(OpenMetadataServerConfig server, HttpClient http, ObjectMapper mapper,
                              int maxConcurrentRequests, RetryPolicy retries, Sleeper sleeper) {
        this.baseUrl = server.hostPort().replaceAll("/+$", "");
        this.server = server;
        ObjectMapper bodies = RequestBodies.mapper(mapper); // numbers sent as the file sink writes them
        boolean hasToken = server.securityConfig() != null && server.securityConfig().jwtToken() != null;
        // verifySSL and sslConfig: every client of the server is made here, so each checks its certificate alike.
        ServerTls.Client tls = ServerTls.client(server, http);
        this.clientCertificateAsked = tls.clientCertificateAsked();
        this.http = JsonHttpClient.builder(tls.http(), bodies, URI.create(baseUrl))
                .authenticator(hasToken ? Authenticator.header("Authorization", "Bearer ", server.securityConfig().jwtToken())
                        : Authenticator.none())
                .retryPolicy(retries)
                .sleeper(sleeper)
                .giveUpAfter(GIVE_UP_AFTER)
                .errorReader(ERRORS)
                // A 2xx HTML page (a proxy's, a login page) is then named as no answer of OpenMetadata's.
                .vendor("OpenMetadata", HOST_SETTING)
                // Calls named relative to hostPort (GET /v1/system/version, not GET /api/v1/…) in every line, the
                // toolkit's retry warnings included, as users know OpenMetadata's paths: one path per call.
                .namesCallsUnderBase()
                .build();
        this.mapper = bodies;
        this.inFlight = new Semaphore(Math.max(1, maxConcurrentRequests));
        this.requestTimeout = retries.requestTimeout();
    }

    /** The API base, e.g. {@code http://localhost:8585/api}; for messages. */
    public String baseUrl() {
        return baseUrl;
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return http.requestCount();
    }

    /** Encodes one path segment (an FQN keeps its dots and quotes, and becomes one segment). */
    public static String segment(String value) {
        return ApiRequest.segment(value);
    }

    /** {@code GET path}; empty on OpenMetadata's 404 (a proxy's HTML 404 page is no "not found" of the server's). */
    public Optional<JsonNode> get(String path) throws IOException, OpenMetadataApiException {
        try {
            return Optional.of(send("GET", path, null).json());
        } catch (OpenMetadataApiException e) {
            if (e.status() == 404 && !(e instanceof Unusable)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET path?fields=fields} (e.g. {@code columns,tags}); empty on 404. */
    public Optional<JsonNode> get(String path, String fields) throws IOException, OpenMetadataApiException {
        return get(path, Map.of("fields", fields));
    }

    /** {@code GET path} with query parameters; empty on 404. */
    public Optional<JsonNode> get(String path, Map<String, String> query) throws IOException, OpenMetadataApiException {
        ApiRequest request = ApiRequest.get(path);
        for (Map.Entry<String, String> parameter : new java.util.TreeMap<>(query).entrySet()) {
            request = request.withQuery(parameter.getKey(), parameter.getValue());
        }
        try {
            return Optional.of(exchange(request).body());
        } catch (VendorApiException e) {
            if (e.httpStatus() == 404 && !htmlPage(e.vendorMessage())) {
                return Optional.empty();
            }
            throw translate("GET " + path, e);
        }
    }

    /**
     * {@code PUT path} with a JSON body: OpenMetadata's create-or-update. A 409 is sent once more:
     * OpenMetadata answers it to the loser of two creates of the same entity at once (two runs, parallel
     * writers), and the second PUT then updates what the other writer created. A second 409 is the
     * entity's failure, saying another writer holds it; no other 4xx is sent again.
     */
    public Answer put(String path, Object body) throws IOException, OpenMetadataApiException {
        try {
            return send("PUT", path, body);
        } catch (OpenMetadataApiException first) {
            if (first.status() != 409) {
                throw first;
            }
            LOG.info("PUT {} answered 409 (another writer created the entity at the same time); sending it once more", path);
            try {
                return send("PUT", path, body);
            } catch (OpenMetadataApiException again) {
                if (again.status() != 409) {
                    throw again;
                }
                String name = body == null ? null : mapper.valueToTree(body).path("name").asText(null);
                throw new OpenMetadataApiException(409, again.getMessage().replaceFirst(" answered 409", " answered 409 twice")
                        + "; another writer holds " + (name == null ? "this entity" : "'" + name + "'")
                        + " (a parallel run, or another ingestion of the same service); run again once it is done");
            }
        }
    }

    /** {@code POST path} with a JSON body. */
    public Answer post(String path, Object body) throws IOException, OpenMetadataApiException {
        return send("POST", path, body);
    }

    /** {@code PATCH path} with a JSON Patch (RFC 6902) body, as {@code application/json-patch+json}. */
    public Answer patch(String path, JsonNode jsonPatch) throws IOException, OpenMetadataApiException {
        ApiRequest request = new ApiRequest("PATCH", path, List.of(), Map.of("Content-Type", JSON_PATCH), jsonPatch, true);
        try {
            ApiResponse response = exchange(request);
            return new Answer(response.status(), response.body());
        } catch (VendorApiException e) {
            throw translate("PATCH " + path, e);
        }
    }

    /** The media type of a JSON Patch. */
    static final String JSON_PATCH = "application/json-patch+json";

    /** {@code DELETE path} without {@code hardDelete}: OpenMetadata's soft delete. */
    public Answer delete(String path) throws IOException, OpenMetadataApiException {
        return send("DELETE", path, null);
    }

    /**
     * Hands each entity of a list endpoint to {@code each}, e.g. {@code GET /v1/tables?databaseSchema=fqn}:
     * the server's default {@code include=non-deleted}, pages of {@value #PAGE_SIZE} followed by their
     * {@code paging.after} cursor with the toolkit's {@link CursorPaging}, one page in memory at a time.
     *
     * @param collection e.g. {@code /v1/tables}
     * @param filter the parent filter's parameter, e.g. {@code databaseSchema} or {@code service}
     * @param value the parent's FQN
     */
    public void forEachListed(String collection, String filter, String value, Consumer<JsonNode> each)
            throws IOException, OpenMetadataApiException {
        forEachListed(collection, Map.of(filter, value), each);
    }

    /** As {@link #forEachListed(String, String, String, Consumer)}, with any query parameters (filters, {@code fields}). */
    public void forEachListed(String collection, Map<String, String> query, Consumer<JsonNode> each)
            throws IOException, OpenMetadataApiException {
        ApiRequest filtered = ApiRequest.get(collection);
        for (Map.Entry<String, String> parameter : new java.util.TreeMap<>(query).entrySet()) {
            filtered = filtered.withQuery(parameter.getKey(), parameter.getValue());
        }
        ApiRequest first = filtered.withQuery("limit", PAGE_SIZE);
        try {
            CursorPaging.stream(http.endpoint(first), cursor -> page(first.withQuery("after", cursor))).forEach(each);
        } catch (VendorApiException e) {
            throw translate("GET " + collection, e);
        }
    }

    /** Where the server's address is configured, for messages. */
    static final String HOST_SETTING = "workflowConfig.openMetadataServerConfig.hostPort";

    /**
     * OpenMetadata's error body, {@code {"code": 409, "message": "..."}}: its code repeats the HTTP
     * status, so only the message is the server's own words ({@code HTTP 503: ...}, not {@code HTTP 503 503: ...}).
     * A JSON body of another shape (a gateway's, another API's) is no message of OpenMetadata's: it is quoted, at
     * most {@value #QUOTED} characters; a body that is not JSON the toolkit quotes likewise (its first line).
     */
    static final VendorError.Reader ERRORS = body -> {
        if (body == null || body.isMissingNode()) {
            return VendorError.NONE;
        }
        JsonNode code = body.path("code");
        boolean envelope = body.path("message").isTextual()
                && (code.isIntegralNumber() || code.isTextual() && !code.asText().isEmpty()
                        && code.asText().chars().allMatch(Character::isDigit));
        return new VendorError(null, envelope ? body.path("message").asText() : quoted(body.toString()));
    };

    /** How many characters of an error body that is not OpenMetadata's {@code {code, message}} a message quotes. */
    static final int QUOTED = 200;

    private static String quoted(String text) {
        return text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text;
    }

    /**
     * Where a workflow configures the token, as a refused token's line names it; a command whose token comes
     * from elsewhere (an environment variable) names that instead.
     */
    public static final String TOKEN_SETTING = "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken";

    /** How many entities a list request asks for per page. */
    static final int PAGE_SIZE = 100;

    private CursorPage<JsonNode> page(ApiRequest request) {
        JsonNode body = exchange(request).body();
        List<JsonNode> items = new java.util.ArrayList<>();
        body.path("data").forEach(items::add);
        return new CursorPage<>(items, body.path("paging").path("after").asText(null));
    }

    private Answer send(String method, String path, Object body) throws IOException, OpenMetadataApiException {
        JsonNode json = body == null ? null : mapper.valueToTree(body);
        ApiRequest request = new ApiRequest(method, path, List.of(), Map.of(), json, true);
        try {
            ApiResponse response = exchange(request);
            return new Answer(response.status(), response.body(), true, response.afterUnknownOutcome());
        } catch (VendorApiException e) {
            if (method.equals("PUT") && e.kind() == VendorApiException.Kind.MALFORMED && !notOpenMetadata(e)
                    && e.httpStatus() >= 200 && e.httpStatus() < 300) {
                // The server accepted the write; only its answer is broken (cut short, a proxy's page):
                // the caller decides whether the entity is there.
                return new Answer(e.httpStatus(), com.fasterxml.jackson.databind.node.MissingNode.getInstance(), false, false);
            }
            if (e.kind() == VendorApiException.Kind.HTTP && e.httpStatus() == 413 && json != null) {
                throw tooLarge(method + " " + path, json, e.vendorMessage());
            }
            throw translate(method + " " + path, e);
        }
    }

    /**
     * A 413: a body-size limit refused the request, OpenMetadata's own or, as often, a proxy's in front
     * of it, whose HTML page says nothing more; so the line says what to raise, with the body's size.
     */
    private OpenMetadataApiException tooLarge(String call, JsonNode body, String serverWords) {
        long bytes;
        try {
            bytes = mapper.writeValueAsBytes(body).length; // as the toolkit serialises it, with the same mapper
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = -1;
        }
        // OpenMetadata's own JSON words say which limit; a proxy's HTML page says nothing the status does not.
        boolean ownWords = serverWords != null && !serverWords.startsWith(io.metaingest.toolkit.JsonHttpClient.HTML_PAGE);
        return new OpenMetadataApiException(413, call + " answered 413" + (ownWords ? " (" + serverWords + ")" : "")
                + ": the request"
                + (bytes < 0 ? "" : " of " + bytes + " bytes") + " is over a body-size limit of the server or of a"
                + " proxy in front of it; raise that limit (e.g. nginx's client_max_body_size, or the size limits of"
                + " OpenMetadata's own HTTP server)");
    }

    /** One call within the bound on requests in flight; the toolkit's exception when refused. */
    private ApiResponse exchange(ApiRequest request) {
        inFlight.acquireUninterruptibly();
        try {
            ApiResponse response = http.send(request);
            answered = true;
            return response;
        } finally {
            inFlight.release();
        }
    }

    /** Throws the server's refusal as ours; returns (for the caller to throw) a failure to reach it. */
    private IOException translate(String call, VendorApiException e) throws OpenMetadataApiException {
        if (e.refusedEarlier().isPresent()) {
            throw notSent(call, e.refusedEarlier().get());
        }
        if (e.kind() == VendorApiException.Kind.HTTP) {
            answered = true; // a refusal is an answer: the connection, and its certificate, were taken
        }
        int status = e.httpStatus();
        boolean unanswered = timedOut(e);
        if (e.kind() == VendorApiException.Kind.UNAVAILABLE) {
            throw new OpenMetadataUnavailableException("OpenMetadata at " + baseUrl + " stopped answering: "
                    + (unanswered ? "it accepted the connection but did not answer within " + seconds(requestTimeout)
                            + "; " : "")
                    + e.getMessage() + "; check that the server is up and workflowConfig.openMetadataServerConfig.hostPort");
        }
        if (unanswered && (e.kind() == VendorApiException.Kind.TIMEOUT || e.kind() == VendorApiException.Kind.NETWORK)) {
            // Not "cannot reach": the server took the connection, so the host and port are right.
            return new Unanswered("OpenMetadata at " + baseUrl + " accepted the connection but did not answer "
                    + call + " within " + seconds(requestTimeout)
                    // Unless the toolkit's text says just that (before the server ever answered), it adds how
                    // many times the request went unanswered, or what else happened.
                    + (e.getMessage().contains("accepted the connection") ? "" : " (" + e.getMessage() + ")")
                    + "; check that the server"
                    + " is up and not overloaded, and workflowConfig.openMetadataServerConfig.hostPort");
        }
        if (e.kind() == VendorApiException.Kind.HTTP) {
            String server = e.vendorMessage(); // null: an empty body
            // The server's words, then what the toolkit adds: the attempts made, the wait the server asked for.
            String added = after(e.getMessage(), server != null ? server : "HTTP " + status);
            String message = call + " answered " + status + (server == null ? "" : ": " + readable(server)) + added;
            boolean page = htmlPage(server);
            if (page && status == 404 && !baseUrl.endsWith("/api")) {
                // Whatever answers outside OpenMetadata's API (its web pages, another server's) is fixed by the base path.
                throw new Unusable(status, message, ConnectionException.Reason.NOT_FOUND,
                        OpenMetadataConnections.notTheApi(baseUrl, "answered 404 to " + call + " with " + server));
            }
            if (page && (status == 401 || status == 403)) {
                // A login page of an SSO gateway or proxy: OpenMetadata never saw the token, nor any later call.
                throw new OpenMetadataUnavailableException("a proxy or gateway in front of OpenMetadata at " + baseUrl
                        + " refused " + call + " with " + status + " and " + server + " before it reached OpenMetadata;"
                        + " check " + HOST_SETTING + " names OpenMetadata's API itself, or have the gateway let the"
                        + " ingestion's requests through");
            }
            if (page || status >= 500) {
                // Added by the toolkit for every 5xx it gave up on: the line while connecting says what to check instead.
                String tried = added.replace(SERVICE_FAILING, "");
                throw new Unusable(status, message, ConnectionException.Reason.UNREACHABLE, page
                        ? "OpenMetadata at " + baseUrl + " did not answer as OpenMetadata: " + call + " answered " + status
                                + " with " + server + tried + "; check " + HOST_SETTING + NOT_OPENMETADATA + ", and that"
                                + " the server is up"
                        : "OpenMetadata at " + baseUrl + " is failing: " + call + " answered " + status
                                + (server == null ? "" : ": " + server) + tried + "; check that the server is up, and "
                                + HOST_SETTING + " (a proxy answering in its place)");
            }
            if (status == 401) {
                // The same line at start and mid-run (a token revoked or expired during the run).
                throw new OpenMetadataAuthException(status, "OpenMetadata at " + baseUrl + " refused the token: " + message
                        + "; check " + TOKEN_SETTING, message);
            }
            if (status == 403) {
                // The token was accepted: checking it would send users the wrong way.
                throw new OpenMetadataAuthException(status, notAllowed(baseUrl, message, server), message);
            }
            throw new OpenMetadataApiException(status, message);
        }
        if (e.kind() == VendorApiException.Kind.MALFORMED) {
            if (notOpenMetadata(e)) {
                // Nothing of this run reaches OpenMetadata through whatever answers in its place.
                throw new OpenMetadataUnavailableException("OpenMetadata at " + baseUrl + ": " + e.getMessage());
            }
            throw new OpenMetadataApiException(502, e.getMessage());
        }
        if (e.kind() == VendorApiException.Kind.UNREACHABLE && ServerTls.isHandshake(e)) {
            // The toolkit's fix (hostPort, the JVM's trust) is not the one: verifySSL and sslConfig are.
            return new OpenMetadataTlsException("OpenMetadata at " + baseUrl + ": " + call + ": "
                    + ServerTls.handshakeAdvice(server, e), e);
        }
        if ((e.kind() == VendorApiException.Kind.NETWORK || e.kind() == VendorApiException.Kind.UNREACHABLE)
                && !answered && clientCertificateAsked.getAsBoolean()
                && ServerTls.closedBeforeAnswer(e)) {
            // TLS 1.3: the server refuses a client certificate (or its absence) after the client's side of the
            // handshake, by closing the connection; the toolkit's fix (hostPort) is not the one: the host did answer.
            return new OpenMetadataTlsException("OpenMetadata at " + baseUrl + ": " + call + ": "
                    + ServerTls.closedAfterClientCertificateRequest(server), e);
        }
        // The toolkit's words (NetworkFailures: "the connection closed before an answer", "cannot connect to …").
        return new OpenMetadataNetworkException(e.getMessage(), e);
    }

    /**
     * A call the toolkit did not send because an earlier one's refusal (a 401) stands for the client's life: that
     * refusal's line, as its own call got it, after this call named as not sent. Of the refusal's type, so it ends the
     * run alike; never "{@code call} answered 401", nor a gateway refusing a request that did not go out.
     */
    private RuntimeException notSent(String call, VendorApiException refusal) {
        String prefix = call + " was not sent, since an earlier call was refused: ";
        try {
            translate(refusal.endpoint(), refusal);
        } catch (OpenMetadataAuthException first) {
            return new OpenMetadataAuthException(first.status(), prefix + first.getMessage(), first.answer());
        } catch (RuntimeException | OpenMetadataApiException first) {
            return new OpenMetadataUnavailableException(prefix + first.getMessage());
        }
        // An HTTP refusal is always thrown as one of the above; the toolkit's own words otherwise.
        return new OpenMetadataUnavailableException(prefix + refusal.getMessage());
    }

    /**
     * A 403's line: OpenMetadata's authorizer accepted the token and names the operation the bot's role
     * lacks ({@code Principal: CatalogPrincipal{name='ingestion-bot'} operations [EditAll] not allowed}, or
     * {@code … operation EditAll denied by role …}), so the fix is that permission, never the token.
     */
    static String notAllowed(String base, String answer, String serverWords) {
        java.util.regex.Matcher named = NAMED_OPERATION.matcher(serverWords == null ? "" : serverWords);
        String operation = named.find() ? (named.group(1) != null ? named.group(1) : named.group(2)).trim() : null;
        String what = operation == null ? "the operation this call needs"
                : "the " + operation + (operation.contains(",") ? " operations" : " operation");
        return "the ingestion bot's role lacks a permission (OpenMetadata at " + base + " accepted the token): " + answer
                + "; allow " + what + " to the ingestion bot's role in OpenMetadata";
    }

    /** The operation(s) OpenMetadata's 403 names: {@code operations [A, B] not allowed} or {@code operation A denied}. */
    private static final java.util.regex.Pattern NAMED_OPERATION =
            java.util.regex.Pattern.compile("operations? (?:\\[([A-Za-z, ]+)\\]|([A-Za-z]+)) (?:not allowed|denied)");

    /**
     * Whether the toolkit judged a body no answer of OpenMetadata's (an HTML page: a wrong host, a proxy
     * or a login page): it then names the host setting, which it does for nothing else.
     */
    private static boolean notOpenMetadata(VendorApiException e) {
        return e.kind() == VendorApiException.Kind.MALFORMED && e.getMessage().contains(HOST_SETTING);
    }

    /**
     * An error body's words fit for a one-line message: an HTML page (a proxy's, the server's front's)
     * is never quoted raw, only its text, if any; anything else as it is.
     */
    static String readable(String words) {
        if (!htmlPage(words)) {
            return words;
        }
        return words + ", not OpenMetadata's error: likely from a proxy in front of it";
    }

    /** Whether an error body's words are an HTML page's, which the toolkit names by its title, never quotes. */
    private static boolean htmlPage(String words) {
        return words != null && words.startsWith(io.metaingest.toolkit.JsonHttpClient.HTML_PAGE);
    }

    /** What the toolkit adds to a 5xx it gave up on; a line written while connecting says what to check instead. */
    private static final String SERVICE_FAILING = ": the service is failing; retry later";

    /** What answers in OpenMetadata's place when its address leads elsewhere. */
    private static final String NOT_OPENMETADATA = " (a wrong host, or a proxy or login page answering in its place)";

    /**
     * A refusal that speaks of the server rather than of the call: a 5xx the retries did not get past, or an
     * HTML page (of any status) where OpenMetadata answers JSON. Mid-run it is the call's failure like any other
     * (its message); while connecting no run can start on such a server, so it is named as the server's
     * failure, with the address to check ({@link #whenConnecting()}).
     */
    static final class Unusable extends OpenMetadataApiException {
        private static final long serialVersionUID = 1L;

        private final ConnectionException.Reason reason;
        private final String whenConnecting;

        Unusable(int status, String message, ConnectionException.Reason reason, String whenConnecting) {
            super(status, message);
            this.reason = reason;
            this.whenConnecting = whenConnecting;
        }

        /** The failure of a call made while connecting: the server named by {@code hostPort}, and what to check. */
        ConnectionException whenConnecting() {
            return new ConnectionException(reason, whenConnecting, this);
        }
    }

    /** What {@code full} says after {@code anchor} (empty when it does not contain it). */
    private static String after(String full, String anchor) {
        int at = anchor == null ? -1 : full.lastIndexOf(anchor);
        return at < 0 ? "" : full.substring(at + anchor.length());
    }

    /** A request the server left unanswered; its message is written for users, so shown without a class name. */
    static final class Unanswered extends HttpTimeoutException implements io.metaingest.api.UserFacingMessage {
        private static final long serialVersionUID = 1L;

        Unanswered(String message) {
            super(message);
        }
    }

    /** Whether the call failed because the server left a request unanswered for the whole timeout. */
    private static boolean timedOut(VendorApiException e) {
        if (e.kind() == VendorApiException.Kind.TIMEOUT) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException) {
                return false; // never connected: not "accepted but did not answer"
            }
            if (t instanceof HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** {@code 30 s}, or {@code 150 ms} for a timeout that is not whole seconds (tests). */
    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /**
     * The server's answer to a successful call.
     *
     * @param status the HTTP status
     * @param json the body (a missing node when there is none or it could not be read)
     * @param readable false when the 2xx body could not be read (only for {@code PUT}, whose write the
     *                 server accepted: see {@link EntityWriter} for how that is confirmed)
     * @param afterUnknownOutcome whether an earlier attempt of this call may have been applied without
     *                            its answer arriving (a 5xx, a reset or a timeout after sending)
     */
    public record Answer(int status, JsonNode json, boolean readable, boolean afterUnknownOutcome) {

        /** A readable answer to a call sent once. */
        public Answer(int status, JsonNode json) {
            this(status, json, true, false);
        }

        /**
         * Whether the server created a new entity rather than updating one: a 201, or a 200 to a
         * retry after an attempt whose answer was lost, as that attempt may have created it. Such a
         * 200 counts as created unless the entity's {@code version} (0.1 when created, raised by
         * every change) shows it existed before; an entity that existed before at 0.1 and did not
         * change is then counted as created, which the protocol cannot tell apart.
         */
        public boolean created() {
            if (status == 201) {
                return true;
            }
            return status == 200 && afterUnknownOutcome && json.path("version").asDouble(0.1) <= 0.1;
        }
    }
}
