package io.metaingest.openmetadata;

import io.metaingest.api.UserFacingMessage;
import java.io.IOException;

/**
 * The TLS handshake with the server failed (its certificate not trusted, not naming the host, a plain
 * HTTP port): the message names the call, the reason and the setting that fixes it ({@code verifySSL},
 * {@code sslConfig}, or {@code hostPort}'s scheme), in one line for users.
 */
public class OpenMetadataTlsException extends IOException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message and its cause. */
    public OpenMetadataTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
