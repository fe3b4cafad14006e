package io.metaingest.connectors.postgres;

import io.metaingest.api.ConnectionException;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;

/**
 * The server went away during the run (stopped, restarted, the network cut): the run ends at once as
 * a connection failure, rather than recording every table still to read as a failure of its own.
 * Unchecked, so that it leaves a record stream the runner is reading; the runner finds the
 * {@link ConnectionException} in its causes.
 */
final class ConnectionLost extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ConnectionLost(ConnectionException cause) {
        super(cause.getMessage(), cause);
    }

    /**
     * The end of the run when {@code failure} says the connection is gone (a connection exception's
     * SQLSTATE class 08, or the server shutting down: 57P01-57P03), or when a new connection
     * could not be opened; empty for a failure of one query. Throws an {@link OutOfMemoryError} found in
     * {@code failure}'s causes. {@code readTimeoutSeconds} is the connection's read timeout, which a
     * read that timed out names ({@link PostgresClient#readTimeoutInForce(long)}).
     */
    static Optional<ConnectionLost> of(Throwable failure, long readTimeoutSeconds) {
        // The driver wraps running out of memory in an SQLException ("Ran out of memory retrieving query
        // results"): no failure of one database or table, the run cannot go on.
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                throw oom;
            }
        }
        if (failure instanceof ConnectionException unreachable) {
            return Optional.of(new ConnectionLost(unreachable));
        }
        if (failure instanceof SQLException sql && readTimedOut(sql)) {
            return Optional.of(new ConnectionLost(new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                    "PostgreSQL stopped answering: " + noAnswer(readTimeoutSeconds) + ", so the"
                    + " server or the network is stuck; check the server, or raise socketTimeout (seconds) if a"
                    + " statement legitimately takes longer", sql)));
        }
        if (failure instanceof SQLException sql && endedByServer(sql)) {
            return Optional.of(new ConnectionLost(new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                    "lost the connection to PostgreSQL: " + PostgresClient.oneLine(sql.getMessage()), sql)));
        }
        return Optional.empty();
    }

    /**
     * What a read that timed out waited for, naming the read timeout in force ({@code readTimeoutSeconds},
     * 0 or less when not known) and the settings that make it.
     */
    static String noAnswer(long readTimeoutSeconds) {
        return "no answer within the read timeout" + (readTimeoutSeconds > 0 ? " of " + readTimeoutSeconds + " s" : "")
                + " (connectionArguments.socketTimeout, by default the statement timeout and "
                + PostgresClient.READ_MARGIN_SECONDS + " s)";
    }

    /**
     * The server ended this connection (SQLSTATE class 08, or 57P01-57P03: a terminated backend, a
     * shutdown, a connection cut): whether the server itself is gone only a new connection tells. A
     * read timeout is one too (08006): ask {@link #readTimedOut} first. A class 08 error the server
     * answered with is not: it is a connection the statement made elsewhere failing (a view's dblink, a
     * foreign table's server), while this session lives on; the driver raises class 08 for its own.
     */
    static boolean endedByServer(SQLException failure) {
        String state = failure.getSQLState();
        if (state == null) {
            return false;
        }
        boolean answered = failure instanceof PSQLException p && p.getServerErrorMessage() != null;
        return (state.startsWith("08") && !answered) || state.matches("57P0[1-3]");
    }

    /** The driver's read timeout ended the wait for an answer (socketTimeout). */
    static boolean readTimedOut(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException timeout) {
                return timeout.getMessage() != null && timeout.getMessage().startsWith("Read timed out");
            }
        }
        return false;
    }
}
