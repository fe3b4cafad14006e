package io.metaingest.testconnectors;

import io.metaingest.api.WorkflowContext;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestResultValue;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers every data-quality test from its own connection: Success with the service it serves and
 * the host it was given, so a test sees which service's connection each executor holds. A host
 * that is {@code down} cannot be used at all.
 */
public final class ShelfExecutor implements TestExecutor {

    /** What the executors did, in order: "open host", "run host test", "close host". */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    private final ShelfConnection connection;
    private final WorkflowContext context;

    /** Created by the runtime's injector, once per service of a suite. */
    @Inject
    public ShelfExecutor(ShelfConnection connection, WorkflowContext context) {
        this.connection = connection;
        this.context = context;
        EVENTS.add("open " + connection.hostPort());
    }

    @Override
    public TestCaseResult run(TestCase testCase, long timestamp) throws Exception {
        connection.reach();
        EVENTS.add("run " + connection.hostPort() + " " + testCase.name());
        if (testCase.name().startsWith("timed_out")) {
            // As a connector words a test its connection's settings cut short: the field under the one service's path.
            return TestCaseResult.aborted(timestamp, "cancelled after the timeout in "
                    + io.metaingest.api.ConnectionPath.PREFIX + ".hostPort's server; raise it there");
        }
        return TestCaseResult.of(timestamp, true, "ran on " + connection.hostPort(),
                List.of(new TestResultValue("service", context.serviceName()),
                        new TestResultValue("host", connection.hostPort())));
    }

    @Override
    public void close() {
        EVENTS.add("close " + connection.hostPort());
    }
}
