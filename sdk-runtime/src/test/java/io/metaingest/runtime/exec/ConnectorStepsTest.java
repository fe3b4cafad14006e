package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step a connector contributes for its own service type is chosen by the source's service type. */
class ConnectorStepsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new ShelfSpec(),
            new ShelfSpec.AnnexSpec(), new ShelfSpec.MetadataShelfSpec()), Mappers.standard(), Clock.systemUTC(),
            Map.<String, String>of()::get);

    private Path profiler(String serviceType) throws Exception {
        Path file = dir.resolve(serviceType + ".yaml");
        Files.writeString(file, """
                source:
                  type: %s
                  serviceName: db
                  serviceConnection: {config: {type: %s, hostPort: "h:1", books: [t1, t2]}}
                  sourceConfig: {config: {type: Profiler}}
                processor: {type: orm-profiler, config: {}}
                sink: {type: console}
                """.formatted(serviceType.toLowerCase(), serviceType));
        return file;
    }

    @Test
    void eachDatabaseConnectorRunsItsOwnProfiler() throws Exception {
        runtime.ingest(profiler("Shelf"), Optional.empty(), new PrintStream(console), false);
        runtime.ingest(profiler("ShelfAnnex"), Optional.empty(), new PrintStream(console), false);
        assertThat(console.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                line("Shelf", "t1"), line("Shelf", "t2"), line("ShelfAnnex", "t1"), line("ShelfAnnex", "t2"));
    }

    private static String line(String by, String table) {
        return "{\"entityType\":\"profiled\",\"entity\":{\"by\":\"" + by + "\",\"table\":\"" + table + "\"}}";
    }

    @Test
    void aSourceWhoseConnectorBringsNoSuchStepIsToldWhoDoes() throws Exception {
        Path file = dir.resolve("metadatashelf.yaml");
        Files.writeString(file, """
                source:
                  type: metadatashelf
                  serviceName: m
                  serviceConnection: {config: {type: MetadataShelf, hostPort: "h:1"}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                processor: {type: orm-profiler}
                sink: {type: console}
                """);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(file));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "processor.type: processor 'orm-profiler' is provided by the connectors of Shelf, ShelfAnnex for their "
                        + "own sources, not for MetadataShelf; available here: query-parser");
    }
}
