package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** test-connection's checks of the server: it answers as OpenMetadata, and it takes the token; nothing is written. */
class ServerConnectionTesterTest {

    private static final String TOKEN = "eyJ.bot.token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ServiceTarget PG = new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null);
    /** The default's shape (several attempts with backoff), its waits recorded instead of slept. */
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(40),
            Duration.ofSeconds(1), Duration.ofSeconds(10));

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final Sleeper recording = waits::add;
    private OpenMetadataStandIn server;

    @BeforeEach
    void start() throws Exception {
        server = new OpenMetadataStandIn(TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ServerConnectionTester tester(String hostPort, String token) {
        return new ServerConnectionTester(new OpenMetadataClient(new OpenMetadataServerConfig(hostPort, "openmetadata",
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(token))), HTTP, mapper, 1, FAST, recording));
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
