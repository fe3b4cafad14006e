package io.metaingest.testkit.faults;

/** What {@link FaultProxy} does to one request instead of (or on top of) passing it through. */
public enum Fault {
    /** 429 with {@code Retry-After}: delta-seconds or an HTTP date, as real APIs send either. */
    TOO_MANY_REQUESTS,
    /** 429 without {@code Retry-After}: the client must fall back to its own backoff. */
    TOO_MANY_REQUESTS_NO_RETRY_AFTER,
    /** 500 with an HTML error page, as a crashing server behind a gateway answers. */
    INTERNAL_SERVER_ERROR,
    /** 502 with an HTML error page, as a load balancer answers when the backend is gone. */
    BAD_GATEWAY,
    /** 503 with an HTML error page and, every other time, {@code Retry-After}. */
    SERVICE_UNAVAILABLE,
    /** The connection is reset (TCP RST) after the request was read; nothing is answered. */
    CONNECTION_RESET,
    /** The upstream's answer with its full {@code Content-Length} but only part of its body, then the connection closes. */
    TRUNCATED_BODY,
    /** The upstream's answer, late (up to {@link FaultPlan#maxDelay()}, which may exceed the client's timeout). */
    SLOW_RESPONSE
}
