package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseParameterValue;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestCaseResultRequest;
import io.metaingest.api.quality.TestResultValue;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code metadata-rest} sink writing test case results to a stand-in of the 1.6.2 server: the
 * test case and its table's basic suite are created when missing ({@code /testSuites/base}, never
 * {@code /executable}), then the result is added by test case FQN; a test suite run registers no
 * service of its own.
 */
class TestCaseResultWriterTest {

    private static final String TABLE = "pg.shop.public.orders";

    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    private MetadataRestSink sink;

    @BeforeEach
    void start() throws Exception {
        ObjectNode table = mapper.createObjectNode().put("name", "orders");
        table.putArray("columns").addObject().put("name", "id").put("dataType", "INT");
        server.seed("table", TABLE, table);
        WorkflowSettings settings = new WorkflowSettings(null, null, serverConfig(server.hostPort(), TOKEN));
        sink = new MetadataRestSink(new MetadataRestSinkConfig(null, null, null), settings, ServiceTarget.none("my_suite"),
                MarkDeletedPolicy.none(), new Status(), new Status(), StopSignal.NEVER, HttpClient.newHttpClient(), mapper);
    }

    private static TestCaseResultRequest result(String name, EntityLink link, String status, long at, boolean force,
                                                TestCaseParameterValue... parameters) {
        TestCase testCase = new TestCase(name, link.column().isPresent() ? "columnValuesToBeNotNull"
                : "tableRowCountToBeBetween", link, List.of(parameters));
        return new TestCaseResultRequest(testCase, new TestCaseResult(at,
                io.metaingest.api.quality.TestCaseStatus.valueOf(status), "found it",
                List.of(new TestResultValue("rowCount", "3"))), force);
    }

    @Test
    void aMissingTestCaseIsCreatedInItsTablesBasicSuiteThenTheResultIsAdded() throws Exception {
        EntityLink column = new EntityLink(TABLE, "id");
        assertThat(sink.write(result("id_not_null", column, "Failed", 1000L, false))).isEqualTo(WriteOutcome.CREATED);
        assertThat(sink.write(result("id_not_null", column, "Success", 2000L, false))).isEqualTo(WriteOutcome.CREATED);
        assertThat(sink.write(result("rows", EntityLink.table(TABLE), "Success", 2000L, false,
                new TestCaseParameterValue("minValue", "1")))).isEqualTo(WriteOutcome.CREATED);

        List<String> calls = server.calls().stream().map(OpenMetadataStandIn.Call::line).toList();
        assertThat(calls.subList(1, calls.size())).containsExactly(
                "GET /v1/dataQuality/testCases/name/pg.shop.public.orders.id.id_not_null",
                "GET /v1/dataQuality/testSuites/name/pg.shop.public.orders.testSuite",
                "POST /v1/dataQuality/testSuites/base",
                "POST /v1/dataQuality/testCases",
                "POST /v1/dataQuality/testCases/testCaseResults/pg.shop.public.orders.id.id_not_null",
                "POST /v1/dataQuality/testCases/testCaseResults/pg.shop.public.orders.id.id_not_null",
                "GET /v1/dataQuality/testCases/name/pg.shop.public.orders.rows",
                "POST /v1/dataQuality/testCases",
                "POST /v1/dataQuality/testCases/testCaseResults/pg.shop.public.orders.rows");
        assertThat(calls).noneMatch(c -> c.contains("/executable") || c.contains("/services/"));

        JsonNode testCase = server.entity("testCase", "pg.shop.public.orders.id.id_not_null");
        assertThat(testCase.path("entityLink").asText()).isEqualTo("<#E::table::pg.shop.public.orders::columns::id>");
        assertThat(testCase.at("/testSuite/fullyQualifiedName").asText()).isEqualTo("pg.shop.public.orders.testSuite");
        assertThat(server.entity("testSuite", "pg.shop.public.orders.testSuite").path("basicEntityReference").asText())
                .isEqualTo(TABLE);
        assertThat(server.testCaseResults("pg.shop.public.orders.id.id_not_null"))
                .extracting(r -> r.path("testCaseStatus").asText() + "@" + r.path("timestamp").asLong())
                .containsExactly("Failed@1000", "Success@2000");
        assertThat(server.testCaseResults("pg.shop.public.orders.rows").get(0).path("testResultValue").toString())
                .isEqualTo("[{\"name\":\"rowCount\",\"value\":\"3\"}]");
        assertThat(server.entity("testCase", "pg.shop.public.orders.rows").path("parameterValues").toString())
                .isEqualTo("[{\"name\":\"minValue\",\"value\":\"1\"}]");
    }

