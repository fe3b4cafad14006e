package io.metaingest.connectors.dbtcloud;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DbtRun;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.Authenticator;
import io.metaingest.toolkit.BaseUrl;
import io.metaingest.toolkit.ConnectionHints;
import io.metaingest.toolkit.ForbiddenRule;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.OffsetPage;
import io.metaingest.toolkit.DistinctItems;
import io.metaingest.toolkit.OffsetPaging;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import io.metaingest.toolkit.VendorApiException;
import io.metaingest.toolkit.VendorError;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * dbt Cloud's endpoints on the toolkit's {@link JsonHttpClient}: the Administrative API v2 under
 * {@code {host}/api/v2/accounts/{accountId}} (jobs, one job, runs of a job) with the
 * {@code {status, data, extra.pagination}} envelope and offset/limit paging, and the Discovery API's
 * job query over GraphQL. Both authenticate with {@code Authorization: Token …}. Retries, paging that
 * cannot loop and the vendor's {@code status.user_message} in errors come from the toolkit; each API
 * has its own rate-limit gate, as dbt Cloud limits them separately. No metadata logic.
 *
 * <p>Thread-safe; one per run (a singleton in the run's injector).
 */
@Singleton
public class DbtCloudClient {

    /** dbt Cloud's largest page. */
    static final int MAX_PAGE = 100;

    /** Nodes of a job's run; models carry their parents. */
    static final String JOB_QUERY = """
            query Job($jobId: BigInt!, $runId: BigInt) {
              job(id: $jobId, runId: $runId) {
                models { uniqueId name alias database schema dependsOn }
                seeds { uniqueId name database schema }
                sources { uniqueId name identifier database schema }
              }
            }""";

    private static final ConnectionHints HINTS = new ConnectionHints("dbt Cloud",
            "check " + ConnectionPath.of("token")
                    + " (a service token with read access; regional and cell accounts must use their own host)",
            "check " + ConnectionPath.of("token") + ": it was revoked or lacks permission"
                    + " (it needs Job Viewer, and Metadata Only for the Discovery API)",
            "check " + ConnectionPath.of("host", "accountId"),
            "check " + ConnectionPath.of("host"));
    /** The Discovery API's own: a failure there is about discoveryAPI (or the token's Metadata access), not host. */
    private static final ConnectionHints DISCOVERY_HINTS = new ConnectionHints("dbt Cloud Discovery",
            "check " + ConnectionPath.of("token") + " (the Discovery API must accept the same service token)",
            "check " + ConnectionPath.of("token") + ": it was revoked or lacks permission"
                    + " (it needs Metadata Only for the Discovery API)",
            "check " + ConnectionPath.of("discoveryAPI") + " (the Discovery API's GraphQL URL of the account's region)",
            "check " + ConnectionPath.of("discoveryAPI"));

    /**
     * A 403 that ends the run as refused credentials: one whose message says the token is no good (dbt Cloud
     * answers a revoked token with 403 "Invalid token." as well as 401), on any call; and any 403 to the
     * account's job listing, which every run reads. A 403 on one job's runs or a project's listing stays
     * that job's or project's failure: a token's permission sets may cover some projects only.
     */
    static final ForbiddenRule REFUSED_TOKEN = ForbiddenRule.whenVendorSays(Pattern.compile(
            "(?i)\\b(invalid|revoked|expired) token\\b|\\btoken (is |was |has been )?(invalid|revoked|expired)\\b"))
            .or((request, error) -> request.path().equals("/jobs/")
                    && request.query().stream().noneMatch(q -> q.getKey().equals("project_id")));

    /** A path of the API ({@code /api}, {@code /api/v2/accounts/1}) or of the web app ({@code /deploy/…}) in host. */
    private static final Pattern COPIED_PATH = Pattern.compile("(?i)/api(/v\\d+)?(/|$)|/deploy(/|$)");

    private final JsonHttpClient admin;
    private final JsonHttpClient discovery;
    private final String discoveryPath;
    private final ObjectMapper mapper;
    /** The host as written, for the hint on a host written with a path. */
    private final String host;

    /** Creates the client for the configured connection on the run's HTTP client. */
    @Inject
    public DbtCloudClient(DbtCloudConnection connection, HttpClient http, ObjectMapper mapper) {
        this(connection, http, mapper, RetryPolicy.DEFAULT, null);
    }

    /**
     * A client with its own retry policy and waits (tests, benchmarks).
     *
     * @param sleeper how retries wait, or null for real sleeping
     */
    DbtCloudClient(DbtCloudConnection connection, HttpClient http, ObjectMapper mapper, RetryPolicy policy,
                   Sleeper sleeper) {
        Objects.requireNonNull(connection.token(), "token");
        Authenticator token = Authenticator.header("Authorization", "Token ", connection.token());
        this.admin = configure(JsonHttpClient.builder(http, mapper, connection.accountApi())
                .vendor(HINTS.vendor(), ConnectionPath.of("host")).addressAsWritten(connection.host()), token, policy, sleeper);
        URI graphql = connection.discoveryUri();
        this.discoveryPath = graphql.getRawPath() == null || graphql.getRawPath().isEmpty() ? "/" : graphql.getRawPath();
        this.discovery = configure(JsonHttpClient.builder(http, mapper,
                URI.create(graphql.getScheme() + "://" + graphql.getRawAuthority()))
                .vendor(DISCOVERY_HINTS.vendor(), ConnectionPath.of("discoveryAPI")).addressAsWritten(connection.discoveryAPI()),
                token, policy, sleeper);
        this.mapper = mapper;
        this.host = connection.host();
    }

    private static JsonHttpClient configure(JsonHttpClient.Builder builder, Authenticator token, RetryPolicy policy,
                                            Sleeper sleeper) {
        builder.authenticator(token).retryPolicy(policy).errorReader(DbtCloudClient::vendorError)
                .forbiddenRefusesCredentials(REFUSED_TOKEN);
        if (sleeper != null) {
            builder.sleeper(sleeper);
        }
        return builder.build();
    }

    /** HTTP requests sent so far to both APIs, retries included. */
    public long requestCount() {
        return admin.requestCount() + discovery.requestCount();
    }

    /**
     * The jobs of the account, or of one project, fetched page by page as the iterator is used.
     *
     * @param projectId a project id, or null for every project
     */
    public Iterator<DbtJob> jobs(String projectId) {
        ApiRequest list = ApiRequest.get("/jobs/").withQuery("project_id", projectId).withQuery("order_by", "id");
        return DistinctItems.of(admin.endpoint(list), OffsetPaging.iterator(admin.endpoint(list), MAX_PAGE,
                (offset, limit) -> page(list.withQuery("offset", offset).withQuery("limit", limit), DbtJob.class)),
                DbtJob::id);
    }

    /** The first page of jobs, of at most {@code limit} (test-connection). */
    public List<DbtJob> firstJobs(int limit) {
        return page(ApiRequest.get("/jobs/").withQuery("offset", 0).withQuery("limit", limit), DbtJob.class).items();
    }

    /**
     * The first page of one project's jobs, of at most {@code limit} (test-connection): empty for a
     * project id the account does not have, as the jobs API answers an unknown project.
     */
    public List<DbtJob> firstJobsOf(String projectId, int limit) {
        return page(ApiRequest.get("/jobs/").withQuery("project_id", projectId).withQuery("offset", 0)
                .withQuery("limit", limit), DbtJob.class).items();
    }

    /**
     * One job, {@code GET /jobs/{id}/}.
     *
     * @throws VendorApiException with status 404 when the account has no such job
     */
    public DbtJob job(String jobId) {
        ApiRequest request = ApiRequest.get("/jobs/" + ApiRequest.segment(jobId) + "/");
        return admin.convert(request, data(request), DbtJob.class);
    }

    /**
     * The {@code max} most recent runs of a job, newest first ({@code job_definition_id},
     * {@code order_by=-created_at}); never more pages than {@code max} needs.
     */
    public List<DbtRun> latestRuns(String jobId, int max) {
        ApiRequest list = ApiRequest.get("/runs/").withQuery("job_definition_id", jobId)
                .withQuery("order_by", "-created_at");
        Iterator<DbtRun> runs = DistinctItems.of(admin.endpoint(list), OffsetPaging.iterator(admin.endpoint(list),
                Math.min(MAX_PAGE, max), (offset, limit) -> page(list.withQuery("offset", offset)
                        .withQuery("limit", (int) Math.max(1, Math.min(limit, max - offset))), DbtRun.class)), DbtRun::id);
        List<DbtRun> out = new ArrayList<>(Math.min(max, MAX_PAGE));
        while (out.size() < max && runs.hasNext()) {
            out.add(runs.next());
        }
        return out;
    }

    /**
     * The models, seeds and sources of a job's run from the Discovery API, or null when it knows no
     * run of the job.
     *
     * @param runId the run, or null for the job's latest
     * @throws VendorApiException for an HTTP failure or a GraphQL {@code errors} answer
     */
    public DiscoveryJob discoveryJob(String jobId, String runId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("query", JOB_QUERY);
        ObjectNode variables = body.putObject("variables");
        variables.put("jobId", Long.parseLong(jobId));
        if (runId != null) {
            variables.put("runId", Long.parseLong(runId));
        } else {
            variables.putNull("runId");
        }
        ApiRequest request = ApiRequest.post(discoveryPath, body);
        JsonNode answer = graphql(request);
        JsonNode job = answer.path("data").path("job");
        return job.isObject() ? discovery.convert(request, job, DiscoveryJob.class) : null;
    }

    /**
     * Sends the smallest Discovery query: whether the Discovery API can be used at all (test-connection
     * when the account has no job, and a lineage run before it emits anything).
     *
     * @throws VendorApiException for an HTTP failure, a GraphQL {@code errors} answer or no {@code data} object
     */
    public void pingDiscovery() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("query", "query { __typename }");
        graphql(ApiRequest.post(discoveryPath, body));
    }

    /**
     * What the user must fix when a first call fails: the vendor's {@code user_message} (e.g.
     * "Invalid token.") and a hint naming the connection fields.
     */
    public ConnectionException asConnectionException(VendorApiException e) {
        ConnectionException c = e.toConnectionException(HINTS);
        // A dbt Cloud access URL has no path, and the client adds /api/v2 itself: a host copied from the API
        // docs (…/api/v2) or the browser (…/deploy/…) asks for a path that does not exist, and "check host" alone
        // does not say what is wrong with it. Only such paths: a proxy's own prefix may be right.
        URI address = URI.create(BaseUrl.of(host));
        String path = address.getRawPath() == null ? "" : address.getRawPath();
        if (c.reason() == ConnectionException.Reason.NOT_FOUND && COPIED_PATH.matcher(path).find()) {
            return new ConnectionException(ConnectionException.Reason.NOT_FOUND, HINTS.vendor() + " API not found at host "
                    + host.strip() + " (" + e.getMessage() + "); write " + ConnectionPath.of("host")
                    + " as the access URL alone, without a path: " + address.getScheme() + "://"
                    + address.getRawAuthority(), e);
        }
        return c;
    }

    /**
     * The connection failure once either API refused the token mid-run (after which neither client sends
     * another call), as the start-of-run check words it; empty before.
     */
    public Optional<ConnectionException> refusedCredentials() {
        return admin.refusedCredentials().map(this::asConnectionException)
                .or(() -> discovery.refusedCredentials().map(this::asDiscoveryConnectionException));
    }

    /**
     * What the user must fix when the Discovery API cannot be used: as {@link #asConnectionException},
     * naming the Discovery API and {@code discoveryAPI}. An answer that is no GraphQL Discovery answer (a
     * timeout, an HTML page, a GraphQL error to the smallest query) names {@code discoveryAPI} too.
     */
    public ConnectionException asDiscoveryConnectionException(VendorApiException e) {
        ConnectionException c = e.toConnectionException(DISCOVERY_HINTS);
        // A 5xx already names the API; a page that is not the API already names discoveryAPI.
        if (c.reason() != ConnectionException.Reason.OTHER || e.httpStatus() >= 500
                || e.getMessage().contains(ConnectionPath.of("discoveryAPI"))) {
            return c;
        }
        String message = c.getMessage().contains(ConnectionPath.of("discoveryAPI")) ? c.getMessage()
                : c.getMessage() + "; " + DISCOVERY_HINTS.address();
        return new ConnectionException(ConnectionException.Reason.OTHER, DISCOVERY_HINTS.vendor() + " API: " + message, e);
    }

    // ---------------------------------------------------------------- envelopes

    /**
     * The vendor's message of an error body: {@code status.user_message} (else
     * {@code developer_message}) of the v2 envelope, or the first GraphQL {@code errors[].message}.
     * No code: dbt Cloud's {@code status.code} only repeats the HTTP status.
     */
    static VendorError vendorError(JsonNode body) {
        if (body == null || !body.isObject()) {
            return VendorError.NONE;
        }
        JsonNode status = body.path("status");
        for (JsonNode message : List.of(status.path("user_message"), status.path("developer_message"),
                body.path("errors").path(0).path("message"))) {
            if (message.isTextual() && !message.asText().isBlank()) {
                return new VendorError(null, message.asText());
            }
        }
        return VendorError.COMMON.read(body);
    }

    /**
     * A GraphQL answer; one with {@code errors} (HTTP 200 all the same) is a failure naming the first,
     * and one without a {@code data} object is malformed (read as "no such job", it would hide the job's lineage).
     */
    private JsonNode graphql(ApiRequest request) {
        JsonNode answer = discovery.send(request).body();
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw VendorApiException.malformed(discovery.endpoint(request), "GraphQL error: "
                    + errors.get(0).path("message").asText("(no message)"), null);
        }
        if (!answer.path("data").isObject()) {
            throw VendorApiException.malformed(discovery.endpoint(request), "no data object in the GraphQL answer", null);
        }
        return answer;
    }

    private <T> OffsetPage<T> page(ApiRequest request, Class<T> itemType) {
        JavaType listType = mapper.getTypeFactory().constructCollectionType(List.class, itemType);
        JsonNode body = admin.send(request).body();
        JsonNode data = body.path("data");
        if (!data.isArray()) {
            throw VendorApiException.malformed(admin.endpoint(request), "no data list in the response", null);
        }
        JsonNode total = body.path("extra").path("pagination").path("total_count");
        List<T> items = admin.<List<T>>convert(request, data, listType);
        return OffsetPage.of(items, total.canConvertToLong() ? total.asLong() : null);
    }

    private JsonNode data(ApiRequest request) {
        JsonNode data = admin.send(request).body().path("data");
        if (!data.isObject()) {
            throw VendorApiException.malformed(admin.endpoint(request), "no data object in the response", null);
        }
        return data;
    }
}
