package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition;
import io.metaingest.connectors.microstrategy.api.MstrError;
import io.metaingest.connectors.microstrategy.api.MstrProject;
import io.metaingest.connectors.microstrategy.api.MstrSearchResult;
import io.metaingest.connectors.microstrategy.api.MstrSearchResults;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MicroStrategy Library REST API: the session (login, keep-alive, logout) and the endpoints a
 * dashboard run reads. No metadata logic.
 *
 * <p>Session: login answers 204 with the token in {@code X-MSTR-AuthToken} and a {@code JSESSIONID}
 * cookie; both go with every later call, because the REST server keeps its state in the HTTP
 * session. An answer of 401 {@code ERR009} (session invalid or timed out) triggers one new login and
 * one retry of that call; a second ERR009 is final. The token and cookies are never logged.
 *
 * <p>Logout always: {@link #close()} logs out, and a JVM shutdown hook registered at login logs out
 * when the process is stopped (SIGTERM) before the run closes the client. Logging out twice is a
 * no-op.
 *
 * <p>Thread-safe; one instance per run (a singleton in the run's injector).
 */
@Singleton
public class MicroStrategyClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MicroStrategyClient.class);
    private static final String TOKEN_HEADER = "X-MSTR-AuthToken";
    private static final String PROJECT_HEADER = "X-MSTR-ProjectID";
    /** OpenMetadata's application type ("Web"). */
    private static final int APPLICATION_TYPE = 35;
    /** EnumDSSXMLObjectTypes: document definition (documents and dossiers). */
    private static final int DOCUMENT_TYPE = 55;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    /** The token and cookies of one login; never printed. */
    private record Session(String token, String cookies) {
        @Override
        public String toString() {
            return "Session[******]";
        }
    }

    /** One HTTP answer. */
    private record Answer(int status, HttpResponse<byte[]> response) {
    }

    private final MicroStrategyConnection connection;
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final URI base;
    private final AtomicReference<Session> session = new AtomicReference<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final Object loginLock = new Object();
    private Thread shutdownHook;

    /** Creates a client; nothing is sent before {@link #login()}. */
    @Inject
    public MicroStrategyClient(MicroStrategyConnection connection, HttpClient http, ObjectMapper mapper) {
        this.connection = connection;
        this.http = http;
        this.mapper = mapper;
        if (connection.hostPort() == null || connection.username() == null) {
            throw new IllegalArgumentException("hostPort and username are required");
        }
        this.base = connection.apiBase();
    }

    /** Logins so far (the first and every re-login after ERR009). */
    public int loginCount() {
        return logins.get();
    }

    // ---------------------------------------------------------------- session

    /**
     * {@code POST /api/auth/login}. OpenMetadata demands 204 and the token header; so do we.
     *
     * @throws MicroStrategyApiException when the server refuses the login
     */
    public void login() {
        synchronized (loginLock) {
            Session fresh = newSession();
            session.set(fresh);
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::logoutQuietly, "microstrategy-logout");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
        LOG.info("Logged in to MicroStrategy at {} as {}", base, connection.username());
    }

    private Session newSession() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", connection.username());
        body.put("password", connection.password() == null ? "" : connection.password().reveal());
        body.put("loginMode", connection.loginMode());
        body.put("applicationType", APPLICATION_TYPE);
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the login body", e);
        }
        String what = "POST /auth/login";
        Answer answer = exchange(what, "/auth/login", "POST", json, null, null);
        if (answer.status() != 204) {
            throw error(what, answer);
        }
        String token = answer.response().headers().firstValue(TOKEN_HEADER).orElse(null);
        if (token == null || token.isBlank()) {
            throw new MicroStrategyApiException(what + ": HTTP 204 without an " + TOKEN_HEADER + " header", 204, null, null);
        }
        List<String> cookies = new ArrayList<>();
        for (String setCookie : answer.response().headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0].strip();
            if (pair.contains("=")) {
                cookies.add(pair);
            }
        }
        logins.incrementAndGet();
        return new Session(token, String.join("; ", cookies));
    }

    /** {@code PUT /api/sessions}: extends the session, as OpenMetadata does right after login. */
    public void keepAlive() {
        call("PUT /sessions", "/sessions", "PUT", null);
    }

    /** {@code POST /api/auth/logout}; a no-op when not logged in. Failures are logged, not thrown. */
    public void logout() {
        Session current = session.getAndSet(null);
        synchronized (loginLock) {
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running or about to; the session is already taken, so it does nothing.
                }
            }
            shutdownHook = null;
        }
        if (current == null) {
            return;
        }
        String what = "POST /auth/logout";
        try {
            Answer answer = exchange(what, "/auth/logout", "POST", null, null, current);
            if (answer.status() / 100 != 2) {
                LOG.warn("MicroStrategy logout failed: {}", error(what, answer).getMessage());
            } else {
                LOG.info("Logged out of MicroStrategy");
            }
        } catch (RuntimeException e) {
            LOG.warn("MicroStrategy logout failed: {}", e.getMessage());
        }
    }

    private void logoutQuietly() {
        if (session.get() != null) {
            LOG.info("Process stopping: logging out of MicroStrategy");
            logout();
        }
    }

    /** Logs out. */
    @Override
    public void close() {
        logout();
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * The projects to read: {@code GET /api/projects/{projectName}} when a project is configured,
     * else {@code GET /api/projects} (a bare array).
     */
    public List<MstrProject> projects() {
        if (connection.projectName() != null) {
            String path = "/projects/" + segment(connection.projectName());
            MstrProject project = read("GET " + path, call("GET " + path, path, "GET", null),
                    mapper.constructType(MstrProject.class));
            return List.of(project);
        }
        return read("GET /projects", call("GET /projects", "/projects", "GET", null),
                mapper.getTypeFactory().constructType(new TypeReference<List<MstrProject>>() { }));
    }

    /**
     * The dossiers of a project: a quick search for document definitions (type 55) with
     * {@code X-MSTR-ProjectID}; classic documents are in the answer too and left to the caller.
     */
    public List<MstrSearchResult> dossiers(String projectId) {
        String path = "/searches/results?type=" + DOCUMENT_TYPE
                + "&getAncestors=false&offset=0&limit=-1&certifiedStatus=ALL&isCrossCluster=false&result.hidden=false";
        String what = "GET /searches/results (project " + projectId + ")";
        MstrSearchResults results = read(what, call(what, path, "GET", projectId), mapper.constructType(MstrSearchResults.class));
        return results.result();
    }

    /** {@code GET /api/v2/dossiers/{id}/definition}: chapters, pages, visualizations and datasets. */
    public MstrDossierDefinition definition(String projectId, String dossierId) {
        String path = "/v2/dossiers/" + segment(dossierId) + "/definition";
        String what = "GET " + path;
        return read(what, call(what, path, "GET", projectId), mapper.constructType(MstrDossierDefinition.class));
    }

    /**
     * The SQL a cube runs against its warehouse. First {@code GET /api/v2/cubes/{id}/sqlView}
     * ({@code sqlStatement}; the endpoint OpenMetadata reads, absent from the public workflow docs);
     * when that answers 404, the Modeling service's {@code GET /api/model/cubes/{id}} (public since
     * 2021 Update 5), whose free-form SQL cubes carry their SQL in
     * {@code table.physicalTable.sqlExpression}. Empty when neither has SQL.
     */
    public Optional<String> cubeSql(String projectId, String cubeId) {
        String path = "/v2/cubes/" + segment(cubeId) + "/sqlView";
        String what = "GET " + path;
        try {
            JsonNode view = read(what, call(what, path, "GET", projectId), mapper.constructType(JsonNode.class));
            String sql = view.path("sqlStatement").asText("");
            return sql.isBlank() ? Optional.empty() : Optional.of(sql);
        } catch (MicroStrategyApiException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            LOG.debug("{}: 404, trying the Modeling service", what);
        }
        String modelPath = "/model/cubes/" + segment(cubeId);
        String modelWhat = "GET " + modelPath;
        JsonNode cube = read(modelWhat, call(modelWhat, modelPath, "GET", projectId), mapper.constructType(JsonNode.class));
        StringBuilder sql = new StringBuilder();
        collectConstants(cube.path("table").path("physicalTable").path("sqlExpression").path("tree"), sql);
        return sql.length() == 0 ? Optional.empty() : Optional.of(sql.toString());
    }

    /** Free-form SQL is a tree of string constants (and column references) concatenated in order. */
    private static void collectConstants(JsonNode node, StringBuilder out) {
        if ("constant".equals(node.path("type").asText()) && node.path("variant").has("value")) {
            out.append(node.path("variant").path("value").asText());
        }
        for (JsonNode child : node.path("children")) {
            collectConstants(child, out);
        }
    }

    /**
     * Maps a failure of the first calls of a run (or of test-connection) to what the user must fix,
     * with the vendor's code and message.
     */
    public ConnectionException asConnectionException(RuntimeException e) {
        if (e instanceof MicroStrategyApiException api) {
            return switch (api.httpStatus()) {
                case 401 -> new ConnectionException(ConnectionException.Reason.AUTHENTICATION,
                        api.getMessage() + "; check username, password and loginMode", e);
                case 403 -> new ConnectionException(ConnectionException.Reason.PERMISSION,
                        api.getMessage() + "; the user lacks the privilege to use the REST API or the project", e);
                case 404 -> new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                        api.getMessage() + (connection.projectName() != null ? "; check projectName and hostPort" : "; check hostPort"), e);
                case 0 -> new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                        "MicroStrategy unreachable at " + base + ": " + api.getMessage() + "; check hostPort", e);
                default -> new ConnectionException(ConnectionException.Reason.OTHER, api.getMessage(), e);
            };
        }
        return new ConnectionException(ConnectionException.Reason.OTHER, String.valueOf(e.getMessage()), e);
    }

    // ---------------------------------------------------------------- HTTP

    /** A call in the session; one new login and one retry on ERR009. */
    private Answer call(String what, String path, String method, String projectId) {
        Session used = session.get();
        if (used == null) {
            throw new MicroStrategyApiException(what + ": not logged in", 0, null, null);
        }
        Answer answer = exchange(what, path, method, null, projectId, used);
        if (isSessionExpired(answer)) {
            LOG.info("{}: session expired (ERR009); logging in again", what);
            relogin(used);
            answer = exchange(what, path, method, null, projectId, session.get());
        }
        if (answer.status() / 100 != 2) {
            throw error(what, answer);
        }
        return answer;
    }

    /** Logs in again unless another thread already replaced the expired session. */
    private void relogin(Session expired) {
        synchronized (loginLock) {
            Session current = session.get();
            if (current == null) {
                throw new MicroStrategyApiException("session closed (logged out) while the run was reading", 0, null, null);
            }
            if (current.equals(expired)) {
                session.set(newSession());
            }
        }
    }

    private boolean isSessionExpired(Answer answer) {
        return answer.status() == 401 && MstrError.SESSION_EXPIRED.equals(vendorError(answer).code());
    }

    private Answer exchange(String what, String path, String method, byte[] body, String projectId, Session with) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (with != null) {
            request.header(TOKEN_HEADER, with.token());
            if (!with.cookies().isEmpty()) {
                request.header("Cookie", with.cookies());
            }
        }
        if (projectId != null) {
            request.header(PROJECT_HEADER, projectId);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new MicroStrategyApiException(what + ": " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MicroStrategyApiException(what + ": interrupted", 0, null, e);
        }
    }

    private <T> T read(String what, Answer answer, JavaType type) {
        try {
            return mapper.readValue(answer.response().body(), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new MicroStrategyApiException(what + ": unexpected JSON (" + firstLine(e.getMessage()) + ")", 0, null, e);
        }
    }

    private MstrError vendorError(Answer answer) {
        try {
            JsonNode node = mapper.readTree(answer.response().body());
            if (node != null && node.isObject()) {
                return mapper.treeToValue(node, MstrError.class);
            }
        } catch (IOException | IllegalArgumentException notJson) {
            // An HTML page from a proxy; the status says enough.
        }
        return new MstrError(null, null, null, null);
    }

    private MicroStrategyApiException error(String what, Answer answer) {
        MstrError vendor = vendorError(answer);
        String message = vendor.message();
        if (message == null && answer.response().body() != null && answer.response().body().length > 0) {
            message = firstLine(new String(answer.response().body(), StandardCharsets.UTF_8));
        }
        StringBuilder text = new StringBuilder(what).append(": HTTP ").append(answer.status());
        if (vendor.code() != null) {
            text.append(' ').append(vendor.code());
        }
        if (message != null && !message.isBlank()) {
            text.append(": ").append(message);
        }
        if (vendor.ticketId() != null) {
            text.append(" (ticket ").append(vendor.ticketId()).append(')');
        }
        return new MicroStrategyApiException(text.toString(), answer.status(), vendor.code(), null);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.strip().split("\\R", 2)[0];
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
