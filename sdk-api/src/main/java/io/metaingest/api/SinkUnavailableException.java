package io.metaingest.api;

/**
 * A sink cannot go on: its destination refuses every further record (a full disk, a file that
 * cannot be written, OpenMetadata answering 401). Thrown from any {@link Sink} method, it ends the
 * run as {@code failed} with this exception's message as the run's one-line reason, instead of
 * failing each remaining record one by one.
 *
 * <p>The message is shown to users as is ({@link UserFacingMessage}): one line that names the destination (a path, a URL) and
 * the cause, never a secret. Unchecked so that it passes through the streams that carry records.
 */
public class SinkUnavailableException extends RuntimeException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line, secret-free message naming the destination. */
    public SinkUnavailableException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line, secret-free message and its cause. */
    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
