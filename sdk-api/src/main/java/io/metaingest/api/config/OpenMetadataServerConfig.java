package io.metaingest.api.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code workflowConfig.openMetadataServerConfig}: the server the REST sink writes to.
 *
 * @param hostPort the API base URL (default "http://localhost:8585/api")
 * @param authProvider the auth provider (default "openmetadata")
 * @param securityConfig credentials
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenMetadataServerConfig(
        String hostPort,
        String authProvider,
        SecurityConfig securityConfig) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public OpenMetadataServerConfig {
        hostPort = hostPort == null ? "http://localhost:8585/api" : hostPort;
        authProvider = authProvider == null ? "openmetadata" : authProvider;
    }

    /**
     * Credentials for the server.
     *
     * @param jwtToken the bot's JWT
     */
    public record SecurityConfig(io.metaingest.api.Secret jwtToken) {
    }
}
