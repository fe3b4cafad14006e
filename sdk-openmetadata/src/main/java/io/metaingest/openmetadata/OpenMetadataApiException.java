package io.metaingest.openmetadata;

import io.metaingest.api.UserFacingMessage;

/**
 * The server refused one request (400 for an invalid body, 404 for an unknown FQN or parent, 409, …).
 * It concerns one entity only: the sink records it as that entity's failure and the run goes on.
 * The message carries the server's own words, and is shown to users as it is ({@link UserFacingMessage}).
 */
public class OpenMetadataApiException extends Exception implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** Creates the exception for an HTTP status and a one-line message. */
    public OpenMetadataApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the server answered. */
    public int status() {
        return status;
    }
}
