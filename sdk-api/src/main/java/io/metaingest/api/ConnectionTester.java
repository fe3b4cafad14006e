package io.metaingest.api;

/**
 * Checks that a service can be reached with the configured connection, for
 * {@code metaingest test-connection}. Created by the runtime's injector like a step.
 */
public interface ConnectionTester {

    /**
     * Runs the checks.
     *
     * @return one line per check that passed, e.g. {@code "listed 3 schemas"}
     * @throws ConnectionException with the reason of the first check that failed
     */
    java.util.List<String> test() throws ConnectionException;
}
