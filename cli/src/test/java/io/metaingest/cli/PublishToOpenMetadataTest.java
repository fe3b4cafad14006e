package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sink: metadata-rest} through the real CLI and runtime, against the local OpenMetadata stand-in. */
class PublishToOpenMetadataTest {

    private static final String TOKEN = io.metaingest.testkit.canary.Canary.TOKEN;

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();
    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    private final OpenMetadataStandIn server = openMetadata.server();

    private int run(String... args) {
        cli.reset();
        return cli.run(args);
    }

    private Path workflow(String books, String token, String extra) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.metadata(
                "hostPort: \"shelf:1\", books: " + books + ", password: pa55-word-XYZ", """
                sink:
                  type: metadata-rest
                  config: {}
                workflowConfig:
                  successThreshold: 40
                  openMetadataServerConfig:
                    hostPort: %s
                    authProvider: openmetadata
                    securityConfig:
                      jwtToken: %s
                %s""".formatted(server.hostPort(), token, extra)));
    }

    private JsonNode sinkStep(Path report) throws Exception {
        for (JsonNode step : mapper.readTree(report.toFile()).get("steps")) {
            if (step.get("name").asText().equals("metadata-rest")) {
                return step;
            }
        }
        throw new AssertionError("no metadata-rest step in " + Files.readString(report));
    }

    @Test
    void publishesTheServiceAndItsEntitiesAndASecondRunOnlyUpdates() throws Exception {
        Path workflow = workflow("[sales, hr]", TOKEN, "");
        Path report = dir.resolve("report.json");

        assertThat(run("ingest", "-c", workflow.toString(), "--report", report.toString())).isEqualTo(ExitCodes.OK);
        assertThat(server.count("databaseService")).isEqualTo(1);
        assertThat(server.entity("databaseService", "shelf_svc").get("serviceType").asText()).isEqualTo("Shelf");
        assertThat(server.entity("database", "shelf_svc.shelf")).isNotNull();
        assertThat(server.entity("table", "shelf_svc.shelf.main.sales")).isNotNull();
        assertThat(sinkStep(report).get("records").asInt()).isEqualTo(4); // database, schema, sales, hr

        assertThat(run("ingest", "-c", workflow.toString(), "--report", report.toString())).isEqualTo(ExitCodes.OK);
        assertThat(server.count("database")).isEqualTo(1);
        assertThat(server.count("table")).isEqualTo(2);
        assertThat(sinkStep(report).get("records").asInt()).isZero();
        assertThat(sinkStep(report).get("updated_records").asInt()).isEqualTo(4);
        assertThat(server.calls()).noneSatisfy(c -> assertThat(String.valueOf(c.body())).contains("pa55-word-XYZ"));
    }

    @Test
    void anEntityTheServerRefusesIsOneFailureWithItsMessageAndTheRestLands() throws Exception {
        server.failNext("PUT /v1/tables", 400);
        Path report = dir.resolve("report.json");

        int exit = run("ingest", "-c", workflow("[sales, hr]", TOKEN, "").toString(), "--report", report.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK); // partial success: 40 % threshold
        JsonNode sink = sinkStep(report);
        assertThat(sink.get("records").asInt()).isEqualTo(3); // database, schema, hr
        assertThat(sink.get("failures").get(0).get("error").asText()).contains("PUT /v1/tables answered 400");
        assertThat(sink.get("failures").get(0).get("name").asText()).isEqualTo("shelf_svc.shelf.main.sales");
        assertThat(server.entity("table", "shelf_svc.shelf.main.hr")).isNotNull();
        assertThat(mapper.readTree(report.toFile()).get("state").asText()).isEqualTo("partialSuccess");
    }

    @Test
    void aRefusedTokenIsAConnectionFailureWithExitCode3AndTheTokenNeverShows() throws Exception {
        int exit = run("ingest", "-c", workflow("[sales]", "wrong-token-Z9", "").toString());

        assertThat(exit).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        String output = cli.console();
        assertThat(output).contains("OpenMetadata at " + server.hostPort() + " refused the token").doesNotContain("wrong-token-Z9");
        assertThat(server.count("database")).isZero();
    }

    @Test
    void withoutServiceConnectionTheConnectionIsReadFromTheServerAndItsSecretMasked() throws Exception {
        ObjectNode service = mapper.createObjectNode().put("name", "shelf_svc")
                .put("serviceType", "Shelf");
        service.putObject("connection").putObject("config").put("type", "Shelf").put("hostPort", "shelf:1")
                .put("password", "server-side-S3CRET").putArray("books").add("from_server");
        server.seed("databaseService", "shelf_svc", service);
        Path workflow = workflow("[ignored]", TOKEN, "");
        Files.writeString(workflow, Files.readString(workflow)
                .replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:"));
        Path report = dir.resolve("report.json");

        int exit = run("ingest", "-c", workflow.toString(), "--report", report.toString());

        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .startsWith("GET /v1/services/databaseServices/name/shelf_svc");
        assertThat(server.entity("table", "shelf_svc.shelf.main.from_server")).isNotNull();
        assertThat(Files.readString(report)).doesNotContain("server-side-S3CRET");
        assertThat(cli.console())
                .doesNotContain("server-side-S3CRET");
    }

    @Test
    void withoutServiceConnectionAFailingConnectionNamesTheServiceItWasReadFromNotAPathOfTheFile() throws Exception {
        ObjectNode service = mapper.createObjectNode().put("name", "shelf_svc").put("serviceType", "Shelf");
        service.putObject("connection").putObject("config").put("type", "Shelf").put("hostPort", "down:7");
        server.seed("databaseService", "shelf_svc", service);
        Path workflow = workflow("[ignored]", TOKEN, "");
        Files.writeString(workflow, Files.readString(workflow)
                .replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:"));

        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err().lines().toList()).containsExactly("connection failed (unreachable): "
                + "cannot reach down:7; check hostPort; the connection was read from OpenMetadata service 'shelf_svc' at "
                + server.hostPort() + " (the workflow has no source.serviceConnection): fix it on the server, or put"
                + " serviceConnection in the workflow's source");
    }

    @Test
    void withoutServiceConnectionAnUnknownServiceIsAConfigurationProblem() throws Exception {
        Path workflow = workflow("[ignored]", TOKEN, "");
        Files.writeString(workflow, Files.readString(workflow)
                .replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:"));

        assertThat(run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("source.serviceConnection: missing, and "
                + server.hostPort() + " has no databaseService named 'shelf_svc'");
    }

    @Test
    void withoutServiceConnectionARefusedTokenIsAConnectionFailure() throws Exception {
        Path workflow = workflow("[ignored]", "not-the-bot-token", "");
        Files.writeString(workflow, Files.readString(workflow)
                .replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:"));

        assertThat(run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err())
                .contains("source.serviceConnection: missing, and reading it from the server failed: ")
                .doesNotContain("not-the-bot-token");
    }

    @Test
    void withoutServiceConnectionAnUnreachableServerIsAConnectionFailure() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path workflow = workflow("[ignored]", TOKEN, "");
        Files.writeString(workflow, Files.readString(workflow)
                .replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:")
                .replace(server.hostPort(), "http://127.0.0.1:" + closedPort + "/api"));

        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err())
                .contains("source.serviceConnection: missing, and reading it from the server failed: ");
    }

    @Test
    void aMisspeltServiceConnectionIsAConfigurationProblemAndTheServerIsNotAsked() throws Exception {
        Path workflow = workflow("[ignored]", TOKEN, "");
        Files.writeString(workflow, Files.readString(workflow).replace("  serviceConnection:", "  service,onnection:"));
        server.clearCalls();

        assertThat(run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err())
                .contains("source.service,onnection: unknown field; did you mean 'serviceConnection'?")
                .contains("source.serviceConnection: missing; once the other problems are fixed it is read from"
                        + " the OpenMetadata server");
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void aMetadataRestSinkWithoutItsServerOrTokenIsAConfigurationProblemBeforeAnythingRuns() throws Exception {
        Path workflow = workflow("[a]", TOKEN, "");
        String full = Files.readString(workflow);
        Files.writeString(workflow, full.replaceAll("(?s)  openMetadataServerConfig:.*", ""));
        server.clearCalls();

        assertThat(run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("workflowConfig.openMetadataServerConfig: missing;"
                + " the metadata-rest sink writes to that server: add hostPort and securityConfig.jwtToken");

        Files.writeString(workflow, full.replace("      jwtToken: " + TOKEN + "\n", "      {}\n")
                .replace("    securityConfig:\n      {}", "    securityConfig: {}"));
        assertThat(run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err())
                .contains("workflowConfig.openMetadataServerConfig.securityConfig.jwtToken: missing;");
        assertThat(server.calls()).isEmpty();
    }

    /** An ingestion pipeline to report the run's state to, on no server: validate, ingest and test-connection say so (exit 2). */
    @Test
    void anIngestionPipelineWithoutItsServerIsAConfigurationProblemForEveryCommand() throws Exception {
        Path workflow = workflow("[a]", TOKEN, "");
        Path out = dir.resolve("fqn-out.ndjson");
        Files.writeString(workflow, Files.readString(workflow).replaceAll("(?s)  openMetadataServerConfig:.*", "")
                .replaceAll("(?s)sink:.*?workflowConfig:", "sink:\n  type: file\n  config:\n    path: " + out
                        + "\nworkflowConfig:") + "ingestionPipelineFQN: svc.meta\n");
        server.clearCalls();
        String expected = "workflowConfig.openMetadataServerConfig: missing; ingestionPipelineFQN svc.meta is an"
                + " ingestion pipeline on that server, which is told the run's state: add hostPort and"
                + " securityConfig.jwtToken of the server to write to, or remove ingestionPipelineFQN";
        for (String command : List.of("validate", "ingest", "test-connection")) {
            cli.resetErr();
            assertThat(run(command, "-c", workflow.toString())).as(command + ": " + stderr()).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(stderr()).as(command).contains(expected);
        }
        assertThat(out).doesNotExist();
        assertThat(server.calls()).isEmpty();
    }

    private String stdout() {
        return cli.out();
    }

    private String stderr() {
        return cli.err();
    }

    @Test
    void testConnectionChecksTheServerAndTheTokenAfterTheSourceAndWritesNothing() throws Exception {
        assertThat(run("test-connection", "-c", workflow("[sales, hr]", TOKEN, "").toString()))
                .as(stderr()).isEqualTo(ExitCodes.OK);
        assertThat(stdout().lines().toList()).containsExactly(
                "ok: reached shelf:1: 2 books",
                "ok: OpenMetadata at " + server.hostPort() + " answers, version 1.6.4",
                "ok: OpenMetadata accepted the token (GET /v1/services/databaseServices/name/shelf_svc: no service"
                        + " shelf_svc yet, which a run creates)",
                "connection ok");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::method).containsOnly("GET");
        assertThat(server.count("databaseService")).isZero();
    }

    @Test
    void testConnectionWithATokenTheServerRefusesFailsAsARefusedSourceCredentialDoesWithoutShowingIt() throws Exception {
        int exit = run("test-connection", "-c", workflow("[sales]", "wrong-token-Z9", "").toString());

        assertThat(exit).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr().lines().toList()).containsExactly("connection failed (authentication): OpenMetadata at "
                + server.hostPort() + " refused the token: GET /v1/services/databaseServices/name/shelf_svc answered 401: Not Authorized! Token"
                + " verification failed; check workflowConfig.openMetadataServerConfig.securityConfig.jwtToken");
        assertThat(stdout()).startsWith("ok: reached shelf:1").doesNotContain("connection ok");
        assertThat(stdout() + stderr()).doesNotContain("wrong-token-Z9");
    }

    @Test
    void testConnectionToAPortNobodyListensOnFailsAsAnUnreachableSourceDoes() throws Exception {
        Path workflow = workflow("[sales]", TOKEN, "");
        String hostPort = server.hostPort();
        server.close();

        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr().lines().toList()).singleElement().asString()
                .startsWith("connection failed (unreachable): cannot reach OpenMetadata at " + hostPort + " (")
                .endsWith("; check workflowConfig.openMetadataServerConfig.hostPort");
    }

    @Test
    void testConnectionToAServerAnsweringAnHtmlPageIsNotOpenMetadataAnswering() throws Exception {
        server.answerJunkToNext("GET /v1/system/version");

        assertThat(run("test-connection", "-c", workflow("[sales]", TOKEN, "").toString()))
                .isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr()).startsWith("connection failed (unreachable): ")
                .contains("an HTML page in a 200 response, not the OpenMetadata API answering: check"
                        + " workflowConfig.openMetadataServerConfig.hostPort");
    }

    /** An SSO gateway's login page at 401 is the gateway's refusal: the token's setting is not the one to check. */
    @Test
    void aLoginPageOfAGatewayInFrontOfTheServerIsNamedAsSuchNotAsARefusedToken() throws Exception {
        String lookUp = "GET /v1/services/databaseServices/name/shelf_svc";
        String page = "<html><head><title>Sign in - Acme SSO</title></head><body><form>password</form></body></html>";
        String line = "a proxy or gateway in front of OpenMetadata at " + server.hostPort() + " refused " + lookUp
                + " with 401 and an HTML page (Sign in - Acme SSO) before it reached OpenMetadata; check"
                + " workflowConfig.openMetadataServerConfig.hostPort names OpenMetadata's API itself, or have the gateway"
                + " let the ingestion's requests through";
        Path workflow = workflow("[sales]", TOKEN, "");

        server.answerInsteadOfServer(lookUp, 1, 401, "text/html", page);
        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr().lines().toList()).containsExactly("connection failed (unreachable): " + line);

        server.answerInsteadOfServer(lookUp, 1, 401, "text/html", page);
        assertThat(run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stdout() + stderr()).contains(line).doesNotContain("refused the token").doesNotContain("<form>");
        assertThat(server.count("database")).isZero();
    }

    @Test
    void testConnectionReportsASourceAndAServerThatBothFailOneLineEach() throws Exception {
        Path workflow = workflow("[sales]", "wrong-token-Z9", "");
        Files.writeString(workflow, Files.readString(workflow).replace("hostPort: \"shelf:1\"", "hostPort: \"down:7\""));

        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr().lines().toList()).satisfiesExactly(
                source -> assertThat(source).startsWith("connection failed (unreachable): cannot reach down:7"),
                token -> assertThat(token).startsWith("connection failed (authentication): OpenMetadata at " + server.hostPort()
                        + " refused the token"));
    }

    @Test
    void testConnectionChecksTheIngestionPipelineTheRunReportsTo() throws Exception {
        Path workflow = workflow("[sales]", TOKEN, "ingestionPipelineFQN: " + PIPELINE + "\n");

        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(stderr().lines().toList()).containsExactly("connection failed (not_found): ingestionPipelineFQN '"
                + PIPELINE + "' is not on " + server.hostPort() + "; check ingestionPipelineFQN or remove it to run"
                + " without reporting status");
        // The server's checks that passed before the pipeline's are still said.
        assertThat(stdout()).contains("ok: OpenMetadata at " + server.hostPort() + " answers", "ok: OpenMetadata accepted"
                + " the token").doesNotContain("connection ok");

        server.seed("ingestionPipeline", PIPELINE, mapper.createObjectNode().put("name", "shelf_metadata"));
        assertThat(run("test-connection", "-c", workflow.toString())).isEqualTo(ExitCodes.OK);
        assertThat(stdout()).contains("ok: OpenMetadata has ingestion pipeline " + PIPELINE
                + ", which the run reports its state to");
    }

    @Test
    void testConnectionOfAWorkflowWritingFilesLeavesTheServerAlone() throws Exception {
        Path workflow = workflow("[sales]", "wrong-token-Z9", "");
        Files.writeString(workflow, Files.readString(workflow).replace("  type: metadata-rest\n  config: {}",
                "  type: file\n  config: {path: " + dir.resolve("out.ndjson") + "}"));
        server.clearCalls();

        assertThat(run("test-connection", "-c", workflow.toString())).as(stderr()).isEqualTo(ExitCodes.OK);
        assertThat(server.calls()).isEmpty();
    }

    private static final String PIPELINE = "shelf_svc.shelf_metadata";

    private JsonNode finalStatus(String runId) {
        return server.runStatuses(PIPELINE).get(runId);
    }

    private String runId(Path report) throws Exception {
        return mapper.readTree(report.toFile()).get("pipelineRunId").asText();
    }

    @Test
    void theRunReportsRunningThenSuccessOrPartialSuccessOrFailedToItsIngestionPipeline() throws Exception {
        server.seed("ingestionPipeline", PIPELINE, mapper.createObjectNode().put("name", "shelf_metadata"));
        Path report = dir.resolve("report.json");
        String extra = "ingestionPipelineFQN: " + PIPELINE + "\n";

        assertThat(run("ingest", "-c", workflow("[sales, hr]", TOKEN, extra).toString(), "--report", report.toString()))
                .isEqualTo(ExitCodes.OK);
        JsonNode success = finalStatus(runId(report));
        assertThat(success.get("pipelineState").asText()).isEqualTo("success");
        assertThat(success.get("endDate").asLong()).isPositive();
        assertThat(success.get("status").findValuesAsText("name")).contains("shelf", "metadata-rest");
        assertThat(server.calls().stream().filter(c -> c.line().endsWith("/pipelineStatus")).findFirst().orElseThrow()
                .body().get("pipelineState").asText()).isEqualTo("running");
        assertThat(mapper.readTree(report.toFile()).get("ingestionPipelineFQN").asText()).isEqualTo(PIPELINE);
        assertThat(mapper.readTree(report.toFile()).get("openMetadataHostPort").asText()).isEqualTo(server.hostPort());

        server.failNext("PUT /v1/tables", 400);
        run("ingest", "-c", workflow("[sales, hr]", TOKEN, extra).toString(), "--report", report.toString());
        assertThat(finalStatus(runId(report)).get("pipelineState").asText()).isEqualTo("partialSuccess");

        server.failNext("PUT /v1/tables", 400);
        Path strict = workflow("[sales, hr]", TOKEN, extra);
        Files.writeString(strict, Files.readString(strict).replace("successThreshold: 40", "successThreshold: 95"));
        assertThat(run("ingest", "-c", strict.toString(), "--report", report.toString())).isEqualTo(ExitCodes.FAILED);
        JsonNode failed = finalStatus(runId(report));
        assertThat(failed.get("pipelineState").asText()).isEqualTo("failed");
        assertThat(failed.get("status").toString()).contains("answered 400");
    }

    /**
     * Runs the workflow reporting to {@link #PIPELINE} while the server refuses the run's final state
     * {@code success} (and only that) with {@code status}; returns the report.
     */
    private JsonNode runWhoseFinalStateIsRefused(int status, String message) throws Exception {
        server.seed("ingestionPipeline", PIPELINE, mapper.createObjectNode().put("name", "shelf_metadata"));
        server.refuseRunState("success", status, message);
        Path report = dir.resolve("report.json");

        int exit = run("ingest", "-c", workflow("[sales, hr]", TOKEN, "ingestionPipelineFQN: " + PIPELINE + "\n").toString(),
                "--report", report.toString());

        String printed = cli.err();
        // The data is the truth: every record landed, so the run succeeded, and says where they went.
        assertThat(exit).as(printed).isEqualTo(ExitCodes.OK);
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("state").asText()).isEqualTo("success");
        assertThat(sinkStep(report).get("records").asInt()).isEqualTo(4); // database, schema, sales, hr
        assertThat(sinkStep(report).get("errors").asInt()).isZero();
        assertThat(result.get("outputs").get(0).get("records").asInt()).isEqualTo(4);
        assertThat(result.get("outputs").get(0).get("kept").asBoolean()).isTrue();
        assertThat(server.count("table")).isEqualTo(2);
        assertThat(printed).contains("shelf: success - 4 records written to ");
        // The server took "running" and refused "success": it still says running.
        assertThat(finalStatus(runId(report)).get("pipelineState").asText()).isEqualTo("running");
        assertThat(server.calls()).anySatisfy(c -> {
            assertThat(c.line()).endsWith("/pipelineStatus");
            assertThat(c.body().get("pipelineState").asText()).isEqualTo("success");
            assertThat(c.status()).isEqualTo(status);
        });
        // One warning, in the report and in the printed summary, naming the state and the HTTP code.
        assertThat(result.get("warnings")).hasSize(1);
        String warning = result.get("warnings").get(0).asText();
        assertThat(warning).doesNotContain("\n")
                .contains("ingestion pipeline " + PIPELINE + " did not take the final state (success)")
                .contains("pipelineStatus answered " + status + ": " + message);
        // Once: not also as a log line in other words.
        assertThat(occurrences(printed, "warning: " + warning)).isEqualTo(1);
        assertThat(printed).doesNotContain("could not report the run's success state");
        // No secret, no stack trace.
        assertThat(Files.readString(report)).doesNotContain(TOKEN).doesNotContain("pa55-word-XYZ");
        assertThat(printed + cli.out()).doesNotContain(TOKEN).doesNotContain("pa55-word-XYZ")
                .doesNotContain("\tat ").doesNotContain("Exception in thread");
        return result;
    }

    @Test
    void aFinalStateTheServerRefusesWith400IsAWarningAndTheRunStillSucceeds() throws Exception {
        runWhoseFinalStateIsRefused(400, "Invalid pipelineStatus: endDate must not be before startDate");

        // A 400 is the server's final word: sent once.
        assertThat(server.calls()).filteredOn(c -> c.line().endsWith("/pipelineStatus")
                && c.body().get("pipelineState").asText().equals("success")).hasSize(1);
    }

    @Test
    void aFinalStateTheServerKeepsFailingWith500IsAWarningAndTheRunStillSucceeds() throws Exception {
        runWhoseFinalStateIsRefused(500, "Internal server error");

        // Retried (a 5xx may pass), then given up: the run does not wait on the server.
        assertThat(server.calls()).filteredOn(c -> c.line().endsWith("/pipelineStatus")
                && c.body().get("pipelineState").asText().equals("success")).hasSizeGreaterThan(1);
    }

    private Process ingestInChild(Path workflow, Path report, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.metaingest.cli.Main", "ingest", "-c", workflow.toString(), "--report", report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A run with an ingestion pipeline whose source hangs after its first book, in a child JVM. */
    private Process hangingRunReportingTo(Path report) throws Exception {
        server.seed("ingestionPipeline", PIPELINE, mapper.createObjectNode().put("name", "shelf_metadata"));
        Path workflow = workflow("[sales, hr]", TOKEN, "ingestionPipelineFQN: " + PIPELINE + "\n");
        Files.writeString(workflow, Files.readString(workflow).replace("password: pa55-word-XYZ",
                "password: pa55-word-XYZ, hangAfterFirst: true"));
        return ingestInChild(workflow, report, Map.of());
    }

    @Test
    void aRunStoppedWithSigtermEndsFailedOnTheServer() throws Exception {
        Path report = dir.resolve("report.json");
        Process process = hangingRunReportingTo(report);
        try {
            String runId = StopTest.awaitReport(report, "running", Duration.ofSeconds(60)).get("pipelineRunId").asText();
            server.awaitCalls(c -> c.line().endsWith("/pipelineStatus"), 1, Duration.ofSeconds(60));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(finalStatus(runId).get("pipelineState").asText()).isEqualTo("failed");
            assertThat(finalStatus(runId).get("endDate").asLong()).isPositive();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aFinalStateTheServerRefusesAfterASigtermIsAWarningInTheReportAndOnTheConsole() throws Exception {
        server.refuseRunState("failed", 400, "Invalid pipelineStatus: endDate must not be before startDate");
        Path report = dir.resolve("report.json");
        Process process = hangingRunReportingTo(report);
        try {
            StopTest.awaitReport(report, "running", Duration.ofSeconds(60));
            server.awaitCalls(c -> c.line().endsWith("/pipelineStatus"), 1, Duration.ofSeconds(60));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        JsonNode result = mapper.readTree(report.toFile());
        assertThat(result.get("state").asText()).isEqualTo("failed");
        assertThat(result.get("warnings")).hasSize(1);
        String warning = result.get("warnings").get(0).asText();
        assertThat(warning).contains("did not take the final state (failed)", "pipelineStatus answered 400");
        String console = Files.readString(dir.resolve("console.txt"));
        assertThat(console).doesNotContain(TOKEN).doesNotContain("\tat ");
        // Printed once, by the stop (the summary may never come), not again after the summary, nor as a log line.
        assertThat(occurrences(console, "warning: " + warning)).as(console).isEqualTo(1);
        assertThat(console).doesNotContain("could not report the run's failed state");
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aStopWhileTheServerHangsWritesTheReportAndPrintsTheSummaryWithoutWaitingForTheServer() throws Exception {
        Path report = dir.resolve("report.json");
        Process process = hangingRunReportingTo(report);
        try {
            StopTest.awaitReport(report, "running", Duration.ofSeconds(60));
            String status = server.awaitCalls(c -> c.line().endsWith("/pipelineStatus"), 1, Duration.ofSeconds(60))
                    .get(0).line();
            server.hang(status); // the server stops answering before the stop
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(mapper.readTree(report.toFile()).get("state").asText()).isEqualTo("failed");
        String console = Files.readString(dir.resolve("console.txt"));
        // The summary printed: the stop did not hold it for the server's timeouts.
        assertThat(console).contains("shelf: failed - interrupted");
        // The report says so too, so that metaingest status --mark-failed finds the run and finishes it.
        assertThat(mapper.readTree(report.toFile()).get("warnings").toString())
                .contains("ingestion pipeline " + PIPELINE + " did not take the final state (failed) within 1500 ms");
        // Printed once, as the report words it: not also as a log line, nor again after the summary.
        String warning = "warning: ingestion pipeline " + PIPELINE + " did not take the final state (failed) within 1500 ms;"
                + " its status on the server may still say running";
        assertThat(occurrences(console, warning)).as(console).isEqualTo(1);
        assertThat(occurrences(console, "did not take the final state")).as(console).isEqualTo(1);
    }

    /**
     * A stop while the run looks up its ingestion pipeline on a server that does not answer: the look-up is cut short,
     * so the command prints its summary (the process ended after its 3 s for last lines, without it, before).
     */
    @Test
    void aStopDuringThePipelineLookUpTheServerDoesNotAnswerStillPrintsTheSummary() throws Exception {
        Path report = dir.resolve("report.json");
        String lookUp = "GET /v1/services/ingestionPipelines/name/" + PIPELINE;
        server.hang(lookUp);
        Process process = ingestInChild(workflow("[sales]", TOKEN, "ingestionPipelineFQN: " + PIPELINE + "\n"), report,
                Map.of());
        try {
            server.awaitCalls(c -> c.line().equals(lookUp), 1,
                    Duration.ofSeconds(60));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
        JsonNode last = mapper.readTree(report.toFile());
        assertThat(last.get("state").asText()).isEqualTo("failed");
        assertThat(last.path("endedBy").asText()).isEqualTo("signal");
        String console = Files.readString(dir.resolve("console.txt"));
        assertThat(console).contains("run interrupted; final state failed").contains("shelf: failed - interrupted");
    }

    @Test
    void aStopDuringAWriteTheServerDoesNotAnswerStillPrintsTheSummary() throws Exception {
        Path report = dir.resolve("report.json");
        server.hang("PUT /v1/tables"); // the first table's write waits for its 60 s timeout, then is retried
        Process process = ingestInChild(workflow("[sales, hr]", TOKEN, ""), report, Map.of());
        try {
            server.awaitCalls(c -> c.line().equals("PUT /v1/tables"), 1, Duration.ofSeconds(60));
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
        assertThat(mapper.readTree(report.toFile()).get("state").asText()).isEqualTo("failed");
        String console = Files.readString(dir.resolve("console.txt"));
        assertThat(console).contains("warning: a write was still in progress 1 s after the stop")
                .contains("metadata-rest").contains("shelf: failed - interrupted");
    }

    @Test
    void aRunKilledWithSigkillIsMarkedFailedOnTheServerByStatus() throws Exception {
        Path report = dir.resolve("report.json");
        Process process = hangingRunReportingTo(report);
        String runId;
        try {
            runId = StopTest.awaitReport(report, "running", Duration.ofSeconds(60)).get("pipelineRunId").asText();
            server.awaitCalls(c -> c.line().endsWith("/pipelineStatus"), 1, Duration.ofSeconds(60));
            process.destroyForcibly(); // SIGKILL: nothing more is reported
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(finalStatus(runId).get("pipelineState").asText()).isEqualTo("running");
        assertThat(Files.readString(report)).doesNotContain(TOKEN);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder status = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.metaingest.cli.Main", "status", "--stale-after", "0s", "--mark-failed", report.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("status.txt").toFile());
        status.environment().put(StatusCommand.TOKEN_VARIABLE, TOKEN);
        Process marking = status.start();
        assertThat(marking.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(marking.exitValue()).as(Files.readString(dir.resolve("status.txt"))).isZero();
        assertThat(finalStatus(runId).get("pipelineState").asText()).isEqualTo("failed");
        assertThat(mapper.readTree(report.toFile()).get("state").asText()).isEqualTo("failed");
    }

    /** A report whose run was killed (SIGKILL) and a new run over it: said once, and the killed run ends failed on its pipeline. */
    @Test
    void aRunOverTheReportOfAKilledRunSaysSoAndMarksThatRunFailedOnItsPipeline() throws Exception {
        server.seed("ingestionPipeline", PIPELINE, mapper.createObjectNode().put("name", "shelf_metadata"));
        String killedRun = "df5983fd-1111-4a4a-9a9a-123456789abc";
        Path report = killedRunOfThePipeline(killedRun);

        int exit = run("ingest", "-c", workflow("[sales]", TOKEN, "ingestionPipelineFQN: " + PIPELINE + "\n").toString(),
                "--report", report.toString());

        String printed = cli.err();
        assertThat(exit).as(printed).isEqualTo(ExitCodes.OK);
        assertThat(occurrences(printed, "warning: the previous run " + killedRun + " of this report ended without a final"
                + " state (its process is gone); marking it failed")).as(printed).isEqualTo(1);
        assertThat(printed).contains("the previous run " + killedRun + " is marked failed on ingestion pipeline " + PIPELINE);
        assertThat(finalStatus(killedRun).get("pipelineState").asText()).isEqualTo("failed");
        assertThat(finalStatus(runId(report)).get("pipelineState").asText()).isEqualTo("success");
        assertThat(printed).doesNotContain(TOKEN);
        // Said on the console, so in the report too.
        assertThat(mapper.readTree(report.toFile()).get("warnings")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .contains("the previous run " + killedRun + " of this report ended without a final state (its process is"
                        + " gone); marking it failed");
    }

    /** Without a token to send it with, the new run says the killed one could not be marked failed on its server. */
    @Test
    void aKilledRunThatCannotBeMarkedFailedOnItsServerIsSaidSo() throws Exception {
        Path report = killedRunOfThePipeline("df5983fd-2222-4a4a-9a9a-123456789abc");

        int exit = cli.run(Map.of(), "ingest", "-c", workflow("[sales]", TOKEN, "").toString(), "--report",
                report.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(cli.err()).contains("warning: the previous run df5983fd-2222-4a4a-9a9a-123456789abc"
                + " could not be marked failed on ingestion pipeline " + PIPELINE + " on " + server.hostPort()
                + ": no token (the workflow names none, and OPENMETADATA_JWT_TOKEN is not set)");
        assertThat(mapper.readTree(report.toFile()).get("warnings")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .contains("the previous run df5983fd-2222-4a4a-9a9a-123456789abc of this report ended without a final state"
                        + " (its process is gone); marking it failed", "the previous run df5983fd-2222-4a4a-9a9a-123456789abc"
                        + " could not be marked failed on ingestion pipeline " + PIPELINE + " on " + server.hostPort()
                        + ": no token (the workflow names none, and OPENMETADATA_JWT_TOKEN is not set); its status there"
                        + " may still say running");
    }

    /** A token from OPENMETADATA_JWT_TOKEN that the server refuses is named as that variable, not the workflow's setting. */
    @Test
    void aRefusedTokenFromTheVariableIsNamedAsTheVariable() throws Exception {
        Path report = killedRunOfThePipeline("df5983fd-3333-4a4a-9a9a-123456789abc");

        int exit = cli.run(Map.of(StatusCommand.TOKEN_VARIABLE, "not.the.token"), "ingest", "-c",
                workflow("[sales]", TOKEN, "").toString(), "--report", report.toString());

        String printed = cli.err();
        assertThat(exit).as(printed).isEqualTo(ExitCodes.OK);
        assertThat(printed).contains("warning: the previous run df5983fd-3333-4a4a-9a9a-123456789abc could not be marked"
                + " failed on ingestion pipeline " + PIPELINE + " on " + server.hostPort() + ": ")
                .contains("check OPENMETADATA_JWT_TOKEN, the token metaingest ingest sends")
                .doesNotContain("check " + io.metaingest.openmetadata.OpenMetadataClient.TOKEN_SETTING)
                .doesNotContain("not.the.token");
    }

    /** The run report {@code report.json} left by the killed run {@code runId} of {@link #PIPELINE} on the stand-in. */
    private Path killedRunOfThePipeline(String runId) throws Exception {
        return Files.writeString(dir.resolve("report.json"), killedReport(runId, "\"ingestionPipelineFQN\": \""
                + PIPELINE + "\", \"openMetadataHostPort\": \"" + server.hostPort() + "\","));
    }

    /**
     * A status file left "running" by a process of this host that is gone (killed), naming the run {@code runId};
     * {@link MarkFailedOverTlsTest}'s too.
     */
    static String killedReport(String runId, String server) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        io.metaingest.runtime.files.RunProcess here = io.metaingest.runtime.files.RunProcess.current();
        return """
                {"pipelineRunId": "%s", "state": "running", "startedAt": "2026-11-28T05:00:00Z",
                 "updatedAt": "2026-11-28T05:00:05Z", "steps": [], %s
                 "process": {"pid": %d, "host": "%s", "bootId": "%s", "pidNamespace": "%s", "startedAt": "2026-11-28T05:00:00Z"}}
                """.formatted(runId, server, ended.pid(), here.host(), here.bootId(), here.pidNamespace());
    }
}
