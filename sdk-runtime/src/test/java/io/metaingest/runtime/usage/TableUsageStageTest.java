package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.runtime.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code table-usage} stage when its folder cannot take its files (a full disk). */
class TableUsageStageTest {

    private static final WorkflowContext RUN = new WorkflowContext("pg", "postgres-usage", WorkflowKind.USAGE, "run-1");

    @TempDir
    Path folder;

    private TableUsageStage stageWithOneQuery() {
        TableUsageStage stage = new TableUsageStage(new TableUsageStage.Config(folder.toString()), Mappers.standard(), RUN);
        stage.stage(new ParsedData(List.of("pg.shop.public.orders"), "SELECT * FROM orders", "pg", "shop", "ann",
                "2026-11-27", 1.0, 1L, null));
        return stage;
    }

    /** One line naming the stage and the file, as the file sink's write errors do; no part of a day is left. */
    @Test
    void aDayFileThatCannotBeWrittenEndsTheRunNamingTheStageAndTheFile() throws Exception {
        TableUsageStage stage = stageWithOneQuery();
        Path day = folder.resolve("2026-11-27" + TableUsageStage.SUFFIX);
        Files.createDirectories(day.resolve("in-the-way")); // the day's file cannot be opened for writing

        SinkUnavailableException refused = catchThrowableOfType(stage::close, SinkUnavailableException.class);

        assertThat(refused.getMessage()).startsWith("table-usage stage: cannot write " + day + ": ").doesNotContain("\n");
        assertThat(folder.resolve(TableUsageStage.MANIFEST)).doesNotExist();
    }

    /** A day's file holds the queries' full texts: readable by its owner alone. */
    @Test
    void aDaysFileIsReadableByItsOwnerAlone() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"));
        stageWithOneQuery().close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
                folder.resolve("2026-11-27" + TableUsageStage.SUFFIX)))).isEqualTo("rw-------");
    }

    /** The manifest is written whole or not at all: no empty one, no temporary file, is left behind. */
    @Test
    void aManifestThatCannotBeWrittenLeavesNoEmptyFile() throws Exception {
        TableUsageStage stage = stageWithOneQuery();
        Path manifest = folder.resolve(TableUsageStage.MANIFEST);
        Files.createDirectories(manifest.resolve("in-the-way")); // the manifest cannot replace this folder

        SinkUnavailableException refused = catchThrowableOfType(stage::close, SinkUnavailableException.class);

        assertThat(refused.getMessage()).startsWith("table-usage stage: cannot write " + manifest + ": ");
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("2026-11-27" + TableUsageStage.SUFFIX, TableUsageStage.MANIFEST);
        }
        assertThat(manifest).isDirectory();
    }

    /** A folder that cannot be made is named with the stage, not as the class that could not be created. */
    @Test
    void aFolderThatCannotBeMadeIsNamed() throws Exception {
        Files.writeString(folder.resolve("plain"), "a file");
        Path staging = folder.resolve("plain/stage");
        SinkUnavailableException refused = catchThrowableOfType(() -> new TableUsageStage(
                new TableUsageStage.Config(staging.toString()), Mappers.standard(), RUN), SinkUnavailableException.class);
        assertThat(refused.getMessage()).startsWith("table-usage stage: cannot write " + staging + ": ");
    }
}
