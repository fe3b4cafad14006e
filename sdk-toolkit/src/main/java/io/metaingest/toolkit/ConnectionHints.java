package io.metaingest.toolkit;

import java.util.Objects;

/**
 * What a connector tells its user to check for each kind of connection failure; used by
 * {@link VendorApiException#toConnectionException(ConnectionHints)}. A hint names the fields by their
 * path in the workflow file ({@link io.metaingest.api.ConnectionPath}), e.g.
 * {@code "check " + ConnectionPath.of("hostPort")}.
 *
 * @param vendor the vendor's name as users know it, e.g. {@code Fivetran}
 * @param authentication the fix for refused credentials (401), e.g. "check source.serviceConnection.config.apiKey and …apiSecret"
 * @param permission the fix for denied access (403)
 * @param notFound the fix for a missing API or account (404), e.g. "check source.serviceConnection.config.hostPort"
 * @param unreachable the fix for an unknown host or refused connection, e.g. "check source.serviceConnection.config.hostPort"
 * @param address the fix for any other answer that fails the first call (another 4xx, a 5xx left after the
 *        retries, a body that is not the endpoint's JSON): the setting whose value addressed the endpoint,
 *        e.g. "check source.serviceConnection.config.hostPort"
 */
public record ConnectionHints(String vendor, String authentication, String permission, String notFound,
                              String unreachable, String address) {

    /** Checks that every hint is given. */
    public ConnectionHints {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(notFound, "notFound");
        Objects.requireNonNull(unreachable, "unreachable");
        Objects.requireNonNull(address, "address");
    }

    /** Hints whose {@link #address()} is the {@code unreachable} one: one setting holds the API's address. */
    public ConnectionHints(String vendor, String authentication, String permission, String notFound,
                           String unreachable) {
        this(vendor, authentication, permission, notFound, unreachable, unreachable);
    }
}
