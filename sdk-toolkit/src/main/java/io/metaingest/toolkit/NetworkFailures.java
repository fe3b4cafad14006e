package io.metaingest.toolkit;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;

/**
 * Words a network failure for users: what happened to the connection, not the JDK's exception and its
 * parser's wording ({@code java.io.IOException: HTTP/1.1 header parser received no bytes}). The one
 * wording of such failures, for {@link JsonHttpClient}'s messages and for callers that word their own.
 */
public final class NetworkFailures {

    private NetworkFailures() {
    }

    /**
     * Why no connection was made, when {@code failure} or one of its causes says none was: {@code connection refused},
     * {@code no such host name}, {@code no route to host} or {@code no connection within the connect timeout}. Empty
     * when a connection was made (or the failure says nothing of it). The JDK's {@link ConnectException} mostly has no
     * message, so its class name is all a caller would otherwise show.
     *
     * @param failure the failure of a request or a connector's call, or null
     * @return the reason, without the exception's class name or the JDK's wording
     */
    public static Optional<String> unreachable(Throwable failure) {
        // The most precise cause anywhere in the chain wins: the JDK wraps an unresolved name in a ConnectException.
        if (causedBy(failure, HttpConnectTimeoutException.class)) {
            return Optional.of("no connection within the connect timeout");
        }
        if (causedBy(failure, UnknownHostException.class) || causedBy(failure, UnresolvedAddressException.class)) {
            return Optional.of("no such host name");
        }
        if (causedBy(failure, NoRouteToHostException.class)) {
            return Optional.of("no route to host");
        }
        return causedBy(failure, ConnectException.class) ? Optional.of("connection refused") : Optional.empty();
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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
