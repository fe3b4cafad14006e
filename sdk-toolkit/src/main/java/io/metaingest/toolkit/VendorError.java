package io.metaingest.toolkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The vendor's own account of a failed call, as read from the error body.
 *
 * @param code the vendor's error code (e.g. {@code NotFound_Connector}, {@code ERR009}), or null
 * @param message the vendor's error message, or null
 */
public record VendorError(String code, String message) {

    /** Nothing known. */
    public static final VendorError NONE = new VendorError(null, null);

    /** Reads the error from a response body; a connector passes its own when the common one does not fit. */
    @FunctionalInterface
    public interface Reader {

        /** The error in {@code body} (never null; {@link #NONE} when the body holds none). */
        VendorError read(JsonNode body);
    }

    /**
     * Reads the common shapes: {@code code}/{@code message} at the top (Fivetran, MicroStrategy), under
     * {@code status} ({@code code}, {@code user_message} or {@code developer_message}: dbt Cloud) or under
     * {@code error}; also {@code errorCode}, {@code error_code}, {@code detail}, {@code error_description}.
     */
    public static final Reader COMMON = body -> {
        if (body == null || !body.isObject()) {
            return NONE;
        }
        for (JsonNode holder : new JsonNode[] {body, body.path("status"), body.path("error")}) {
            if (!holder.isObject()) {
                continue;
            }
            String code = text(holder, "code", "errorCode", "error_code", "error");
            String message = text(holder, "message", "user_message", "developer_message", "errorMessage",
                    "detail", "error_description");
            if (code != null || message != null) {
                return new VendorError(code, message);
            }
        }
        return NONE;
    };

    /** Whether neither code nor message is known. */
    public boolean isEmpty() {
        return code == null && message == null;
    }

    /** {@code " CODE: message"}, {@code " CODE"}, {@code ": message"} or empty, for error texts. */
    String suffix() {
        return (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
    }

    private static String text(JsonNode holder, String... names) {
        for (String name : names) {
            JsonNode value = holder.get(name);
            if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
