package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestExecutors;
import io.metaingest.api.quality.TestSample;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.SuiteService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test executors of a test suite run: for each listed service, on its first test, the executor
 * its connector declares, created with that service's connection ({@link SuiteServiceInjector}).
 * A service whose executor cannot be created keeps its reason, and each of its tests is aborted with it;
 * a service that cannot be used (a {@link ConnectionException} when creating its executor or running a
 * test: unreachable, credentials refused) is not asked again: each of its later tests gets the same
 * failure at once, so every test of the suite is counted and named, and when no service of the suite
 * can be used the run ends as a connection failure once all are ({@link #requireAServiceUsable()}).
 * Not thread-safe: the runner calls it from one thread.
 */
final class SuiteExecutors implements TestExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(SuiteExecutors.class);

    private final SuiteConnections services;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final WorkflowContext context;
    private final Map<String, TestExecutor> open = new LinkedHashMap<>();
    private final Map<String, Exception> unusable = new LinkedHashMap<>();

    SuiteExecutors(SuiteConnections services, ObjectMapper mapper, Clock clock, WorkflowContext context) {
        this.services = services;
        this.mapper = mapper;
        this.clock = clock;
        this.context = context;
    }

    @Override
    public TestExecutor forService(String serviceName) throws Exception {
        Exception failed = unusable.get(serviceName);
        if (failed != null) {
            throw failed;
        }
        TestExecutor executor = open.get(serviceName);
        if (executor != null) {
            return executor;
        }
        SuiteService service = services.service(serviceName).orElseThrow(() -> new IllegalArgumentException(
                "not listed in source.sourceConfig.config.serviceConnections (listed: " + String.join(", ",
                        services.services().stream().map(SuiteService::serviceName).toList()) + ")"));
        try {
            executor = create(service);
        } catch (Exception e) {
            unusable.put(serviceName, e);
            throw e;
        }
        open.put(serviceName, executor);
        return executor;
    }

    private TestExecutor create(SuiteService service) throws Exception {
        ServiceSpec spec = service.spec().spec();
        Class<? extends TestExecutor> type = spec.testExecutor().orElseThrow(() -> new IllegalStateException(
                spec.serviceType() + " runs no data-quality tests"));
        TestExecutor executor;
        try {
            executor = SuiteServiceInjector.create(service, type, mapper, clock, context);
        } catch (ConnectionException e) {
            throw unusable(service, e);
        }
        return new Located(service, executor);
    }

    /** A service's connection failure, located in its entry and kept: its later tests are not tried. */
    private ConnectionException unusable(SuiteService service, ConnectionException e) {
        ConnectionException located = service.located(e);
        unusable.put(service.serviceName(), located);
        return located;
    }

    /**
     * Ends the run as a connection failure when every service of the suite proved unusable: nothing
     * could be tested, which is no data-quality outcome. Called once every test has been given its
     * outcome, so each is counted and named before.
     *
     * @throws ConnectionException naming each service and why, in the order they were found unusable
     */
    void requireAServiceUsable() throws ConnectionException {
        List<String> names = services.services().stream().map(SuiteService::serviceName).toList();
        Map<String, ConnectionException> failed = new LinkedHashMap<>();
        unusable.forEach((name, e) -> {
            if (e instanceof ConnectionException connection) {
                failed.put(name, connection);
            }
        });
        if (names.isEmpty() || !failed.keySet().containsAll(names)) {
            return;
        }
        // As each of the service's tests names it (OrmTestRunner): "service <name>: <why, one line>".
        List<String> why = failed.entrySet().stream()
                .map(e -> "service " + e.getKey() + ": " + StepError.oneLine(e.getValue())).toList();
        ConnectionException last = List.copyOf(failed.values()).get(failed.size() - 1);
        throw new ConnectionException(last.reason(), why.size() == 1 ? why.get(0)
                : "no service of the suite can be used: " + String.join("; ", why), last);
    }

    /**
     * An executor whose connection failures, and results that name a connection field (a test cancelled at the
     * user's statement_timeout), name the fields in its service's entry of the suite.
     */
    private final class Located implements TestExecutor {
        private final SuiteService service;
        private final TestExecutor executor;

        Located(SuiteService service, TestExecutor executor) {
            this.service = service;
            this.executor = executor;
        }

        @Override
        public TestCaseResult run(TestCase testCase, long timestamp) throws Exception {
            try {
                return located(executor.run(testCase, timestamp));
            } catch (ConnectionException e) {
                throw unusable(service, e);
            }
        }

        @Override
        public TestCaseResult run(TestCase testCase, long timestamp, TestSample sample) throws Exception {
            try {
                return located(executor.run(testCase, timestamp, sample));
            } catch (ConnectionException e) {
                throw unusable(service, e);
            }
        }

        private TestCaseResult located(TestCaseResult result) {
            if (result == null || result.result() == null || !result.result().contains(ConnectionPath.PREFIX + ".")) {
                return result;
            }
            return new TestCaseResult(result.timestamp(), result.testCaseStatus(), service.located(result.result()),
                    result.testResultValue());
        }

        @Override
        public void close() throws Exception {
            executor.close();
        }
    }

    @Override
    public void close() {
        for (Map.Entry<String, TestExecutor> executor : open.entrySet()) {
            try {
                executor.getValue().close();
            } catch (Exception e) {
                LOG.warn("closing the test executor of {} failed: {}", executor.getKey(), StepError.oneLine(e));
            }
        }
        open.clear();
    }
}
