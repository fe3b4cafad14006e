package io.metaingest.connectors.microstrategy;

/**
 * A MicroStrategy call that did not succeed: an HTTP error with the vendor's {@code code},
 * {@code message} and {@code ticketId}, a malformed body, or a network failure. The message names the
 * method and path and carries the vendor's words, never a credential or the session token.
 */
public final class MicroStrategyApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String vendorCode;

    MicroStrategyApiException(String message, int httpStatus, String vendorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.vendorCode = vendorCode;
    }

    /** The HTTP status, or 0 when no response arrived or its body was malformed. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's error code, e.g. {@code ERR009}, or null. */
    public String vendorCode() {
        return vendorCode;
    }
}
