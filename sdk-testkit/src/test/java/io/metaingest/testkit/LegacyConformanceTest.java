package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.shelf.MetadataShelfSpec;
import io.metaingest.testkit.shelf.ShelfKit;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test written against the kit's first form still runs every check of the kit. */
@SuppressWarnings("removal")
class LegacyConformanceTest extends ConnectorConformanceTest {

    @Override
    protected ServiceSpec spec() {
        return new MetadataShelfSpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"),
                ShelfKit.workflow("MetadataShelf", "metadatashelf", "DatabaseMetadata"));
    }

    @Override
    protected java.util.Map<String, Object> unreachableConnection() {
        return java.util.Map.of("endpoint", "down");
    }
}
