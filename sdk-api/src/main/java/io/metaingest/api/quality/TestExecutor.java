package io.metaingest.api.quality;

/**
 * Runs test cases on one service, through its connector's driver. A database connector declares its
 * implementation with {@link io.metaingest.api.ServiceSpec#testExecutor()}; the runtime creates one
 * instance per service of a test suite, through its {@code @jakarta.inject.Inject} constructor (in the
 * connector's plugin class loader, with that service's connection record bound, like a source), on
 * the service's first test, and closes it at the end of the run.
 *
 * <p>An implementation runs each test read-only with a statement timeout, as one SQL statement where
 * it can, and answers every test with a result: a test the data does not meet is
 * {@link TestCaseStatus#Failed}; a table, column or database that does not exist, a bad parameter or
 * an error of the statement is {@link TestCaseStatus#Aborted} with the reason. The generic SQL of
 * OpenMetadata's test definitions is in the toolkit ({@code io.metaingest.toolkit.quality}).
 */
public interface TestExecutor extends AutoCloseable {

    /**
     * Runs one test case on a table of this service.
     *
     * @param testCase the test, whose entity link names a table of this service
     * @param timestamp the run's time, epoch milliseconds, for the result
     * @throws io.metaingest.api.ConnectionException when the service cannot be used at all (unreachable,
     *                   credentials refused): no result claims the test ran; its test cases are failures
     *                   naming the service, and when it is the suite's only service the run ends as a
     *                   connection failure (exit code 3)
     * @throws Exception any other error: the runtime aborts the test with the exception's message
     */
    TestCaseResult run(TestCase testCase, long timestamp) throws Exception;

    /**
     * Runs one test case on a sample of its table, the suite's {@code profileSample}: the runtime calls
     * this one. An implementation that samples overrides it, reads the sample where a test's question
     * can be answered on one, and says in each result's text what the test read. This default reads
     * the whole table ({@link #run(TestCase, long)}) and says so in the result: the connector does not
     * sample.
     *
     * @param sample the rows to read of each table; {@link TestSample#WHOLE_TABLE} when the suite sets none
     * @throws Exception as {@link #run(TestCase, long)}
     */
    default TestCaseResult run(TestCase testCase, long timestamp, TestSample sample) throws Exception {
        TestCaseResult result = run(testCase, timestamp);
        if (sample.wholeTable()) {
            return result;
        }
        String note = "(on the whole table: this service's connector does not sample, " + sample + " not applied)";
        return new TestCaseResult(result.timestamp(), result.testCaseStatus(),
                result.result() == null ? note : result.result() + " " + note, result.testResultValue());
    }

    /** Releases the service's connections; called once. */
    @Override
    default void close() throws Exception {
    }
}
