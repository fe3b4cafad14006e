package io.metaingest.openmetadata;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.SinkUnavailableException;

/**
 * The server refused the token (401) or the bot's rights (403). Nothing more can be written, so
 * this ends the run once, as a connection failure (its cause is a {@link ConnectionException}),
 * rather than failing every remaining record.
 */
public class OpenMetadataAuthException extends SinkUnavailableException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message. */
    public OpenMetadataAuthException(int status, String message) {
        super(message, new ConnectionException(status == 403 ? ConnectionException.Reason.PERMISSION
                : ConnectionException.Reason.AUTHENTICATION, message));
    }
}
