package io.metaingest.connectors.fivetran;

/**
 * A Fivetran call that did not succeed: an HTTP error with the vendor's {@code code} and
 * {@code message}, a malformed body, or a network failure after the retries. The message names the
 * method and path, never a credential.
 */
public final class FivetranApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String vendorCode;
    private final String vendorMessage;

    FivetranApiException(String message, int httpStatus, String vendorCode, String vendorMessage, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.vendorCode = vendorCode;
        this.vendorMessage = vendorMessage;
    }

    /** The HTTP status, or 0 when no response arrived (network failure) or the body was malformed. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The vendor's error {@code code}, e.g. {@code NotFound_Connector}, or null. */
    public String vendorCode() {
        return vendorCode;
    }

    /** The vendor's error {@code message}, or null. */
    public String vendorMessage() {
        return vendorMessage;
    }
}
