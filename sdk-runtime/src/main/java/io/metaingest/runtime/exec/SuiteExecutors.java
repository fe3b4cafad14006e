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
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test executors of a test suite run: for each listed service, on its first test, the executor
 * its connector declares, created with that service's connection ({@link SuiteServiceInjector}).
 * A service whose executor cannot be created keeps its reason, and
 * each of its tests is aborted with it. Not thread-safe: the runner calls it from one thread.
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
        TestExecutor executor = open.get(serviceName);
        if (executor != null) {
            return executor;
        }
        Exception failed = unusable.get(serviceName);
        if (failed != null) {
            throw failed;
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
            throw service.located(e);
        }
        return new Located(service, executor);
    }

    /**
     * An executor whose connection failures, and results that name a connection field (a test cancelled at the
     * user's statement_timeout), name the fields in its service's entry of the suite.
     */
    private record Located(SuiteService service, TestExecutor executor) implements TestExecutor {
        @Override
        public TestCaseResult run(TestCase testCase, long timestamp) throws Exception {
            try {
                return located(executor.run(testCase, timestamp));
            } catch (ConnectionException e) {
                throw service.located(e);
            }
        }

        @Override
        public TestCaseResult run(TestCase testCase, long timestamp, TestSample sample) throws Exception {
            try {
                return located(executor.run(testCase, timestamp, sample));
            } catch (ConnectionException e) {
                throw service.located(e);
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
