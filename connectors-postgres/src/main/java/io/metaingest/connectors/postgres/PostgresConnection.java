package io.metaingest.connectors.postgres;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.metaingest.api.Secret;
import io.metaingest.api.SettingProblem;
import java.util.List;
import java.util.Map;

/**
 * OpenMetadata's {@code PostgresConnection}, bound from {@code source.serviceConnection.config}.
 * Its {@code toString} masks the password (it is a {@link Secret}).
 *
 * @param type always {@code Postgres}
 * @param scheme the SQLAlchemy scheme OpenMetadata records ({@code postgresql+psycopg2}); informative here
 * @param hostPort {@code host:port} of the server
 * @param username the user to connect as
 * @param authType basic authentication: {@code {password: ...}}
 * @param database the database to connect to (and to ingest unless {@code ingestAllDatabases})
 * @param ingestAllDatabases ingest every database of the server that passes the database filter
 * @param sslMode libpq's sslmode: disable, allow, prefer, require, verify-ca or verify-full
 * @param sslConfig certificates for verify-ca / verify-full and client certificates
 * @param classificationName the classification under which row-level policies become tags
 * @param connectionOptions extra driver parameters; {@code options} ({@code -c name=value ...}) and
 *                          {@code lock_timeout} set server settings instead (see {@link SessionOptions})
 * @param connectionArguments extra driver parameters, read like connectionOptions; they win over
 *                            connectionOptions and our defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostgresConnection(
        String type,
        String scheme,
        String hostPort,
        String username,
        BasicAuth authType,
        String database,
        Boolean ingestAllDatabases,
        String sslMode,
        SslConfig sslConfig,
        String classificationName,
        Map<String, String> connectionOptions,
        Map<String, Object> connectionArguments) {

    /** The database connected to when none is configured, as libpq's tools do. */
    public static final String DEFAULT_DATABASE = "postgres";

    /**
     * Applies OpenMetadata's defaults. The server settings are not checked here: a refusal while binding
     * would be reported only once the workflow's other problems are fixed, so {@link PostgresSpec#settingProblems}
     * reports them with those ({@link #sessionOptionProblems}).
     */
    public PostgresConnection {
        type = type == null ? "Postgres" : type;
        scheme = scheme == null ? "postgresql+psycopg2" : scheme;
        ingestAllDatabases = ingestAllDatabases != null && ingestAllDatabases;
        sslMode = sslMode == null ? "disable" : sslMode;
        classificationName = classificationName == null ? "PostgresPolicyTags" : classificationName;
        connectionOptions = connectionOptions == null ? Map.of() : Map.copyOf(connectionOptions);
        connectionArguments = connectionArguments == null ? Map.of() : Map.copyOf(connectionArguments);
    }

    /** A connection with just what is needed to connect, for tests and tools. */
    public static PostgresConnection of(String hostPort, String username, String password, String database) {
        return new PostgresConnection(null, null, hostPort, username, new BasicAuth(Secret.of(password)), database,
                null, null, null, null, null, null);
    }

    /** A copy that ingests every database. */
    public PostgresConnection withIngestAllDatabases(boolean all) {
        return new PostgresConnection(type, scheme, hostPort, username, authType, database, all, sslMode, sslConfig,
                classificationName, connectionOptions, connectionArguments);
    }

    /** A copy connected to another database. */
    public PostgresConnection withDatabase(String otherDatabase) {
        return new PostgresConnection(type, scheme, hostPort, username, authType, otherDatabase, ingestAllDatabases,
                sslMode, sslConfig, classificationName, connectionOptions, connectionArguments);
    }

    /** The configured database, or {@value #DEFAULT_DATABASE}. */
    public String databaseOrDefault() {
        return database == null || database.isBlank() ? DEFAULT_DATABASE : database;
    }

    /** The values of {@code options} and {@code lock_timeout} that no session could start with, all of them. */
    List<SettingProblem> sessionOptionProblems() {
        return SessionOptions.problems(connectionOptions, connectionArguments);
    }

    /**
     * The server settings every session starts with: our defaults and the user's.
     *
     * @throws IllegalArgumentException for the first of {@link #sessionOptionProblems}
     */
    SessionOptions sessionOptions() {
        return SessionOptions.of(connectionOptions, connectionArguments);
    }

    /** The password, or null without basic auth. */
    public Secret password() {
        return authType == null ? null : authType.password();
    }

    /**
     * OpenMetadata's {@code basicAuth} shape of {@code authType}.
     *
     * @param password the password
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BasicAuth(Secret password) {
    }

    /**
     * OpenMetadata's {@code sslConfig}: PEM contents (not paths) of the certificates.
     *
     * @param caCertificate the CA certificate that signed the server's certificate
     * @param sslCertificate the client certificate
     * @param sslKey the client's private key
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SslConfig(String caCertificate, String sslCertificate, Secret sslKey) {
    }
}
