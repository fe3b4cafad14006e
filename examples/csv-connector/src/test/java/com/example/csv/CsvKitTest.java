package com.example.csv;

import io.metaingest.api.WorkflowKind;
import io.metaingest.testkit.Capability;
import io.metaingest.testkit.ConnectorKit;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every conformance check of the kit, against the sample folder in src/test/resources/sample. */
class CsvKitTest extends ConnectorKit {

    static final Path SAMPLE = Path.of("src/test/resources/sample").toAbsolutePath();

    @Override
    protected String serviceType() {
        return "CsvFiles";
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.TEST_CONNECTION, Capability.FILTER_PATTERNS);
    }

    @Override
    protected Map<WorkflowKind, String> workflows() {
        return Map.of(WorkflowKind.METADATA, """
                source:
                  type: csvfiles
                  serviceName: local_csv
                  serviceConnection:
                    config: {type: CsvFiles, path: "%s", databaseName: shop}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: console}
                """.formatted(SAMPLE));
    }

    @Override
    protected Map<String, Object> unreachableConnection() {
        return Map.of("path", SAMPLE.resolve("no-such-folder").toString());
    }

    @Override
    protected Optional<Path> goldenFile(WorkflowKind kind) {
        return Optional.of(Path.of("src/test/resources/golden/" + kind.id() + ".ndjson"));
    }
}
