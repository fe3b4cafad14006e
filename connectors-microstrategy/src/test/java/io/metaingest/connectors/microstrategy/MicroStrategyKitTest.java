package io.metaingest.connectors.microstrategy;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;

/** The conformance kit, through the real runtime loaded from a plugin folder, against the local Library server. */
class MicroStrategyKitTest extends ConnectorKit {

    @AutoClose
    private static final MstrServer server = new MstrServer(MstrFixtures.small().healthy());

    @Override
    protected String serviceType() {
        return "MicroStrategy";
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        return Map.of(WorkflowKind.METADATA, """
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
    }

    @Override
    protected Map<String, Object> unreachableConnection() {
        return Map.of("hostPort", "http://127.0.0.1:" + closedLocalPort());
    }
}
