package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
import io.metaingest.api.WorkflowKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The kit's first form (a spec and a metadata workflow file), kept so connector tests written
 * against it run every check of {@link ConnectorKit} unchanged. New tests extend {@link ConnectorKit}.
 *
 * @deprecated extend {@link ConnectorKit}: name the service type, give workflows as text and declare
 *             the capabilities; this adapter declares only what the spec shows (a connection tester).
 */
@Deprecated(forRemoval = true)
public abstract class ConnectorConformanceTest extends ConnectorKit {

    /** The connector's spec. */
    protected abstract ServiceSpec spec();

    /**
     * Writes a metadata workflow (YAML) that reads from a live test service, and returns its path.
     *
     * @param dir a folder to write it in
     */
    protected abstract Path metadataWorkflow(Path dir) throws Exception;

    @Override
    protected String serviceType() {
        return spec().serviceType();
    }

    @Override
    protected Map<WorkflowKind, String> workflows() throws Exception {
        Path dir = Files.createDirectories(kitDir.resolve("adapter"));
        return Map.of(WorkflowKind.METADATA, Files.readString(metadataWorkflow(dir)));
    }

    @Override
    protected Set<Capability> capabilities() {
        return spec().connectionTester().isPresent() ? EnumSet.of(Capability.TEST_CONNECTION)
                : EnumSet.noneOf(Capability.class);
    }
}
