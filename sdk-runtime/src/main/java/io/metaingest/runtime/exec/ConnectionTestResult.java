package io.metaingest.runtime.exec;

import java.util.List;
import java.util.Optional;

/**
 * What {@code test-connection} checked: the lines of the checks that passed, and the services
 * nothing was checked for because their connector has no connection tester. A connection that
 * fails a check is a {@link io.metaingest.api.ConnectionException}, not a result.
 *
 * @param passed the lines of the checks that passed, masked, in the order they ran; one that passed
 *               with a caveat starts with {@link io.metaingest.api.ConnectionTester#WARNING}
 * @param untested the services whose connector has no tester, in the file's order
 */
public record ConnectionTestResult(List<String> passed, List<Untested> untested) {

    /** Copies the lists. */
    public ConnectionTestResult {
        passed = List.copyOf(passed);
        untested = List.copyOf(untested);
    }

    /** Whether every service was checked: only then is the result an all clear. */
    public boolean allChecked() {
        return untested.isEmpty();
    }

    /**
     * A service nothing was checked for.
     *
     * @param serviceName the test suite's service it is; empty for the workflow's one service
     * @param serviceType its connector's service type
     */
    public record Untested(Optional<String> serviceName, String serviceType) {
    }
}
