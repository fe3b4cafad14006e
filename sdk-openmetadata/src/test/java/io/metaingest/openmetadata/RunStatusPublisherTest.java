package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunStatusPublisherTest {

    private static final String FQN = "pg.pg_metadata";
    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest("bot");
    final OpenMetadataStandIn server = openMetadata.server();
    private WorkflowSettings settings;

    @BeforeEach
    void start() throws Exception {
        server.seed("ingestionPipeline", FQN, mapper.createObjectNode().put("name", "pg_metadata"));
        settings = new WorkflowSettings(null, null, new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of("bot"))));
    }

    private static boolean statusCall(OpenMetadataStandIn.Call call) {
        return call.line().equals("PUT /v1/services/ingestionPipelines/" + FQN + "/pipelineStatus");
    }

    @Test
    void reportsRunningKeepsAHeartbeatWithTheStepsSoFarAndEndsOnceInTheFinalState() throws Exception {
        AtomicLong records = new AtomicLong();
        try (RunStatusPublisher publisher = RunStatusPublisher.start(settings, FQN, "run-7", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofMillis(20), () -> List.of(new IngestionPipelineStatus.StepSummary(
                        "postgres", records.incrementAndGet(), 0, 0, 0, 0, List.of())))) {
            List<OpenMetadataStandIn.Call> beats = server.awaitCalls(RunStatusPublisherTest::statusCall, 3, Duration.ofSeconds(20));
            assertThat(beats).allSatisfy(c -> assertThat(c.body().get("pipelineState").asText()).isEqualTo("running"));
            assertThat(beats.get(0).body().get("status")).isEmpty();
            assertThat(beats.get(2).body().get("status").get(0).get("records").asLong()).isPositive();

            assertThat(publisher.finish("partialSuccess", List.of(new IngestionPipelineStatus.StepSummary(
                    "postgres", 9, 1, 0, 1, 0, List.of(new IngestionPipelineStatus.Failure("t", "boom", null)))))).isTrue();
            assertThat(publisher.finish("failed", List.of())).isFalse();
        }
        var last = server.runStatuses(FQN).get("run-7");
        assertThat(last.get("pipelineState").asText()).isEqualTo("partialSuccess");
        assertThat(last.get("endDate").asLong()).isGreaterThanOrEqualTo(last.get("startDate").asLong());
        assertThat(last.get("status").get(0).get("failures").get(0).get("error").asText()).isEqualTo("boom");
        assertThat(server.calls().stream().filter(RunStatusPublisherTest::statusCall)
                .filter(c -> c.body().has("endDate"))).hasSize(1);
    }

    @Test
    void aServerThatGoesAwayDoesNotFailTheRun() throws Exception {
        RunStatusPublisher publisher = RunStatusPublisher.start(settings, FQN, "run-8", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofHours(1), List::of);
        server.close();

        assertThat(publisher.finish("success", List.of())).isTrue();
        publisher.close();
        // The run goes on, but it can say why the server still shows it running.
        assertThat(publisher.finalStateProblem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("ingestion pipeline " + FQN + " did not take the final state (success): ")
                .endsWith("; its status on the server may still say running"));
    }

    @Test
    void aServerBackFromARestartGetsTheFinalStateThoughAnEarlierStateFoundItGone() throws Exception {
        try (RunStatusPublisher publisher = RunStatusPublisher.open(settings, FQN, "run-11", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofHours(1), List::of)) {
            server.goAway();
            publisher.begin(); // "running" is refused for all its retries: its client gives the server up
            server.comeBack();

            assertThat(publisher.finish("success", List.of())).isTrue();
            assertThat(publisher.finalStateProblem()).isEmpty();
        }
        assertThat(server.runStatuses(FQN).get("run-11").get("pipelineState").asText()).isEqualTo("success");
    }

    @Test
    void aFinalStateTheBotsRoleMayNotSetNamesThatPermissionNotTheToken() throws Exception {
        server.refuseRunState("success", 403,
                "Principal: CatalogPrincipal{name='ingestion-bot'} operations [EditIngestionPipelineStatus] not allowed");
        try (RunStatusPublisher publisher = RunStatusPublisher.start(settings, FQN, "run-12", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofHours(1), List::of)) {
            assertThat(publisher.finish("success", List.of())).isTrue();
            assertThat(publisher.finalStateProblem()).hasValueSatisfying(p -> assertThat(p)
                    .contains("did not take the final state (success): the ingestion bot's role lacks a permission"
                            + " (OpenMetadata at " + server.hostPort() + " accepted the token): PUT /v1/services/ingestionPipelines/" + FQN
                            + "/pipelineStatus answered 403: ")
                    .contains("; allow the EditIngestionPipelineStatus operation to the ingestion bot's role in OpenMetadata;")
                    .doesNotContain("refused the token").doesNotContain("jwtToken"));
        }
    }

    @Test
    void aFinalStateTheServerTakesLeavesNoProblem() throws Exception {
        try (RunStatusPublisher publisher = RunStatusPublisher.start(settings, FQN, "run-10", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofHours(1), List::of)) {
            assertThat(publisher.finish("success", List.of())).isTrue();
            assertThat(publisher.finalStateProblem()).isEmpty();
        }
    }

    @Test
    void anUnknownIngestionPipelineIsAConnectionFailureAtStart() {
        assertThatThrownBy(() -> RunStatusPublisher.start(settings, "pg.other", "run-9", HttpClient.newHttpClient(),
                mapper, Clock.systemUTC(), Duration.ofSeconds(5), List::of))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("ingestionPipelineFQN 'pg.other'");
    }
}
