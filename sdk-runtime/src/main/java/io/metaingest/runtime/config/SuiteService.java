package io.metaingest.runtime.config;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.runtime.registry.RegisteredSpec;

/**
 * One service of a test suite, resolved and bound: {@code sourceConfig.config.serviceConnections[i]}.
 *
 * @param serviceName {@code serviceName}: the first part of its tables' FQNs
 * @param spec the connector of its {@code serviceConnection.config.type}
 * @param connection the bound connection record (the spec's {@code connectionType()})
 * @param configPath where its connection's settings are in the workflow file, e.g.
 *                   {@code source.sourceConfig.config.serviceConnections[0].serviceConnection.config}
 * @param origin where the connection came from: the file's entry, or the OpenMetadata server when the
 *               entry has only its {@code serviceName}
 */
public record SuiteService(String serviceName, RegisteredSpec spec, Object connection, String configPath,
                           ConnectionOrigin origin) {

    /** A service whose connection is the file's. */
    public SuiteService(String serviceName, RegisteredSpec spec, Object connection, String configPath) {
        this(serviceName, spec, connection, configPath, ConnectionOrigin.FILE);
    }

    /**
     * A connector's connection failure with the fields it names located in this service's entry:
     * connectors name them under {@link ConnectionPath#PREFIX}, a single service's place; for a
     * connection read from the server, that OpenMetadata service is named instead.
     */
    public ConnectionException located(ConnectionException e) {
        if (origin != ConnectionOrigin.FILE) {
            return origin.located(e);
        }
        String message = located(e.getMessage());
        ConnectionException located = new ConnectionException(e.reason(), message, e.getCause() == null ? e : e.getCause());
        located.setStackTrace(e.getStackTrace());
        return located;
    }

    /** A message naming connection fields under {@link ConnectionPath#PREFIX}, located as {@link #located(ConnectionException)} does. */
    public String located(String message) {
        if (origin != ConnectionOrigin.FILE) {
            return origin.located(message);
        }
        return message == null ? null : message.replace(ConnectionPath.PREFIX + ".", configPath + ".");
    }
}
