/**
 * Test suite workflows ({@code source.type: testsuite}): the source that lists a suite's test cases
 * and OpenMetadata's {@code orm-test-runner} processor that runs each through the test executor of
 * its service's connector. Like the other built-in steps, they see only the API: the executors come
 * injected as {@link io.metaingest.api.quality.TestExecutors}.
 */
package io.metaingest.runtime.quality;
