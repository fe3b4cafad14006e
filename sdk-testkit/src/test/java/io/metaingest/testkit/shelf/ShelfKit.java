package io.metaingest.testkit.shelf;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The kit's set-up for the shared test connector (the Shelf of test-connectors) and for the broken
 * shelves, which differ only in service type: a workflow of every kind the shelf offers, each
 * reading three books.
 */
public abstract class ShelfKit extends ConnectorKit {

    /** The password in the workflows, which must never be printed. */
    public static final String PASSWORD = "k3y-of-the-shelf";

    /** A workflow of the shelf of this service type. */
    public static String workflow(String serviceType, String sourceType, String sourceConfigType) {
        return workflow(serviceType, sourceType, sourceConfigType, "hostPort: \"shelf:1\"");
    }

    /**
     * A workflow of the shelf with other connection fields, e.g. {@code hostPort: "down:1"} or
     * {@code hostPort: "shelf:1", explodeAfter: 2} (fields in YAML flow style, hostPort included).
     */
    public static String workflow(String serviceType, String sourceType, String sourceConfigType, String connection) {
        return """
                source:
                  type: %s
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: %s, %s, books: [emma, persuasion, "sense.and.sensibility"], password: "%s"}
                  sourceConfig:
                    config: {type: %s}
                sink: {type: console}
                """.formatted(sourceType, serviceType, connection, PASSWORD, sourceConfigType);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        String lower = serviceType().toLowerCase(Locale.ROOT);
        return Map.of(WorkflowKind.METADATA, workflow(serviceType(), lower, "DatabaseMetadata"),
                WorkflowKind.LINEAGE, workflow(serviceType(), lower + "-lineage", "DatabaseLineage"),
                WorkflowKind.USAGE, workflow(serviceType(), lower + "-usage", "DatabaseUsage"),
                WorkflowKind.PROFILER, workflow(serviceType(), lower, "Profiler"),
                WorkflowKind.AUTO_CLASSIFICATION, workflow(serviceType(), lower, "AutoClassification"));
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.LINEAGE, Capability.USAGE, Capability.PROFILER, Capability.AUTO_CLASSIFICATION,
                Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<String, Object> stepConfig(String stepType) {
        return "shelf-labeller".equals(stepType) ? Map.of("label", "first editions") : Map.of();
    }

    /**
     * Nothing besides the shelf's classes: test-connectors depends on sdk-api only, which the runtime
     * shares. Its {@code target/} list is not read, because a build of this module alone takes the
     * shelf's jar from the local repository, where no such list lies beside it.
     */
    @Override
    protected List<Path> runtimeClasspath() {
        return List.of();
    }

    @Override
    protected Map<String, Object> unreachableConnection() {
        return Map.of("hostPort", "down:1");
    }
}
