package io.metaingest.connectors.fivetran;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.ConnectorConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance checks, through the real runtime, against the local Fivetran API. */
class FivetranConformanceTest extends ConnectorConformanceTest {

    private static FivetranServer server;

    @BeforeAll
    static void start() {
        server = new FivetranServer(FivetranFixtures.standard());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ServiceSpec spec() {
        return new FivetranSpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        Path file = dir.resolve("fivetran.yaml");
        Files.writeString(file, """
                source:
                  type: fivetran
                  serviceName: fivetran_prod
                  serviceConnection:
                    config:
                      type: Fivetran
                      apiKey: %s
                      apiSecret: "%s"
                      hostPort: "%s"
                      limit: 50
                      threads: 4
                  sourceConfig:
                    config:
                      type: PipelineMetadata
                      lineageInformation: {dbServiceNames: [analytics]}
                sink: {type: console}
                """.formatted(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET, server.hostPort()));
        return file;
    }
}
