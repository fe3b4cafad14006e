package io.metaingest.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One way to replace a file the user routed output to: through links, with its permissions, nothing left beside it. */
class OutputFilesTest {

    @TempDir
    Path dir;

    @Test
    void replaceWritesThroughTheLinkKeepsThePermissionsAndLeavesNoTemporaryFile() throws Exception {
        Path real = dir.resolve("real.json");
        Files.writeString(real, "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());

        OutputFiles.replace(link, "new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r-----");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("real.json", "link.json");
        }
    }

    @Test
    void replaceCreatesAMissingFileAndItsFolder() throws Exception {
        Path report = dir.resolve("a/b/report.json");
        OutputFiles.replace(report, "{}");
        assertThat(Files.readString(report)).isEqualTo("{}");
    }
}
