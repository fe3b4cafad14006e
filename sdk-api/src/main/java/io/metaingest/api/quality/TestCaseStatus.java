package io.metaingest.api.quality;

/** OpenMetadata's {@code testCaseStatus}: the outcome of one test case run. */
public enum TestCaseStatus {
    /** The data met the test. */
    Success,
    /** The data did not meet the test: a result, not an error. */
    Failed,
    /** The test could not run (missing table or service, bad parameter, SQL error); the reason is in the result. */
    Aborted,
    /** Waiting to run. */
    Queued
}
