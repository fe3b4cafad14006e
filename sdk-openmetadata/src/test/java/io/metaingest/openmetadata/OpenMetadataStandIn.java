package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenMetadata 1.6 server for tests, answering the endpoints metaingest uses the way the real
 * server does: bearer token or 401; create requests validated against the 1.6 request schemas
 * (required fields, no unknown fields: the schemas say {@code additionalProperties: false}) or 400
 * with {@code {code, message}}; parents and referenced ids must exist or 404; PUT answers 201 for a
 * new entity and 200 for an existing one (matched by FQN), with its {@code id} and
 * {@code fullyQualifiedName}; look-ups by FQN answer 404 for unknown names. Lists filtered by parent
 * ({@code GET /v1/tables?databaseSchema=fqn}, {@code ?service=name}) page by {@code limit} and the
 * {@code paging.after} cursor, without soft-deleted entities unless {@code include=all|deleted};
 * {@code DELETE /v1/<collection>/{id}} soft-deletes ({@code deleted: true}; gone from default lists
 * and look-ups, restored by the next PUT) or, with {@code hardDelete=true}, removes. A table's profile
 * ({@code PUT /v1/tables/{id}/tableProfile}, a CreateTableProfileRequest) and sample data
 * ({@code PUT /v1/tables/{id}/sampleData}, a tableData) are checked against the 1.6 schemas and the
 * table's columns (400 {@code Invalid column name}), as are a table's joins ({@code PUT /v1/tables/{id}/joins},
 * a TableJoins: the date in the last 30 days of {@link #today(java.time.LocalDate)}, joined columns and
 * tables the server has); {@code PATCH /v1/<collection>/{id}} applies a JSON
 * Patch sent as {@code application/json-patch+json} (415 otherwise), refused as a whole (400) when it leaves
 * two tags of a mutually exclusive classification (PII) on one column. Dashboard data models
 * ({@code PUT /v1/dashboard/datamodels}) are named {@code service.model.name}. Every call is recorded in order,
 * lists with their query string.
 *
 * <p>{@link #lean()} makes it fit runs of millions of entities (the memory benchmark): no call log,
 * each entity stored as its name, parent, id and FQN only, and lists served from the FQN-sorted
 * index without {@code paging.total}.
 */
public final class OpenMetadataStandIn implements AutoCloseable {

    /**
     * One recorded call.
     *
     * @param text the body as it came over the wire (null without one): numbers as the client wrote them
     */
    public record Call(String method, String path, JsonNode body, int status, String text) {
        /** {@code METHOD path}. */
        public String line() {
            return method + " " + path;
        }
    }

    /** An entity kind: its collection, the 1.6 request's fields, and the parent named by FQN. */
    private record Kind(String type, String collection, Set<String> allowed, List<String> required,
                        String parentField, String parentType) {
    }

    private static final Set<String> SERVICE_FIELDS = Set.of("name", "displayName", "description", "tags",
            "serviceType", "connection", "owners", "dataProducts", "domain", "scheduleInterval", "lifeCycle");
    private static final Set<String> COLUMN_FIELDS = Set.of("name", "displayName", "dataType", "arrayDataType",
            "dataLength", "precision", "scale", "dataTypeDisplay", "description", "fullyQualifiedName", "tags",
            "constraint", "ordinalPosition", "jsonSchema", "children", "customMetrics");

    private static final List<Kind> KINDS = List.of(
            new Kind("databaseService", "services/databaseServices", SERVICE_FIELDS, List.of("name", "serviceType"), null, null),
            new Kind("pipelineService", "services/pipelineServices", SERVICE_FIELDS, List.of("name", "serviceType"), null, null),
            new Kind("dashboardService", "services/dashboardServices", SERVICE_FIELDS, List.of("name", "serviceType"), null, null),
            new Kind("database", "databases", Set.of("name", "displayName", "description", "tags", "owners", "service",
                    "dataProducts", "default", "retentionPeriod", "extension", "sourceUrl", "domain", "lifeCycle",
                    "sourceHash"), List.of("name", "service"), "service", "databaseService"),
            new Kind("databaseSchema", "databaseSchemas", Set.of("name", "displayName", "description", "database",
                    "owners", "tags", "retentionPeriod", "extension", "sourceUrl", "domain", "lifeCycle", "sourceHash",
                    "dataProducts"), List.of("name", "database"), "database", "database"),
            new Kind("table", "tables", Set.of("name", "displayName", "description", "tableType", "columns", "dataModel",
                    "locationPath", "tableConstraints", "tablePartition", "tableProfilerConfig", "owners",
                    "databaseSchema", "tags", "schemaDefinition", "retentionPeriod", "extension", "sourceUrl", "domain",
                    "dataProducts", "fileFormat", "lifeCycle", "sourceHash"),
                    List.of("name", "columns", "databaseSchema"), "databaseSchema", "databaseSchema"),
            new Kind("storedProcedure", "storedProcedures", Set.of("name", "displayName", "description", "owners",
                    "tags", "storedProcedureCode", "storedProcedureType", "databaseSchema", "extension", "sourceUrl",
                    "domain", "dataProducts", "lifeCycle", "sourceHash"),
                    List.of("name", "storedProcedureCode", "databaseSchema"), "databaseSchema", "databaseSchema"),
            new Kind("pipeline", "pipelines", Set.of("name", "displayName", "description", "dataProducts", "sourceUrl",
                    "concurrency", "pipelineLocation", "startDate", "tasks", "tags", "owners", "service", "extension",
                    "scheduleInterval", "domain", "lifeCycle", "sourceHash"), List.of("name", "service"),
                    "service", "pipelineService"),
            new Kind("dashboard", "dashboards", Set.of("name", "displayName", "description", "dashboardType", "sourceUrl",
                    "project", "charts", "dataModels", "tags", "owners", "service", "extension", "domain",
                    "dataProducts", "lifeCycle", "sourceHash"), List.of("name", "service"), "service", "dashboardService"),
            new Kind("chart", "charts", Set.of("name", "displayName", "description", "chartType", "sourceUrl", "tags",
                    "owners", "service", "domain", "dataProducts", "lifeCycle", "sourceHash"), List.of("name", "service"),
                    "service", "dashboardService"),
            new Kind("dashboardDataModel", "dashboard/datamodels", Set.of("name", "displayName", "description", "tags",
                    "dataProducts", "owners", "service", "serviceType", "dataModelType", "sql", "columns", "project",
                    "domain", "lifeCycle", "sourceHash", "extension"), List.of("name", "service", "dataModelType", "columns"),
                    "service", "dashboardService"),
            new Kind("query", "queries", Set.of("name", "displayName", "description", "owners", "tags", "query",
                    "query_type", "exclude_usage", "duration", "users", "usedBy", "dialect", "queryDate", "queryUsedIn",
                    "triggeredBy", "processedLineage", "service", "domain"), List.of("query", "service"),
                    "service", "databaseService"),
            new Kind("user", "users", Set.of("name"), List.of("name"), null, null),
            new Kind("team", "teams", Set.of("name"), List.of("name"), null, null),
            new Kind("classification", "classifications", Set.of("name", "displayName", "description",
                    "mutuallyExclusive", "provider", "domain"), List.of("name", "description"), null, null),
            new Kind("tag", "tags", Set.of("name", "displayName", "description", "classification", "parent", "style",
                    "associatedTags", "provider", "mutuallyExclusive", "domain"), List.of("name", "description"),
                    "classification", "classification"),
            new Kind("testDefinition", "dataQuality/testDefinitions", Set.of("name"), List.of("name"), null, null),
            new Kind("testSuite", "dataQuality/testSuites", Set.of("name", "displayName", "description", "owners",
                    "basicEntityReference", "executableEntityReference", "domain", "tags"), List.of("name"), null, null),
            new Kind("testCase", "dataQuality/testCases", Set.of("name", "description", "displayName", "testDefinition",
                    "entityLink", "testSuite", "parameterValues", "owners", "computePassedFailedRowCount",
                    "useDynamicAssertion", "tags"), List.of("name", "testDefinition", "entityLink"), null, null));

    /** Kinds whose FQN has a fixed part between the parent and the name: a data model is {@code service.model.name}. */
    private static final Map<String, String> FQN_INFIXES = Map.of("dashboardDataModel", "model.");
    /** Kinds whose FQN is their quoted name, and that the server looks up by quoting the name it is given. */
    private static final Set<String> NAMED_BY_QUOTED_NAME = Set.of("databaseService", "pipelineService",
            "dashboardService", "user", "team", "classification");

    /** The system test definitions the 1.6 server ships with (the ones metaingest runs). */
    private static final List<String> TEST_DEFINITIONS = List.of("tableRowCountToBeBetween", "tableColumnCountToEqual",
            "tableColumnNameToExist", "columnValuesToBeNotNull", "columnValuesToBeUnique", "columnValuesToBeBetween",
            "columnValuesToMatchRegex", "columnValuesToBeInSet", "columnValueLengthsToBeBetween",
            "columnValuesMissingCount", "tableCustomSQLQuery", "tableRowCountToEqual", "tableColumnCountToBeBetween",
            "tableColumnToMatchSet", "columnValuesToNotMatchRegex", "columnValuesToBeNotInSet", "columnValueMaxToBeBetween",
            "columnValueMinToBeBetween", "columnValueMeanToBeBetween", "columnValueMedianToBeBetween",
            "columnValueStdDevToBeBetween", "columnValuesSumToBeBetween");
    private static final Pattern ENTITY_LINK = Pattern.compile("<#E::table::(.+?)(?:::columns::(.+))?>");
    private static final Pattern TEST_CASE_RESULTS = Pattern.compile("/v1/dataQuality/testCases/testCaseResults/([^/]+)");

    /**
     * {@code GET /v1/tables/{fqn}/tableProfile/latest}: the table with its latest profile (none before the
     * first), soft-deleted or not; {@code includeColumnProfile} is accepted (this stand-in keeps no column profiles).
     */
    private static final Pattern LATEST_PROFILE = Pattern.compile("/v1/tables/([^/]+)/tableProfile/latest");
    private static final Pattern BY_NAME = Pattern.compile("/v1/(.+)/name/([^/]+)");
    private static final Pattern PIPELINE_STATUS = Pattern.compile("/v1/pipelines/([^/]+)/status");
    private static final Pattern USAGE = Pattern.compile("/v1/usage/([^/]+)/name/([^/]+)");
    private static final Pattern PERCENTILE = Pattern.compile("/v1/usage/compute\\.percentile/([^/]+)/([^/]+)");
    private static final Pattern INGESTION_STATUS = Pattern.compile("/v1/services/ingestionPipelines/([^/]+)/pipelineStatus");
    private static final Pattern BY_ID = Pattern.compile("/v1/(.+)/([0-9a-f]{8}-[0-9a-f-]{27})");
    private static final Pattern TABLE_DATA = Pattern.compile("/v1/tables/([0-9a-f]{8}-[0-9a-f-]{27})/(tableProfile|sampleData|joins)");
    /** table.json's tableProfile and columnProfile fields (1.6). */
    private static final Set<String> TABLE_PROFILE_FIELDS = Set.of("timestamp", "profileSample", "profileSampleType",
            "columnCount", "rowCount", "sizeInByte", "createDateTime", "customMetrics");
    private static final Set<String> COLUMN_PROFILE_FIELDS = Set.of("name", "timestamp", "valuesCount",
            "valuesPercentage", "validCount", "duplicateCount", "nullCount", "nullProportion", "missingPercentage",
            "missingCount", "uniqueCount", "uniqueProportion", "distinctCount", "distinctProportion", "min", "max",
            "minLength", "maxLength", "mean", "sum", "stddev", "variance", "median", "firstQuartile", "thirdQuartile",
            "interQuartileRange", "nonParametricSkew", "histogram", "customMetrics");

    /** Decimals are kept as sent, so that tests see the numbers on the wire. */
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private volatile HttpServer server;
    private final int port;
    /** The stand-in's TLS (an https:// server), or null for plain HTTP. */
    private final javax.net.ssl.SSLContext tls;
    /** Whether a TLS stand-in asks the client for a certificate its context trusts. */
    private final boolean needClientCertificate;
    /** The TLS version the stand-in speaks when it needs a client certificate. */
    private final String clientAuthProtocol;
    /** Calls wait on it while the server hangs; released when it closes. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean hanging;
    /** "METHOD path" → statuses to answer after serving the call (stored, then the answer lost). */
    private final Map<String, java.util.Deque<Integer>> lostAnswers = new ConcurrentHashMap<>();
    /** "METHOD path" → how many more served calls get a body cut short. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> cutBodies = new ConcurrentHashMap<>();
    /** "METHOD path" of calls to answer with a proxy's HTML page, not served. */
    private final Set<String> junkAnswers = ConcurrentHashMap.newKeySet();
    private volatile String version = "1.6.4";
    private final List<Call> calls = new ArrayList<>();
    /** type → FQN → entity. */
    private final Map<String, Map<String, ObjectNode>> entities = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> byId = new ConcurrentHashMap<>();
    private final Set<String> lineage = new LinkedHashSet<>();
    private final Map<String, Map<Long, JsonNode>> pipelineStatuses = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> usage = new ConcurrentHashMap<>();
    /** {@code <entityType> <date>} of each percentile computation asked for, in order. */
    private final List<String> percentilesComputed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, JsonNode>> runStatuses = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> testCaseResults = new ConcurrentHashMap<>();
    /** table FQN → the profiles PUT, in order. */
    private final Map<String, List<JsonNode>> tableProfiles = new ConcurrentHashMap<>();
    /** The TableJoins bodies accepted, per table FQN, in order. */
    private final Map<String, List<JsonNode>> tableJoins = new ConcurrentHashMap<>();
    /** The day the joins endpoint counts its 30 days back from, as the server does from its own today. */
    private volatile java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    /** "METHOD path" → statuses to answer before serving the call normally. */
    private final Map<String, java.util.Deque<Integer>> faults = new ConcurrentHashMap<>();
    /** methodAndPath → the Retry-After (seconds) its next injected 429 carries instead of 1. */
    private final Map<String, Integer> retryAfters = new ConcurrentHashMap<>();
    private volatile String acceptedToken;
    /** The token it was started with, whatever {@link #acceptOnly} later accepts. */
    private final String startToken;
    private volatile int maxPageSize = 1_000_000;
    private volatile boolean lean;

    static {
        // Without it the JDK server's Nagle delay meets the client's delayed ACK: 40 ms per call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public OpenMetadataStandIn(String token) throws IOException {
        this(token, null, false, null);
    }

    /**
     * A stand-in served over TLS with {@code tls}'s certificate, as an OpenMetadata behind https; with
     * {@code needClientCertificate} a client must present a certificate {@code tls} trusts.
     */
    public static OpenMetadataStandIn overTls(String token, javax.net.ssl.SSLContext tls, boolean needClientCertificate)
            throws IOException {
        return new OpenMetadataStandIn(token, tls, needClientCertificate, "TLSv1.2");
    }

    /**
     * As {@link #overTls}, needing a client certificate under TLS 1.3, as most servers now speak it: a refused (or
     * missing) client certificate is then told after the client's side of the handshake has ended.
     */
    public static OpenMetadataStandIn overTls13NeedingClientCertificate(String token, javax.net.ssl.SSLContext tls)
            throws IOException {
        return new OpenMetadataStandIn(token, tls, true, "TLSv1.3");
    }

    private OpenMetadataStandIn(String token, javax.net.ssl.SSLContext tls, boolean needClientCertificate,
                                String clientAuthProtocol) throws IOException {
        this.tls = tls;
        this.needClientCertificate = needClientCertificate;
        this.clientAuthProtocol = clientAuthProtocol;
        this.acceptedToken = token;
        this.startToken = token;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
        addUser("alice");
        TEST_DEFINITIONS.forEach(d -> store(kind("testDefinition"), d, mapper.createObjectNode().put("name", d)));
        // The classifications a 1.6 server ships with (those the auto-classification uses).
        store(kind("classification"), "PII", mapper.createObjectNode().put("name", "PII").put("description", "PII")
                .put("mutuallyExclusive", true));
        for (String tag : List.of("Sensitive", "NonSensitive", "None")) {
            store(kind("tag"), "PII." + tag, mapper.createObjectNode().put("name", tag).put("description", tag)
                    .put("classification", "PII"));
        }
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening;
        if (tls == null) {
            listening = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } else {
            com.sun.net.httpserver.HttpsServer secure = com.sun.net.httpserver.HttpsServer.create(
                    new InetSocketAddress("127.0.0.1", onPort), 0);
            secure.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters parameters = tls.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientCertificate);
                    if (needClientCertificate) {
                        // Under TLS 1.3 a refused client certificate is told after the handshake, which the JDK's
                        // client sees as a closed connection; 1.2 refuses it in the handshake, with its alert.
                        parameters.setProtocols(new String[] {clientAuthProtocol});
                    }
                    params.setSSLParameters(parameters);
                }
            });
            listening = secure;
        }
        listening.createContext("/api/", this::handle);
        listening.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "openmetadata-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        listening.start();
        return listening;
    }

    /** Stops listening, keeping what it stores: connections are refused until {@link #comeBack()} (a restart). */
    public void goAway() {
        server.stop(0);
    }

    /** Listens again on the same port, with what it stored before {@link #goAway()}. */
    public void comeBack() {
        try {
            server = listen(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** From now on every call goes unanswered until the server closes (a hung server). */
    public void hang() {
        hanging = true;
    }

    /**
     * Serves the next calls to {@code methodAndPath} (the entity is stored) but answers them with these
     * statuses instead, as a proxy that lost the server's answer would.
     */
    public void loseAnswerOfNext(String methodAndPath, Integer... statuses) {
        lostAnswers.computeIfAbsent(methodAndPath, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                .addAll(List.of(statuses));
    }

    /** Answers the next call to {@code methodAndPath} with 200 and an HTML page, without serving it (a proxy's page). */
    public void answerJunkToNext(String methodAndPath) {
        junkAnswers.add(methodAndPath);
    }

    /** An answer of something in front of the server (a proxy, a gateway), given in place of the server's. */
    private record ForeignAnswer(int status, String contentType, String body) {
    }

    /** "METHOD path" → the answers its next calls get instead of being served, in order. */
    private final Map<String, java.util.Deque<ForeignAnswer>> foreignAnswers = new ConcurrentHashMap<>();

    /**
     * Answers the next call to {@code methodAndPath} with {@code status} and an HTML page, without serving it:
     * a proxy in front of the server refusing it (nginx's 413 for a body over {@code client_max_body_size}).
     */
    public void refuseNextWithHtml(String methodAndPath, int status, String page) {
        answerInsteadOfServer(methodAndPath, 1, status, "text/html", page);
    }

    /**
     * Answers the next {@code times} calls to {@code methodAndPath} with {@code status} and {@code body} of
     * {@code contentType}, without serving them: what a proxy, a gateway or another server answers in
     * OpenMetadata's place (an SSO login page, a plain-text 502, another API's JSON error).
     */
    public void answerInsteadOfServer(String methodAndPath, int times, int status, String contentType, String body) {
        java.util.Deque<ForeignAnswer> answers = foreignAnswers.computeIfAbsent(methodAndPath,
                k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < times; i++) {
            answers.add(new ForeignAnswer(status, contentType, body));
        }
    }

    /** Closes the connection of the next {@code times} calls to {@code methodAndPath} without answering (a crash, a proxy's timeout). */
    public void dropConnectionOfNext(String methodAndPath, int times) {
        droppedConnections.computeIfAbsent(methodAndPath, k -> new java.util.concurrent.atomic.AtomicInteger())
                .addAndGet(times);
    }

    private final Map<String, java.util.concurrent.atomic.AtomicInteger> droppedConnections = new ConcurrentHashMap<>();

    /** Serves the next {@code times} calls to {@code methodAndPath} with their status but a body cut in half (broken JSON). */
    public void cutBodyOfNext(String methodAndPath, int times) {
        cutBodies.computeIfAbsent(methodAndPath, k -> new java.util.concurrent.atomic.AtomicInteger()).addAndGet(times);
    }

    /** The {@code hostPort} to configure. */
    public String hostPort() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /** A workflow file's {@code workflowConfig} block for this server, signing in with the token it was started with. */
    public String workflowConfigYaml() {
        return workflowConfigYaml(startToken);
    }

    /** A workflow file's {@code workflowConfig} block for this server, signing in with {@code token}. */
    public String workflowConfigYaml(String token) {
        return """
                workflowConfig:
                  openMetadataServerConfig:
                    hostPort: %s
                    authProvider: openmetadata
                    securityConfig:
                      jwtToken: %s
                """.formatted(hostPort(), token);
    }

    /**
     * Answers the next calls to {@code methodAndPath} (e.g. {@code PUT /v1/tables}) with these
     * statuses, in order, before serving it: 429 with {@code Retry-After: 1}, 401 and 403 with the
     * messages of OpenMetadata's authenticator and authorizer, 5xx, all with OpenMetadata's error body.
     * With a query ({@code GET /v1/tables/name/t?fields=lifeCycle}, as sent) only calls with that query fail.
     */
    public void failNext(String methodAndPath, Integer... statuses) {
        faults.computeIfAbsent(methodAndPath, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
                .addAll(List.of(statuses));
    }

    /** Answers the next call to {@code methodAndPath} with 429 and {@code Retry-After: seconds}, as a rate limit. */
    public void rateLimitNext(String methodAndPath, int seconds) {
        retryAfters.put(methodAndPath, seconds);
        failNext(methodAndPath, 429);
    }

    private final Set<String> hangingPaths = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** pipelineState → the refusal every run status in that state gets, until the server closes. */
    private final Map<String, Refusal> refusedRunStates = new ConcurrentHashMap<>();

    /**
     * From now on refuses every {@code PUT .../pipelineStatus} whose {@code pipelineState} is
     * {@code pipelineState} with {@code status} and OpenMetadata's {@code {code, message}}, storing
     * nothing; run statuses in other states are served as before (a server that takes a run's
     * {@code running} but not its final state).
     */
    public void refuseRunState(String pipelineState, int status, String message) {
        refusedRunStates.put(pipelineState, new Refusal(status, message));
    }


    /** From now on only {@code token} is accepted (a token revoked mid-run). */
    public void acceptOnly(String token) {
        this.acceptedToken = token;
    }

    /** From now on: no call log, entities stored without their bodies, lists without totals (see the class comment). */
    public void lean() {
        this.lean = true;
    }

    /** Caps the page size of lists below what clients ask for, so a test sees several pages. */
    public void maxPageSize(int size) {
        this.maxPageSize = size;
    }

    public void version(String version) {
        this.version = version;
    }

    public ObjectNode addUser(String name) {
        ObjectNode user = mapper.createObjectNode().put("name", name);
        return store(kind("user"), name, user);
    }

    public ObjectNode addTeam(String name) {
        return store(kind("team"), name, mapper.createObjectNode().put("name", name));
    }

    /** Seeds an entity, e.g. a service whose connection the server holds. */
    public ObjectNode seed(String type, String fqn, ObjectNode entity) {
        return store(kind(type), fqn, entity);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until {@code count} recorded calls match, or fails after {@code timeout}. */
    public synchronized List<Call> awaitCalls(java.util.function.Predicate<Call> match, int count, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.stream().filter(match).count() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("fewer than " + count + " matching calls after " + timeout + ": " + calls);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return calls.stream().filter(match).toList();
    }

    public synchronized void clearCalls() {
        calls.clear();
    }

    public int count(String type) {
        return entities.getOrDefault(type, Map.of()).size();
    }

    public ObjectNode entity(String type, String fqn) {
        return entities.getOrDefault(type, Map.of()).get(fqn);
    }

    /** The FQNs of the soft-deleted entities of a type, sorted. */
    public List<String> deleted(String type) {
        return entities.getOrDefault(type, Map.of()).values().stream()
                .filter(e -> e.path("deleted").asBoolean()).map(e -> e.get("fullyQualifiedName").asText()).sorted().toList();
    }

    public synchronized Set<String> lineage() {
        return Set.copyOf(lineage);
    }

    public Map<Long, JsonNode> pipelineStatuses(String fqn) {
        return pipelineStatuses.getOrDefault(fqn, Map.of());
    }

    /** Each percentile computation asked for, as {@code <entityType> <date>}, in order. */
    public List<String> percentilesComputed() {
        return List.copyOf(percentilesComputed);
    }

    /** The daily usage counts the server holds for the table {@code fqn}, by date. */
    public Map<String, Integer> usage(String fqn) {
        return usage.getOrDefault(fqn, Map.of());
    }

    /** The results added to a test case, in the order they came. */
    public List<JsonNode> testCaseResults(String testCaseFqn) {
        return List.copyOf(testCaseResults.getOrDefault(testCaseFqn, List.of()));
    }

    /** The table profiles received for a table, in order. */
    public List<JsonNode> tableProfiles(String tableFqn) {
        return List.copyOf(tableProfiles.getOrDefault(tableFqn, List.of()));
    }

    /** The {@code PUT /v1/tables/{id}/joins} bodies the table's FQN was sent and accepted, in order. */
    public List<JsonNode> tableJoins(String tableFqn) {
        return List.copyOf(tableJoins.getOrDefault(tableFqn, List.of()));
    }

    /** Sets the server's today, from which the joins endpoint accepts the last 30 days only. */
    public void today(java.time.LocalDate day) {
        this.today = day;
    }

    public Map<String, JsonNode> runStatuses(String ingestionPipelineFqn) {
        return runStatuses.getOrDefault(ingestionPipelineFqn, Map.of());
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    /** From now on, calls to {@code methodAndPath} get no answer until the stand-in closes (a hung server). */
    public void hang(String methodAndPath) {
        hangingPaths.add(methodAndPath);
    }

    // ---- the server ----

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring("/api".length());
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (hangingPaths.contains(method + " " + path)) {
            synchronized (this) {
                calls.add(new Call(method, rawQuery == null ? path : path + "?" + rawQuery,
                        raw.length == 0 ? null : parse(raw), 0, text(raw)));
                notifyAll();
            }
        }
        if (hanging || hangingPaths.contains(method + " " + path)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        java.util.concurrent.atomic.AtomicInteger drop = droppedConnections.get(method + " " + path);
        if (drop != null && drop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            exchange.close(); // no status line: the client reads no bytes
            return;
        }
        if (junkAnswers.remove(method + " " + path)) {
            // A proxy's page in place of the server's answer: nothing reached the server.
            byte[] page = "<html><body>502 upstream</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
        }
        java.util.Deque<ForeignAnswer> foreign = foreignAnswers.get(method + " " + path);
        ForeignAnswer foreignAnswer = foreign == null ? null : foreign.poll();
        if (foreignAnswer != null) {
            if (!lean) {
                synchronized (this) {
                    calls.add(new Call(method, path, null, foreignAnswer.status(), text(raw)));
                    notifyAll();
                }
            }
            byte[] page = foreignAnswer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", foreignAnswer.contentType());
            exchange.sendResponseHeaders(foreignAnswer.status(), page.length == 0 ? -1 : page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
            return;
        }
        JsonNode body = raw.length == 0 ? null : parse(raw);
        int status;
        JsonNode answer;
        try {
            // A fault for the call with its query (GET /v1/tables/name/t?fields=lifeCycle) comes first.
            java.util.Deque<Integer> withQuery = rawQuery == null ? null : faults.get(method + " " + path + "?" + rawQuery);
            Integer injected = withQuery == null ? null : withQuery.poll();
            java.util.Deque<Integer> fault = faults.get(method + " " + path);
            if (injected == null) {
                injected = fault == null ? null : fault.poll();
            }
            if (injected != null) {
                if (injected == 429) {
                    Integer asked = retryAfters.remove(method + " " + path);
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(asked == null ? 1 : asked));
                }
                throw new Refusal(injected, switch (injected) {
                    case 429 -> "Too many requests";
                    // OpenMetadata's request validation, as it answers an invalid body.
                    case 400 -> "[name size must be between 1 and 256]";
                    // OpenMetadata's answer to the loser of two creates of one entity at once.
                    case 409 -> "Entity already exists";
                    case 401 -> "Not Authorized! Token verification failed";
                    // OpenMetadata's authorizer: the bot's role lacks the operation (a policy on the entity).
                    case 403 -> "Principal: CatalogPrincipal{name='ingestion-bot'} operations ["
                            + (method.equals("DELETE") ? "Delete" : method.equals("GET") ? "ViewAll" : "EditAll")
                            + "] not allowed";
                    default -> "Internal server error";
                });
            }
            if (!("Bearer " + acceptedToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && !path.equals("/v1/system/version")) {
                throw new Refusal(401, "Not Authorized! Token verification failed");
            }
            if (method.equals("PUT") && body != null && INGESTION_STATUS.matcher(path).matches()) {
                Refusal refused = refusedRunStates.get(body.path("pipelineState").asText());
                if (refused != null) {
                    throw new Refusal(refused.status, refused.getMessage());
                }
            }
            if (raw.length > 0 && body == null) {
                throw new Refusal(400, "Unable to process JSON");
            }
            if (method.equals("PATCH") && !"application/json-patch+json".equals(
                    exchange.getRequestHeaders().getFirst("Content-Type"))) {
                throw new Refusal(415, "HTTP 415 Unsupported Media Type");
            }
            Answer result = route(method, path, query, body);
            status = result.status();
            answer = result.body();
            java.util.Deque<Integer> lost = lostAnswers.get(method + " " + path);
            Integer instead = lost == null ? null : lost.poll();
            if (instead != null) {
                throw new Refusal(instead, "Bad gateway (the server's answer was lost)");
            }
        } catch (Refusal refusal) {
            status = refusal.status;
            answer = mapper.createObjectNode().put("code", refusal.status).put("message", refusal.getMessage());
        }
        if (!lean) {
            synchronized (this) {
                calls.add(new Call(method, rawQuery == null ? path : path + "?" + rawQuery, body, status, text(raw)));
                notifyAll();
            }
        }
        byte[] bytes = mapper.writeValueAsBytes(answer);
        java.util.concurrent.atomic.AtomicInteger cut = cutBodies.get(method + " " + path);
        if (status < 300 && cut != null && cut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    /**
     * {@code GET /v1/search/query?q=fullyQualifiedName:"…"&index=table_search_index}, as the server's
     * search index answers it: the field is a keyword with a lowercase normalizer, so the phrase
     * matches ignoring case. Only that query shape is understood.
     */
    private Answer searchTables(Map<String, String> query) {
        String q = query.getOrDefault("q", "");
        Matcher phrase = Pattern.compile("fullyQualifiedName:\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(q);
        if (!"table_search_index".equals(query.get("index")) || !phrase.matches()) {
            throw new Refusal(400, "the stand-in searches tables by fullyQualifiedName:\"…\" only, not " + q);
        }
        String wanted = phrase.group(1).replaceAll("\\\\(.)", "$1").toLowerCase(java.util.Locale.ROOT);
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode hits = answer.putObject("hits").putArray("hits");
        for (ObjectNode table : entities.getOrDefault("table", Map.of()).values()) {
            if (table.path("fullyQualifiedName").asText().toLowerCase(java.util.Locale.ROOT).equals(wanted)) {
                hits.addObject().put("_index", "table_search_index").put("_id", table.path("id").asText())
                        .set("_source", table);
            }
        }
        ((ObjectNode) answer.get("hits")).putObject("total").put("value", hits.size()).put("relation", "eq");
        return new Answer(200, answer);
    }

    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static String text(byte[] raw) {
        return raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private JsonNode parse(byte[] raw) {
        try {
            return mapper.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    private Answer route(String method, String path, Map<String, String> query, JsonNode body) {
        Matcher m;
        if (method.equals("GET") && path.equals("/v1/system/version")) {
            return new Answer(200, mapper.createObjectNode().put("version", version).put("revision", "standin")
                    .put("timestamp", 1_700_000_000_000L));
        }
        if (method.equals("GET") && (m = LATEST_PROFILE.matcher(path)).matches()) {
            String fqn = decode(m.group(1));
            ObjectNode table = entities.getOrDefault("table", Map.of()).get(fqn);
            if (table == null) { // 1.6 finds the table with include=all: a soft-deleted one is answered
                throw new Refusal(404, "table instance for " + fqn + " not found");
            }
            ObjectNode answer = table.deepCopy();
            List<JsonNode> profiles = tableProfiles.getOrDefault(fqn, List.of());
            if (!profiles.isEmpty()) { // 1.6 leaves "profile" out of a table never profiled
                answer.set("profile", profiles.get(profiles.size() - 1).get("tableProfile"));
            }
            return new Answer(200, answer);
        }
        if (method.equals("GET") && path.equals("/v1/search/query")) {
            return searchTables(query);
        }
        if (method.equals("GET") && (m = BY_NAME.matcher(path)).matches()) {
            Kind kind = kindOf(m.group(1));
            String fqn = lookUpFqn(kind, decode(m.group(2)));
            ObjectNode entity = entities.getOrDefault(kind.type(), Map.of()).get(fqn);
            if (entity == null || entity.path("deleted").asBoolean()) {
                throw new Refusal(404, kind.type() + " instance for " + fqn + " not found");
            }
            if (entity.has("lifeCycle") && !List.of(query.getOrDefault("fields", "").split(",")).contains("lifeCycle")) {
                // As the server: lifeCycle is a field answered only when asked for by name.
                ObjectNode answer = entity.deepCopy();
                answer.remove("lifeCycle");
                return new Answer(200, answer);
            }
            return new Answer(200, entity);
        }
        if (path.startsWith("/v1/dataQuality/") && !method.equals("GET") || (m = TEST_CASE_RESULTS.matcher(path)).matches()) {
            return dataQuality(method, path, query, body);
        }
        if (method.equals("PUT") && path.equals("/v1/lineage")) {
            return addLineage(body);
        }
        if (method.equals("PUT") && (m = PIPELINE_STATUS.matcher(path)).matches()) {
            return addPipelineStatus(decode(m.group(1)), body);
        }
        if (method.equals("POST") && (m = PERCENTILE.matcher(path)).matches()) {
            percentilesComputed.add(m.group(1) + " " + m.group(2));
            return new Answer(200, mapper.createObjectNode());
        }
        if ((method.equals("PUT") || method.equals("POST")) && (m = USAGE.matcher(path)).matches()) {
            return addUsage(m.group(1), decode(m.group(2)), body, method.equals("POST"));
        }
        if (method.equals("PUT") && (m = TABLE_DATA.matcher(path)).matches()) {
            return switch (m.group(2)) {
                case "tableProfile" -> addTableProfile(table(m.group(1)), body);
                case "joins" -> addJoins(table(m.group(1)), body);
                default -> addSampleData(table(m.group(1)), body);
            };
        }
        if (method.equals("PATCH") && (m = BY_ID.matcher(path)).matches()) {
            return patch(kindOf(m.group(1)), m.group(2), body);
        }
        if (method.equals("PUT") && (m = INGESTION_STATUS.matcher(path)).matches()) {
            return addRunStatus(decode(m.group(1)), body);
        }
        if (method.equals("PUT") && path.startsWith("/v1/")) {
            return createOrUpdate(kindOf(path.substring("/v1/".length())), body);
        }
        if (method.equals("DELETE") && (m = BY_ID.matcher(path)).matches()) {
            return delete(kindOf(m.group(1)), m.group(2), Boolean.parseBoolean(query.get("hardDelete")));
        }
        if (method.equals("GET") && path.startsWith("/v1/")) {
            return list(kindOf(path.substring("/v1/".length())), query);
        }
        throw new Refusal(404, "HTTP 404 Not Found");
    }

    /**
     * The data-quality endpoints as 1.6.2 serves them: basic test suites ({@code /testSuites/base};
     * {@code /executable} is deprecated and not served here), test cases (POST creates, 409 when it
     * exists; PUT creates or updates), and test case results by test case FQN.
     */
    private synchronized Answer dataQuality(String method, String path, Map<String, String> query, JsonNode body) {
        Matcher results = TEST_CASE_RESULTS.matcher(path);
        if (results.matches()) {
            String fqn = decode(results.group(1));
            ObjectNode testCase = entities.getOrDefault("testCase", Map.of()).get(fqn);
            if (testCase == null) {
                throw new Refusal(404, "testCase instance for " + fqn + " not found");
            }
            if (method.equals("GET")) {
                // startTs/endTs bound the results' timestamps, both inclusive, as the server's listing does.
                long from = query.containsKey("startTs") ? Long.parseLong(query.get("startTs")) : Long.MIN_VALUE;
                long to = query.containsKey("endTs") ? Long.parseLong(query.get("endTs")) : Long.MAX_VALUE;
                ObjectNode answer = mapper.createObjectNode();
                ArrayNode data = answer.putArray("data");
                testCaseResults.getOrDefault(fqn, List.of()).stream()
                        .filter(r -> r.path("timestamp").asLong() >= from && r.path("timestamp").asLong() <= to)
                        .forEach(data::add);
                answer.putObject("paging").put("total", answer.path("data").size());
                return new Answer(200, answer);
            }
            if (!method.equals("POST")) {
                throw new Refusal(405, "HTTP 405 Method Not Allowed");
            }
            ObjectNode result = object(body, "request body");
            checkShape(result, Set.of("timestamp", "testCaseStatus", "result", "sampleData", "testResultValue",
                    "passedRows", "failedRows", "passedRowsPercentage", "failedRowsPercentage", "incidentId",
                    "maxBound", "minBound"), List.of("timestamp", "testCaseStatus"), "");
            if (!Set.of("Success", "Failed", "Aborted", "Queued").contains(result.get("testCaseStatus").asText())) {
                throw new Refusal(400, "testCaseStatus must be one of Success, Failed, Aborted, Queued");
            }
            for (JsonNode value : result.path("testResultValue")) {
                checkShape(object(value, "testResultValue"), Set.of("name", "value", "predictedMin", "predictedMax"),
                        List.of(), "testResultValue.");
            }
            // The server keeps one result per test case and timestamp (a unique key): a second is a 409.
            long timestamp = result.get("timestamp").asLong();
            if (testCaseResults.getOrDefault(fqn, List.of()).stream().anyMatch(r -> r.path("timestamp").asLong() == timestamp)) {
                throw new Refusal(409, "Entity already exists");
            }
            ObjectNode stored = result.deepCopy().put("testCaseFQN", fqn);
            testCaseResults.computeIfAbsent(fqn, k -> new ArrayList<>()).add(stored);
            testCase.set("testCaseResult", stored);
            return new Answer(201, stored);
        }
        if (path.equals("/v1/dataQuality/testSuites/base") && (method.equals("POST") || method.equals("PUT"))) {
            ObjectNode request = object(body, "request body");
            checkShape(request, kind("testSuite").allowed(), List.of("name"), "");
            if (!request.hasNonNull("basicEntityReference")) {
                throw new Refusal(400, "Cannot create a basic test suite without the BasicEntityReference field informed.");
            }
            String table = request.get("basicEntityReference").asText();
            if (!entities.getOrDefault("table", Map.of()).containsKey(table)) {
                throw new Refusal(404, "table instance for " + table + " not found");
            }
            String name = request.get("name").asText();
            boolean exists = entities.getOrDefault("testSuite", Map.of()).containsKey(name);
            if (exists && method.equals("POST")) {
                throw new Refusal(409, "Entity already exists");
            }
            ObjectNode suite = store(kind("testSuite"), name, request);
            suite.put("basic", true);
            return new Answer(exists ? 200 : 201, suite);
        }
        if (path.equals("/v1/dataQuality/testCases") && (method.equals("POST") || method.equals("PUT"))) {
            return createTestCase(object(body, "request body"), method.equals("PUT"));
        }
        throw new Refusal(404, "HTTP 404 Not Found");
    }

    private Answer createTestCase(ObjectNode request, boolean createOrUpdate) {
        Kind kind = kind("testCase");
        checkShape(request, kind.allowed(), kind.required(), "");
        String definition = request.get("testDefinition").asText();
        if (!entities.getOrDefault("testDefinition", Map.of()).containsKey(definition)) {
            throw new Refusal(404, "testDefinition instance for " + definition + " not found");
        }
        Matcher link = ENTITY_LINK.matcher(request.get("entityLink").asText());
        if (!link.matches()) {
            throw new Refusal(400, "entityLink must be <#E::table::FQN> or <#E::table::FQN::columns::column>");
        }
        ObjectNode table = entities.getOrDefault("table", Map.of()).get(link.group(1));
        if (table == null) {
            throw new Refusal(404, "table instance for " + link.group(1) + " not found");
        }
        String column = link.group(2);
        if (column != null && java.util.stream.StreamSupport.stream(table.path("columns").spliterator(), false)
                .noneMatch(c -> c.path("name").asText().equals(column))) {
            throw new Refusal(400, "Invalid column name " + column);
        }
        if (request.hasNonNull("testSuite")
                && !entities.getOrDefault("testSuite", Map.of()).containsKey(request.get("testSuite").asText())) {
            throw new Refusal(404, "testSuite instance for " + request.get("testSuite").asText() + " not found");
        }
        String fqn = link.group(1) + (column == null ? "" : "." + quote(column)) + "." + quote(request.get("name").asText());
        boolean exists = entities.getOrDefault("testCase", Map.of()).containsKey(fqn);
        if (exists && !createOrUpdate) {
            throw new Refusal(409, "Entity already exists");
        }
        ObjectNode stored = store(kind, fqn, request);
        if (request.hasNonNull("testSuite")) {
            ObjectNode suite = entities.get("testSuite").get(request.get("testSuite").asText());
            stored.set("testSuite", mapper.createObjectNode().put("id", suite.get("id").asText()).put("type", "testSuite")
                    .put("fullyQualifiedName", suite.get("fullyQualifiedName").asText()));
        }
        stored.set("testDefinition", mapper.createObjectNode().put("type", "testDefinition").put("name", definition)
                .put("fullyQualifiedName", definition)
                .put("id", entities.get("testDefinition").get(definition).get("id").asText()));
        return new Answer(exists ? 200 : 201, stored);
    }

    /** A list by parent, sorted by FQN, paged by {@code limit} (default 10) and an opaque {@code after} cursor. */
    private Answer list(Kind kind, Map<String, String> query) {
        String include = query.getOrDefault("include", "non-deleted");
        String parent = kind.parentField() == null ? null : query.get(kind.parentField());
        int limit = Math.min(maxPageSize, Integer.parseInt(query.getOrDefault("limit", "10")));
        String after = query.containsKey("after")
                ? new String(java.util.Base64.getDecoder().decode(query.get("after")), StandardCharsets.UTF_8) : null;
        if (lean && parent != null) {
            return leanList(kind, parent, include, limit, after);
        }
        List<ObjectNode> matching = entities.getOrDefault(kind.type(), Map.of()).values().stream()
                .filter(e -> parent == null || parent.equals(e.path(kind.parentField()).asText()))
                .filter(e -> !query.containsKey("testSuiteId")
                        || query.get("testSuiteId").equals(e.path("testSuite").path("id").asText()))
                .filter(e -> switch (include) {
                    case "all" -> true;
                    case "deleted" -> e.path("deleted").asBoolean();
                    default -> !e.path("deleted").asBoolean();
                })
                .sorted(java.util.Comparator.comparing(e -> e.get("fullyQualifiedName").asText()))
                .toList();
        List<ObjectNode> page = matching.stream()
                .filter(e -> after == null || e.get("fullyQualifiedName").asText().compareTo(after) > 0)
                .limit(limit).toList();
        ObjectNode answer = mapper.createObjectNode();
        page.forEach(answer.putArray("data")::add);
        ObjectNode paging = answer.putObject("paging").put("total", matching.size());
        if (!page.isEmpty() && matching.indexOf(page.get(page.size() - 1)) < matching.size() - 1) {
            paging.put("after", java.util.Base64.getEncoder().encodeToString(
                    page.get(page.size() - 1).get("fullyQualifiedName").asText().getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(200, answer);
    }

    /** A page from the FQN-sorted index: a parent's children are the FQNs that start with its FQN and a dot. */
    private Answer leanList(Kind kind, String parent, String include, int limit, String after) {
        java.util.NavigableMap<String, ObjectNode> ofKind = (java.util.NavigableMap<String, ObjectNode>)
                entities.getOrDefault(kind.type(), new java.util.concurrent.ConcurrentSkipListMap<>());
        String prefix = lookUpFqn(kind(kind.parentType()), parent) + ".";
        List<ObjectNode> page = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, ObjectNode> e : ofKind.tailMap(after != null ? after : prefix, after == null).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            ObjectNode entity = e.getValue();
            boolean deleted = entity.path("deleted").asBoolean();
            if (!parent.equals(entity.path(kind.parentField()).asText())
                    || include.equals("deleted") && !deleted || include.equals("non-deleted") && deleted) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(entity);
        }
        ObjectNode answer = mapper.createObjectNode();
        page.forEach(answer.putArray("data")::add);
        ObjectNode paging = answer.putObject("paging");
        if (more) {
            paging.put("after", java.util.Base64.getEncoder().encodeToString(
                    page.get(page.size() - 1).get("fullyQualifiedName").asText().getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(200, answer);
    }

    private synchronized Answer delete(Kind kind, String id, boolean hard) {
        ObjectNode entity = byId.get(id);
        if (entity == null || entities.getOrDefault(kind.type(), Map.of()).get(entity.get("fullyQualifiedName").asText()) != entity
                || (!hard && entity.path("deleted").asBoolean())) {
            throw new Refusal(404, kind.type() + " instance for " + id + " not found");
        }
        if (hard) {
            entities.get(kind.type()).remove(entity.get("fullyQualifiedName").asText());
            byId.remove(id);
        } else {
            entity.put("deleted", true);
        }
        return new Answer(200, entity);
    }

    /**
     * A column's shape and the type rules the server applies to it and its children (its
     * {@code DatabaseUtil} column validation): a 400 naming the rule.
     */
    private void checkColumn(JsonNode column, String at) {
        checkShape(object(column, "column"), COLUMN_FIELDS, List.of("name", "dataType"), at);
        String type = column.path("dataType").asText();
        if (Set.of("CHAR", "VARCHAR", "BINARY", "VARBINARY").contains(type) && !column.hasNonNull("dataLength")) {
            throw new Refusal(400, "For column data types char, varchar, binary, varbinary dataLength must not be null");
        }
        if (type.equals("ARRAY") && !column.hasNonNull("arrayDataType")) {
            throw new Refusal(400, "For column data type array, arrayDataType must not be null");
        }
        if (type.equals("STRUCT") && !column.hasNonNull("children")) {
            throw new Refusal(400, "For column data type struct, children must not be null");
        }
        if (column.get("children") instanceof ArrayNode children) {
            children.forEach(child -> checkColumn(child, at + "children."));
        }
    }

    private Answer createOrUpdate(Kind kind, JsonNode body) {
        ObjectNode request = object(body, "request body");
        checkShape(request, kind.allowed(), kind.required(), "");
        if (request.has("columns")) {
            for (JsonNode column : request.get("columns")) {
                checkColumn(column, "columns.");
            }
        }
        if (request.has("tasks")) {
            for (JsonNode task : request.get("tasks")) {
                checkShape(object(task, "task"), Set.of("name", "displayName", "fullyQualifiedName", "description",
                        "sourceUrl", "downstreamTasks", "taskType", "taskSQL", "startDate", "endDate", "tags", "owners"),
                        List.of("name"), "tasks.");
            }
        }
        checkReferences(request.get("owners"), "owners");
        checkReferences(request.get("queryUsedIn"), "queryUsedIn");
        if (kind.type().equals("query") && request.get("users") instanceof ArrayNode users) {
            // As OpenMetadata's query mapper: users are user entities by name, each must exist.
            for (JsonNode user : users) {
                if (!entities.getOrDefault("user", Map.of()).containsKey(user.asText())) {
                    throw new Refusal(404, "user instance for " + user.asText() + " not found");
                }
            }
        }
        checkTags(request.get("tags"));
        if (request.get("columns") instanceof ArrayNode columns) {
            columns.forEach(column -> checkTags(column.get("tags")));
        }
        // A query without a name is named by a checksum of its text.
        String fqn = request.hasNonNull("name") ? request.get("name").asText()
                : Integer.toHexString(request.get("query").asText().hashCode());
        if (kind.parentField() != null) {
            String parent = request.get(kind.parentField()).asText();
            ObjectNode parentEntity = entities.getOrDefault(kind.parentType(), Map.of())
                    .get(lookUpFqn(kind(kind.parentType()), parent));
            if (parentEntity == null) {
                throw new Refusal(404, kind.parentType() + " instance for " + parent + " not found");
            }
            // The server builds a child's FQN from its parent's (a service's is its quoted name).
            fqn = parentEntity.get("fullyQualifiedName").asText() + "." + FQN_INFIXES.getOrDefault(kind.type(), "")
                    + quote(fqn);
        } else if (NAMED_BY_QUOTED_NAME.contains(kind.type())) {
            fqn = quote(fqn); // a service's FQN is its name, quoted by the same rule
        }
        if (request.has("charts")) {
            for (JsonNode chart : request.get("charts")) {
                if (!entities.getOrDefault("chart", Map.of()).containsKey(chart.asText())) {
                    throw new Refusal(404, "chart instance for " + chart.asText() + " not found");
                }
            }
        }
        boolean exists = entities.getOrDefault(kind.type(), Map.of()).containsKey(fqn);
        ObjectNode stored = store(kind, fqn, request);
        return new Answer(exists ? 200 : 201, stored);
    }

    private synchronized ObjectNode store(Kind kind, String fqn, ObjectNode request) {
        Map<String, ObjectNode> ofKind = entities.computeIfAbsent(kind.type(), k -> new java.util.concurrent.ConcurrentSkipListMap<>());
        ObjectNode previous = ofKind.get(fqn);
        ObjectNode entity = lean ? leanCopy(kind, request) : request.deepCopy();
        entity.put("id", previous == null ? UUID.randomUUID().toString() : previous.get("id").asText());
        entity.put("fullyQualifiedName", fqn);
        if (!lean) {
            entity.put("href", hostPort() + "/v1/" + kind.collection() + "/" + entity.get("id").asText());
            // OpenMetadata's versions: 0.1 when created, 0.1 more for each change.
            double version = 0.1;
            if (previous != null) {
                ObjectNode before = previous.deepCopy();
                before.remove(List.of("id", "fullyQualifiedName", "href", "version"));
                double was = previous.path("version").asDouble(0.1);
                version = before.equals(request) ? was : Math.round((was + 0.1) * 10) / 10.0;
            }
            entity.put("version", version);
        }
        ofKind.put(fqn, entity);
        byId.put(entity.get("id").asText(), entity);
        return entity;
    }

    private ObjectNode leanCopy(Kind kind, ObjectNode request) {
        ObjectNode copy = mapper.createObjectNode();
        copy.set("name", request.get("name"));
        if (kind.parentField() != null) {
            copy.set(kind.parentField(), request.get(kind.parentField()));
        }
        return copy;
    }

    private Answer addLineage(JsonNode body) {
        ObjectNode request = object(body, "request body");
        checkShape(request, Set.of("description", "edge"), List.of("edge"), "");
        ObjectNode edge = object(request.get("edge"), "edge");
        checkShape(edge, Set.of("fromEntity", "toEntity", "description", "lineageDetails"),
                List.of("fromEntity", "toEntity"), "edge.");
        checkReference(edge.get("fromEntity"), "edge.fromEntity");
        checkReference(edge.get("toEntity"), "edge.toEntity");
        if (edge.get("lineageDetails") instanceof ObjectNode details) {
            checkShape(details, Set.of("sqlQuery", "columnsLineage", "pipeline", "description", "source",
                    "createdAt", "createdBy", "updatedAt", "updatedBy"), List.of(), "edge.lineageDetails.");
            if (details.has("pipeline")) {
                checkReference(details.get("pipeline"), "edge.lineageDetails.pipeline");
            }
        }
        synchronized (this) {
            lineage.add(edge.get("fromEntity").get("id").asText() + "->" + edge.get("toEntity").get("id").asText());
        }
        return new Answer(200, mapper.createObjectNode());
    }

    private Answer addPipelineStatus(String fqn, JsonNode body) {
        ObjectNode status = object(body, "request body");
        checkShape(status, Set.of("timestamp", "executionStatus", "taskStatus"), List.of("timestamp"), "");
        if (status.has("taskStatus")) {
            for (JsonNode task : status.get("taskStatus")) {
                checkShape(object(task, "taskStatus"), Set.of("name", "executionStatus", "startTime", "endTime",
                        "logLink"), List.of("name", "executionStatus"), "taskStatus.");
            }
        }
        ObjectNode pipeline = entities.getOrDefault("pipeline", Map.of()).get(fqn);
        if (pipeline == null) {
            throw new Refusal(404, "pipeline instance for " + fqn + " not found");
        }
        pipelineStatuses.computeIfAbsent(fqn, k -> new ConcurrentHashMap<>()).put(status.get("timestamp").asLong(), status);
        return new Answer(200, pipeline);
    }

    /** As OpenMetadata's usage repository: POST replaces the day's count, PUT adds to it. */
    private Answer addUsage(String type, String fqn, JsonNode body, boolean replace) {
        ObjectNode count = object(body, "request body");
        checkShape(count, Set.of("date", "count"), List.of("date", "count"), "");
        if (!entities.getOrDefault(type, Map.of()).containsKey(fqn)) {
            throw new Refusal(404, type + " instance for " + fqn + " not found");
        }
        usage.computeIfAbsent(fqn, k -> new ConcurrentHashMap<>()).merge(count.get("date").asText(),
                count.get("count").asInt(), (old, sent) -> replace ? sent : old + sent);
        return new Answer(201, mapper.createObjectNode());
    }

    private Answer addRunStatus(String fqn, JsonNode body) {
        ObjectNode status = object(body, "request body");
        checkShape(status, Set.of("runId", "pipelineState", "startDate", "timestamp", "endDate", "status",
                "config", "metadata"), List.of("runId", "pipelineState", "timestamp"), "");
        if (!Set.of("queued", "running", "success", "partialSuccess", "failed")
                .contains(status.get("pipelineState").asText())) {
            throw new Refusal(400, "pipelineState must be one of queued, running, success, partialSuccess, failed");
        }
        if (!entities.getOrDefault("ingestionPipeline", Map.of()).containsKey(fqn)) {
            throw new Refusal(404, "ingestionPipeline instance for " + fqn + " not found");
        }
        runStatuses.computeIfAbsent(fqn, k -> new LinkedHashMap<>()).put(status.get("runId").asText(), status);
        return new Answer(200, mapper.createObjectNode());
    }

    private ObjectNode table(String id) {
        ObjectNode table = byId.get(id);
        if (table == null || !entities.getOrDefault("table", Map.of()).containsValue(table)) {
            throw new Refusal(404, "table instance for " + id + " not found");
        }
        return table;
    }

    private static Set<String> columnNames(ObjectNode table) {
        Set<String> names = new LinkedHashSet<>();
        table.path("columns").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** {@code PUT /v1/tables/{id}/tableProfile}: a CreateTableProfileRequest; its columns must be the table's. */
    private Answer addTableProfile(ObjectNode table, JsonNode body) {
        ObjectNode request = object(body, "request body");
        checkShape(request, Set.of("tableProfile", "columnProfile", "systemProfile"), List.of("tableProfile"), "");
        checkShape(object(request.get("tableProfile"), "tableProfile"), TABLE_PROFILE_FIELDS, List.of("timestamp"),
                "tableProfile.");
        Set<String> columns = columnNames(table);
        for (JsonNode column : request.path("columnProfile")) {
            checkShape(object(column, "columnProfile"), COLUMN_PROFILE_FIELDS, List.of("name", "timestamp"),
                    "columnProfile.");
            if (!columns.contains(column.get("name").asText())) {
                throw new Refusal(400, "Invalid column name " + column.get("name").asText());
            }
        }
        tableProfiles.computeIfAbsent(table.get("fullyQualifiedName").asText(),
                k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(request);
        ObjectNode answer = table.deepCopy();
        answer.set("profile", request.get("tableProfile"));
        return new Answer(200, answer);
    }

    /**
     * {@code PUT /v1/tables/{id}/joins}: a TableJoins (table.json 1.6, no other fields) whose {@code startDate}
     * lies in the 30 days up to the server's today, whose {@code columnJoins} name the table's columns, and
     * whose joined columns and direct table joins name columns and tables the server has (404 for an unknown
     * table, 400 for an unknown column), as TableRepository.addJoins checks them.
     */
    private Answer addJoins(ObjectNode table, JsonNode body) {
        ObjectNode joins = object(body, "request body");
        checkShape(joins, Set.of("startDate", "dayCount", "columnJoins", "directTableJoins"), List.of("startDate"), "");
        java.time.LocalDate start;
        try {
            start = java.time.LocalDate.parse(joins.get("startDate").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new Refusal(400, "startDate must be a date (yyyy-MM-dd): " + joins.get("startDate"));
        }
        if (start.isAfter(today) || start.isBefore(today.minusDays(30))) {
            throw new Refusal(400, "Date range can only include past 30 days starting today");
        }
        if (joins.has("dayCount") && !joins.get("dayCount").isInt()) {
            throw new Refusal(400, "dayCount must be an integer");
        }
        Set<String> columns = columnNames(table);
        for (JsonNode join : joins.path("columnJoins")) {
            checkShape(object(join, "columnJoins"), Set.of("columnName", "joinedWith"), List.of(), "columnJoins.");
            if (!columns.contains(join.path("columnName").asText())) {
                throw new Refusal(400, "Invalid column name " + join.path("columnName").asText());
            }
            for (JsonNode with : join.path("joinedWith")) {
                String fqn = joinedWith(with, "columnJoins.joinedWith.");
                ObjectNode other = tableOfColumn(fqn);
                if (!columnNames(other).contains(fqn.substring(other.get("fullyQualifiedName").asText().length() + 1)
                        .replaceAll("^\"(.*)\"$", "$1"))) {
                    throw new Refusal(400, "Invalid fully qualified column name " + fqn);
                }
            }
        }
        for (JsonNode with : joins.path("directTableJoins")) {
            String fqn = joinedWith(with, "directTableJoins.");
            if (!entities.getOrDefault("table", Map.of()).containsKey(fqn)) {
                throw new Refusal(404, "table instance for " + fqn + " not found");
            }
        }
        tableJoins.computeIfAbsent(table.get("fullyQualifiedName").asText(),
                k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(joins);
        return new Answer(200, table);
    }

    /** A joinedWith: {@code fullyQualifiedName} and {@code joinCount} required, nothing else. */
    private String joinedWith(JsonNode node, String prefix) {
        ObjectNode with = object(node, prefix);
        checkShape(with, Set.of("fullyQualifiedName", "joinCount"), List.of("fullyQualifiedName", "joinCount"), prefix);
        if (!with.get("joinCount").isInt()) {
            throw new Refusal(400, prefix + "joinCount must be an integer");
        }
        return with.get("fullyQualifiedName").asText();
    }

    /** The table a column FQN belongs to (the longest table FQN it starts with), or 404. */
    private ObjectNode tableOfColumn(String columnFqn) {
        return entities.getOrDefault("table", Map.of()).entrySet().stream()
                .filter(e -> columnFqn.startsWith(e.getKey() + ".") && !e.getValue().path("deleted").asBoolean())
                .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue)
                .orElseThrow(() -> new Refusal(404, "table instance for " + columnFqn.substring(0,
                        Math.max(columnFqn.lastIndexOf('.'), 0)) + " not found"));
    }

    /** {@code PUT /v1/tables/{id}/sampleData}: a tableData whose columns are the table's and rows as wide. */
    private Answer addSampleData(ObjectNode table, JsonNode body) {
        ObjectNode data = object(body, "request body");
        checkShape(data, Set.of("columns", "rows"), List.of(), "");
        Set<String> columns = columnNames(table);
        for (JsonNode column : data.path("columns")) {
            if (!columns.contains(column.asText())) {
                throw new Refusal(400, "Invalid column name " + column.asText());
            }
        }
        for (JsonNode row : data.path("rows")) {
            if (!row.isArray() || row.size() != data.path("columns").size()) {
                throw new Refusal(400, "every row must have one value per column");
            }
        }
        synchronized (this) {
            table.set("sampleData", data.deepCopy());
        }
        return new Answer(200, table);
    }

    /** {@code PATCH /v1/<collection>/{id}} with a JSON Patch of add, replace and remove operations. */
    private synchronized Answer patch(Kind kind, String id, JsonNode body) {
        ObjectNode entity = byId.get(id);
        if (entity == null || !entities.getOrDefault(kind.type(), Map.of()).containsValue(entity)) {
            throw new Refusal(404, kind.type() + " instance for " + id + " not found");
        }
        if (!(body instanceof com.fasterxml.jackson.databind.node.ArrayNode operations)) {
            throw new Refusal(400, "a JSON Patch is an array of operations");
        }
        ObjectNode patched = entity.deepCopy();
        for (JsonNode op : operations) {
            applyOperation(patched, op);
        }
        checkMutuallyExclusive(patched.get("tags"));
        patched.path("columns").forEach(column -> checkMutuallyExclusive(column.get("tags")));
        checkLifeCycle(patched.get("lifeCycle"));
        entity.removeAll();
        entity.setAll(patched);
        return new Answer(200, entity);
    }

    /**
     * As the server validates {@code type/lifeCycle.json} (1.6): created, updated and accessed only, each
     * with a {@code timestamp} and nothing but {@code accessedBy} (a reference with id and type) and
     * {@code accessedByAProcess} beside it.
     */
    private void checkLifeCycle(JsonNode lifeCycle) {
        if (lifeCycle == null || lifeCycle.isNull()) {
            return;
        }
        if (!lifeCycle.isObject()) {
            throw new Refusal(400, "lifeCycle must be an object");
        }
        lifeCycle.fields().forEachRemaining(aspect -> {
            if (!Set.of("created", "updated", "accessed").contains(aspect.getKey())) {
                throw new Refusal(400, "Unrecognized field \"" + aspect.getKey() + "\" in lifeCycle");
            }
            JsonNode details = aspect.getValue();
            if (!details.path("timestamp").isIntegralNumber()) {
                throw new Refusal(400, "lifeCycle." + aspect.getKey() + ".timestamp must not be null");
            }
            details.fieldNames().forEachRemaining(field -> {
                if (!Set.of("timestamp", "accessedBy", "accessedByAProcess").contains(field)) {
                    throw new Refusal(400, "Unrecognized field \"" + field + "\" in lifeCycle." + aspect.getKey());
                }
            });
            JsonNode by = details.get("accessedBy");
            if (by != null && !by.isNull() && (!by.hasNonNull("id") || !by.hasNonNull("type"))) {
                throw new Refusal(400, "lifeCycle." + aspect.getKey() + ".accessedBy needs an id and a type");
            }
        });
    }

    private void applyOperation(ObjectNode document, JsonNode op) {
        String name = op.path("op").asText();
        String pointer = op.path("path").asText();
        int slash = pointer.lastIndexOf('/');
        if (!Set.of("add", "replace", "remove").contains(name) || slash < 0) {
            throw new Refusal(400, "unsupported JSON Patch operation " + op);
        }
        JsonNode parent = pointer.substring(0, slash).isEmpty() ? document : document.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            if (name.equals("remove")) {
                object.remove(last);
            } else {
                object.set(last, op.get("value"));
            }
        } else if (parent instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            int index = last.equals("-") ? array.size() : Integer.parseInt(last);
            if (index > array.size()) {
                throw new Refusal(400, "JSON Patch path out of range: " + pointer);
            }
            switch (name) {
                case "add" -> array.insert(index, op.get("value"));
                case "replace" -> array.set(index, op.get("value"));
                default -> array.remove(index);
            }
        } else {
            throw new Refusal(400, "JSON Patch path not found: " + pointer);
        }
    }

    /**
     * As the server: two tags of one mutually exclusive classification (PII) on one entity or column are
     * refused (400), whichever of them was there first, and the whole patch with them.
     */
    private void checkMutuallyExclusive(JsonNode tags) {
        if (tags == null || !tags.isArray()) {
            return;
        }
        Map<String, String> byClassification = new HashMap<>();
        for (JsonNode tag : tags) {
            String fqn = tag.path("tagFQN").asText();
            ObjectNode known = entities.getOrDefault("tag", Map.of()).get(fqn);
            if (!"Classification".equals(tag.path("source").asText()) || known == null) {
                continue;
            }
            String classification = known.path("classification").asText();
            ObjectNode parent = entities.getOrDefault("classification", Map.of()).get(classification);
            String stored = byClassification.put(classification, fqn);
            if (stored != null && parent != null && parent.path("mutuallyExclusive").asBoolean()) {
                throw new Refusal(400, "Tag labels " + fqn + " and " + stored
                        + " are mutually exclusive and can't be assigned together");
            }
        }
    }

    /** As the server: a classification tag that it does not have is refused (404). */
    private void checkTags(JsonNode tags) {
        if (tags == null || !tags.isArray()) {
            return;
        }
        for (JsonNode tag : tags) {
            String fqn = tag.path("tagFQN").asText();
            if ("Classification".equals(tag.path("source").asText())
                    && !entities.getOrDefault("tag", Map.of()).containsKey(fqn)) {
                throw new Refusal(404, "tag instance for " + fqn + " not found");
            }
        }
    }

    private void checkReferences(JsonNode references, String field) {
        if (references == null) {
            return;
        }
        for (JsonNode reference : references) {
            checkReference(reference, field);
        }
    }

    /** An entityReference: {@code id} and {@code type} are required, and the id must exist. */
    private void checkReference(JsonNode reference, String field) {
        ObjectNode ref = object(reference, field);
        checkShape(ref, Set.of("id", "type", "name", "fullyQualifiedName", "description", "displayName",
                "deleted", "inherited", "href"), List.of("id", "type"), field + ".");
        if (!byId.containsKey(ref.get("id").asText())) {
            throw new Refusal(404, ref.get("type").asText() + " instance for " + ref.get("id").asText() + " not found");
        }
    }

    private void checkShape(ObjectNode node, Set<String> allowed, List<String> required, String prefix) {
        List<String> problems = new ArrayList<>();
        for (String field : required) {
            if (!node.hasNonNull(field)) {
                problems.add("query param " + prefix + field + " must not be null");
            }
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add("Unrecognized field \"" + prefix + field + "\"");
            }
        });
        if (!problems.isEmpty()) {
            throw new Refusal(400, problems.toString());
        }
    }

    private ObjectNode object(JsonNode node, String what) {
        if (!(node instanceof ObjectNode object)) {
            throw new Refusal(400, what + " must be an object");
        }
        return object;
    }

    private Kind kindOf(String collection) {
        if (collection.equals("services/ingestionPipelines")) {
            return kind("ingestionPipeline");
        }
        return KINDS.stream().filter(k -> k.collection().equals(collection)).findFirst()
                .orElseThrow(() -> new Refusal(404, "HTTP 404 Not Found"));
    }

    private Kind kind(String type) {
        if (type.equals("ingestionPipeline")) {
            return new Kind("ingestionPipeline", "services/ingestionPipelines", Set.of(), List.of(), null, null);
        }
        return KINDS.stream().filter(k -> k.type().equals(type)).findFirst().orElseThrow();
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The server's rule for a name in an FQN (EntityInterfaceUtil.quoteName): a name with a double quote
     * stays as it is; otherwise one with a dot is wrapped in double quotes. Written out here rather than
     * taken from metaingest's Fqn, so that the stand-in catches metaingest building FQNs differently.
     */
    private static String quote(String name) {
        if (!name.contains("\"")) {
            return name.contains(".") ? "\"" + name + "\"" : name;
        }
        return name;
    }

    /**
     * The FQN the server looks an entity up by: kinds that are not under a parent (services, users,
     * teams, classifications...) are looked up by their quoted name, as the server's repositories with
     * {@code quoteFqn} do, so {@code svc.x} and {@code "svc.x"} both name the service {@code svc.x}.
     */
    private static String lookUpFqn(Kind kind, String fqn) {
        return NAMED_BY_QUOTED_NAME.contains(kind.type()) ? quote(fqn) : fqn;
    }
}
