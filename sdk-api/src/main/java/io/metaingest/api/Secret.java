package io.metaingest.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A secret configuration value (password, API secret, token). Its {@code toString} and its JSON form
 * are masked so that a secret cannot reach a log line, an error or a report by accident; call
 * {@link #reveal()} only where the value is sent to the service.
 */
public final class Secret {

    /** What is shown instead of a secret. */
    public static final String MASK = "******";

    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|credential).*");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a value. */
    @JsonCreator
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /**
     * Whether a name that no schema describes (a key of a free-form connection map, a query
     * parameter) reads like a credential's: it holds password, passwd, pwd, secret, token or credential,
     * in any case. Such a value is treated as a secret.
     */
    public static boolean isCredentialName(String name) {
        return CREDENTIAL_NAME.matcher(name).matches();
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
