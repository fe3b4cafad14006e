package io.metaingest.runtime.quality;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseResultRequest;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestExecutors;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenMetadata's {@code orm-test-runner}: runs each test case through the executor of its table's
 * service and emits its result. Every test case ends in a result: a Failed test is a result like a
 * passed one, and a test that cannot run (its service is not listed, the connector cannot reach it,
 * the table is missing, a parameter is bad) is Aborted with the reason. All results of a run carry
 * the run's start as their timestamp, as OpenMetadata's execution date.
 */
public final class OrmTestRunner implements Processor<TestCase, TestCaseResultRequest> {

    /**
     * The processor's {@code config}, as OpenMetadata documents it for test cases kept in the file.
     *
     * @param forceUpdate when a test case exists on the server, replace its parameters with these
     * @param testCases the test cases of the suite
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(Boolean forceUpdate, List<TestCaseDefinition> testCases) {

        /** Applies defaults: no forced update, no test cases. */
        public Config {
            forceUpdate = forceUpdate != null && forceUpdate;
            testCases = testCases == null ? List.of() : List.copyOf(testCases);
        }
    }

    /**
     * One test case of the config.
     *
     * @param name the test case's name
     * @param testDefinitionName the test definition, e.g. {@code columnValuesToBeNotNull}
     * @param columnName the column of a column test on the suite's table ({@code entityFullyQualifiedName})
     * @param entityLink the table or column of a logical suite's test: {@code <#E::table::FQN>} or
     *                   {@code <#E::table::FQN::columns::column>}
     * @param parameterValues the definition's parameters
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TestCaseDefinition(String name, String testDefinitionName, String columnName, String entityLink,
                                     List<TestCaseParameterValue> parameterValues) {
    }

    private final TestExecutors executors;
    private final boolean forceUpdate;
    private final long timestamp;

    /** Creates the runner of a run. */
    @Inject
    public OrmTestRunner(Config config, TestExecutors executors, Clock clock) {
        this.executors = executors;
        this.forceUpdate = config.forceUpdate();
        this.timestamp = clock.millis();
    }

    @Override
    public Stream<Result<TestCaseResultRequest>> process(TestCase testCase) {
        return Stream.of(Result.ok(new TestCaseResultRequest(testCase, run(testCase), forceUpdate)));
    }

    private TestCaseResult run(TestCase testCase) {
        TestExecutor executor;
        try {
            executor = executors.forService(testCase.serviceName());
        } catch (Exception e) {
            return TestCaseResult.aborted(timestamp, "service " + testCase.serviceName() + ": " + message(e));
        }
        try {
            return executor.run(testCase, timestamp);
        } catch (Exception e) {
            return TestCaseResult.aborted(timestamp, testCase.testDefinitionName() + " could not run: " + message(e));
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? StepError.oneLine(e) : e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    @Override
    public void close() throws Exception {
        executors.close();
    }
}
