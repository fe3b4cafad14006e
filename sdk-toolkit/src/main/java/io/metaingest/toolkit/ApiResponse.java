package io.metaingest.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/**
 * An answer of a vendor API.
 *
 * @param endpoint method and path of the call, without the query, e.g. {@code GET /v1/groups}
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the JSON body; {@link com.fasterxml.jackson.databind.node.MissingNode} when empty or,
 *             for an error response, not JSON
 * @param rawBody the body's first line when it is not JSON (an HTML page from a proxy), else null
 * @param afterUnknownOutcome whether an earlier attempt of the same call may have been applied without
 *                            its answer arriving (a 5xx, a reset or a timeout after the request went
 *                            out), so a 200 to a retried create may answer that attempt's own write
 */
public record ApiResponse(String endpoint, int status, HttpHeaders headers, JsonNode body, String rawBody,
                          boolean afterUnknownOutcome) {

    /** An answer to a call's first attempt, or to a retry after attempts that were not applied. */
    public ApiResponse(String endpoint, int status, HttpHeaders headers, JsonNode body, String rawBody) {
        this(endpoint, status, headers, body, rawBody, false);
    }

    /** This answer, marked as coming after an attempt whose outcome is unknown. */
    ApiResponse afterUnknownOutcome(boolean unknown) {
        return unknown == afterUnknownOutcome ? this : new ApiResponse(endpoint, status, headers, body, rawBody, unknown);
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
