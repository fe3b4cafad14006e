package io.metaingest.runtime.config;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import java.util.List;

/**
 * Where a workflow's connection came from: its file, or the OpenMetadata server when the file has no
 * {@code source.serviceConnection}. Connectors name the fields to fix under {@link ConnectionPath#PREFIX};
 * for a connection the server supplied that path is not in the user's file, so {@link #located} names
 * the service it came from instead.
 */
public sealed interface ConnectionOrigin {

    /** The connection is the file's {@code source.serviceConnection}: its paths are right as they are. */
    ConnectionOrigin FILE = new File();

    /** A connector's message, with the fields it names located where the user fixes them. */
    String located(String message);

    /**
     * Configuration problems, those of the connection saying where it came from when that is not the
     * file (a field the server's stored connection has and this connector refuses, say).
     */
    default List<ConfigProblem> locatedProblems(List<ConfigProblem> problems) {
        return problems;
    }

    /** A connector's connection failure, its message {@link #located(String) located}. */
    default ConnectionException located(ConnectionException e) {
        String message = located(e.getMessage());
        if (message == null || message.equals(e.getMessage())) {
            return e;
        }
        ConnectionException located = new ConnectionException(e.reason(), message, e.getCause() == null ? e : e.getCause());
        located.setStackTrace(e.getStackTrace());
        return located;
    }

    /** The file's {@code source.serviceConnection}. */
    record File() implements ConnectionOrigin {
        @Override
        public String located(String message) {
            return message;
        }
    }

    /**
     * The connection of an OpenMetadata service, read from the server because the file has none.
     *
     * @param serviceName {@code source.serviceName}: the service on the server
     * @param server the server's address ({@code workflowConfig.openMetadataServerConfig.hostPort})
     */
    record Server(String serviceName, String server) implements ConnectionOrigin {

        /**
         * The fields by their own names, and once, whose connection they are and the two ways to fix
         * it; a message that names no field of the connection is left as it is (it may be about
         * something else, such as the server itself).
         */
        @Override
        public String located(String message) {
            if (message == null || !message.contains(ConnectionPath.PREFIX + ".")) {
                return message;
            }
            return message.replace(ConnectionPath.PREFIX + ".", "") + whence();
        }

        @Override
        public List<ConfigProblem> locatedProblems(List<ConfigProblem> problems) {
            return problems.stream().map(p -> p.path().startsWith("source.serviceConnection")
                    ? p.reworded(p.path(), p.message() + whence()) : p).toList();
        }

        private String whence() {
            return "; the connection was read from OpenMetadata service '" + serviceName + "' at " + server
                    + " (the workflow has no source.serviceConnection): fix it on the server, or put serviceConnection"
                    + " in the workflow's source";
        }
    }
}
