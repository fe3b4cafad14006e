package io.metaingest.testkit;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.shelf.ShelfKit;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kit passes the shared test connector (the Shelf of test-connectors, a dependency of these
 * tests): every check, inherited as dynamic tests, with the connector packed from its module's
 * output (a classes folder or a jar) into a plugin folder with its runtime class path.
 */
class ShelfKitTest extends ShelfKit {

    @Override
    protected String serviceType() {
        return "Shelf";
    }

    /**
     * The metadata workflow declares the shelf's own processor {@code shelf-labeller}, so the check
     * that runs a connector's processor runs on a processor that passes.
     */
    @Override
    protected Map<WorkflowKind, String> workflows() {
        Map<WorkflowKind, String> workflows = new EnumMap<>(super.workflows());
        workflows.put(WorkflowKind.METADATA, workflows.get(WorkflowKind.METADATA)
                + "processor: {type: shelf-labeller, config: {label: first editions}}\n");
        return workflows;
    }

    @Override
    protected Optional<Path> goldenFile(WorkflowKind kind) {
        return Optional.of(Path.of("src/test/resources/golden/shelf-" + kind.id() + ".ndjson"));
    }
}
