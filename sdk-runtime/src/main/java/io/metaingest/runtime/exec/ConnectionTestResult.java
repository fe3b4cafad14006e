package io.metaingest.runtime.exec;

import io.metaingest.api.ConnectionException;
import java.util.List;
import java.util.Optional;

/**
 * What {@code test-connection} checked: the lines of the checks that passed, the services of a test
 * suite whose check failed, and the services nothing was checked for because their connector has no
 * connection tester. The one service of any other workflow that fails a check is a
 * {@link ConnectionException} (carrying its passed lines and other failures), not a result; a suite's
 * services are all checked, so one that fails is listed here while the others are still tested. A service
 * whose tester did not answer within the runtime's bound is {@link #timedOut()}: nothing was concluded
 * about it but that it did not answer, which is a failure.
 *
 * @param passed the lines of the checks that passed, masked, in the order they ran, those of a suite's
 *               service that failed a check included; one that passed with a caveat starts with
 *               {@link io.metaingest.api.ConnectionTester#WARNING}
 * @param failed the checks of the test suite's services that failed, one each, in the file's order
 * @param untested the services whose connector has no tester, in the file's order
 * @param timedOut the services whose tester did not answer within the bound, in the file's order
 * @param broken the services whose tester failed with a bug of its own (a RuntimeException, not a
 *               {@link ConnectionException}): nothing was concluded about their connection
 */
public record ConnectionTestResult(List<String> passed, List<Failed> failed, List<Untested> untested,
                                   List<TimedOut> timedOut, List<Broken> broken) {

    /** Copies the lists. */
    public ConnectionTestResult {
        passed = List.copyOf(passed);
        failed = List.copyOf(failed);
        untested = List.copyOf(untested);
        timedOut = List.copyOf(timedOut);
        broken = List.copyOf(broken);
    }

    /** A result in which no tester failed with a bug of its own. */
    public ConnectionTestResult(List<String> passed, List<Failed> failed, List<Untested> untested,
                                List<TimedOut> timedOut) {
        this(passed, failed, untested, timedOut, List.of());
    }

    /** A result in which every tester answered. */
    public ConnectionTestResult(List<String> passed, List<Failed> failed, List<Untested> untested) {
        this(passed, failed, untested, List.of(), List.of());
    }

    /** Whether every service was checked: only then, and with nothing {@link #failed()}, is the result an all clear. */
    public boolean allChecked() {
        return untested.isEmpty() && broken.isEmpty();
    }

    /** Whether every service was checked and passed: the only all clear. */
    public boolean allPassed() {
        return failed.isEmpty() && untested.isEmpty() && timedOut.isEmpty() && broken.isEmpty();
    }

    /**
     * A service of a test suite whose connection failed a check.
     *
     * @param serviceName the suite's service it is
     * @param reason the class of failure
     * @param message the connector's one-line message, masked, the fields it names located in this
     *                service's entry ({@code source.sourceConfig.config.serviceConnections[i]...})
     */
    public record Failed(String serviceName, ConnectionException.Reason reason, String message) {
    }

    /**
     * A service nothing was checked for.
     *
     * @param serviceName the test suite's service it is; empty for the workflow's one service
     * @param serviceType its connector's service type
     */
    public record Untested(Optional<String> serviceName, String serviceType) {
    }

    /**
     * A service whose tester did not answer within the bound: a connection failure.
     *
     * @param serviceName the service (the workflow's, or the test suite's service it is)
     * @param message one line naming the service, its connector, the bound and what to check, e.g.
     *                {@code shop (Postgres) did not answer the connection test within 3 min; check
     *                source.serviceConnection.config.hostPort and that the tester sets connect and read timeouts}
     */
    public record TimedOut(String serviceName, String message) {
    }

    /**
     * A service whose connector's tester failed with a bug of its own: nothing was checked, and the
     * connector's author, not the user's settings, is what to fix.
     *
     * @param serviceName the test suite's service it is; empty for the workflow's one service
     * @param serviceType its connector's service type
     * @param origin where the connector came from: {@code classpath} or {@code plugin <folder>}
     * @param error the tester's exception as one line ({@code IllegalStateException: …}), masked
     * @param cause the exception, for the stack trace {@code --debug} shows
     */
    public record Broken(Optional<String> serviceName, String serviceType, String origin, String error,
                         Throwable cause) {

        /**
         * The line {@code test-connection} prints: {@code connection not tested: <service>: the <Type>
         * connector's tester failed with <error>; a bug in the connector (<origin>), report it to its author}.
         */
        public String message(String workflowServiceName) {
            return "connection not tested: " + serviceName.orElse(workflowServiceName) + ": the " + serviceType
                    + " connector's tester failed with " + error + "; a bug in the connector ("
                    + ("classpath".equals(origin) ? "bundled with metaingest" : origin) + "), report it to its author";
        }
    }
}
