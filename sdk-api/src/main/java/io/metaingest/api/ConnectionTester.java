package io.metaingest.api;

/**
 * Checks that a service can be reached with the configured connection, for
 * {@code metaingest test-connection}. Created by the runtime's injector like a step.
 */
public interface ConnectionTester {

    /** How the line of a check that passed with a caveat starts, e.g. {@code "warning: no USAGE on ..."}. */
    String WARNING = "warning: ";

    /**
     * Runs the checks. A check that others need (connecting, say) ends the test when it fails; checks
     * that do not need each other should all run, so that every failure is reported, not only the first.
     *
     * @return one line per check that passed, e.g. {@code "listed 3 schemas"}; a check that passed with
     *         a caveat the user should act on starts its line with {@link #WARNING}, which
     *         {@code test-connection} prints instead of its {@code "ok: "}
     * @throws ConnectionException with the reason of a check that failed, carrying the lines of the
     *         checks that passed ({@link ConnectionException#withPassed}), which {@code test-connection}
     *         prints before the failure, and the other checks that failed ({@link ConnectionException#of}),
     *         each printed on its own line
     */
    java.util.List<String> test() throws ConnectionException;
}
