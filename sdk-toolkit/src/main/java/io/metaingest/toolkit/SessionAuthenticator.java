package io.metaingest.toolkit;

import java.util.Map;
import java.util.Objects;

/**
 * An {@link Authenticator} for APIs with a login session (MicroStrategy's {@code X-MSTR-AuthToken} and
 * its cookie): logs in on the first request, and again when a response says the session expired.
 * When several workers see the expiry at once, one logs in and the others use its new session.
 *
 * <p>A connector implements {@link #login(JsonHttpClient)} (sending its login call with
 * {@link ApiRequest#withoutAuth()}) and {@link #sessionExpired(ApiResponse)}.
 */
public abstract class SessionAuthenticator implements Authenticator {

    private JsonHttpClient client;
    private Map<String, String> session;

    /** Logs in and returns the headers that carry the new session. Called under this object's lock. */
    protected abstract Map<String, String> login(JsonHttpClient client);

    @Override
    public synchronized void attach(JsonHttpClient attached) {
        if (client == null) {
            client = attached;
        }
    }

    @Override
    public synchronized Map<String, String> headers() {
        if (session == null) {
            session = Map.copyOf(login(client()));
        }
        return session;
    }

    @Override
    public synchronized void renew(Map<String, String> stale) {
        if (session == null || session.equals(stale)) {
            session = Map.copyOf(login(client()));
        }
    }

    /** Forgets the session, e.g. after logging out; the next request logs in again. */
    public synchronized void forget() {
        session = null;
    }

    private JsonHttpClient client() {
        return Objects.requireNonNull(client, "the authenticator is not attached to a JsonHttpClient yet");
    }
}
