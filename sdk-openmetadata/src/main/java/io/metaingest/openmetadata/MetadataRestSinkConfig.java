package io.metaingest.openmetadata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code sink.config} of the {@code metadata-rest} sink.
 *
 * @param storeServiceConnection send the service's connection, secrets included, when the sink
 *                               creates or updates the service; when absent,
 *                               {@code workflowConfig.openMetadataServerConfig.storeServiceConnection}
 *                               decides, and without either it is false (the service is created
 *                               without a connection and an existing one is left as it is)
 * @param maxConcurrentRequests how many requests may be in flight at once (default 4)
 * @param referenceCacheSize how many FQN → id look-ups to remember (default 10000)
 * @param requestTimeoutSeconds how long one request may wait for the server's answer (default 30):
 *                              a hung server is given up after one such wait at start and four mid-run
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record MetadataRestSinkConfig(Boolean storeServiceConnection, Integer maxConcurrentRequests,
                                     Integer referenceCacheSize, Integer requestTimeoutSeconds) {

    /** Applies the defaults to absent fields. */
    public MetadataRestSinkConfig {
        // storeServiceConnection stays null when the sink does not say: workflowConfig.openMetadataServerConfig
        // may then decide (withServerDefault), as in OpenMetadata's own files.
        maxConcurrentRequests = maxConcurrentRequests == null ? 4 : maxConcurrentRequests;
        referenceCacheSize = referenceCacheSize == null ? 10_000 : referenceCacheSize;
        requestTimeoutSeconds = requestTimeoutSeconds == null
                ? (int) OpenMetadataClient.DEFAULT_REQUEST_TIMEOUT.toSeconds() : requestTimeoutSeconds;
        if (requestTimeoutSeconds < 1) {
            throw new IllegalArgumentException("requestTimeoutSeconds must be at least 1, was " + requestTimeoutSeconds);
        }
    }

    /** The config without a request timeout of its own (the default); kept for callers written before it. */
    public MetadataRestSinkConfig(Boolean storeServiceConnection, Integer maxConcurrentRequests, Integer referenceCacheSize) {
        this(storeServiceConnection, maxConcurrentRequests, referenceCacheSize, null);
    }

    /** {@link #requestTimeoutSeconds} as a duration. */
    public java.time.Duration requestTimeout() {
        return java.time.Duration.ofSeconds(requestTimeoutSeconds);
    }

    /** Whether the sink sends the service's connection ({@link #withServerDefault} applied, or false). */
    public boolean storesServiceConnection() {
        return Boolean.TRUE.equals(storeServiceConnection);
    }

    /**
     * This config, with {@code storeServiceConnection} taken from the server's config when the sink's
     * own config does not set it.
     */
    public MetadataRestSinkConfig withServerDefault(Boolean serverStoresServiceConnection) {
        return storeServiceConnection != null ? this
                : new MetadataRestSinkConfig(Boolean.TRUE.equals(serverStoresServiceConnection), maxConcurrentRequests,
                        referenceCacheSize, requestTimeoutSeconds);
    }

    /** All defaults. */
    public static MetadataRestSinkConfig defaults() {
        return new MetadataRestSinkConfig(null, null, null, null);
    }
}
