package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;

/** The conformance kit, through the real runtime loaded from a plugin folder, against the local dbt Cloud. */
class DbtCloudKitTest extends ConnectorKit {

    @AutoClose
    private static final DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard());

    @Override
    protected String serviceType() {
        return "DBTCloud";
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        List<String> jobs = List.of(DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(5), DbtCloudFixtures.jobId(90),
                DbtCloudFixtures.jobId(131));
        return Map.of(WorkflowKind.METADATA, DbtCloudWorkflows.text(server, jobs, "", null));
    }

    /** Both APIs on a local port nothing listens on: the tester reaches the Administrative API first. */
    @Override
    protected Map<String, Object> unreachableConnection() {
        String closed = "http://127.0.0.1:" + closedLocalPort();
        return Map.of("host", closed, "discoveryAPI", closed + "/graphql");
    }
}
