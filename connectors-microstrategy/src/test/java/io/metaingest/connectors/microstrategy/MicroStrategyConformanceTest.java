package io.metaingest.connectors.microstrategy;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.ConnectorConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance checks, through the real runtime, against the local Library server. */
class MicroStrategyConformanceTest extends ConnectorConformanceTest {

    private static MstrServer server;

    @BeforeAll
    static void start() {
        server = new MstrServer(MstrFixtures.small().healthy());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ServiceSpec spec() {
        return new MicroStrategySpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        Path file = dir.resolve("microstrategy.yaml");
        Files.writeString(file, """
                source:
                  type: microstrategy
                  serviceName: mstr_prod
                  serviceConnection:
                    config:
                      type: MicroStrategy
                      hostPort: "%s"
                      username: %s
                      password: "%s"
                  sourceConfig:
                    config:
                      type: DashboardMetadata
                      lineageInformation: {dbServiceNames: [warehouse_pg]}
                sink: {type: console}
                """.formatted(server.hostPort(), MstrFixtures.USERNAME, MstrFixtures.PASSWORD));
        return file;
    }
}
