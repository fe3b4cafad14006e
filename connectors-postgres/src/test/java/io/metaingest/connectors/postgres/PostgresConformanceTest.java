package io.metaingest.connectors.postgres;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.ConnectorConformanceTest;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared conformance kit, through the real runtime, against the test server's sample database. */
class PostgresConformanceTest extends ConnectorConformanceTest {

    @Override
    protected ServiceSpec spec() {
        return new PostgresSpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        TestPg pg = TestPg.get();
        Path file = dir.resolve("postgres.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  serviceName: conformance_pg
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: "%s"
                      username: "%s"
                      authType: {password: "%s"}
                      database: "%s"
                  sourceConfig:
                    config: {type: DatabaseMetadata, includeOwners: true}
                sink: {type: console}
                """.formatted(pg.hostPort(), pg.user(), pg.password(), pg.shop()));
        return file;
    }
}
