package io.metaingest.testkit;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.shelf.ShelfKit;
import java.nio.file.Path;
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

    @Override
    protected Optional<Path> goldenFile(WorkflowKind kind) {
        return Optional.of(Path.of("src/test/resources/golden/shelf-" + kind.id() + ".ndjson"));
    }
}
