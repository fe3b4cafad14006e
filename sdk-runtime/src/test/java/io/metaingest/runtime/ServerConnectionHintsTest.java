package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.WorkflowKind;
import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.SuiteService;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow without {@code source.serviceConnection} runs on the connection its OpenMetadata service
 * holds on the server; a connector's hint then names that service, not a path the user's file lacks.
 */
class ServerConnectionHintsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest("hint-test-token");
    final OpenMetadataStandIn server = openMetadata.server();
    private final Metaingest runtime = ShelfWorkflows.runtime(new ShelfSpec());

    /** A workflow for service {@code shelf_svc}, with {@code connection} under its source (or none). */
    private Path workflow(String connection) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.shelfSourceOf("shelf_svc", connection,
                "type: DatabaseMetadata") + """
                sink:
                  type: file
                  config: {path: %s}
                """.formatted(dir.resolve("out.ndjson")) + server.workflowConfigYaml());
    }

    /** A suite's test runner, its file sink and this test's server, after its source. */
    private String suiteStepsAndServer() {
        return """
                processor:
                  type: orm-test-runner
                  config: {}
                sink:
                  type: file
                  config: {path: %s}
                """.formatted(dir.resolve("out.ndjson")) + server.workflowConfigYaml();
    }

    private void serviceOnServer(String hostPort) {
        ObjectNode service = JsonNodeFactory.instance.objectNode().put("name", "shelf_svc").put("serviceType", "Shelf");
        service.putObject("connection").putObject("config").put("type", "Shelf").put("hostPort", hostPort);
        server.seed("databaseService", "shelf_svc", service);
    }

    private static final String FROM_SERVER = "; the connection was read from OpenMetadata service 'shelf_svc' at %s"
            + " (the workflow has no source.serviceConnection): fix it on the server, or put serviceConnection in the"
            + " workflow's source";

    @Test
    void testConnectionOnTheServersConnectionNamesTheServiceOnceAndNoPathOfTheFile() throws Exception {
        serviceOnServer("down:1");

        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> runtime.testConnection(workflow("")));

        assertThat(e).as("test-connection should fail").isNotNull();
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("cannot reach down:1; check hostPort" + FROM_SERVER.formatted(server.hostPort()));
    }

    @Test
    void aRunOnTheServersConnectionEndsWithTheSameHint() throws Exception {
        serviceOnServer("down:1");

        RunResult result = ShelfWorkflows.ingestQuietly(runtime, workflow(""), Optional.empty());

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).isEqualTo("connection failed: cannot reach down:1; check hostPort"
                + FROM_SERVER.formatted(server.hostPort()));
    }

    @Test
    void aFieldTheServersConnectionHasAndTheConnectorRefusesSaysWhereItCameFrom() throws Exception {
        ObjectNode service = JsonNodeFactory.instance.objectNode().put("name", "shelf_svc").put("serviceType", "Shelf");
        service.putObject("connection").putObject("config").put("type", "Shelf").put("hostPort", "shelf:1")
                .put("shelfColour", "red");
        server.seed("databaseService", "shelf_svc", service);

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(workflow("")));

        assertThat(e).as("the load should fail").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("source.serviceConnection.config.shelfColour: unknown field")
                .endsWith(FROM_SERVER.formatted(server.hostPort()));
    }

    /** OpenMetadata 1.6 lets a test suite list a service by name only: its connection is the server's. */
    @Test
    void aSuiteServiceListedWithoutItsConnectionHasItReadFromTheServer() throws Exception {
        serviceOnServer("shelf:7");
        Path suite = dir.resolve("suite.yaml");
        Files.writeString(suite, ShelfWorkflows.testSuiteSource("""
                - serviceName: shelf_svc
                - serviceName: local_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1"}
                """) + suiteStepsAndServer());

        SuiteConnections services = (SuiteConnections) runtime.load(suite).connection();

        assertThat(services.services()).extracting(SuiteService::serviceName).containsExactly("shelf_svc", "local_svc");
        assertThat(services.services()).extracting(s -> ((ShelfConnection) s.connection()).hostPort())
                .containsExactly("shelf:7", "shelf:1");

        // Its connection failing names the OpenMetadata service it came from, not an entry of the file.
        serviceOnServer("down:1");
        ConnectionTestResult tested = runtime.testConnection(suite);
        assertThat(tested.failed()).singleElement().satisfies(f -> {
            assertThat(f.serviceName()).isEqualTo("shelf_svc");
            assertThat(f.message()).isEqualTo("cannot reach down:1; check hostPort" + FROM_SERVER.formatted(server.hostPort()));
        });

        Files.writeString(suite, Files.readString(suite).replace("- serviceName: shelf_svc", "- serviceName: gone_svc"));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(suite));
        assertThat(e).as("an unknown service should be a problem").isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("source.sourceConfig.config.serviceConnections[0].serviceConnection");
        assertThat(e.problems().get(0).message()).startsWith("missing, and").contains("gone_svc");
    }

    /** OpenMetadata's server writes a suite it deploys with the service's connector as source.type. */
    @Test
    void aSuiteWrittenWithTheServicesTypeRunsAsTheSuiteOfThatService() throws Exception {
        serviceOnServer("shelf:7");
        Path suite = dir.resolve("deployed-suite.yaml");
        Files.writeString(suite, ShelfWorkflows.shelfSourceOf("shelf_svc", "", """
                type: TestSuite
                entityFullyQualifiedName: shelf_svc.shelf.main.a
                profileSampleType: PERCENTAGE
                """) + suiteStepsAndServer());

        LoadedWorkflow workflow = runtime.load(suite);

        assertThat(workflow.context().kind()).isEqualTo(WorkflowKind.TESTSUITE);
        assertThat(((SuiteConnections) workflow.connection()).services()).singleElement().satisfies(s -> {
            assertThat(s.serviceName()).isEqualTo("shelf_svc");
            assertThat(((ShelfConnection) s.connection()).hostPort()).isEqualTo("shelf:7");
        });
        assertThat(workflow.warnings()).singleElement().asString().startsWith("source.type 'shelf' with a TestSuite sourceConfig");
    }

    @Test
    void theFilesOwnConnectionKeepsItsPath() throws Exception {
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> runtime.testConnection(workflow(
                "serviceConnection:\n  config: {type: Shelf, hostPort: \"down:1\"}")));

        assertThat(e.getMessage()).isEqualTo("cannot reach down:1; check source.serviceConnection.config.hostPort");
    }
}
