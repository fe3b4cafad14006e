package io.metaingest.api;

/**
 * Checks that a service can be reached with the configured connection, for
 * {@code metaingest test-connection}. Created by the runtime's injector like a step.
 */
public interface ConnectionTester {

    /** How the line of a check that passed with a caveat starts, e.g. {@code "warning: no USAGE on ..."}. */
    String WARNING = "warning: ";

    /**
     * Runs the checks.
     *
     * @return one line per check that passed, e.g. {@code "listed 3 schemas"}; a check that passed with
     *         a caveat the user should act on starts its line with {@link #WARNING}, which
     *         {@code test-connection} prints instead of its {@code "ok: "}
     * @throws ConnectionException with the reason of the first check that failed
     */
    java.util.List<String> test() throws ConnectionException;
}
