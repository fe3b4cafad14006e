package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonView;
import io.metaingest.api.ConnectionViews;
import io.metaingest.api.Secret;
import io.metaingest.toolkit.BaseUrl;
import java.net.URI;

/**
 * {@code source.serviceConnection.config} of type {@code Fivetran}, as in OpenMetadata 1.6 plus
 * {@code threads}. Bound by Jackson; the secret is a {@link Secret}, masked in {@link #toString()}
 * and in JSON.
 *
 * @param type always {@code Fivetran}
 * @param apiKey the API key (Basic auth user); not logged, and left out of {@link #toString()}
 * @param apiSecret the API secret (Basic auth password)
 * @param hostPort the API host, default {@value #DEFAULT_HOST_PORT}
 * @param limit page size of list calls, 1..1000, default {@value #DEFAULT_LIMIT}
 * @param threads parallel per-connector calls, default {@value #DEFAULT_THREADS}; metaingest's own (OpenMetadata's connection has
 *                no such field), so {@code storeServiceConnection} leaves it out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FivetranConnection(String type, String apiKey, Secret apiSecret, String hostPort, Integer limit,
                                 @JsonView(ConnectionViews.MetaingestOnly.class) Integer threads) {

    /** The public API host. */
    public static final String DEFAULT_HOST_PORT = "https://api.fivetran.com";
    /** Fivetran's maximum page size, and our default (fewest round trips). */
    public static final int DEFAULT_LIMIT = 1000;
    /** Parallel per-connector calls; Fivetran's hourly quota makes more rarely useful. */
    public static final int DEFAULT_THREADS = 4;

    /** Applies defaults and checks ranges. */
    public FivetranConnection {
        type = type == null ? "Fivetran" : type;
        hostPort = hostPort == null || hostPort.isBlank() ? DEFAULT_HOST_PORT : hostPort.strip();
        limit = limit == null ? DEFAULT_LIMIT : limit;
        threads = threads == null ? DEFAULT_THREADS : threads;
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000, was " + limit);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** A connection with the given credentials and host, other fields defaulted. */
    public static FivetranConnection of(String apiKey, String apiSecret, String hostPort) {
        return new FivetranConnection("Fivetran", apiKey, Secret.of(apiSecret), hostPort, null, null);
    }

    /** The same connection with another page size and parallelism. */
    public FivetranConnection withPaging(int newLimit, int newThreads) {
        return new FivetranConnection(type, apiKey, apiSecret, hostPort, newLimit, newThreads);
    }

    /** The API base, {@code hostPort + "/v1"}; a host without scheme is taken as https. */
    public URI apiBase() {
        return URI.create(BaseUrl.of(hostPort) + "/v1");
    }

    @Override
    public String toString() {
        return "FivetranConnection[type=" + type + ", apiKey=" + Secret.MASK + ", apiSecret=" + Secret.MASK
                + ", hostPort=" + hostPort + ", limit=" + limit + ", threads=" + threads + "]";
    }
}
