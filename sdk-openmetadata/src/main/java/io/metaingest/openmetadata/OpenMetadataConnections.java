package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Status;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Optional;

/**
 * Opening a session with the server, shared by the sink, the bulk sink, the connection reader and
 * the run-status reporter: the client from {@code workflowConfig}, the version check, and turning
 * "cannot reach" and "token refused" into a {@link ConnectionException} (exit code 3).
 */
public final class OpenMetadataConnections {

    private OpenMetadataConnections() {
    }

    /** A call made while connecting. */
    @FunctionalInterface
    public interface Call<T> {
        /** Makes the call. */
        T call() throws IOException, OpenMetadataApiException;
    }

    /**
     * The client for {@code workflowConfig.openMetadataServerConfig}.
     *
     * @throws ConnectionException when the workflow names no server or no token
     */
    public static OpenMetadataClient client(WorkflowSettings settings, HttpClient http, ObjectMapper mapper,
                                            int maxConcurrentRequests) throws ConnectionException {
        return new OpenMetadataClient(requireServer(settings), http, mapper, maxConcurrentRequests);
    }

    /**
     * As {@link #client(WorkflowSettings, HttpClient, ObjectMapper, int)}, with the time one request may
     * wait for an answer (the sink's {@code requestTimeoutSeconds}).
     */
    public static OpenMetadataClient client(WorkflowSettings settings, HttpClient http, ObjectMapper mapper,
                                            int maxConcurrentRequests, java.time.Duration requestTimeout)
            throws ConnectionException {
        return new OpenMetadataClient(requireServer(settings), http, mapper, maxConcurrentRequests,
                OpenMetadataClient.DEFAULT_RETRIES.withRequestTimeout(requestTimeout), io.metaingest.toolkit.Sleeper.SYSTEM);
    }

    /**
     * {@code workflowConfig.openMetadataServerConfig}, with its token.
     *
     * @throws ConnectionException when the workflow names no server or no token
     */
    public static OpenMetadataServerConfig requireServer(WorkflowSettings settings) throws ConnectionException {
        Optional<MissingSetting> missing = missing(settings);
        if (missing.isPresent()) {
            throw new ConnectionException(missing.get().reason(), missing.get().path() + " is missing: " + missing.get().fix());
        }
        return settings.openMetadataServerConfig();
    }

    /**
     * A setting the workflow lacks to reach the server.
     *
     * @param path where it belongs, e.g. {@code workflowConfig.openMetadataServerConfig}
     * @param fix what to add
     * @param reason how a run that meets it fails
     */
    public record MissingSetting(String path, String fix, ConnectionException.Reason reason) {
    }

    /** What {@code workflowConfig} lacks to reach the server, if anything: checked when loading and when connecting. */
    public static Optional<MissingSetting> missing(WorkflowSettings settings) {
        OpenMetadataServerConfig server = settings.openMetadataServerConfig();
        if (server == null) {
            return Optional.of(new MissingSetting("workflowConfig.openMetadataServerConfig",
                    "add hostPort and securityConfig.jwtToken of the server to write to", ConnectionException.Reason.OTHER));
        }
        if (server.securityConfig() == null || server.securityConfig().jwtToken() == null) {
            return Optional.of(new MissingSetting("workflowConfig.openMetadataServerConfig.securityConfig.jwtToken",
                    "add the ingestion bot's JWT", ConnectionException.Reason.AUTHENTICATION));
        }
        return Optional.empty();
    }

    /**
     * Reads the server's version and, when it is not the supported line, records one warning in
     * {@code warnings} (named {@value #VERSION_WARNING}), so the run's summary and its report's
     * {@code warning_details} show it. It is not logged as well: the summary prints the step's warnings
     * on the console, and one line is enough.
     *
     * @param warnings the calling step's own status
     * @throws ConnectionException also when the server answers 404: every OpenMetadata server has the
     *         version endpoint, so the base path is wrong (most often {@code hostPort} without {@code /api})
     */
    public static ServerVersion checkVersion(OpenMetadataClient client, Status warnings) throws ConnectionException {
        ServerVersion version = readVersion(client);
        if (!version.supported()) {
            // An outcome, not a plain warning: thousands of warnings met before the summary cannot push it out.
            warnings.outcome(VERSION_WARNING, unsupported(client, version));
        }
        return version;
    }

