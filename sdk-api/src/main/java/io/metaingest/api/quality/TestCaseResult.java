package io.metaingest.api.quality;

import java.util.List;
import java.util.Objects;

/**
 * OpenMetadata's {@code TestCaseResult}: the outcome of one run of one test case.
 *
 * @param timestamp when the suite ran, epoch milliseconds
 * @param testCaseStatus Success, Failed or Aborted
 * @param result what was found, in words (for Aborted: why the test could not run)
 * @param testResultValue the measured values, named as the test definition names them
 */
public record TestCaseResult(long timestamp, TestCaseStatus testCaseStatus, String result,
                             List<TestResultValue> testResultValue) {

    /** Rejects a missing status; no values is an empty list. */
    public TestCaseResult {
        Objects.requireNonNull(testCaseStatus, "testCaseStatus");
        testResultValue = testResultValue == null ? List.of() : List.copyOf(testResultValue);
    }

    /** Success when {@code passed}, Failed otherwise. */
    public static TestCaseResult of(long timestamp, boolean passed, String result, List<TestResultValue> values) {
        return new TestCaseResult(timestamp, passed ? TestCaseStatus.Success : TestCaseStatus.Failed, result, values);
    }

    /** A test that could not run, and why. */
    public static TestCaseResult aborted(long timestamp, String reason) {
        return new TestCaseResult(timestamp, TestCaseStatus.Aborted, reason, List.of());
    }
}
