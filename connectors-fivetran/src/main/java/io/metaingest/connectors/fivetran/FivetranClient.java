package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import io.metaingest.connectors.fivetran.api.FivetranDestination;
import io.metaingest.connectors.fivetran.api.FivetranGroup;
import io.metaingest.connectors.fivetran.api.SchemaConfig;
import io.metaingest.connectors.fivetran.api.SchemaConfig.ColumnEntry;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.Authenticator;
import io.metaingest.toolkit.ConnectionHints;
import io.metaingest.toolkit.CursorPage;
import io.metaingest.toolkit.CursorPaging;
import io.metaingest.toolkit.DistinctItems;
import io.metaingest.toolkit.ForbiddenRule;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fivetran REST API v1 on the toolkit's {@link JsonHttpClient}: Basic auth, the
 * {@code {code, data}} envelope, cursor paging and the two path spellings. No metadata logic;
 * retries, the shared 429 pause and error mapping are the toolkit's.
 *
 * <p>Paths: Fivetran renamed connectors to connections. Connector-scoped calls try
 * {@code /v1/connections…} first and fall back to the legacy {@code /v1/connectors…} on a 404 that
 * says the path is unknown; a 404 naming a missing resource ({@code NotFound_Group},
 * {@code NotFound_Connector}) is the server answering on that path, so it is thrown as it is. The
 * first spelling that answers is kept for the rest of the run, so a later 404 is a real one.
 *
 * <p>Thread-safe: the per-connector calls run in parallel. One instance per run (a singleton in the
 * run's injector), so the source and the lineage builder share the confirmed path spelling and the
 * rate-limit pause.
 */
@Singleton
public class FivetranClient {

    private static final Logger LOG = LoggerFactory.getLogger(FivetranClient.class);

    /** What a Fivetran user checks for each kind of connection failure. */
    static final ConnectionHints HINTS = new ConnectionHints("Fivetran",
            "check " + ConnectionPath.of("apiKey", "apiSecret"), "the API key of " + ConnectionPath.of("apiKey")
                    + " lacks permission to list groups (or was revoked): give its user or key an account role"
                    + " that can read the account's groups and connections",
            "check " + ConnectionPath.of("hostPort"), "check " + ConnectionPath.of("hostPort"));

    /** The two spellings of connector-scoped paths. */
    enum Spelling {
        CURRENT("connections"),
        LEGACY("connectors");

        final String segment;

        Spelling(String segment) {
            this.segment = segment;
        }
    }

    private final FivetranConnection connection;
    private final JsonHttpClient http;
    private final AtomicReference<Spelling> confirmedSpelling = new AtomicReference<>();

    /** Creates a client for the configured connection. */
    @Inject
    public FivetranClient(FivetranConnection connection, HttpClient http, ObjectMapper mapper) {
        this(connection, http, mapper, Sleeper.SYSTEM, RetryPolicy.DEFAULT);
    }

    FivetranClient(FivetranConnection connection, HttpClient http, ObjectMapper mapper, Sleeper sleeper,
                   RetryPolicy policy) {
        this.connection = Objects.requireNonNull(connection, "connection");
        if (connection.apiKey() == null || connection.apiSecret() == null) {
            throw new IllegalArgumentException("apiKey and apiSecret are required");
        }
        this.http = JsonHttpClient.builder(http, mapper, connection.apiBase())
                .authenticator(Authenticator.basic(connection.apiKey(), connection.apiSecret()))
                .vendor(HINTS.vendor(), ConnectionPath.of("hostPort"))
                .addressAsWritten(connection.hostPort())
                // Every run reads the groups listing: a 403 there is every later call's too, so it ends the run
                // as refused credentials (exit 3); a 403 on one group's or connection's call stays its own.
                .forbiddenRefusesCredentials(ForbiddenRule.onPaths("/groups"))
                .retryPolicy(policy)
                .sleeper(sleeper)
                .build();
    }

    /** The configured page size. */
    public int limit() {
        return connection.limit();
    }

    /** HTTP requests sent so far, retries included. */
    public long requestCount() {
        return http.requestCount();
    }

    // ---------------------------------------------------------------- endpoints

    /** One page of {@code GET /v1/groups}; {@code cursor} null for the first. */
    public CursorPage<FivetranGroup> groupsPage(String cursor) {
        return page("/groups", cursor, FivetranGroup.class);
    }

    /** All groups, starting from an already fetched first page; further pages are fetched lazily. */
    public Iterator<FivetranGroup> groups(CursorPage<FivetranGroup> first) {
        String endpoint = http.endpoint(ApiRequest.get("/groups"));
        return DistinctItems.of(endpoint, CursorPaging.iterator(endpoint, first, this::groupsPage), FivetranGroup::id);
    }

    /** One page of the connectors of a group ({@code /v1/groups/{id}/connections}, legacy {@code …/connectors}). */
    public CursorPage<FivetranConnector> connectorsPage(String groupId, String cursor) {
        return withSpelling(s -> page(connectorsPath(groupId, s), cursor, FivetranConnector.class));
    }

    /**
     * All connectors of a group: the first page now (so the listing is named by the spelling that answered),
     * the others lazily.
     *
     * @throws VendorApiException when the first page cannot be read
     */
    public Iterator<FivetranConnector> connectors(String groupId) {
        CursorPage<FivetranConnector> first = connectorsPage(groupId, null);
        Spelling spelling = Objects.requireNonNullElse(confirmedSpelling.get(), Spelling.CURRENT);
        String endpoint = http.endpoint(ApiRequest.get(connectorsPath(groupId, spelling)));
        return DistinctItems.of(endpoint, CursorPaging.iterator(endpoint, first, cursor -> connectorsPage(groupId, cursor)),
                FivetranConnector::id);
    }

    /**
     * Whether {@code e} is Fivetran's 404 saying that a {@code resource} ({@code Group}, {@code Connector})
     * does not exist: code {@code NotFound_<resource>}, as opposed to a path it does not serve.
     */
    public static boolean notFound(VendorApiException e, String resource) {
        return e.httpStatus() == 404 && ("NotFound_" + resource).equals(e.vendorCode());
    }

    /** {@code GET /v1/connections/{id}}: the connector with its {@code config}. */
    public FivetranConnector connector(String connectorId) {
        return withSpelling(s -> data("/" + s.segment + "/" + ApiRequest.segment(connectorId), FivetranConnector.class));
    }

    /** {@code GET /v1/destinations/{groupId}}: the group's destination. */
    public FivetranDestination destination(String groupId) {
        return data("/destinations/" + ApiRequest.segment(groupId), FivetranDestination.class);
    }

    /** {@code GET /v1/connections/{id}/schemas}: the connector's schema config. */
    public SchemaConfig schemas(String connectorId) {
        return withSpelling(s -> data("/" + s.segment + "/" + ApiRequest.segment(connectorId) + "/schemas",
                SchemaConfig.class));
    }

    /** {@code GET /v1/connections/{id}/schemas/{schema}/tables/{table}/columns}: {@code data.columns}. */
    public Map<String, ColumnEntry> columns(String connectorId, String schema, String table) {
        Columns columns = withSpelling(s -> data("/" + s.segment + "/" + ApiRequest.segment(connectorId) + "/schemas/"
                + ApiRequest.segment(schema) + "/tables/" + ApiRequest.segment(table) + "/columns", Columns.class));
        return columns.columns() == null ? Map.of() : columns.columns();
    }

    /**
     * Maps a failure of the first call of a run (or of test-connection) to what the user must fix.
     * The message carries the vendor's code and message, never the secret.
     */
    public ConnectionException asConnectionException(RuntimeException e) {
        if (e instanceof VendorApiException api) {
            ConnectionException c = api.toConnectionException(HINTS);
            String configured = connection.hostPort();
            String trimmed = configured.replaceAll("/+$", "");
            // The client adds /v1 itself: a hostPort copied from the API docs with /v1 asks for /v1/v1/….
            if (c.reason() == ConnectionException.Reason.NOT_FOUND && trimmed.endsWith("/v1")) {
                return new ConnectionException(ConnectionException.Reason.NOT_FOUND, HINTS.vendor() + " API not found at"
                        + " hostPort " + configured + " (" + api.getMessage() + "); write " + ConnectionPath.of("hostPort")
                        + " without /v1: " + trimmed.substring(0, trimmed.length() - 3), api);
            }
            return c;
        }
        return new ConnectionException(ConnectionException.Reason.OTHER, String.valueOf(e.getMessage()), e);
    }

    /**
     * The connection failure once Fivetran refused the key mid-run (after which no call is sent), as
     * the start-of-run check words it; empty before.
     */
    public Optional<ConnectionException> refusedCredentials() {
        return http.refusedCredentials().map(this::asConnectionException);
    }

    // ---------------------------------------------------------------- envelope and paging

    private static String connectorsPath(String groupId, Spelling spelling) {
        return "/groups/" + ApiRequest.segment(groupId) + "/" + spelling.segment;
    }

    private <T> CursorPage<T> page(String path, String cursor, Class<T> itemType) {
        ApiRequest request = ApiRequest.get(path).withQuery("limit", connection.limit()).withQuery("cursor", cursor);
        JsonNode data = data(request);
        JsonNode items = data.path("items");
        if (!items.isArray()) {
            // Read as an empty page, a changed or broken answer would end the listing silently.
            throw VendorApiException.malformed(http.endpoint(request), "no data.items list in the response", null);
        }
        List<T> list = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            list.add(http.convert(request, item, itemType));
        }
        JsonNode next = data.get("next_cursor");
        return new CursorPage<>(list, next == null || next.isNull() ? null : next.asText());
    }

    private <T> T data(String path, Class<T> type) {
        ApiRequest request = ApiRequest.get(path);
        return http.convert(request, data(request), type);
    }

    /** The {@code data} object of Fivetran's {@code {code, data}} envelope. */
    private JsonNode data(ApiRequest request) {
        JsonNode body = http.send(request).body();
        if (!body.path("data").isObject()) {
            throw VendorApiException.malformed(http.endpoint(request), "no data object in the response (code "
                    + body.path("code").asText(null) + ")", null);
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
        } catch (VendorApiException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            if (namesAMissingResource(e)) {
                // The server knows the path: the group or connection is what is missing, on either spelling.
                confirmedSpelling.compareAndSet(null, Spelling.CURRENT);
                throw e;
            }
            LOG.debug("404 on the /v1/connections path, trying the legacy /v1/connectors spelling");
            T result;
            try {
                result = call.apply(Spelling.LEGACY);
            } catch (VendorApiException legacy) {
                legacy.addSuppressed(e);
                throw legacy;
            }
            if (confirmedSpelling.compareAndSet(null, Spelling.LEGACY)) {
                LOG.info("Fivetran answers on the legacy /v1/connectors paths only; using them from now on");
            }
            return result;
        }
    }

    /** A 404 whose code names the resource type that is missing ({@code NotFound_Group}), not an unknown path. */
    private static boolean namesAMissingResource(VendorApiException e) {
        return e.vendorCode() != null && e.vendorCode().startsWith("NotFound_");
    }

    /** The {@code data} of the columns endpoint. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Columns(@JsonProperty("columns") Map<String, ColumnEntry> columns) {
    }
}
