package io.metaingest.toolkit;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.UserFacingMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * A vendor API call that did not succeed: an HTTP error with the vendor's code and message, a body
 * that is not what the endpoint promises, a network failure after the retries, or paging that would
 * loop. The message names the method and the path ({@link #endpoint()}), never the query string, a
 * header or a credential; it is shown to users as it is, without the class name ({@link UserFacingMessage}).
 */
public class VendorApiException extends RuntimeException implements UserFacingMessage {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as a caller acts on it. */
    public enum Kind {
        /** The vendor answered with an error status. */
        HTTP,
        /**
         * No connection could be made: unknown host, refused (retried only once the service has answered);
         * or, after the retries, every connection was closed or reset before an answer while the service
         * had not answered once in this client's life (a port that does not speak HTTP, a dead proxy).
         */
        UNREACHABLE,
        /**
         * The service was given up for this client's life: calls in a row failed on its side
         * ({@link JsonHttpClient.Builder#giveUpAfter(int)}); later calls are not sent.
         */
        UNAVAILABLE,
        /** Connection reset or another I/O failure, after the retries, of a service that has answered before. */
        NETWORK,
        /**
         * The host accepted the connection but did not answer within {@link RetryPolicy#requestTimeout()}
         * (once before it ever answered, or {@value JsonHttpClient#MAX_TIMEOUTS} times after).
         */
        TIMEOUT,
        /** The answer was not the JSON the endpoint promises. */
        MALFORMED,
        /**
         * Paging would loop (a repeated cursor, an offset that does not advance), or the listing read to
         * its end is incomplete (an item served again, a total that changed or was not reached: {@link DistinctItems}).
         */
        PAGING,
        /** The calling thread was interrupted. */
        INTERRUPTED
    }

    private final Kind kind;
    private final String endpoint;
    private final String host;
    private final int httpStatus;
    private final transient VendorError vendorError;
    /** The earlier call whose refused credentials kept this one from being sent, or null: this call was sent. */
    private final VendorApiException refusedEarlier;

    /**
     * Creates an exception; {@code message} must already be free of secrets.
     *
     * @param kind what went wrong
     * @param endpoint method and path, e.g. {@code GET /v1/groups}
     * @param host scheme and authority of the API, e.g. {@code https://api.fivetran.com}, or null
     * @param httpStatus the HTTP status, 0 when no response decides the failure
     * @param vendorError the vendor's code and message, {@link VendorError#NONE} when unknown
     * @param message the full one-line message
     * @param cause the cause, or null
     */
    public VendorApiException(Kind kind, String endpoint, String host, int httpStatus, VendorError vendorError,
                              String message, Throwable cause) {
        this(kind, endpoint, host, httpStatus, vendorError, message, cause, null);
    }

    private VendorApiException(Kind kind, String endpoint, String host, int httpStatus, VendorError vendorError,
                               String message, Throwable cause, VendorApiException refusedEarlier) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.endpoint = endpoint;
        this.host = host;
        this.httpStatus = httpStatus;
        this.vendorError = vendorError == null ? VendorError.NONE : vendorError;
        this.refusedEarlier = refusedEarlier;
    }

    /**
     * {@code endpoint}, not sent because the service refused the credentials of {@code refusal}'s call
     * ({@link JsonHttpClient#refusedCredentials()}): the same kind, status and vendor error, so callers act on it alike.
     */
    static VendorApiException notSent(String endpoint, VendorApiException refusal) {
        return new VendorApiException(refusal.kind(), endpoint, refusal.host(), refusal.httpStatus(), refusal.vendorError(),
                endpoint + ": not sent, the credentials were refused (" + refusal.getMessage() + ")", refusal, refusal);
    }

    /**
     * {@code endpoint}, not sent because an earlier call's answer asked to wait until {@code until}, longer than the
     * policy waits: the same kind, status and vendor error as that answer, so callers act on it alike.
     */
    static VendorApiException heldBack(String endpoint, VendorApiException answer, java.time.Instant until) {
        return new VendorApiException(answer.kind(), endpoint, answer.host(), answer.httpStatus(), answer.vendorError(),
                endpoint + ": not sent before " + until.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + ", the end of the wait an earlier answer asked for (" + answer.getMessage() + ")", answer);
    }

    /** A body that is not what {@code endpoint} promises. */
    public static VendorApiException malformed(String endpoint, String what, Throwable cause) {
        return new VendorApiException(Kind.MALFORMED, endpoint, null, 0, VendorError.NONE,
                endpoint + ": " + what, cause);
    }

    /** Paging of {@code endpoint} that would loop or skip. */
    public static VendorApiException paging(String endpoint, String what) {
        return new VendorApiException(Kind.PAGING, endpoint, null, 0, VendorError.NONE, endpoint + ": " + what, null);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** Method and path of the call, without the query string, e.g. {@code GET /v1/groups}. */
    public String endpoint() {
        return endpoint;
    }

    /** Scheme and authority of the API, or null when not known. */
    public String host() {
        return host;
    }

    /** The HTTP status, or 0 when no response decides the failure (network, malformed body, paging). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's code and message. */
    public VendorError vendorError() {
        return vendorError;
    }

    /**
     * The earlier call whose credentials the service refused, when this call was not sent because of it; empty when
     * this call was sent. Its status and vendor error are that call's: a caller wording an answer must not say this
     * call got it.
     */
    public Optional<VendorApiException> refusedEarlier() {
        return Optional.ofNullable(refusedEarlier);
    }

    /** The vendor's error code, or null. */
    public String vendorCode() {
        return vendorError.code();
    }

    /** The vendor's error message, or null. */
    public String vendorMessage() {
        return vendorError.message();
    }

    /**
     * Maps a failure of the first call of a run (or of test-connection) to what the user must fix:
     * 401 → {@code AUTHENTICATION}, 403 → {@code PERMISSION}, 404 → {@code NOT_FOUND}, no connection →
     * {@code UNREACHABLE}, no answer within the request timeout → {@code UNREACHABLE} (the hint names
     * the address to check), anything else → {@code OTHER}. The message keeps the vendor's code and
     * message and ends with the connector's hint; for another HTTP status or a body that is not the
     * endpoint's JSON, {@link ConnectionHints#address()}, unless the message names a setting already.
     */
    public ConnectionException toConnectionException(ConnectionHints hints) {
        String vendor = vendorError.isEmpty() ? ""
                : " (" + (vendorError.code() == null ? "" : vendorError.code() + ": ")
                        + Objects.toString(vendorError.message(), "") + ")";
        String at = host == null ? "" : " at " + host;
        if (kind == Kind.UNREACHABLE || kind == Kind.UNAVAILABLE) {
            return new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                    hints.vendor() + " API unreachable: " + getMessage() + "; " + hints.unreachable(), this);
        }
        if (kind == Kind.TIMEOUT) {
            return new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                    hints.vendor() + " API did not answer: " + getMessage() + "; " + hints.unreachable(), this);
        }
        if (kind == Kind.MALFORMED) {
            return other(hints);
        }
        if (kind != Kind.HTTP) {
            return new ConnectionException(ConnectionException.Reason.OTHER, getMessage(), this);
        }
        return switch (httpStatus) {
            case 401 -> new ConnectionException(ConnectionException.Reason.AUTHENTICATION,
                    hints.vendor() + " refused the credentials: HTTP 401" + vendor + "; " + hints.authentication(), this);
            case 403 -> new ConnectionException(ConnectionException.Reason.PERMISSION,
                    hints.vendor() + " denied access: HTTP 403" + vendor + "; " + hints.permission(), this);
            case 404 -> new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                    hints.vendor() + " API not found" + at + ": " + endpoint + " HTTP 404" + vendor + "; "
                            + hints.notFound(), this);
            // The service's rate limit (the toolkit's line says so, and when to run again): no setting to check.
            case 429 -> new ConnectionException(ConnectionException.Reason.OTHER, getMessage()
                    + (getMessage().contains("rate limit") ? "" : "; " + hints.vendor() + JsonHttpClient.RATE_LIMITED), this);
            default -> other(hints);
        };
    }

    /** An answer that fails the first call for another reason: the setting that addressed it is what to check. */
    private ConnectionException other(ConnectionHints hints) {
        // An answer judged no answer of this API (an HTML page) names the setting already.
        boolean named = getMessage() != null && getMessage().contains(ConnectionPath.PREFIX + ".");
        return new ConnectionException(ConnectionException.Reason.OTHER,
                getMessage() + (named ? "" : "; " + hints.address()), this);
    }
}
