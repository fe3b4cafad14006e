package io.metaingest.toolkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How {@link JsonHttpClient} retries: 429 waits for {@code Retry-After}; 5xx, connection resets and
 * timeouts wait with capped exponential backoff and jitter; after {@code maxAttempts} attempts the
 * last error is thrown. Three bounds keep a call from holding a run for long:
 * <ul>
 *   <li>{@code requestTimeout}: how long one request may go unanswered (default
 *       {@value #DEFAULT_REQUEST_TIMEOUT_SECONDS} s);</li>
 *   <li>{@code maxRetryAfter}: the longest {@code Retry-After} waited for (default
 *       {@value #DEFAULT_MAX_RETRY_AFTER_SECONDS} s); a server asking for longer fails the call at once,
 *       the message naming the wait it asked for, rather than pausing every worker that long;</li>
 *   <li>{@code maxCallTime}: how long one call may take, its attempts and waits together (default
 *       {@value #DEFAULT_MAX_CALL_TIME_SECONDS} s); a retry that would go past it is not made.</li>
 * </ul>
 * None of OpenMetadata 1.6's connection schemas of the HTTP connectors has a timeout field, so these
 * are the toolkit's defaults, set in code ({@link #withRequestTimeout}, {@link #withMaxCallTime}).
 *
 * @param maxAttempts attempts per call, the first included; at least 1
 * @param baseDelay backoff before the first retry
 * @param maxDelay backoff cap
 * @param maxRetryAfter the longest {@code Retry-After} waited for; a longer one fails the call at once
 * @param requestTimeout timeout of one request (one attempt)
 * @param maxCallTime the longest one call may take, attempts and waits included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                          Duration requestTimeout, Duration maxCallTime) {

    /** The default per-request timeout, in seconds. */
    public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
    /** The default longest {@code Retry-After} waited for, in seconds. */
    public static final int DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
    /** The default longest time of one call, retries and waits included, in seconds. */
    public static final int DEFAULT_MAX_CALL_TIME_SECONDS = 120;

    /**
     * 6 attempts, backoff from 500 ms up to 30 s, {@code Retry-After} up to 60 s, 30 s per request,
     * 2 min per call.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(DEFAULT_MAX_RETRY_AFTER_SECONDS), Duration.ofSeconds(DEFAULT_REQUEST_TIMEOUT_SECONDS),
            Duration.ofSeconds(DEFAULT_MAX_CALL_TIME_SECONDS));

    /** A policy with the default {@code maxCallTime}. */
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                       Duration requestTimeout) {
        this(maxAttempts, baseDelay, maxDelay, maxRetryAfter, requestTimeout,
                Duration.ofSeconds(DEFAULT_MAX_CALL_TIME_SECONDS));
    }

    /** Checks the values. */
    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(maxCallTime, "maxCallTime");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay, was " + baseDelay + " and " + maxDelay);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (maxCallTime.isNegative() || maxCallTime.isZero()) {
            throw new IllegalArgumentException("maxCallTime must be positive, was " + maxCallTime);
        }
    }

    /** The same policy with another attempt count. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, baseDelay, maxDelay, maxRetryAfter, requestTimeout, maxCallTime);
    }

    /** The same policy with another backoff range. */
    public RetryPolicy withBackoff(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, maxRetryAfter, requestTimeout, maxCallTime);
    }

    /** The same policy with another per-request timeout. */
    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, timeout, maxCallTime);
    }

    /** The same policy with another longest {@code Retry-After}. */
    public RetryPolicy withMaxRetryAfter(Duration longest) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, longest, requestTimeout, maxCallTime);
    }

    /** The same policy with another longest time per call. */
    public RetryPolicy withMaxCallTime(Duration longest) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter, requestTimeout, longest);
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

    /** Whether a {@code Retry-After} of {@code wait} is waited for; a longer one fails the call. */
    public boolean waitsFor(Duration wait) {
        return wait.compareTo(maxRetryAfter) <= 0;
    }

    /** {@code duration} as messages write it: {@code 30 s} when whole seconds, else {@code 200 ms}. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
