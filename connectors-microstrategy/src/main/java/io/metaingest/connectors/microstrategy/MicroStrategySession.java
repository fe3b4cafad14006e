package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.connectors.microstrategy.api.MstrError;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.ApiResponse;
import io.metaingest.toolkit.JsonHttpClient;
import io.metaingest.toolkit.SessionAuthenticator;
import io.metaingest.toolkit.VendorApiException;
import io.metaingest.toolkit.VendorError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Library REST session: {@code POST /api/auth/login} answers 204 with the token in
 * {@code X-MSTR-AuthToken} and a {@code JSESSIONID} cookie, and both go with every later call,
 * because the REST server keeps its state in the HTTP session. A 401 {@code ERR009} means the session
 * is invalid or timed out; the toolkit's client then logs in once more and sends the call again.
 * The password and the token are secrets: never logged, removed from every error message.
 */
final class MicroStrategySession extends SessionAuthenticator {

    static final String TOKEN_HEADER = "X-MSTR-AuthToken";
    /** OpenMetadata's application type ("Web"). */
    private static final int APPLICATION_TYPE = 35;

    private final MicroStrategyConnection connection;
    private volatile String token;
    private volatile boolean closed;
    private final AtomicInteger logins = new AtomicInteger();

    MicroStrategySession(MicroStrategyConnection connection) {
        this.connection = connection;
    }

    @Override
    protected Map<String, String> login(JsonHttpClient client) {
        if (closed) {
            // After logout (say a SIGTERM while workers still run) nothing may open a new session.
            throw new VendorApiException(VendorApiException.Kind.INTERRUPTED, "POST /auth/login", null, 0,
                    VendorError.NONE, "logged out of MicroStrategy: the run is ending", null);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("username", connection.username())
                .put("password", connection.password() == null ? "" : connection.password().reveal())
                .put("loginMode", connection.loginMode())
                .put("applicationType", APPLICATION_TYPE);
        ApiRequest request = ApiRequest.post("/auth/login", body).withoutAuth();
        ApiResponse response = client.send(request);
        String endpoint = client.endpoint(request);
        String newToken = response.headers().firstValue(TOKEN_HEADER).orElse(null);
        // OpenMetadata demands exactly 204 and the token header; so do we.
        if (response.status() != 204 || newToken == null || newToken.isBlank()) {
            throw VendorApiException.malformed(endpoint, "HTTP " + response.status()
                    + (newToken == null ? " without an " + TOKEN_HEADER + " header" : "") + " (204 with a token expected)", null);
        }
        List<String> cookies = new ArrayList<>();
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0].strip();
            if (pair.contains("=")) {
                cookies.add(pair);
            }
        }
        token = newToken;
        logins.incrementAndGet();
        return cookies.isEmpty() ? Map.of(TOKEN_HEADER, newToken)
                : Map.of(TOKEN_HEADER, newToken, "Cookie", String.join("; ", cookies));
    }

    /** Ends the session for good: forgets it and refuses to log in again. */
    void close() {
        closed = true;
        forget();
    }

    /** Successful logins so far. */
    int logins() {
        return logins.get();
    }

    @Override
    public boolean sessionExpired(ApiResponse response) {
        return response.status() == 401 && MstrError.SESSION_EXPIRED.equals(VendorError.COMMON.read(response.body()).code());
    }

    @Override
    public List<String> secrets() {
        List<String> out = new ArrayList<>(2);
        if (connection.password() != null && !connection.password().reveal().isEmpty()) {
            out.add(connection.password().reveal());
        }
        String current = token;
        if (current != null) {
            out.add(current);
        }
        return out;
    }

    @Override
    public String toString() {
        return "MicroStrategySession[******]";
    }
}
