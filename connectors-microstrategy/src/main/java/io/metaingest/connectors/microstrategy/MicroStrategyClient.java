package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.connectors.microstrategy.api.MstrDossierDefinition;
import io.metaingest.connectors.microstrategy.api.MstrError;
import io.metaingest.connectors.microstrategy.api.MstrProject;
import io.metaingest.connectors.microstrategy.api.MstrSearchResult;
import io.metaingest.connectors.microstrategy.api.MstrSearchResults;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.ConfiguredValue;
import io.metaingest.toolkit.ConnectionHints;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.DistinctItems;
import io.metaingest.toolkit.OffsetPage;
import io.metaingest.toolkit.OffsetPaging;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import io.metaingest.toolkit.VendorApiException;
import io.metaingest.toolkit.VendorError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MicroStrategy Library REST API on the toolkit's {@link JsonHttpClient}: the session (login,
 * keep-alive, logout) and the endpoints a dashboard run reads. No metadata logic.
 *
 * <p>Retries (429 with {@code Retry-After}, 5xx with backoff) and the one re-login after
 * {@code ERR009} are the toolkit's; the session itself is {@link MicroStrategySession}. Errors are
 * {@link VendorApiException}s carrying the vendor's code, message and ticket id.
 *
 * <p>Logout always: {@link #close()} logs out, and a JVM shutdown hook registered at login logs out
 * when the process is stopped (SIGTERM) before the run closes the client. Logging out twice is a
 * no-op, and after logout the client never logs in again (workers still running when the process
 * stops cannot open a new session).
 *
 * <p>Thread-safe; one instance per run (a singleton in the run's injector).
 */
@Singleton
public class MicroStrategyClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MicroStrategyClient.class);
    private static final String PROJECT_HEADER = "X-MSTR-ProjectID";
    /** The path of one project by name: {@code /projects/{projectName}}. */
    private static final String PROJECT_PATH = "/projects/";
    /** EnumDSSXMLObjectTypes: document definition (documents and dossiers). */
    private static final int DOCUMENT_TYPE = 55;
    /** Search page size; the server may answer fewer, which the paging handles. */
    private static final int SEARCH_PAGE = 1000;
    private static final String VENDOR = "MicroStrategy";

    /** The vendor's {@code code} and {@code message}, with the {@code ticketId} an administrator looks up. */
    private static final VendorError.Reader ERRORS = body -> {
        VendorError common = VendorError.COMMON.read(body);
        String ticket = body.path("ticketId").asText(null);
        return ticket == null || common.isEmpty() ? common
                : new VendorError(common.code(), (common.message() == null ? "" : common.message()) + " (ticket " + ticket + ")");
    };

    private final MicroStrategyConnection connection;
    private final ConnectionHints hints;
    private final MicroStrategySession session;
    private final JsonHttpClient http;
    private final ObjectMapper mapper;
    private final AtomicBoolean loggedIn = new AtomicBoolean();
    private final Object hookLock = new Object();
    private Thread shutdownHook;

    /** Creates a client; nothing is sent before {@link #login()}. */
    @Inject
    public MicroStrategyClient(MicroStrategyConnection connection, HttpClient http, ObjectMapper mapper) {
        this(connection, http, mapper, RetryPolicy.DEFAULT, Sleeper.SYSTEM);
    }

    MicroStrategyClient(MicroStrategyConnection connection, HttpClient http, ObjectMapper mapper, RetryPolicy policy,
                        Sleeper sleeper) {
        if (connection.hostPort() == null || connection.username() == null) {
            throw new IllegalArgumentException("hostPort and username are required");
        }
        this.connection = connection;
        this.hints = hints(connection);
        this.mapper = mapper;
        this.session = new MicroStrategySession(connection);
        this.http = JsonHttpClient.builder(http, mapper, connection.apiBase())
                .authenticator(session)
                .vendor(VENDOR, ConnectionPath.of("hostPort"))
                .addressAsWritten(connection.hostPort())
                .retryPolicy(policy)
                .sleeper(sleeper)
                .errorReader(ERRORS)
                .build();
    }

    /**
     * What to check per kind of failure. A 404 names projectName only when one is configured: without it
     * no call addresses a project, and the hint sent users looking for a setting they never wrote.
     */
    private static ConnectionHints hints(MicroStrategyConnection connection) {
        String hostPort = "check " + ConnectionPath.of("hostPort");
        return new ConnectionHints(VENDOR, "check " + ConnectionPath.of("username", "password", "loginMode"),
                "the user lacks the privilege to use the REST API or the project",
                hostPort + " (the Library server, without /MicroStrategyLibrary)"
                        + (connection.projectName() == null ? "" : " and " + ConnectionPath.of("projectName")),
                hostPort);
    }

    /** Logins so far (the first and every re-login after ERR009). */
    public int loginCount() {
        return session.logins();
    }

    // ---------------------------------------------------------------- session

    /**
     * Logs in now ({@code POST /api/auth/login}), so that refused credentials surface before any work,
     * and arms the shutdown hook that logs out if the process is stopped.
     *
     * @throws VendorApiException when the server refuses the login
     */
    public void login() {
        session.headers();
        loggedIn.set(true);
        synchronized (hookLock) {
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::logoutOnShutdown, "microstrategy-logout");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
        }
        // DEBUG: test-connection prints its own lines, and a run says what it reads.
        LOG.debug("Logged in to MicroStrategy at {} as {}", http.base(), connection.username());
    }

    /** {@code PUT /api/sessions}: extends the session, as OpenMetadata does right after login. */
    public void keepAlive() {
        http.send(new ApiRequest("PUT", "/sessions", List.of(), Map.of(), null, true));
    }

    /** {@code POST /api/auth/logout}; a no-op when not logged in. Failures are logged, not thrown. */
    public void logout() {
        synchronized (hookLock) {
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs now or soon; it finds the session gone and does nothing.
                }
            }
            shutdownHook = null;
        }
        if (!loggedIn.getAndSet(false)) {
            return;
        }
        if (http.refusedCredentials().isPresent()) {
            session.close(); // the server refused the session already: a logout would only be refused too
            return;
        }
        try {
            http.send(new ApiRequest("POST", "/auth/logout", List.of(), Map.of(), null, true));
            LOG.debug("Logged out of MicroStrategy");
        } catch (VendorApiException e) {
            LOG.warn("MicroStrategy logout failed: {}", e.getMessage());
        } finally {
            session.close();
        }
    }

    private void logoutOnShutdown() {
        if (loggedIn.get()) {
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
            MstrProject project = http.send(projectLookup(connection.projectName()),
                    MstrProject.class);
            return List.of(project);
        }
        ApiRequest request = ApiRequest.get("/projects");
        return http.convert(request, http.send(request).body(),
                mapper.getTypeFactory().constructType(new TypeReference<List<MstrProject>>() { }));
    }

    /**
     * The documents and dossiers of a project, page by page as the iterator is used: a quick search
     * for document definitions (type 55) with {@code X-MSTR-ProjectID}.
     */
    public Iterator<MstrSearchResult> dossiers(String projectId) {
        ApiRequest search = ApiRequest.get("/searches/results").withHeader(PROJECT_HEADER, projectId)
                .withQuery("type", DOCUMENT_TYPE).withQuery("getAncestors", false)
                .withQuery("certifiedStatus", "ALL").withQuery("isCrossCluster", false)
                .withQuery("result.hidden", false);
        String endpoint = http.endpoint(search) + " (project " + projectId + ")";
        return DistinctItems.of(endpoint, OffsetPaging.iterator(endpoint, SEARCH_PAGE,
                (offset, limit) -> {
                    ApiRequest page = search.withQuery("offset", offset).withQuery("limit", limit);
                    MstrSearchResults results = http.send(page, MstrSearchResults.class);
                    if (!results.complete()) {
                        throw VendorApiException.malformed(http.endpoint(page), "no result list in the search answer", null);
                    }
                    return OffsetPage.of(results.matches(), results.totalItems() == null ? null : results.totalItems().longValue());
                }), MstrSearchResult::id);
    }

    /** {@code GET /api/v2/dossiers/{id}/definition}: chapters, pages, visualizations and datasets. */
    public MstrDossierDefinition definition(String projectId, String dossierId) {
        return http.send(ApiRequest.get("/v2/dossiers/" + ApiRequest.segment(dossierId) + "/definition")
                .withHeader(PROJECT_HEADER, projectId), MstrDossierDefinition.class);
    }

    /**
     * The SQL a cube runs against its warehouse. First {@code GET /api/v2/cubes/{id}/sqlView}
     * ({@code sqlStatement}; the endpoint OpenMetadata reads, absent from the public workflow docs);
     * when that answers 404, the Modeling service's {@code GET /api/model/cubes/{id}} (public since
     * 2021 Update 5), whose free-form SQL cubes carry their SQL in
     * {@code table.physicalTable.sqlExpression}. Empty when neither has SQL.
     *
     * @throws VendorApiException when a call fails for another reason
     */
    public Optional<String> cubeSql(String projectId, String cubeId) {
        try {
            JsonNode view = http.send(ApiRequest.get("/v2/cubes/" + ApiRequest.segment(cubeId) + "/sqlView")
                    .withHeader(PROJECT_HEADER, projectId)).body();
            String sql = view.path("sqlStatement").asText("");
            return sql.isBlank() ? Optional.empty() : Optional.of(sql);
        } catch (VendorApiException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
        }
        JsonNode cube;
        try {
            cube = http.send(ApiRequest.get("/model/cubes/" + ApiRequest.segment(cubeId))
                    .withHeader(PROJECT_HEADER, projectId)).body();
        } catch (VendorApiException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        StringBuilder sql = new StringBuilder();
        collectConstants(cube.path("table").path("physicalTable").path("sqlExpression").path("tree"), sql);
        return sql.length() == 0 ? Optional.empty() : Optional.of(sql.toString());
    }

    /** Free-form SQL is a tree of string constants concatenated in order. */
    private static void collectConstants(JsonNode node, StringBuilder out) {
        if ("constant".equals(node.path("type").asText()) && node.path("variant").has("value")) {
            out.append(node.path("variant").path("value").asText());
        }
        for (JsonNode child : node.path("children")) {
            collectConstants(child, out);
        }
    }

    /** The call that looks the configured project up by its name. */
    private static ApiRequest projectLookup(String name) {
        return ApiRequest.get(PROJECT_PATH + ApiRequest.segment(name));
    }

    /**
     * The connection failure once MicroStrategy refused the login or session mid-run (after which no
     * call is sent), as the start-of-run check words it; empty before.
     */
    public Optional<ConnectionException> refusedCredentials() {
        return http.refusedCredentials().map(this::asConnectionException);
    }

    /**
     * Maps a failure of the first calls of a run (or of test-connection) to what the user must fix,
     * with the vendor's code and message.
     */
    public ConnectionException asConnectionException(VendorApiException e) {
        // ERR004 is MicroStrategy's "not found": on the project lookup the server answered, and it is the
        // configured project it lacks, not the API (a wrong hostPort answers 404 without that envelope).
        String name = connection.projectName();
        if (name != null && e.httpStatus() == 404 && MstrError.NOT_FOUND.equals(e.vendorCode())
                && http.endpoint(projectLookup(name)).equals(e.endpoint())) {
            String shown = ConfiguredValue.shown(name);
            String vendor = e.vendorMessage() == null ? "" : e.vendorMessage();
            // The server's message names the project itself ("Project 'x' not found or not loaded"): one name is enough.
            String answer = vendor.contains(name) ? "answered " + e.vendorCode() + ": " + vendor.replace(name, shown)
                    : "has no project named '" + shown + "' (" + e.vendorCode() + (vendor.isEmpty() ? "" : ": " + vendor) + ")";
            return new ConnectionException(ConnectionException.Reason.NOT_FOUND, "MicroStrategy at "
                    + ConfiguredValue.shown(connection.hostPort()) + " " + answer + "; check "
                    + ConnectionPath.of("projectName") + ": write the project's name as MicroStrategy shows it (a"
                    + " project the user can open), or leave it out to read every project", e);
        }
        return e.toConnectionException(hints);
    }
}
