package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a test suite's test cases from the server, as a test suite workflow does for the tests kept
 * there: the suite by name ({@code GET /v1/dataQuality/testSuites/name/{name}}), then its test cases
 * ({@code GET /v1/dataQuality/testCases?testSuiteId=...&fields=testDefinition}, paged). A basic
 * suite is named after its table, {@code <tableFqn>.testSuite}; a logical suite by its own name.
 */
public final class TestSuiteReader {

    private final OpenMetadataClient client;

    /** Creates a reader on a client. */
    public TestSuiteReader(OpenMetadataClient client) {
        this.client = client;
    }

    /** The name of a table's basic test suite. */
    public static String basicSuiteName(String tableFqn) {
        return tableFqn + ".testSuite";
    }

    /** The path that reads the suite named {@code suiteName}. */
    static String byName(String suiteName) {
        return "/v1/dataQuality/testSuites/name/" + OpenMetadataClient.segment(suiteName);
    }

    /**
     * The test cases of the suite named {@code suiteName}; empty when the server has no such suite.
     *
     * @throws OpenMetadataApiException when the server refuses the calls
     */
    public Optional<List<TestCase>> testCases(String suiteName) throws IOException, OpenMetadataApiException {
        Optional<JsonNode> suite = client.get(byName(suiteName));
        if (suite.isEmpty()) {
            return Optional.empty();
        }
        List<TestCase> testCases = new ArrayList<>();
        client.forEachListed(TestCaseResultWriter.TEST_CASES, Map.of("testSuiteId", suite.get().path("id").asText(),
                "fields", "testDefinition"), testCase -> testCases.add(testCase(testCase)));
        return Optional.of(List.copyOf(testCases));
    }

    private static TestCase testCase(JsonNode json) {
        List<TestCaseParameterValue> parameters = new ArrayList<>();
        json.path("parameterValues").forEach(p -> parameters.add(new TestCaseParameterValue(p.path("name").asText(),
                p.path("value").isNull() || p.path("value").isMissingNode() ? null : p.path("value").asText())));
        JsonNode definition = json.path("testDefinition");
        String definitionName = definition.path("fullyQualifiedName").asText(definition.path("name").asText());
        return new TestCase(json.path("name").asText(), definitionName, EntityLink.parse(json.path("entityLink").asText()),
                parameters);
    }
}
