package io.metaingest.connectors.postgres;

import io.metaingest.api.UserFacingMessage;
import java.sql.SQLException;

/**
 * An error the server (or the driver) reported, as users read it: the server's text on one line,
 * without the driver's class name in front ({@link UserFacingMessage}) and without the
 * {@code Position: N} of the statement we built, which points into SQL the user never saw. The
 * SQLSTATE and the driver's exception (as the cause, for --debug) are kept, so callers still tell
 * failures apart by state.
 */
final class ServerError extends SQLException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    private ServerError(String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /** {@code failure} as users read it; already such an error, or not a SQL one, it is returned as is. */
    static Throwable of(Throwable failure) {
        if (!(failure instanceof SQLException sql) || failure instanceof UserFacingMessage) {
            return failure;
        }
        return new ServerError(text(sql), sql);
    }

    /** The server's message on one line, without the statement position. */
    static String text(SQLException sql) {
        return PostgresClient.oneLine(sql.getMessage() == null ? "" : sql.getMessage()
                .replaceAll("(?m)^\\s*(Internal )?Position: \\d+\\s*$", "")).strip();
    }
}
