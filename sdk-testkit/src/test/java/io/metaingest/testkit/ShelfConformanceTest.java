package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ServiceSpec;
import io.metaingest.testkit.shelf.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit passes a correct connector (all inherited checks) and catches a leaking one. */
class ShelfConformanceTest extends ConnectorConformanceTest {

    static Path writeWorkflow(Path dir, boolean leak) throws Exception {
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, books: [a, b, c], password: "k3y-of-the-shelf", leak: %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: console}
                """.formatted(leak));
        return file;
    }

    @Override
    protected ServiceSpec spec() {
        return new ShelfSpec();
    }

    @Override
    protected Path metadataWorkflow(Path dir) throws Exception {
        return writeWorkflow(dir, false);
    }

    @Nested
    class LeakingConnector {
        @Test
        void theKitFailsAConnectorThatWritesItsSecret() {
            ConnectorConformanceTest leaking = new ConnectorConformanceTest() {
                @Override
                protected ServiceSpec spec() {
                    return new ShelfSpec();
                }

                @Override
                protected Path metadataWorkflow(Path dir) throws Exception {
                    return writeWorkflow(dir, true);
                }
            };
            leaking.kitDir = kitDir;
            assertThatThrownBy(leaking::readsTwiceTheSameRecordsWithoutLeakingSecrets)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("output, report and console");
        }
    }
}
