package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test suite workflow files through the command line: the 1.5 shape and services that cannot run tests. */
class TestSuiteConfigTest {

    private static final String PASSWORD = "Suite-Pa55-Canary";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("suite.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * A suite of the one table {@code shelf_svc.shelf.main.orders} running its row count test, as OpenMetadata's
     * documentation writes one: {@code source} is the source's lines above its sourceConfig (indented by two),
     * {@code more} the workflow's sections after the sink, or none.
     */
    private static String tableSuite(String source, Path output, String more) {
        return """
                source:
                %s  sourceConfig:
                    config:
                      type: TestSuite
                      entityFullyQualifiedName: shelf_svc.shelf.main.orders
                processor:
                  type: orm-test-runner
                  config:
                    testCases:
                      - {name: rows, testDefinitionName: tableRowCountToBeBetween}
                sink:
                  type: file
                  config: {path: "%s"}
                """.formatted(source, output) + more;
    }

    /**
     * A suite whose one test is aborted (its service is not listed) and one passes: a result each, so the run
     * succeeds (exit 0) and its summary names the one that did not pass and counts them; with
     * {@code --fail-on-failed-tests} the exit is 4, saying why, and the results are written all the same.
     */
    @Test
    void aTestThatDidNotPassIsInTheSummaryAndFailOnFailedTestsExitsFour() throws Exception {
        Path results = dir.resolve("out.ndjson");
        Path file = write(ShelfWorkflows.suite(results, List.of(
                "{name: rows, testDefinitionName: tableRowCountToBeBetween, entityLink: \"<#E::table::shelf_svc.shelf.main.orders>\"}",
                "{name: elsewhere, testDefinitionName: tableRowCountToBeBetween, entityLink: \"<#E::table::gone_svc.db.s.t>\"}"),
                ShelfWorkflows.service("shelf_svc", "Shelf", "shelf:1", "password: " + PASSWORD)));

        Path report = dir.resolve("report.json");
        int plain = cli.run("ingest", "-c", file.toString(), "--report", report.toString());
        String summary = cli.err();
        assertThat(plain).as(summary).isEqualTo(ExitCodes.OK);
        JsonNode ungated = new ObjectMapper().readTree(report.toFile());
        assertThat(ungated.path("endedBy").asText()).isEqualTo("completed");
        assertThat(ungated.path("exitCode").asInt(-1)).isZero();
        assertThat(summary).contains("warning [orm-test-runner] gone_svc.db.s.t.elsewhere: Aborted: service gone_svc:"
                + " not listed in source.sourceConfig.config.serviceConnections").contains("\n2 tests: 1 Success, 0 Failed,"
                + " 1 Aborted\n").doesNotContain("exit 4");

        cli.resetErr();
        int gated = cli.run("ingest", "-c", file.toString(), "--fail-on-failed-tests", "--report", report.toString());
        assertThat(gated).as(cli.err()).isEqualTo(ExitCodes.TESTS_NOT_PASSED);
        // The report says the exit the command ends with, and why; the run's own state stays a success.
        JsonNode gatedReport = new ObjectMapper().readTree(report.toFile());
        assertThat(gatedReport.path("state").asText()).isEqualTo("success");
        assertThat(gatedReport.path("endedBy").asText()).isEqualTo("testsNotPassed");
        assertThat(gatedReport.path("exitCode").asInt()).isEqualTo(ExitCodes.TESTS_NOT_PASSED);
        assertThat(cli.err()).contains("exit 4 (--fail-on-failed-tests): 1 of 2 tests did"
                + " not pass (2 tests: 1 Success, 0 Failed, 1 Aborted)");
        assertThat(Files.readAllLines(results)).hasSize(2);

        // A test whose service cannot be reached never ran: it does not pass the gate either.
        cli.resetErr();
        Path unreachable = write(Files.readString(file).replace("gone_svc", "down_svc").replace("serviceConnections:\n",
                "serviceConnections:\n" + ShelfWorkflows.service("down_svc", "Shelf", "down:1", null) + "\n")
                + "workflowConfig: {successThreshold: 50}\n"); // so that the run itself succeeds
        int notRun = cli.run("ingest", "-c", unreachable.toString(), "--fail-on-failed-tests");
        assertThat(notRun).as(cli.err()).isEqualTo(ExitCodes.TESTS_NOT_PASSED);
        assertThat(cli.err()).contains("(2 tests: 1 Success, 0 Failed, 0 Aborted, 1 not run)");
    }

    @Test
    void failOnFailedTestsIsRefusedForAWorkflowThatRunsNoTests() throws Exception {
        Path file = write(ShelfWorkflows.toFile(dir.resolve("out.ndjson")));

        int exit = cli.run("ingest", "-c", file.toString(), "--fail-on-failed-tests");

        assertThat(exit).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).isEqualTo("error: --fail-on-failed-tests: " + file + " is a shelf"
                + " workflow, which runs no tests; give it a test suite (source.type: testsuite) or drop the option\n");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    @Test
    void theOneConnectionShapeOf15ExitsWith2AndNamesServiceConnectionsAndMigrate() throws Exception {
        Path file = write(tableSuite("""
                  type: testsuite
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [orders], password: %s}
                """.formatted(PASSWORD), dir.resolve("out.ndjson"), ""));

        for (String command : new String[] {"ingest", "validate"}) {
            cli.reset();
            int exit = cli.run(command, "-c", file.toString());

            String console = cli.console();
            assertThat(exit).as(console).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(console).contains("source.serviceConnection: a testsuite workflow lists its services in "
                    + "source.sourceConfig.config.serviceConnections since OpenMetadata 1.6.2")
                    .contains("`metaingest migrate`")
                    .doesNotContain(PASSWORD).doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    @Test
    void aListedServiceWhoseConnectorRunsNoTestsIsAConfigurationError() throws Exception {
        Path file = write(ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("shelf_svc", "MetadataShelf", "shelf:1", "password: " + PASSWORD),
                ShelfWorkflows.serviceConnection("other_svc", "type: Nosuchdb, password: " + PASSWORD)));

        int exit = cli.run("ingest", "-c", file.toString());

        String console = cli.console();
        assertThat(exit).as(console).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(console)
                .contains("source.sourceConfig.config.serviceConnections[0].serviceConnection.config.type: "
                        + "MetadataShelf runs no data-quality tests")
                .contains("source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type: "
                        + "unknown service type 'Nosuchdb'")
                .doesNotContain(PASSWORD);
    }

    /**
     * A shelf that runs tests but has no connection tester, under a type the shelf's connection schema
     * accepts (MetadataShelf, whose own spec is left out of the registry).
     */
    private static final class UntestedShelf extends ShelfSpec {
        @Override public String serviceType() { return "MetadataShelf"; }
        @Override public Set<String> formerServiceTypes() { return Set.of(); }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() { return Optional.empty(); }
    }

    @Test
    void testConnectionOfASuiteWithAServiceNothingCanCheckExitsOneNamingItAndValidateNamesTheServices() throws Exception {
        Path file = write(ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("shelf_svc", "Shelf", "shelf:1", "password: " + PASSWORD),
                ShelfWorkflows.service("untested_svc", "MetadataShelf", "shelf:2", "password: " + PASSWORD)));
        Main main = cli.main(plugins -> CapturedCli.runtime(ServiceSpecRegistry.of(new ShelfSpec(), new UntestedShelf()),
                System.getenv()));

        assertThat(Main.execute(main, "validate", "-c", file.toString())).isZero();
        assertThat(cli.out()).isEqualTo(file + ": valid - test suite workflow on shelf_svc (Shelf),"
                + " untested_svc (MetadataShelf), writing to file\n");
        cli.resetOut();

        int exit = Main.execute(main, "test-connection", "-c", file.toString());

        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out().lines().toList()).containsExactly("ok: shelf_svc: reached shelf:1: 1 books");
        assertThat(cli.err().lines().toList()).containsExactly("connection not tested: untested_svc: "
                + "the MetadataShelf connector has no connection tester, so nothing was checked (its author adds one by "
                + "returning a ConnectionTester class from ServiceSpec.connectionTester())");
    }

