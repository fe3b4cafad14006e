package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code workflowConfig.openMetadataServerConfig}: the server the REST sink writes to.
 *
 * @param hostPort the API base URL (default "http://localhost:8585/api")
 * @param authProvider the auth provider (default "openmetadata")
 * @param securityConfig credentials
 * @param storeServiceConnection whether the REST sink sends the service's connection, secrets included,
 *                               when its own {@code storeServiceConnection} is not set (null: not said)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenMetadataServerConfig(
        String hostPort,
        String authProvider,
        SecurityConfig securityConfig,
        Boolean storeServiceConnection) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public OpenMetadataServerConfig {
        hostPort = hostPort == null ? "http://localhost:8585/api" : hostPort;
        authProvider = authProvider == null ? "openmetadata" : authProvider;
    }

    /** A server config that leaves {@code storeServiceConnection} to the sink. */
    public OpenMetadataServerConfig(String hostPort, String authProvider, SecurityConfig securityConfig) {
        this(hostPort, authProvider, securityConfig, null);
    }

    /**
     * Credentials for the server.
     *
     * @param jwtToken the bot's JWT
     */
    public record SecurityConfig(io.metaingest.api.Secret jwtToken) {
    }
}
