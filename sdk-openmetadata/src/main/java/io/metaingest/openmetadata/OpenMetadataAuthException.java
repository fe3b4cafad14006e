package io.metaingest.openmetadata;

/**
 * The server refused the token (401) or the bot's rights (403). Nothing more can be written, so
 * this ends the run as a connection failure rather than failing every remaining record. Unchecked
 * so that it passes through the streams that carry records.
 */
public class OpenMetadataAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message. */
    public OpenMetadataAuthException(String message) {
        super(message);
    }
}