    @Test
    void testConnectionOfASuiteTestsEveryServicePrintsALineForEachAndExits3WhenOneFailed() throws Exception {
        Path file = write(ShelfWorkflows.suite(dir.resolve("out.ndjson"),
                ShelfWorkflows.service("first_svc", "Shelf", "down:1", "password: " + PASSWORD),
                ShelfWorkflows.service("second_svc", "Shelf", "shelf:2", "password: " + PASSWORD),
                ShelfWorkflows.service("third_svc", "Shelf", "down:3", "password: " + PASSWORD)));

        int exit = cli.run("test-connection", "-c", file.toString());

        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.out().lines().toList()).containsExactly("ok: second_svc: reached shelf:2: 1 books");
        assertThat(cli.err().lines().toList()).containsExactly(
                "connection failed (unreachable): first_svc: cannot reach down:1; check "
                        + "source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort",
                "connection failed (unreachable): third_svc: cannot reach down:3; check "
                        + "source.sourceConfig.config.serviceConnections[2].serviceConnection.config.hostPort");
    }

    /**
     * OpenMetadata's documented basic suite lists no serviceConnections: with a server named, the services of the
     * suite's tables are read from it (their connections, secrets masked), and the tests run on them.
     */
    @Test
    void aSuiteWithoutServiceConnectionsReadsItsTablesServicesFromTheServer() throws Exception {
        String token = "suite-server-jwt-7";
        try (io.metaingest.openmetadata.OpenMetadataStandIn server = new io.metaingest.openmetadata.OpenMetadataStandIn(token)) {
            com.fasterxml.jackson.databind.node.ObjectNode service = new ObjectMapper().createObjectNode()
                    .put("name", "shelf_svc").put("serviceType", "Shelf");
            service.putObject("connection").putObject("config").put("type", "Shelf").put("hostPort", "from-server:1")
                    .put("password", PASSWORD).putArray("books").add("orders");
            server.seed("databaseService", "shelf_svc", service);
            Path results = dir.resolve("doc-suite.ndjson");
            Path file = write(tableSuite("""
                      type: TestSuite
                      serviceName: orders_suite
                    """, results, """
                    workflowConfig:
                      openMetadataServerConfig:
                        hostPort: %s
                        authProvider: openmetadata
                        securityConfig: {jwtToken: %s}
                    """.formatted(server.hostPort(), token)));

            int exit = cli.run("ingest", "-c", file.toString());

            String messages = cli.err();
            assertThat(exit).as(messages).isEqualTo(ExitCodes.OK);
            assertThat(messages).contains("warning: source.sourceConfig.config.serviceConnections: not given, so the"
                    + " connections of the suite's tables' services are read from the OpenMetadata server, as"
                    + " OpenMetadata does: read as [{serviceName: shelf_svc}]").doesNotContain(PASSWORD);
            assertThat(server.calls()).extracting(io.metaingest.openmetadata.OpenMetadataStandIn.Call::line)
                    .anyMatch(line -> line.startsWith("GET /v1/services/databaseServices/name/shelf_svc"));
            assertThat(Files.readString(results)).contains("ran on from-server:1").doesNotContain(PASSWORD);
        }
    }
}
