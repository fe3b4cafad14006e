package io.metaingest.toolkit.quality;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * NaN and the infinities, which a database's floats (and PostgreSQL's numerics) hold and no decimal does, with the
 * one rule every test uses to judge them against its bounds. The rule is OpenMetadata 1.6's, whose tests compare
 * Python floats and read a missing bound as {@code -inf} or {@code inf}: NaN is inside no range, whatever the
 * bounds; {@code Infinity} is inside a range without a maximum only, and {@code -Infinity} one without a minimum only.
 */
public enum NonFiniteNumber {

    /** Not a number: no comparison holds. */
    NAN("NaN"),
    /** Above every number. */
    INFINITY("Infinity"),
    /** Below every number. */
    NEGATIVE_INFINITY("-Infinity");

    private final String text;

    NonFiniteNumber(String text) {
        this.text = text;
    }

    /** The value a statement answered, when it is NaN or an infinity (the JDBC drivers answer a Double or Float). */
    public static Optional<NonFiniteNumber> of(Object value) {
        double d;
        if (value instanceof Double v) {
            d = v;
        } else if (value instanceof Float v) {
            d = v;
        } else {
            return Optional.empty();
        }
        if (Double.isNaN(d)) {
            return Optional.of(NAN);
        }
        if (Double.isInfinite(d)) {
            return Optional.of(d > 0 ? INFINITY : NEGATIVE_INFINITY);
        }
        return Optional.empty();
    }

    /**
     * Whether a range admits this value.
     *
     * @param min the lowest value allowed; null when not set
     * @param max the highest value allowed; null when not set
     */
    public boolean admittedBy(BigDecimal min, BigDecimal max) {
        return switch (this) {
            case NAN -> false;
            case INFINITY -> max == null;
            case NEGATIVE_INFINITY -> min == null;
        };
    }

    /**
     * Why a range that does not {@linkplain #admittedBy admit} this value refuses it, naming the bound it breaks,
     * e.g. {@code Infinity is above any maxValueForMaxInCol: the column holds Infinity}.
     *
     * @param figure what the value is, e.g. {@code max}
     * @param minName the name of the lower bound's parameter
     * @param maxName the name of the upper bound's parameter
     */
    public String refusal(String figure, String minName, String maxName) {
        return switch (this) {
            case NAN -> "NaN is inside no range: the column holds NaN, or infinities that leave its " + figure
                    + " undefined";
            case INFINITY -> "Infinity is above any " + maxName + ": the column holds Infinity";
            case NEGATIVE_INFINITY -> "-Infinity is below any " + minName + ": the column holds -Infinity";
        };
    }

    /** As PostgreSQL writes it: {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    @Override
    public String toString() {
        return text;
    }
}
