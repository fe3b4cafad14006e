package io.metaingest.toolkit;

import io.metaingest.api.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link JsonHttpClient} authenticates its requests. Asked for {@link #headers()} before every
 * attempt, so a renewed session applies to the next attempt. A session-based API (MicroStrategy's
 * {@code X-MSTR-AuthToken}) answers {@link #sessionExpired(ApiResponse)} and {@link #renew(Map)}; the
 * client then renews once and sends the request again. {@link SessionAuthenticator} does the locking
 * for such APIs.
 *
 * <p>Implementations must be thread-safe: workers call them concurrently.
 */
public interface Authenticator {

    /**
     * Called once by the {@link JsonHttpClient} this authenticator was built into, so that a session
     * login can go through the same client (with {@link ApiRequest#withoutAuth()}). Default: nothing.
     */
    default void attach(JsonHttpClient client) {
    }

    /** The headers that authenticate a request now (empty for none). */
    Map<String, String> headers();

    /**
     * Whether this error response means the session expired and a renewed one may succeed. Called
     * for every non-2xx response of an authenticated request; the default says never.
     */
    default boolean sessionExpired(ApiResponse response) {
        return false;
    }

    /**
     * Renews the session (logs in again). {@code stale} are the headers the refused request carried;
     * when several workers see the expiry at once, only the first should log in again, the others
     * find {@link #headers()} already different from {@code stale} and return.
     */
    default void renew(Map<String, String> stale) {
    }

    /**
     * Values that must never appear in an error message, such as a password a vendor echoes back.
     * The client removes them (as is and URL-encoded) from every message it builds.
     */
    default List<String> secrets() {
        return List.of();
    }

    /** No authentication. */
    static Authenticator none() {
        return Map::of;
    }

    /** HTTP Basic authentication ({@code Authorization: Basic base64(user:password)}). */
    static Authenticator basic(String user, Secret password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String pair = user + ":" + password.reveal();
        String value = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        return header("Authorization", value, password.reveal());
    }

    /**
     * A fixed header carrying a secret, e.g. {@code header("Authorization", "Token ", token)} for dbt
     * Cloud or {@code header("Authorization", "Bearer ", token)}.
     */
    static Authenticator header(String name, String prefix, Secret secret) {
        Objects.requireNonNull(secret, "secret");
        return header(name, prefix + secret.reveal(), secret.reveal());
    }

    private static Authenticator header(String name, String value, String secret) {
        Map<String, String> headers = Map.of(name, value);
        List<String> secrets = List.of(secret);
        return new Authenticator() {
            @Override
            public Map<String, String> headers() {
                return headers;
            }

            @Override
            public List<String> secrets() {
                return secrets;
            }
        };
    }
}
