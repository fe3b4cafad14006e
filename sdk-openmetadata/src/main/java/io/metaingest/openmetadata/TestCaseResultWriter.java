package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseResultRequest;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Writes a test case result the way OpenMetadata 1.6 takes one: the test case must exist, so a
 * missing one is created first ({@code POST /v1/dataQuality/testCases}) in its table's basic test
 * suite, which is created too when missing ({@code POST /v1/dataQuality/testSuites/base}, never the
 * deprecated {@code /executable}); an existing one keeps its parameters unless the run asks for
 * {@code forceUpdate} ({@code PUT /v1/dataQuality/testCases}). Then the result is added with
 * {@code POST /v1/dataQuality/testCases/testCaseResults/{fqn}}; a 409 there is the result already stored
 * (one per test case and timestamp) when the server lists it. Test cases and suites known to exist
 * are remembered for the run, so each is looked up once.
 */
final class TestCaseResultWriter {

    /** The basic (table) test suites, 1.6.2's replacement of {@code /executable}. */
    static final String BASIC_SUITES = "/v1/dataQuality/testSuites/base";
    static final String TEST_CASES = "/v1/dataQuality/testCases";

    private final OpenMetadataClient client;
    private final ObjectMapper mapper;
    private final Set<String> knownTestCases = new HashSet<>();
    private final Set<String> knownSuites = new HashSet<>();

    TestCaseResultWriter(OpenMetadataClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** Makes sure of the test case, then adds the result; a new result counts as created. */
    synchronized WriteOutcome write(TestCaseResultRequest request) throws IOException, OpenMetadataApiException {
        TestCase testCase = request.testCase();
        String fqn = testCase.fullyQualifiedName();
        if (!knownTestCases.contains(fqn)) {
            ensureTestCase(testCase, request.forceUpdate());
            knownTestCases.add(fqn);
        }
        String results = TEST_CASES + "/testCaseResults/" + OpenMetadataClient.segment(fqn);
        try {
            client.post(results, resultBody(request.testCaseResult()));
        } catch (OpenMetadataApiException e) {
            if (e.status() != 409 || !stored(results, request.testCaseResult())) {
                throw e;
            }
        }
        return WriteOutcome.CREATED;
    }

    /**
     * Whether the server holds this result already: it keeps one result per test case and timestamp and
     * answers 409 to a second, which is what a retried {@code POST} whose first answer was lost gets.
     */
    private boolean stored(String results, TestCaseResult result) throws IOException, OpenMetadataApiException {
        String at = Long.toString(result.timestamp());
        Optional<JsonNode> listed = client.get(results, Map.of("startTs", at, "endTs", at));
        return listed.isPresent() && StreamSupport.stream(listed.get().path("data").spliterator(), false)
                .anyMatch(r -> r.path("timestamp").asLong() == result.timestamp()
                        && r.path("testCaseStatus").asText().equals(result.testCaseStatus().name()));
    }

    private void ensureTestCase(TestCase testCase, boolean forceUpdate) throws IOException, OpenMetadataApiException {
        boolean exists = client.get(TEST_CASES + "/name/" + OpenMetadataClient.segment(testCase.fullyQualifiedName()))
                .isPresent();
        if (exists && !forceUpdate) {
            return;
        }
        String suite = ensureBasicSuite(testCase.entityLink().tableFqn());
        ObjectNode body = mapper.createObjectNode();
        body.put("name", testCase.name());
        body.put("testDefinition", testCase.testDefinitionName());
        body.put("entityLink", testCase.entityLink().toString());
        body.put("testSuite", suite);
        body.set("parameterValues", mapper.valueToTree(testCase.parameterValues()));
        if (exists) {
            client.put(TEST_CASES, body);
        } else {
            create(TEST_CASES, body, TEST_CASES + "/name/" + OpenMetadataClient.segment(testCase.fullyQualifiedName()));
        }
    }

    /**
     * {@code POST}s a new entity; a 409 (it exists) is taken when the server has it by name: a POST whose
     * answer was lost is retried, and the retry finds what the first attempt created (or another run did).
     */
    private void create(String collection, ObjectNode body, String byName) throws IOException, OpenMetadataApiException {
        try {
            client.post(collection, body);
        } catch (OpenMetadataApiException e) {
            if (e.status() != 409 || client.get(byName).isEmpty()) {
                throw e;
            }
        }
    }

    /** The table's basic test suite, named as the server names it: {@code <tableFqn>.testSuite}. */
    private String ensureBasicSuite(String tableFqn) throws IOException, OpenMetadataApiException {
        String name = tableFqn + ".testSuite";
        if (knownSuites.contains(name)) {
            return name;
        }
        if (client.get("/v1/dataQuality/testSuites/name/" + OpenMetadataClient.segment(name)).isEmpty()) {
            ObjectNode body = mapper.createObjectNode();
            body.put("name", name);
            body.put("basicEntityReference", tableFqn);
            create(BASIC_SUITES, body, "/v1/dataQuality/testSuites/name/" + OpenMetadataClient.segment(name));
        }
        knownSuites.add(name);
        return name;
    }

    private ObjectNode resultBody(TestCaseResult result) {
        ObjectNode body = mapper.createObjectNode();
        body.put("timestamp", result.timestamp());
        body.put("testCaseStatus", result.testCaseStatus().name());
        if (result.result() != null) {
            body.put("result", result.result());
        }
        body.set("testResultValue", mapper.valueToTree(result.testResultValue()));
        return body;
    }
}
