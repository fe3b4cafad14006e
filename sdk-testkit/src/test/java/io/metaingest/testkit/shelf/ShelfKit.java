package io.metaingest.testkit.shelf;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kit's set-up for the shelf and for the broken shelves, which differ only in service type. */
public abstract class ShelfKit extends ConnectorKit {

    /** The password in the workflows, which must never be printed. */
    public static final String PASSWORD = "k3y-of-the-shelf";

    /** A workflow of the shelf of this service type. */
    public static String workflow(String serviceType, String sourceType, String sourceConfigType) {
        return """
                source:
                  type: %s
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: %s, endpoint: up, books: [emma, persuasion, "sense.and.sensibility"], password: "%s"}
                  sourceConfig:
                    config: {type: %s}
                sink: {type: console}
                """.formatted(sourceType, serviceType, PASSWORD, sourceConfigType);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        String lower = serviceType().toLowerCase(java.util.Locale.ROOT);
        return Map.of(WorkflowKind.METADATA, workflow(serviceType(), lower, "DatabaseMetadata"),
                WorkflowKind.LINEAGE, workflow(serviceType(), lower + "-lineage", "DatabaseLineage"));
    }

    /** The shelf is a fixture in the kit's test classes, not a module's output: it needs only the shared sdk-api. */
    @Override
    protected List<Path> runtimeClasspath() {
        return List.of();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.LINEAGE, Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<String, Object> stepConfig(String stepType) {
        return "shelf-labeller".equals(stepType) ? Map.of("label", "first editions") : Map.of();
    }

    @Override
    protected Map<String, Object> unreachableConnection() {
        return Map.of("endpoint", "down");
    }
}