    /** The name of the warning {@link #checkVersion} records. */
    public static final String VERSION_WARNING = "server version";

    /** What a version other than the supported line means for a run, in one line. */
    static String unsupported(OpenMetadataClient client, ServerVersion version) {
        return "OpenMetadata at " + client.baseUrl() + " runs version "
                + (version.version().isEmpty() ? "(unknown)" : version.version()) + "; metaingest writes the "
                + ServerVersion.SUPPORTED + " API, so some requests may be refused";
    }

    /**
     * Reads the server's version, as {@link #checkVersion} does, leaving it to the caller to say when
     * it is not the supported line (test-connection prints it as one of its lines, not in the log).
     *
     * @throws ConnectionException as {@link #checkVersion}
     */
    public static ServerVersion readVersion(OpenMetadataClient client) throws ConnectionException {
        return connect(client, () -> client.get(VERSION_PATH).map(ServerVersion::of)).orElseThrow(() -> notTheApi(client));
    }

    /** The version endpoint, the one every OpenMetadata server answers without a token. */
    static final String VERSION_PATH = "/v1/system/version";

    /**
     * Throws when {@code client}'s base is not OpenMetadata's API (its version endpoint answers 404),
     * so a later 404 on an entity (say, the ingestion pipeline) is not blamed on that entity's name.
     */
    public static void requireApi(OpenMetadataClient client) throws ConnectionException {
        if (connect(client, () -> client.get(VERSION_PATH)).isEmpty()) {
            throw notTheApi(client);
        }
    }

    private static ConnectionException notTheApi(OpenMetadataClient client) {
        return new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                notTheApi(client.baseUrl(), "answered 404 to GET " + VERSION_PATH));
    }

    /**
     * The line for a base that is not OpenMetadata's API, with its fix: most often {@code hostPort} without
     * {@code /api}.
     *
     * @param answered what answered, e.g. {@code answered 404 to GET /v1/system/version}
     */
    static String notTheApi(String base, String answered) {
        String fix = base.endsWith("/api")
                ? "check workflowConfig.openMetadataServerConfig.hostPort names the OpenMetadata server (e.g. http://localhost:8585/api)"
                : "workflowConfig.openMetadataServerConfig.hostPort should end in /api (" + base + "/api)";
        return "OpenMetadata at " + base + " " + answered + "; " + fix;
    }

    /**
     * Makes a call, turning an unreachable server or a refused token into a {@link ConnectionException}; a 5xx
     * the retries did not get past, or an HTML page in place of OpenMetadata's JSON, is an unreachable server
     * named by {@code hostPort}, and any other refusal names the server too.
     */
    public static <T> T connect(OpenMetadataClient client, Call<T> call) throws ConnectionException {
        try {
            return call.call();
        } catch (OpenMetadataUnavailableException e) {
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, e.getMessage(), e);
        } catch (OpenMetadataAuthException e) {
            // Its message names the fix already (the token's setting, or the permission a 403 names), as mid-run.
            throw new ConnectionException(e.status() == 403 ? ConnectionException.Reason.PERMISSION
                    : ConnectionException.Reason.AUTHENTICATION, e.getMessage());
        } catch (OpenMetadataTlsException e) {
            // Its message names the setting to change (verifySSL, sslConfig), not hostPort.
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, e.getMessage(), e);
        } catch (java.net.http.HttpTimeoutException e) {
            // The client's line already names the server, the call and the timeout.
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, e.getMessage(), e);
        } catch (IOException e) {
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                    "cannot reach OpenMetadata at " + client.baseUrl() + " ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "); check workflowConfig.openMetadataServerConfig.hostPort", e);
        } catch (OpenMetadataClient.Unusable e) {
            // A 5xx or a page not OpenMetadata's before the run wrote anything: the server, not the call, is at fault.
            throw e.whenConnecting();
        } catch (OpenMetadataApiException e) {
            // Named by hostPort: at start, which server answered is what a user checks first.
            throw new ConnectionException(ConnectionException.Reason.OTHER,
                    "OpenMetadata at " + client.baseUrl() + ": " + e.getMessage(), e);
        }
    }
}
