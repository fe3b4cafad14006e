package io.metaingest.testkit;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.shelf.ShelfKit;
import java.nio.file.Path;
import java.util.Optional;

/** The kit passes the shared test connector: every check, inherited as dynamic tests. */
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
