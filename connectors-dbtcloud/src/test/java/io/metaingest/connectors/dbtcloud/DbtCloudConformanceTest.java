package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.ConnectorConformanceTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared conformance checks, through the real runtime, against the local dbt Cloud. */
class DbtCloudConformanceTest extends ConnectorConformanceTest {

    private static DbtCloudServer server;

    @BeforeAll
    static void start() {
        server = new DbtCloudServer(DbtCloudFixtures.standard());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Override
    protected ServiceSpec spec() {
        return new DbtCloudSpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        List<String> jobs = List.of(DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(5), DbtCloudFixtures.jobId(90),
                DbtCloudFixtures.jobId(131));
        return DbtCloudWorkflows.write(dir, server, jobs, "", null);
    }
}
