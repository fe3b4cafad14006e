package io.metaingest.connectors.dbtcloud;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonView;
import io.metaingest.api.ConnectionViews;
import io.metaingest.api.Secret;
import io.metaingest.toolkit.BaseUrl;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code source.serviceConnection.config} of type {@code DBTCloud}, as in OpenMetadata 1.6 plus
 * {@code threads}. Bound by Jackson; the token is a {@link Secret}, masked in {@link #toString()} and
 * in JSON. Defaults equal the schema's ({@code schemas/dbtCloudConnection.json}).
 *
 * @param type always {@code DBTCloud}
 * @param host the access URL, e.g. {@code https://cloud.getdbt.com}
 * @param discoveryAPI the full URL of the Discovery GraphQL endpoint
 * @param accountId the account id
 * @param token the API token
 * @param jobIds the jobs to ingest (empty: all, or all of {@code projectIds}); each id stripped of surrounding spaces
 * @param projectIds the projects whose jobs are ingested (empty: all)
 * @param numberOfRuns most recent runs per job turned into statuses, default {@value #DEFAULT_NUMBER_OF_RUNS}
 * @param threads jobs read in parallel, default {@value #DEFAULT_THREADS}; metaingest's own (OpenMetadata's connection has
 *                no such field), so {@code storeServiceConnection} leaves it out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DbtCloudConnection(String type, String host, String discoveryAPI, String accountId, Secret token,
                                 List<String> jobIds, List<String> projectIds, Integer numberOfRuns,
                                 @JsonView(ConnectionViews.MetaingestOnly.class) Integer threads) {

    /** The service type. */
    public static final String TYPE = "DBTCloud";
    /** Runs per job, as in OpenMetadata. */
    public static final int DEFAULT_NUMBER_OF_RUNS = 100;
    /** Jobs read in parallel; the Discovery API allows 500 requests a minute, so more rarely helps. */
    public static final int DEFAULT_THREADS = 4;

    /** Applies defaults, strips the ids and checks ranges. */
    public DbtCloudConnection {
        type = type == null ? TYPE : type;
        // The schema lets spaces around an id through (as around accountId): sent as written, they made an
        // existing job "not exist" (HTTP 404), in a message whose spaces did not show.
        accountId = accountId == null ? null : accountId.strip();
        jobIds = stripped(jobIds);
        projectIds = stripped(projectIds);
        numberOfRuns = numberOfRuns == null ? DEFAULT_NUMBER_OF_RUNS : numberOfRuns;
        threads = threads == null ? DEFAULT_THREADS : threads;
        if (numberOfRuns < 1) {
            throw new IllegalArgumentException("numberOfRuns must be at least 1, was " + numberOfRuns);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    private static List<String> stripped(List<String> ids) {
        return ids == null ? List.of() : ids.stream().map(String::strip).toList();
    }

    /** A connection with the given endpoints and token, other fields defaulted. */
    public static DbtCloudConnection of(String host, String discoveryAPI, String accountId, String token) {
        return new DbtCloudConnection(TYPE, host, discoveryAPI, accountId, Secret.of(token), null, null, null, null);
    }

    /** The same connection with another job selection. */
    public DbtCloudConnection withSelection(List<String> newJobIds, List<String> newProjectIds) {
        return new DbtCloudConnection(type, host, discoveryAPI, accountId, token, newJobIds, newProjectIds,
                numberOfRuns, threads);
    }

    /** The same connection with another run count and parallelism. */
    public DbtCloudConnection withLimits(int newNumberOfRuns, int newThreads) {
        return new DbtCloudConnection(type, host, discoveryAPI, accountId, token, jobIds, projectIds,
                newNumberOfRuns, newThreads);
    }

    /** The host without trailing slashes; a host without scheme is taken as https. */
    public String baseUrl() {
        return BaseUrl.of(host);
    }

    /** The account's Administrative API v2 base, {@code {host}/api/v2/accounts/{accountId}}. */
    public URI accountApi() {
        return URI.create(baseUrl() + "/api/v2/accounts/"
                + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20"));
    }

    /** The Discovery API endpoint; one without scheme is taken as https. */
    public URI discoveryUri() {
        String url = discoveryAPI.strip();
        return URI.create(BaseUrl.namesScheme(url) ? url : "https://" + url);
    }

    @Override
    public String toString() {
        return "DbtCloudConnection[type=" + type + ", host=" + host + ", discoveryAPI=" + discoveryAPI
                + ", accountId=" + accountId + ", token=" + Secret.MASK + ", jobIds=" + jobIds
                + ", projectIds=" + projectIds + ", numberOfRuns=" + numberOfRuns + ", threads=" + threads + "]";
    }
}
