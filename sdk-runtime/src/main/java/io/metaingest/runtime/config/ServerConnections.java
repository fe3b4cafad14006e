package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.ServiceCategory;

/**
 * Reads a service's connection from the OpenMetadata server, for a workflow without
 * {@code source.serviceConnection} (OpenMetadata's documented behaviour). The loader puts what it
 * returns where the file would have had it, so it is validated, bound and masked the same way.
 */
@FunctionalInterface
public interface ServerConnections {

    /** A loader that cannot read connections from a server: {@code source.serviceConnection} is required. */
    ServerConnections NONE = (workflowConfig, serviceName, category) -> {
        throw new Unavailable("missing; add serviceConnection.config with the connection settings");
    };

    /**
     * The service's {@code connection.config}.
     *
     * @param workflowConfig the workflow's {@code workflowConfig} (server and token)
     * @param serviceName {@code source.serviceName}
     * @param category the kind of service (its collection on the server): the category of the connector
     *                 {@code source.type} names, or database for a test suite's services
     * @throws Unavailable with a one-line, secret-free message naming the fix
     */
    JsonNode read(JsonNode workflowConfig, String serviceName, ServiceCategory category) throws Unavailable;

    /** The connection cannot be had from the server; the message is shown for {@code source.serviceConnection}. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean connectionFailure;

        /** Creates the exception with a one-line message: the configuration does not allow reading it. */
        public Unavailable(String message) {
            this(message, false);
        }

        /**
         * Creates the exception with a one-line message.
         *
         * @param connectionFailure whether the server could not be reached or refused the credentials,
         *                          which the CLI reports as a connection failure (exit 3), not as a
         *                          configuration problem
         */
        public Unavailable(String message, boolean connectionFailure) {
            super(message);
            this.connectionFailure = connectionFailure;
        }

        /** Whether the server could not be reached or refused the credentials. */
        public boolean connectionFailure() {
            return connectionFailure;
        }
    }
}
