package io.metaingest.openmetadata;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.SinkUnavailableException;

/**
 * The server went away mid-run: a call was refused for all its retries, or several calls in a row
 * failed on the server's side (timeouts, resets, 5xx). Nothing more can be written, so this ends the
 * run once, as a connection failure (its cause is a {@link ConnectionException}, exit code 3),
 * rather than failing every remaining record after its own retries.
 */
public class OpenMetadataUnavailableException extends SinkUnavailableException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message naming the server and the fix. */
    public OpenMetadataUnavailableException(String message) {
        super(message, new ConnectionException(ConnectionException.Reason.UNREACHABLE, message));
    }
}
