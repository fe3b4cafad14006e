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
 * @param verifySSL how an {@code https} server's certificate is checked, as OpenMetadata 1.6 names it:
 *                  {@code no-ssl} (the default: the JVM's trust store), {@code ignore} (not checked) or
 *                  {@code validate} (with {@code sslConfig.caCertificate})
 * @param sslConfig the files {@code validate} uses (null when not given)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenMetadataServerConfig(
        String hostPort,
        String authProvider,
        SecurityConfig securityConfig,
        Boolean storeServiceConnection,
        String verifySSL,
        SslConfig sslConfig) {

    /** Applies OpenMetadata's defaults to absent fields. */
    public OpenMetadataServerConfig {
        hostPort = hostPort == null ? "http://localhost:8585/api" : hostPort;
        authProvider = authProvider == null ? "openmetadata" : authProvider;
    }

    /** A server config with OpenMetadata's default TLS handling ({@code no-ssl}). */
    public OpenMetadataServerConfig(String hostPort, String authProvider, SecurityConfig securityConfig,
                                    Boolean storeServiceConnection) {
        this(hostPort, authProvider, securityConfig, storeServiceConnection, null, null);
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

    /**
     * OpenMetadata's {@code validateSSLClientConfig}: paths of PEM files, never their contents.
     *
     * @param caCertificate the CA certificate that signed the server's certificate
     * @param sslCertificate a client certificate to present (optional; with {@code sslKey})
     * @param sslKey the client certificate's private key, PKCS#8 (optional; with {@code sslCertificate})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SslConfig(String caCertificate, String sslCertificate, String sslKey) {
    }
}