    /** A create the server made but whose answer was lost is retried; the retry's 409 is the case existing. */
    @Test
    void aTestCaseCreatedByAnAttemptWhoseAnswerWasLostStillGetsItsResult() throws Exception {
        server.loseAnswerOfNext("POST /v1/dataQuality/testSuites/base", 503);
        server.loseAnswerOfNext("POST /v1/dataQuality/testCases", 503);

        assertThat(sink.write(result("rows", EntityLink.table(TABLE), "Success", 3000L, false))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.entity("testCase", "pg.shop.public.orders.rows")).isNotNull();
        assertThat(server.testCaseResults("pg.shop.public.orders.rows"))
                .extracting(r -> r.path("testCaseStatus").asText() + "@" + r.path("timestamp").asLong())
                .containsExactly("Success@3000");
    }

    /**
     * A result the server stored but whose answer was lost is retried; the server keeps one result per
     * test case and timestamp and answers the retry 409, which is the result being there, not a failure.
     */
    @Test
    void aResultStoredByAnAttemptWhoseAnswerWasLostIsWrittenOnce() throws Exception {
        sink.write(result("rows", EntityLink.table(TABLE), "Success", 3000L, false));
        server.loseAnswerOfNext("POST /v1/dataQuality/testCases/testCaseResults/pg.shop.public.orders.rows", 503);

        assertThat(sink.write(result("rows", EntityLink.table(TABLE), "Failed", 4000L, false))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.testCaseResults("pg.shop.public.orders.rows"))
                .extracting(r -> r.path("testCaseStatus").asText() + "@" + r.path("timestamp").asLong())
                .containsExactly("Success@3000", "Failed@4000");
        assertThat(server.calls().stream().map(OpenMetadataStandIn.Call::line))
                .contains("GET /v1/dataQuality/testCases/testCaseResults/pg.shop.public.orders.rows?endTs=4000&startTs=4000");
    }

    /** A 409 for a result the server does not hold as sent (another status at that timestamp) stays a failure. */
    @Test
    void anotherResultAtTheSameTimestampIsStillRefused() throws Exception {
        sink.write(result("rows", EntityLink.table(TABLE), "Success", 5000L, false));

        assertThatThrownBy(() -> sink.write(result("rows", EntityLink.table(TABLE), "Failed", 5000L, false)))
                .isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("409");
        assertThat(server.testCaseResults("pg.shop.public.orders.rows"))
                .extracting(r -> r.path("testCaseStatus").asText() + "@" + r.path("timestamp").asLong())
                .containsExactly("Success@5000");
    }

    @Test
    void anExistingTestCaseKeepsItsParametersUnlessTheRunForcesAnUpdate() throws Exception {
        EntityLink table = EntityLink.table(TABLE);
        sink.write(result("rows", table, "Success", 1000L, false, new TestCaseParameterValue("minValue", "1")));
        MetadataRestSink secondRun = new MetadataRestSink(new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN),
                HttpClient.newHttpClient(), mapper, 1), new MetadataRestSinkConfig(null, null, null), null, mapper);
        secondRun.write(result("rows", table, "Success", 2000L, false, new TestCaseParameterValue("minValue", "5")));
        assertThat(server.entity("testCase", "pg.shop.public.orders.rows").path("parameterValues").toString())
                .contains("\"1\"");

        server.clearCalls();
        MetadataRestSink forced = new MetadataRestSink(new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN),
                HttpClient.newHttpClient(), mapper, 1), new MetadataRestSinkConfig(null, null, null), null, mapper);
        forced.write(result("rows", table, "Failed", 3000L, true, new TestCaseParameterValue("minValue", "5")));
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).contains("PUT /v1/dataQuality/testCases");
        assertThat(server.entity("testCase", "pg.shop.public.orders.rows").path("parameterValues").toString())
                .contains("\"5\"");
        assertThat(server.testCaseResults("pg.shop.public.orders.rows")).hasSize(3);
    }

    @Test
    void theTestCasesWrittenAreReadBackFromTheirSuiteAndAnUnknownSuiteIsEmpty() throws Exception {
        server.maxPageSize(1);
        sink.write(result("id_not_null", new EntityLink(TABLE, "id"), "Success", 1L, false));
        sink.write(result("rows", EntityLink.table(TABLE), "Success", 1L, false, new TestCaseParameterValue("minValue", "1")));
        TestSuiteReader reader = new TestSuiteReader(new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN),
                HttpClient.newHttpClient(), mapper, 1));

        assertThat(reader.testCases(TestSuiteReader.basicSuiteName(TABLE)).orElseThrow()).containsExactly(
                result("id_not_null", new EntityLink(TABLE, "id"), "Success", 1L, false).testCase(),
                result("rows", EntityLink.table(TABLE), "Success", 1L, false,
                        new TestCaseParameterValue("minValue", "1")).testCase());
        assertThat(reader.testCases("no_such_suite")).isEmpty();
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .filteredOn(c -> c.startsWith("GET /v1/dataQuality/testCases?")).hasSize(2); // one per page
    }

    @Test
    void aResultOnATableTheServerDoesNotKnowIsThatRecordsFailure() {
        assertThatThrownBy(() -> sink.write(result("rows", EntityLink.table("pg.shop.public.gone"), "Success", 1L, false)))
                .isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("404").hasMessageContaining("pg.shop.public.gone");
    }
}
