package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test suite workflow files through the command line: the 1.5 shape and services that cannot run tests. */
class TestSuiteConfigTest {

    private static final String PASSWORD = "Suite-Pa55-Canary";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Metaingest::discover), args);
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("suite.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void theOneConnectionShapeOf15ExitsWith2AndNamesServiceConnectionsAndMigrate() throws Exception {
        Path file = write("""
                source:
                  type: testsuite
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [orders], password: %s}
                  sourceConfig:
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
                  config: {path: %s}
                """.formatted(PASSWORD, dir.resolve("out.ndjson")));

        for (String command : new String[] {"ingest", "validate"}) {
            out.reset();
            err.reset();
            int exit = run(command, "-c", file.toString());

            String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
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
        Path file = write("""
                source:
                  type: testsuite
                  serviceName: suite
                  sourceConfig:
                    config:
                      type: TestSuite
                      serviceConnections:
                        - serviceName: shelf_svc
                          serviceConnection:
                            config: {type: MetadataShelf, hostPort: "shelf:1", books: [orders], password: %s}
                        - serviceName: other_svc
                          serviceConnection:
                            config: {type: Nosuchdb, password: %s}
                processor:
                  type: orm-test-runner
                  config: {}
                sink:
                  type: file
                  config: {path: %s}
                """.formatted(PASSWORD, PASSWORD, dir.resolve("out.ndjson")));

        int exit = run("ingest", "-c", file.toString());

        String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(console)
                .contains("source.sourceConfig.config.serviceConnections[0].serviceConnection.config.type: "
                        + "MetadataShelf runs no data-quality tests")
                .contains("source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type: "
                        + "unknown service type 'Nosuchdb'")
                .doesNotContain(PASSWORD);
    }
}
