package io.metaingest.runtime.quality;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.config.TestSuiteConfig;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseResultRequest;
import io.metaingest.api.quality.TestCaseStatus;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestExecutors;
import io.metaingest.api.quality.TestResults;
import io.metaingest.api.quality.TestSample;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * OpenMetadata's {@code orm-test-runner}: runs each test case through the executor of its table's
 * service and emits its result. Every test case ends in a result: a Failed test is a result like a
 * passed one, and a test that cannot run (its service is not listed, the table is missing, a
 * parameter is bad) is Aborted with the reason. A service that cannot be used (its connector throws a
 * {@link ConnectionException}: unreachable, credentials refused) is no test's outcome: each of its tests,
 * the first and every later one, is a failure of this step naming the test and the service, counted as
 * not run; when no service of the suite can be used, the runtime ends the run as a connection failure
 * once every test has been so counted, as a metadata run ends on an unreachable source. All results of a run carry the run's start as their
 * timestamp, as OpenMetadata's execution date. The suite's {@code profileSample} goes to every
 * executor with each test ({@link TestSample}); each result says what its test read. A test that did not
 * pass is also a warning of this step naming it, and the run's result counts the tests by status
 * ({@link TestResults}), so the summary and the report show them.
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
    /** This step's status: a test that did not pass is a warning there. */
    private final Status own;
    private final TestResults tally;
    private final boolean forceUpdate;
    private final long timestamp;
    private final TestSample sample;

    /** Creates the runner of a run. */
    @Inject
    public OrmTestRunner(Config config, TestExecutors executors, Clock clock, TestSuiteConfig suite,
                         @OwnStatus Status own, TestResults tally) {
        this.executors = executors;
        this.own = own;
        this.tally = tally;
        this.forceUpdate = config.forceUpdate();
        this.timestamp = clock.millis();
        this.sample = TestSample.of(suite);
    }

    /** Runs the test; one whose service cannot be used is a failure of this step, never the run's end. */
    @Override
    public Stream<Result<TestCaseResultRequest>> process(TestCase testCase) {
        TestExecutor executor;
        try {
            executor = executors.forService(testCase.serviceName());
        } catch (ConnectionException e) {
            return unusable(testCase, e);
        } catch (Exception e) {
            return result(testCase, TestCaseResult.aborted(timestamp, "service " + testCase.serviceName() + ": "
                    + message(e)));
        }
        try {
            return result(testCase, executor.run(testCase, timestamp, sample));
        } catch (ConnectionException e) {
            return unusable(testCase, e);
        } catch (Exception e) {
            return result(testCase, TestCaseResult.aborted(timestamp, testCase.testDefinitionName()
                    + " could not run: " + message(e)));
        }
    }

    private Stream<Result<TestCaseResultRequest>> result(TestCase testCase, TestCaseResult result) {
        tally.count(result.testCaseStatus());
        if (result.testCaseStatus() != TestCaseStatus.Success) {
            // Still a result, not a failure of the run (as in OpenMetadata); said where a CI log shows it.
            own.warning(testCase.fullyQualifiedName(), result.testCaseStatus() + ": " + result.result());
        }
        return Stream.of(Result.ok(new TestCaseResultRequest(testCase, result, forceUpdate)));
    }

    /** No result claims the test ran: the service's failure, a failure of this step named by the test. */
    private Stream<Result<TestCaseResultRequest>> unusable(TestCase testCase, ConnectionException e) {
        tally.countNotRun();
        return Stream.of(Result.failed(testCase.fullyQualifiedName(), "service " + testCase.serviceName() + ": "
                + message(e) + " (the test did not run)"));
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? StepError.oneLine(e) : e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    @Override
    public void close() throws Exception {
        executors.close();
    }
}
