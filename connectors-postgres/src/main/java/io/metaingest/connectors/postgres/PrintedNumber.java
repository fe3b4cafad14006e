package io.metaingest.connectors.postgres;

import java.math.BigDecimal;

/**
 * A sampled number that reads as PostgreSQL prints it ({@code 10000000000}, {@code 1e+20}, {@code 12.50},
 * {@code 0.0000000001}): its {@code toString()}, which JSON writers put out, is the server's text, where a
 * {@code Double} would read {@code 1.0E10} and a {@code BigDecimal} {@code 1E-10}, as no one sees them in
 * psql nor in OpenMetadata. It is that decimal exactly (equal to it, scale included), so a writer that
 * writes decimals plain (the REST sink's) sends {@code 100000000000000000000} and keeps {@code 12.50}.
 */
final class PrintedNumber extends BigDecimal {

    private static final long serialVersionUID = 1L;

    private final String text;

    /** {@code text}: a finite number as the server printed it (its NaN and infinities are no JSON number). */
    PrintedNumber(String text) {
        super(text);
        this.text = text;
    }

    /** The number as the server printed it. */
    @Override
    public String toString() {
        return text;
    }
}
