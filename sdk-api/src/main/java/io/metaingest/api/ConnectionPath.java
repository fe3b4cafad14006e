package io.metaingest.api;

import java.util.Objects;

/**
 * Where a connection's settings live in a workflow file, for hints that name a field to fix: the
 * user finds {@code source.serviceConnection.config.hostPort} in the file, where a bare
 * {@code hostPort} could be any step's. One prefix for every connector and the runtime; the runtime
 * puts the hint where the connection really is when it is elsewhere (a test suite's service entry, or
 * the OpenMetadata service it was read from when the file has no {@code serviceConnection}).
 */
public final class ConnectionPath {

    /** The connection's settings: {@code source.serviceConnection.config}. */
    public static final String PREFIX = "source.serviceConnection.config";

    private ConnectionPath() {
    }

    /**
     * The path of a connection field, e.g. {@code of("authType.password")} is
     * {@code source.serviceConnection.config.authType.password}.
     */
    public static String of(String field) {
        Objects.requireNonNull(field, "field");
        return PREFIX + "." + field;
    }

    /** The paths of connection fields as a message lists them: {@code a and b}, {@code a, b and c}. */
    public static String of(String first, String... more) {
        StringBuilder out = new StringBuilder(of(first));
        for (int i = 0; i < more.length; i++) {
            out.append(i == more.length - 1 ? " and " : ", ").append(of(more[i]));
        }
        return out.toString();
    }
}
