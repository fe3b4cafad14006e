package io.metaingest.api;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure of one entity, as OpenMetadata reports it.
 *
 * @param name what failed (an FQN or a vendor id)
 * @param error a one-line description of why
 * @param stackTrace the stack trace, or {@code null} when there was no exception
 */
public record StepError(String name, String error, String stackTrace) {

    /** Builds an error from an exception: its one-line message and its stack trace. */
    public static StepError of(String name, Throwable cause) {
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        return new StepError(name, oneLine(cause), trace.toString());
    }

    /**
     * {@code SimpleName: message} on one line, the way errors are printed to users; the message alone
     * for an exception marked {@link UserFacingMessage}, since it is written for them.
     */
    public static String oneLine(Throwable cause) {
        String message = cause.getMessage();
        String text = message == null || message.isBlank()
                ? cause.getClass().getSimpleName()
                : cause instanceof UserFacingMessage ? message
                : cause.getClass().getSimpleName() + ": " + message;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
