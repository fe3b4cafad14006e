package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ServiceCategory;

/**
 * Reads a service's connection from the server, for a workflow without
 * {@code source.serviceConnection} (OpenMetadata's documented behaviour): {@code GET
 * /v1/services/<category>Services/name/{serviceName}} and its {@code connection.config}. The
 * server returns secrets in clear only to a bot allowed to see them; what it returns is never logged.
 */
public final class ServiceConnectionReader {

    private final OpenMetadataClient client;

    /** Creates a reader on a client. */
    public ServiceConnectionReader(OpenMetadataClient client) {
        this.client = client;
    }

    /**
     * The {@code connection.config} object of the service.
     *
     * @throws ConnectionException when the server cannot be reached or refuses the token
     * @throws MissingConnectionException when the server has no such service, or one without a connection;
     *         its message completes "source.serviceConnection is missing, and …"
     */
    public JsonNode read(String serviceName, ServiceCategory category) throws ConnectionException, MissingConnectionException {
        String type = EntityCollections.serviceEntityType(category);
        String path = EntityCollections.byName(type, serviceName).orElseThrow();
        JsonNode service = OpenMetadataConnections.connect(client, () -> client.get(path)).orElseThrow(() ->
                new MissingConnectionException(client.baseUrl() + " has no " + type + " named '" + serviceName
                        + "'; add source.serviceConnection or create the service on the server"));
        JsonNode config = service.path("connection").path("config");
        if (!config.isObject()) {
            throw new MissingConnectionException("the " + type + " '" + serviceName + "' on " + client.baseUrl()
                    + " has no connection; add source.serviceConnection");
        }
        return config;
    }

    /** The server cannot supply the connection: a configuration problem (exit code 2). */
    public static final class MissingConnectionException extends Exception {
        private static final long serialVersionUID = 1L;

        /** Creates the exception with a one-line message naming the fix. */
        public MissingConnectionException(String message) {
            super(message);
        }
    }
}
