package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.FAST;
import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ServiceCategory;
import io.metaingest.toolkit.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** test-connection's checks of the server: it answers as OpenMetadata, and it takes the token; nothing is written. */
class ServerConnectionTesterTest {

    private static final ServiceTarget PG = new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null);

    private final ObjectMapper mapper = new ObjectMapper();
    /** Retries' waits, recorded instead of slept. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper recording = waits::add;
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();

    private ServerConnectionTester tester(String hostPort, String token) {
        return new ServerConnectionTester(new OpenMetadataClient(serverConfig(hostPort, token), HTTP, mapper, 1, FAST,
                recording));
    }

    @Test
    void aServerThatAnswersAndTakesTheTokenPassesBothChecksAndNothingIsWritten() throws Exception {
        assertThat(tester(server.hostPort(), TOKEN).test(PG)).containsExactly(
                "OpenMetadata at " + server.hostPort() + " answers, version 1.6.4",
                "OpenMetadata accepted the token (GET /v1/services/databaseServices/name/pg: no service pg yet, which a"
                        + " run creates)");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/system/version", "GET /v1/services/databaseServices/name/pg");
        assertThat(server.count("databaseService")).isZero();
    }

    @Test
    void aServiceTheServerHasIsSaidFound() throws Exception {
        server.seed("databaseService", "pg", mapper.createObjectNode().put("name", "pg").put("serviceType", "Postgres"));

        assertThat(tester(server.hostPort(), TOKEN).test(PG).get(1))
                .isEqualTo("OpenMetadata accepted the token (GET /v1/services/databaseServices/name/pg: service pg found)");
    }

    @Test
    void aTestSuiteIsLookedUpInsteadOfAService() throws Exception {
        assertThat(tester(server.hostPort(), TOKEN).test(ServiceTarget.none("nightly")).get(1)).isEqualTo(
                "OpenMetadata accepted the token (GET /v1/dataQuality/testSuites/name/nightly: no test suite nightly there)");
    }

    @Test
    void anotherVersionPassesWithAWarning() throws Exception {
        server.version("1.5.9");

        assertThat(tester(server.hostPort(), TOKEN).test(PG).get(0)).isEqualTo("warning: OpenMetadata at "
                + server.hostPort() + " runs version 1.5.9; metaingest writes the 1.6 API, so some requests may be refused");
    }

    @Test
    void aRefusedTokenIsAnAuthenticationFailureNamingItsSettingWithoutTheToken() {
        // The version endpoint needs no token: only the second call can tell a refused one.
        assertThatThrownBy(() -> tester(server.hostPort(), "wrong-token-Z9").test(PG))
                .isInstanceOfSatisfying(ConnectionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).isEqualTo("OpenMetadata at " + server.hostPort() + " refused the token: GET"
                            + " /v1/services/databaseServices/name/pg answered 401: Not Authorized! Token verification"
                            + " failed; check workflowConfig.openMetadataServerConfig.securityConfig.jwtToken");
                    assertThat(e.passed()).as("the server itself answered").singleElement().asString()
                            .startsWith("OpenMetadata at ").contains(" answers, version 1.6");
                });
    }

    @Test
    void aPortNobodyListensOnIsUnreachable() throws Exception {
        String hostPort = server.hostPort();
        server.close();

        assertThatThrownBy(() -> tester(hostPort, TOKEN).test(PG)).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
            assertThat(e.getMessage()).startsWith("cannot reach OpenMetadata at " + hostPort)
                    .endsWith("; check workflowConfig.openMetadataServerConfig.hostPort");
        });
    }

    @Test
    void anHtmlPageInA200IsNotOpenMetadataAnswering() {
        server.answerJunkToNext("GET /v1/system/version");

        assertThatThrownBy(() -> tester(server.hostPort(), TOKEN).test(PG)).isInstanceOfSatisfying(ConnectionException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                    assertThat(e.getMessage()).contains("an HTML page in a 200 response, not the OpenMetadata API answering")
                            .contains("workflowConfig.openMetadataServerConfig.hostPort");
                });
    }

    @Test
    void aServerFailingWith5xxIsRetriedThenAnUnreachableServerWithItsAnswer() {
        server.failNext("GET /v1/system/version", 503, 503, 503, 503);

        assertThatThrownBy(() -> tester(server.hostPort(), TOKEN).test(PG)).isInstanceOfSatisfying(ConnectionException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                    assertThat(e.getMessage()).startsWith("OpenMetadata at " + server.hostPort() + " is failing: GET"
                                    + " /v1/system/version answered 503: Internal server error (after 4 attempts); check")
                            .endsWith("workflowConfig.openMetadataServerConfig.hostPort (a proxy answering in its place)");
                });
        assertThat(waits).hasSize(3);
    }

    @Test
    void aHostPortWithoutApiSaysSo() {
        String withoutApi = server.hostPort().replaceAll("/api$", "");

        assertThatThrownBy(() -> tester(withoutApi, TOKEN).test(PG)).isInstanceOfSatisfying(ConnectionException.class,
                e -> assertThat(e.getMessage()).endsWith("hostPort should end in /api (" + withoutApi + "/api)"));
    }
}
