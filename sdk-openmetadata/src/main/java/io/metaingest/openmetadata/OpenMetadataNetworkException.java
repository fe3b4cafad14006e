package io.metaingest.openmetadata;

import io.metaingest.api.UserFacingMessage;
import java.io.IOException;

/**
 * A call whose connection failed after the retries (closed before an answer, reset). The message is
 * written for users (the call, what happened, the attempts), so a failure line shows it without a
 * class name in front.
 */
public class OpenMetadataNetworkException extends IOException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message and its cause. */
    public OpenMetadataNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
