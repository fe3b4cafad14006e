package io.metaingest.cli;

import java.nio.file.Path;

/** The workflow the CLI's tests run most: the test connector's two books as tables, into a file. */
final class ShelfWorkflows {

    private ShelfWorkflows() {
    }

    /** Metadata of the books {@code a} and {@code b} into the NDJSON file {@code output}. */
    static String toFile(Path output) {
        return """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a, b]}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(output);
    }
}
