package io.metaingest.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret configuration value (password, API secret, token). Its {@code toString} and its JSON form
 * are masked so that a secret cannot reach a log line, an error or a report by accident; call
 * {@link #reveal()} only where the value is sent to the service.
 */
public final class Secret {

    /** What is shown instead of a secret. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a value. */
    @JsonCreator
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The secret itself. */
    public String reveal() {
        return value;
    }

    /** Always {@link #MASK}. */
    @JsonValue
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
