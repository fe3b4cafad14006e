package io.metaingest.api.quality;

/**
 * The test executors of a test suite run, one per service listed in
 * {@code sourceConfig.config.serviceConnections}, as the runtime hands them to the test runner step
 * ({@code orm-test-runner}), which may inject it. Each executor is created on its service's first
 * test, by its connector, and all are closed by {@link #close()}.
 */
public interface TestExecutors extends AutoCloseable {

    /**
     * The executor of a listed service.
     *
     * @throws IllegalArgumentException when the suite lists no service of that name
     * @throws Exception when the connector cannot create it (its message says why)
     */
    TestExecutor forService(String serviceName) throws Exception;

    /** Closes every executor created. */
    @Override
    void close() throws Exception;
}
