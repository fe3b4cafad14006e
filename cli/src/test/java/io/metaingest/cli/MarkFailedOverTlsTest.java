package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.openmetadata.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaingest status --mark-failed -c WORKFLOW} reaches an OpenMetadata behind https with a private CA (and a
 * client certificate) through the workflow's {@code verifySSL} and {@code sslConfig}, as its runs did.
 */
class MarkFailedOverTlsTest {

    private static final String TOKEN = "eyJ.status.tls.token";
    private static final String RUN_ID = "0c7e5a1b-2222-4b4b-8c8c-123456789abc";
    private static final String SERVER = "workflowConfig.openMetadataServerConfig";

    @TempDir
    static Path certificatesFolder;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.make(certificatesFolder);
    }

    /** A stale run's status file naming {@code hostPort}'s ingestion pipeline, as a SIGKILLed run leaves it. */
    private Path staleRun(String hostPort) throws Exception {
        Path file = dir.resolve("killed.json");
        ObjectNode report = mapper.createObjectNode().put("pipelineRunId", RUN_ID).put("state", "running")
                .put("startedAt", "2026-11-28T05:00:00Z").put("updatedAt", "2026-11-28T05:01:00Z")
                .put("ingestionPipelineFQN", "pg.pg_metadata").put("openMetadataHostPort", hostPort);
        report.putArray("steps");
        mapper.writeValue(file.toFile(), report);
        return file;
    }

    /** The workflow's server part: the TLS settings a run of it used ({@code ${CA_FILE}} for the CA, as users write it). */
    private Path workflow(String hostPort, String sslConfig) throws Exception {
        return Files.writeString(dir.resolve("pg.yaml"), """
                source:
                  type: postgres
                  serviceName: pg
                  serviceConnection:
                    config: {type: Postgres, username: u, authType: {password: "${PG_PASSWORD}"}}
                workflowConfig:
                  openMetadataServerConfig:
                    hostPort: %s/
                    authProvider: openmetadata
                    securityConfig: {jwtToken: "${NOT_SET_HERE}"}
                    verifySSL: validate
                    sslConfig:
                %s
                """.formatted(hostPort, sslConfig));
    }

    @Test
    void theWorkflowsCaCertificateReachesAServerWithAPrivateCa() throws Exception {
        try (OpenMetadataStandIn server = OpenMetadataStandIn.overTls(TOKEN, certificates.serverContext(), false)) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = staleRun(server.hostPort());
            Map<String, String> environment = Map.of("OPENMETADATA_JWT_TOKEN", TOKEN,
                    "CA_FILE", certificates.caPem().toString());

            // Without the workflow: this JVM's trust store, which does not know the private CA.
            assertThat(cli.run(environment, "status", "--mark-failed", file.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.err()).contains("the server's certificate is not signed by a trusted CA");
            assertThat(server.runStatuses("pg.pg_metadata")).isEmpty();

            cli.reset();
            Path workflow = workflow(server.hostPort(), "      caCertificate: ${CA_FILE}");
            assertThat(cli.run(environment, "status", "--mark-failed", "-c", workflow.toString(), file.toString()))
                    .as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(cli.out()).contains("- final state sent to " + server.hostPort());
            assertThat(server.runStatuses("pg.pg_metadata").get(RUN_ID).get("pipelineState").asText()).isEqualTo("failed");
            assertThat(mapper.readTree(file.toFile()).has("finalStateSentAt")).isTrue();
        }
    }

    @Test
    void theWorkflowsClientCertificateIsPresentedToAServerThatNeedsOne() throws Exception {
        try (OpenMetadataStandIn server = OpenMetadataStandIn.overTls(TOKEN, certificates.serverContext(), true)) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = staleRun(server.hostPort());
            Path workflow = workflow(server.hostPort(), "      caCertificate: " + certificates.caPem()
                    + "\n      sslCertificate: " + certificates.clientCertificatePem()
                    + "\n      sslKey: " + certificates.clientKeyPem());
            String key = Files.readString(certificates.clientKeyPem()).lines().skip(1).findFirst().orElseThrow();

            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", TOKEN), "status", "--mark-failed", "-c", workflow.toString(),
                    file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(server.runStatuses("pg.pg_metadata").get(RUN_ID).get("pipelineState").asText()).isEqualTo("failed");
            assertThat(cli.console()).doesNotContain(key);
        }
    }

    @Test
    void aWrongTlsSettingOfTheWorkflowIsOneLineNamingItAndNothingIsChanged() throws Exception {
        Path file = staleRun("https://127.0.0.1:1/api");
        String before = Files.readString(file);
        Path workflow = workflow("https://127.0.0.1:1/api", "      caCertificate: " + dir.resolve("nowhere.pem"));

        assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", TOKEN), "status", "--mark-failed", "-c", workflow.toString(),
                file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("-c " + workflow + ": " + SERVER
                + ".sslConfig.caCertificate: " + dir.resolve("nowhere.pem") + " does not exist; give the path of the CA"
                + " certificate that signed the server's certificate (a PEM file)");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    /** A workflow whose server settings are a flow mapping holding an unquoted ${VAR} is read as its runs read it. */
    @Test
    void aFlowStyleVariableInTheServerSettingsIsReadAndSubstituted() throws Exception {
        Path file = staleRun("https://127.0.0.1:1/api");
        Path workflow = Files.writeString(dir.resolve("flow.yaml"), """
                source: {type: postgres, serviceName: pg, serviceConnection: {config: {type: Postgres, username: u,
                  authType: {password: ${PG_PASSWORD}}}}}
                workflowConfig:
                  openMetadataServerConfig: {hostPort: "https://127.0.0.1:1/api/", authProvider: openmetadata,
                    securityConfig: {jwtToken: ${NOT_SET_HERE}}, verifySSL: validate, sslConfig: {caCertificate: ${CA_FILE}}}
                """);

        assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", TOKEN, "CA_FILE", dir.resolve("nowhere.pem").toString()),
                "status", "--mark-failed", "-c", workflow.toString(), file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("-c " + workflow + ": " + SERVER
                + ".sslConfig.caCertificate: " + dir.resolve("nowhere.pem") + " does not exist; give the path of the CA"
                + " certificate that signed the server's certificate (a PEM file)");
    }

    @Test
    void aRunOnAnotherServerIsToldTheWorkflowsSettingsAreNotUsedForIt() throws Exception {
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(TOKEN)) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = staleRun(server.hostPort());
            Path workflow = workflow("https://om.example.com/api", "      caCertificate: " + certificates.caPem());

            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", TOKEN), "status", "--mark-failed", "-c", workflow.toString(),
                    file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(cli.err()).contains(file + ": its server " + server.hostPort()
                    + " is not the one of -c " + workflow + " (https://om.example.com/api/), so its verifySSL and"
                    + " sslConfig are not used for it");
            assertThat(server.runStatuses("pg.pg_metadata").get(RUN_ID).get("pipelineState").asText()).isEqualTo("failed");
        }
    }

    /** A workflow of {@code hostPort}'s server whose bot token is the variable OM_TOKEN. */
    private Path workflowWithTokenVariable(String hostPort) throws java.io.IOException {
        return Files.writeString(dir.resolve("pg.yaml"), """
                source: {type: postgres, serviceName: pg, serviceConnection: {config: {type: Postgres, username: u}}}
                workflowConfig:
                  openMetadataServerConfig:
                    hostPort: %s
                    securityConfig: {jwtToken: "${OM_TOKEN}"}
                """.formatted(hostPort));
    }

    /** The workflow's own token reaches its server, without the variable; a refused one is named by its setting. */
    @Test
    void theWorkflowsTokenMarksItsServersRunFailedAndIsNeverSentElsewhere() throws Exception {
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(TOKEN)) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = staleRun(server.hostPort());
            Path workflow = workflowWithTokenVariable(server.hostPort());

            // A token the server refuses: its setting in -c's workflow is named, the token is not printed.
            assertThat(cli.run(Map.of("OM_TOKEN", "revoked-workflow-token"), "status", "--mark-failed", "-c",
                    workflow.toString(), file.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.err()).contains("OpenMetadata at " + server.hostPort() + " refused the token: ")
                    .contains("; check -c " + workflow + ": " + SERVER + ".securityConfig.jwtToken")
                    .doesNotContain("OPENMETADATA_JWT_TOKEN").doesNotContain("revoked-workflow-token");
            assertThat(server.runStatuses("pg.pg_metadata")).isEmpty();

            // The workflow's token: taken, with no variable set.
            cli.reset();
            assertThat(cli.run(Map.of("OM_TOKEN", TOKEN), "status", "--mark-failed", "-c", workflow.toString(),
                    file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(cli.out()).contains("- final state sent to " + server.hostPort());
            assertThat(cli.console()).doesNotContain(TOKEN);
            assertThat(server.runStatuses("pg.pg_metadata").get(RUN_ID).get("pipelineState").asText()).isEqualTo("failed");

            // A run on another server than the workflow's never gets the workflow's token (here one this server takes).
            Path elsewhere = staleRun(server.hostPort());
            Files.writeString(workflow, Files.readString(workflow).replace(server.hostPort(), "https://om.example.com/api"));
            server.clearCalls();
            cli.reset();
            assertThat(cli.run(Map.of("OM_TOKEN", TOKEN), "status", "--mark-failed", "-c", workflow.toString(),
                    elsewhere.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.err()).contains("not sent to " + server.hostPort() + ": set"
                    + " OPENMETADATA_JWT_TOKEN to the ingestion bot's JWT (or give -c the workflow the run was started"
                    + " with)");
            assertThat(server.calls()).isEmpty();
        }
    }

    /**
     * With {@code -c} given, a workflow whose token names a variable that is not set is told as that: "give -c the
     * workflow" would send the user back to what they just did.
     */
    @Test
    void aWorkflowTokenWhoseVariableIsNotSetIsNamedWhenNothingCanBeSent() throws Exception {
        try (OpenMetadataStandIn server = new OpenMetadataStandIn(TOKEN)) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = staleRun(server.hostPort());
            Path workflow = workflowWithTokenVariable(server.hostPort());

            assertThat(cli.run(Map.of(), "status", "--mark-failed", "-c", workflow.toString(), file.toString()))
                    .isEqualTo(ExitCodes.FAILED);

            assertThat(cli.err()).contains(file + ": not sent to " + server.hostPort() + ": -c " + workflow + ": "
                    + SERVER + ".securityConfig.jwtToken: environment variable OM_TOKEN is not set, nor is"
                    + " OPENMETADATA_JWT_TOKEN; set either to the ingestion bot's JWT to send the run's final state"
                    + " (failed) to the server too").doesNotContain("give -c");
            assertThat(cli.out()).contains("marked failed here only");
            assertThat(server.runStatuses("pg.pg_metadata")).isEmpty();
        }
    }

    @Test
    void aRunOverAKilledRunsReportMarksItFailedThroughItsWorkflowsTlsSettings() throws Exception {
        try (OpenMetadataStandIn server = OpenMetadataStandIn.overTls(TOKEN, certificates.serverContext(), false)) {
            String pipeline = "shelf_svc.shelf_metadata";
            server.seed("ingestionPipeline", pipeline, mapper.createObjectNode().put("name", "shelf_metadata"));
            Path report = dir.resolve("report.json");
            String killedRun = "df5983fd-3333-4a4a-9a9a-123456789abc";
            Files.writeString(report, PublishToOpenMetadataTest.killedReport(killedRun, "\"ingestionPipelineFQN\": \""
                    + pipeline + "\", \"openMetadataHostPort\": \"" + server.hostPort() + "\","));
            Path workflow = Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.metadata(
                    "hostPort: \"shelf:1\", books: [sales]", """
                    sink:
                      type: metadata-rest
                      config: {}
                    workflowConfig:
                      openMetadataServerConfig:
                        hostPort: %s
                        authProvider: openmetadata
                        securityConfig: {jwtToken: %s}
                        verifySSL: validate
                        sslConfig: {caCertificate: %s}
                    ingestionPipelineFQN: %s
                    """.formatted(server.hostPort(), TOKEN, certificates.caPem(), pipeline)));

            int exit = cli.run(Map.of(), "ingest", "-c", workflow.toString(), "--report", report.toString());

            String printed = cli.err();
            assertThat(exit).as(printed).isEqualTo(ExitCodes.OK);
            assertThat(printed).contains("the previous run " + killedRun + " is marked failed on ingestion pipeline "
                    + pipeline).doesNotContain("could not be marked failed");
            assertThat(server.runStatuses(pipeline).get(killedRun).get("pipelineState").asText()).isEqualTo("failed");
        }
    }
}
