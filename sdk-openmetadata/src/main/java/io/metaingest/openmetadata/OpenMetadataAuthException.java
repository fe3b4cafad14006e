package io.metaingest.openmetadata;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.SinkUnavailableException;

/**
 * The server refused the token (401), or accepted it but the bot's role lacks the permission for a call
 * (403, whose message names that permission, not the token). Nothing more can be written, so
 * this ends the run once, as a connection failure (its cause is a {@link ConnectionException}),
 * rather than failing every remaining record.
 */
public class OpenMetadataAuthException extends SinkUnavailableException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String answer;

    /**
     * Creates the exception with a one-line, secret-free message.
     *
     * @param answer the call and the server's answer alone, without the advice on the token or the permission
     */
    public OpenMetadataAuthException(int status, String message, String answer) {
        super(message, new ConnectionException(status == 403 ? ConnectionException.Reason.PERMISSION
                : ConnectionException.Reason.AUTHENTICATION, message));
        this.status = status;
        this.answer = answer;
    }

    /**
     * The call and the server's answer, e.g. {@code DELETE /v1/tables/… answered 403: Principal: … operations
     * [Delete] not allowed}: for a 403 that concerns one entity, where the token is not to blame.
     */
    public String answer() {
        return answer;
    }

    /** The HTTP status the server answered: 401 (token refused) or 403 (operation not allowed). */
    public int status() {
        return status;
    }
}
