package io.metaingest.openmetadata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code sink.config} of the {@code metadata-rest} sink.
 *
 * @param storeServiceConnection send the service's connection, secrets included, when the sink
 *                               creates or updates the service (default false: the service is
 *                               created without a connection and an existing one is left as it is)
 * @param maxConcurrentRequests how many requests may be in flight at once (default 4)
 * @param referenceCacheSize how many FQN → id look-ups to remember (default 10000)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record MetadataRestSinkConfig(Boolean storeServiceConnection, Integer maxConcurrentRequests,
                                     Integer referenceCacheSize) {

    /** Applies the defaults to absent fields. */
    public MetadataRestSinkConfig {
        storeServiceConnection = storeServiceConnection != null && storeServiceConnection;
        maxConcurrentRequests = maxConcurrentRequests == null ? 4 : maxConcurrentRequests;
        referenceCacheSize = referenceCacheSize == null ? 10_000 : referenceCacheSize;
    }

    /** All defaults. */
    public static MetadataRestSinkConfig defaults() {
        return new MetadataRestSinkConfig(null, null, null);
    }
}
