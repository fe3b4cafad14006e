package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonView;
import io.metaingest.api.ConnectionViews;
import io.metaingest.api.Secret;
import io.metaingest.toolkit.BaseUrl;
import java.net.URI;

/**
 * {@code source.serviceConnection.config} of type {@code MicroStrategy} (1.5: {@code Mstr}), as in
 * OpenMetadata 1.6 plus {@code threads}. The password is a {@link Secret}, masked in
 * {@link #toString()} and in JSON.
 *
 * @param type always {@code MicroStrategy}
 * @param hostPort the Library server, e.g. {@code https://mstr.example.com}
 * @param username the user that logs in
 * @param password that user's password
 * @param projectName the one project to read, or null for all
 * @param loginMode 1 standard, 8 anonymous, 16 LDAP, 4096 API token; default {@value #DEFAULT_LOGIN_MODE}; read from a string
 *                  ("8", as OpenMetadata writes it) or a number, written as OpenMetadata's string
 * @param threads dossier definitions read in parallel; default {@value #DEFAULT_THREADS}; metaingest's own (OpenMetadata's connection has
 *                no such field), so {@code storeServiceConnection} leaves it out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MicroStrategyConnection(String type, String hostPort, String username, Secret password,
                                      String projectName,
                                      @JsonFormat(shape = JsonFormat.Shape.STRING) Integer loginMode,
                                      @JsonView(ConnectionViews.MetaingestOnly.class) Integer threads) {

    /** Standard login, as OpenMetadata defaults it. */
    public static final int DEFAULT_LOGIN_MODE = 1;
    /** Parallel definition reads; a Library server serves a few sessions' requests well. */
    public static final int DEFAULT_THREADS = 4;

    /** Applies defaults and checks ranges. */
    public MicroStrategyConnection {
        type = type == null ? "MicroStrategy" : type;
        hostPort = hostPort == null ? null : BaseUrl.withoutTrailingSlashes(hostPort.strip());
        projectName = projectName == null || projectName.isBlank() ? null : projectName;
        loginMode = loginMode == null ? DEFAULT_LOGIN_MODE : loginMode;
        threads = threads == null ? DEFAULT_THREADS : threads;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** A standard-login connection to all projects, other fields defaulted. */
    public static MicroStrategyConnection of(String hostPort, String username, String password) {
        return new MicroStrategyConnection("MicroStrategy", hostPort, username, Secret.of(password), null, null, null);
    }

    /** The same connection restricted to one project. */
    public MicroStrategyConnection withProject(String name) {
        return new MicroStrategyConnection(type, hostPort, username, password, name, loginMode, threads);
    }

    /** The same connection with another parallelism. */
    public MicroStrategyConnection withThreads(int newThreads) {
        return new MicroStrategyConnection(type, hostPort, username, password, projectName, loginMode, newThreads);
    }

    /** {@code hostPort} with a scheme (https when none is given). */
    public String baseUrl() {
        return BaseUrl.of(hostPort);
    }

    /** The REST API root, {@code {hostPort}/MicroStrategyLibrary/api}. */
    public URI apiBase() {
        return URI.create(baseUrl() + "/MicroStrategyLibrary/api");
    }

    /** The Library link of a dossier, {@code {hostPort}/MicroStrategyLibrary/app/{projectId}/{dossierId}}. */
    public String dossierUrl(String projectId, String dossierId) {
        return baseUrl() + "/MicroStrategyLibrary/app/" + projectId + "/" + dossierId;
    }

    @Override
    public String toString() {
        return "MicroStrategyConnection[type=" + type + ", hostPort=" + hostPort + ", username=" + username
                + ", password=" + Secret.MASK + ", projectName=" + projectName + ", loginMode=" + loginMode
                + ", threads=" + threads + "]";
    }
}
