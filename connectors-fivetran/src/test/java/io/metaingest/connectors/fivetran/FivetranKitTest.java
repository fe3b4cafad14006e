package io.metaingest.connectors.fivetran;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;

/** The conformance kit, through the real runtime loaded from a plugin folder, against the local Fivetran API. */
class FivetranKitTest extends ConnectorKit {

    @AutoClose
    private static final FivetranServer server = new FivetranServer(FivetranFixtures.standard());

    @Override
    protected String serviceType() {
        return "Fivetran";
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        return Map.of(WorkflowKind.METADATA, """
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
    }
}
