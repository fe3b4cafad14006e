package io.metaingest.toolkit;

import java.io.EOFException;
import java.util.Locale;

/**
 * Words a network failure for users: what happened to the connection, not the JDK's exception and its
 * parser's wording ({@code java.io.IOException: HTTP/1.1 header parser received no bytes}). The one
 * wording of such failures, for {@link JsonHttpClient}'s messages and for callers that word their own.
 */
public final class NetworkFailures {

    private NetworkFailures() {
    }

    /**
     * What happened to the connection, read from {@code failure} and its causes: {@code the connection
     * closed before an answer}, {@code the connection was reset}, {@code the connection broke while the
     * request was sent}, or else {@code the connection failed (<the innermost message>)}.
     *
     * @param failure the I/O failure of a request, or null
     * @return a phrase without the exception's class name; it may quote the JDK's message, so a caller
     *         that sends credentials in URLs removes them from it
     */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String text = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || text.contains("received no bytes") || text.contains("closed")) {
                return "the connection closed before an answer";
            }
            if (text.contains("reset")) {
                return "the connection was reset";
            }
            if (text.contains("broken pipe")) {
                return "the connection broke while the request was sent";
            }
        }
        Throwable root = failure;
        while (root != null && root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return "the connection failed" + (root == null || root.getMessage() == null ? "" : " (" + root.getMessage() + ")");
    }
}
