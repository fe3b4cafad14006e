package io.metaingest.openmetadata;

import java.io.EOFException;
import java.util.Locale;

/**
 * Words a network failure for users: what happened to the connection, not the JDK's exception and its
 * parser's wording ({@code java.io.IOException: HTTP/1.1 header parser received no bytes}).
 */
final class IoFailures {

    private IoFailures() {
    }

    /** What happened to the connection, e.g. {@code the connection closed before an answer}. */
    static String describe(Throwable failure) {
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
