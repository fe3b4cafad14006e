package io.metaingest.toolkit.quality;

/**
 * A test's statement answered {@code NaN} or an infinity where the test reads a number (a column's
 * minimum or maximum, a count), which no decimal holds. {@link JdbcTestRunner#run} lets it through, so
 * that a connector whose database stores such values can judge the test its own way (PostgreSQL's
 * floats and numerics can); elsewhere it ends the test as the exception it extends always did.
 */
public final class NonFiniteNumberException extends NumberFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * @param definition the test definition's name
     * @param value the value the statement answered
     */
    public NonFiniteNumberException(String definition, Object value) {
        super(definition + " reads a number, and the statement answered " + value
                + " (the column holds NaN or an infinity, which no decimal holds)");
    }
}
