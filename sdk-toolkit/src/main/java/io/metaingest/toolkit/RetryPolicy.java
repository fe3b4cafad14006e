package io.metaingest.toolkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link JsonHttpClient} retries: 429 waits for {@code Retry-After} (capped at
 * {@code maxRetryAfter}); 5xx, connection resets and timeouts wait with capped exponential backoff and
 * jitter; after {@code maxAttempts} attempts the last error is thrown.
 *
 * @param maxAttempts attempts per call, the first included; at least 1
 * @param baseDelay backoff before the first retry
 * @param maxDelay backoff cap
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones are cut to this
 * @param requestTimeout timeout of one request (one attempt)
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                          Duration requestTimeout) {

    /** 6 attempts, backoff from 500 ms up to 30 s, {@code Retry-After} up to 10 min, 60 s per request. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofMinutes(10), Duration.ofSeconds(60));

    /** Checks the values. */
    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, was " + baseDelay + " and " + maxDelay);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
    }

    /** The same policy with another attempt count. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter, requestTimeout);
    }

    /** The same policy with another backoff range. */
    public RetryPolicy withBackoff(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, requestTimeout);
    }

    /** The same policy with another per-request timeout. */
    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, timeout);
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based): {@code min(maxDelay, baseDelay * 2^(attempt-1))},
     * half of it fixed and half random ("equal jitter"), so clients that failed together spread out.
     */
    public Duration backoff(int attempt) {
        long cap = maxDelay.toMillis();
        long exp = baseDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long delay = Math.min(cap, exp);
        long half = delay / 2;
        return Duration.ofMillis(delay - half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
    }

    /** {@code wait}, cut to {@link #maxRetryAfter()}. */
    public Duration capRetryAfter(Duration wait) {
        return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
    }
}
