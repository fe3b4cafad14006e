package io.metaingest.toolkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a vendor API, relative to the client's base URI. Immutable; the {@code with…} methods
 * return changed copies.
 *
 * @param method the HTTP method
 * @param path the path below the client's base, starting with {@code /}; encode variable parts with
 *             {@link #segment(String)}
 * @param query query parameters in order, values not yet encoded
 * @param headers extra headers of this call
 * @param body a JSON body, or null
 * @param authenticated whether the client's {@link Authenticator} applies (false for a login call)
 */
public record ApiRequest(String method, String path, List<Map.Entry<String, String>> query,
                         Map<String, String> headers, JsonNode body, boolean authenticated) {

    /** Checks and copies. */
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (path.indexOf('?') >= 0) {
            throw new IllegalArgumentException("give query parameters with withQuery, not in the path: " + path);
        }
        query = List.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** A GET of {@code path}. */
    public static ApiRequest get(String path) {
        return new ApiRequest("GET", path, List.of(), Map.of(), null, true);
    }

    /** A POST of a JSON {@code body} to {@code path}. */
    public static ApiRequest post(String path, JsonNode body) {
        return new ApiRequest("POST", path, List.of(), Map.of(), body, true);
    }

    /** The same call with one more query parameter; a null value leaves the call unchanged. */
    public ApiRequest withQuery(String name, Object value) {
        if (value == null) {
            return this;
        }
        List<Map.Entry<String, String>> more = new ArrayList<>(query);
        more.add(Map.entry(name, String.valueOf(value)));
        return new ApiRequest(method, path, more, headers, body, authenticated);
    }

    /** The same call with one more header. */
    public ApiRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiRequest(method, path, query, more, body, authenticated);
    }

    /** The same call without the client's authentication, e.g. the login call itself. */
    public ApiRequest withoutAuth() {
        return new ApiRequest(method, path, query, headers, body, false);
    }

    /** The path and the encoded query string, as sent. */
    public String target() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder target = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : query) {
            target.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return target.toString();
    }

    /** Encodes one path segment; names from a vendor may hold spaces, slashes or {@code %}. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        // Never the query or the headers: either may carry a secret; a very long segment shortened.
        return method + " " + ConfiguredValue.inPath(path);
    }
}
