package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.WorkflowSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server that accepts connections and never answers: given up within a bounded time, named in the message. */
class HungServerTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket listening;
    private Thread acceptor;
    private String hostPort;

    @BeforeEach
    void listen() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        hostPort = "http://127.0.0.1:" + listening.getLocalPort() + "/api";
        acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(listening.accept()); // kept open, never read nor answered
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "hung-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        listening.close();
        for (Socket socket : held) {
            socket.close();
        }
        acceptor.join(5_000);
    }

    private MetadataRestSink sink(MetadataRestSinkConfig config) throws ConnectionException {
        return new MetadataRestSink(config, new WorkflowSettings(null, null, serverConfig(hostPort, TOKEN)),
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null), MarkDeletedPolicy.none(),
                new Status(), new Status(), StopSignal.NEVER, HttpClient.newHttpClient(), mapper);
    }

    @Test
    void aHungServerAtStartFailsTheRunAfterOneRequestTimeoutNamingHostPortAndTheWait() throws Exception {
        MetadataRestSinkConfig config = mapper.readValue("{\"requestTimeoutSeconds\": 1}", MetadataRestSinkConfig.class);
        long start = System.nanoTime();
        assertThatThrownBy(() -> sink(config)).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage())
                    .startsWith("OpenMetadata at " + hostPort + " accepted the connection but did not answer"
                            + " GET /v1/system/version within 1 s; check")
                    .endsWith("check that the server is up and not overloaded, and"
                            + " workflowConfig.openMetadataServerConfig.hostPort")
                    .doesNotContain("cannot reach").doesNotContain(TOKEN);
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // One 1 s wait (a server that never answered is not asked again), not the minutes it used to hold a run. The
        // JDK client's timer may fire a few ms before its deadline as System.nanoTime counts it (a CI run saw 4.991 s
        // for 5 s), hence the lower bound's slack.
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        assertThat(held).isNotEmpty();
    }

    @Test
    void withAnIngestionPipelineAHungServerAtStartFailsOnThePipelinesLookUpAfterTheStatusReportsFiveSeconds() {
        WorkflowSettings settings = new WorkflowSettings(null, null, serverConfig(hostPort, TOKEN));
        long start = System.nanoTime();
        // The run's first call to the server (README, "Publishing"): made with the status reports' own 5 s bound.
        assertThatThrownBy(() -> RunStatusPublisher.open(settings, "pg.pg_metadata", "run-1", HttpClient.newHttpClient(),
                mapper, java.time.Clock.systemUTC(), Duration.ofHours(1), List::of))
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                    assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + hostPort + " accepted the connection but did"
                            + " not answer GET /v1/services/ingestionPipelines/name/pg.pg_metadata within 5 s; check that"
                            + " the server is up and not overloaded, and workflowConfig.openMetadataServerConfig.hostPort");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // Sent once (a host that never answered is not asked again): one 5 s wait, not the sink's 30 s.
        assertThat(took).isBetween(Duration.ofMillis(4_500), Duration.ofSeconds(10));
    }

    @Test
    void theDefaultRequestTimeoutIs30SecondsSoAHungServerFailsARunWithinTwoMinutes() {
        MetadataRestSinkConfig defaults = MetadataRestSinkConfig.defaults();
        assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(OpenMetadataClient.DEFAULT_RETRIES.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        // At start one unanswered request; mid-run the first call's two and one each for the next two.
        assertThat(defaults.requestTimeout().multipliedBy(2 + OpenMetadataClient.GIVE_UP_AFTER - 1))
                .isLessThanOrEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> new MetadataRestSinkConfig(null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeoutSeconds");
    }
}
