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
 */
public record ApiResponse(String endpoint, int status, HttpHeaders headers, JsonNode body, String rawBody) {

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
