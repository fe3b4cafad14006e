/**
 * Test suite workflows ({@code source.type: testsuite}): the source that lists a suite's test cases
 * and OpenMetadata's {@code orm-test-runner} processor that runs each through the test executor of
 * its service's connector. Like the other built-in steps, they see only the API: the executors come
 * injected as {@link io.metaingest.api.quality.TestExecutors}.
 *
 * <p>Why one built-in runner rather than an {@code orm-test-runner} step per connector (as the
 * profiler's {@code orm-profiler} is): a logical suite spans services of several connectors in one
 * run, so the step cannot be chosen by the source's service type. The runner is shared and
 * dispatches each test to the {@link io.metaingest.api.quality.TestExecutor} that the test's service's
 * connector declares, created in that connector's class loader with that service's connection.
 */
package io.metaingest.runtime.quality;
