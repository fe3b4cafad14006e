package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.config.OpenMetadataServerConfig;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerConnectionAndStatusTest {

    private static final String TOKEN = "bot";
    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    private OpenMetadataClient client;

    @BeforeEach
    void start() throws Exception {
        client = new OpenMetadataClient(new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN))), HttpClient.newHttpClient(), mapper, 1);
    }

    @Test
    void readsTheServicesConnectionFromTheServer() throws Exception {
        ObjectNode service = mapper.createObjectNode().put("name", "pg").put("serviceType", "Postgres");
        service.putObject("connection").putObject("config").put("type", "Postgres").put("hostPort", "db:5432")
                .put("username", "reader").putObject("authType").put("password", "from-the-server");
        server.seed("databaseService", "pg", service);

        JsonNode config = new ServiceConnectionReader(client).read("pg", ServiceCategory.DATABASE);

        assertThat(config.get("hostPort").asText()).isEqualTo("db:5432");
        assertThat(config.get("authType").get("password").asText()).isEqualTo("from-the-server");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly("GET /v1/services/databaseServices/name/pg");
    }

    @Test
    void anUnknownServiceOrOneWithoutConnectionIsAConfigurationProblemNamingTheFix() {
        assertThatThrownBy(() -> new ServiceConnectionReader(client).read("nope", ServiceCategory.PIPELINE))
                .isInstanceOf(ServiceConnectionReader.MissingConnectionException.class)
                .hasMessage(server.hostPort()
                        + " has no pipelineService named 'nope'; add source.serviceConnection or create the service on the server");
        server.seed("databaseService", "bare", mapper.createObjectNode().put("name", "bare").put("serviceType", "Postgres"));
        assertThatThrownBy(() -> new ServiceConnectionReader(client).read("bare", ServiceCategory.DATABASE))
                .isInstanceOf(ServiceConnectionReader.MissingConnectionException.class)
                .hasMessageContaining("has no connection; add source.serviceConnection");
    }

    @Test
    void readingTheConnectionWithARefusedTokenIsAConnectionFailure() {
        server.acceptOnly("other");
        assertThatThrownBy(() -> new ServiceConnectionReader(client).read("pg", ServiceCategory.DATABASE))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("OpenMetadata at " + server.hostPort() + " refused the token");
    }

    @Test
    void reportsRunningThenTheFinalStateOfTheSameRun() throws Exception {
        server.seed("ingestionPipeline", "pg.metadata", mapper.createObjectNode().put("name", "metadata"));
        IngestionStatusReporter reporter = new IngestionStatusReporter(client, "pg.metadata");
        reporter.checkPipeline();
        List<IngestionPipelineStatus.Failure> failures = java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> new IngestionPipelineStatus.Failure("t" + i, "boom", null)).toList();

        reporter.report(new IngestionPipelineStatus("run-1", "running", 1000, 1000, null, List.of()));
        assertThat(server.runStatuses("pg.metadata").get("run-1").get("pipelineState").asText()).isEqualTo("running");
        reporter.report(new IngestionPipelineStatus("run-1", "partialSuccess", 1000, 5000, 5000L, List.of(
                new IngestionPipelineStatus.StepSummary("postgres", 40, 2, 1, 12, 3, failures))));

        JsonNode last = server.runStatuses("pg.metadata").get("run-1");
        assertThat(server.runStatuses("pg.metadata")).hasSize(1);
        assertThat(last.get("pipelineState").asText()).isEqualTo("partialSuccess");
        assertThat(last.get("endDate").asLong()).isEqualTo(5000);
        JsonNode step = last.get("status").get(0);
        assertThat(step.get("updated_records").asLong()).isEqualTo(2);
        assertThat(step.get("failures")).hasSize(IngestionPipelineStatus.FAILURES_SENT);
    }

    @Test
    void anUnknownIngestionPipelineIsReportedAtStart() {
        assertThatThrownBy(() -> new IngestionStatusReporter(client, "pg.nope").checkPipeline())
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("ingestionPipelineFQN 'pg.nope' is not on");
    }
}
