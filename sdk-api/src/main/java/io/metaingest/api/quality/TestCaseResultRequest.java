package io.metaingest.api.quality;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.metaingest.api.EntityRequest;
import java.util.List;
import java.util.Objects;

/**
 * One test case result for a sink: OpenMetadata's {@code TestCaseResult} fields with the FQN of the
 * test case it belongs to ({@code testCaseFQN}), and the test case itself, which the
 * {@code metadata-rest} sink creates on the server when it is missing.
 *
 * @param testCase the test case that ran
 * @param testCaseResult its result
 * @param forceUpdate whether the server's test case, when it exists, takes this run's parameters
 *                    (the {@code orm-test-runner}'s {@code forceUpdate})
 */
@JsonPropertyOrder({"testCaseFQN", "timestamp", "testCaseStatus", "result", "testResultValue", "testCase"})
public record TestCaseResultRequest(@JsonProperty("testCase") TestCase testCase,
                                    @JsonIgnore TestCaseResult testCaseResult,
                                    @JsonIgnore boolean forceUpdate) implements EntityRequest {

    /** The entity type of a test case result. */
    public static final String ENTITY_TYPE = "testCaseResult";

    /** Rejects missing parts. */
    public TestCaseResultRequest {
        Objects.requireNonNull(testCase, "testCase");
        Objects.requireNonNull(testCaseResult, "testCaseResult");
    }

    /** The FQN of the test case the result belongs to. */
    @JsonProperty("testCaseFQN")
    public String testCaseFqn() {
        return testCase.fullyQualifiedName();
    }

    /** {@code timestamp}. */
    @JsonProperty("timestamp")
    public long timestamp() {
        return testCaseResult.timestamp();
    }

    /** {@code testCaseStatus}. */
    @JsonProperty("testCaseStatus")
    public TestCaseStatus testCaseStatus() {
        return testCaseResult.testCaseStatus();
    }

    /** {@code result}. */
    @JsonProperty("result")
    public String result() {
        return testCaseResult.result();
    }

    /** {@code testResultValue}. */
    @JsonProperty("testResultValue")
    public List<TestResultValue> testResultValue() {
        return testCaseResult.testResultValue();
    }

    @Override
    public String entityType() {
        return ENTITY_TYPE;
    }

    @Override
    public String key() {
        return testCaseFqn();
    }
}
