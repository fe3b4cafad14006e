package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drill: the file sink's destination runs out of space (a 64 KiB tmpfs when the machine lets
 * us mount one, as root in CI) or refuses to grow ({@code ulimit -f}, the same failure path through
 * a real write error, for machines without mount rights). The real CLI in a child JVM must fail the
 * run (exit 1) with one line naming the file, keep the previous output, leave no temporary file, and
 * write a report that claims nothing more than the file holds.
 */
class DiskFullDrillTest {

    private static final String PREVIOUS = "{\"previous\":1}\n{\"previous\":2}\n";

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    private Path workflow(Path target) throws Exception {
        return Files.writeString(dir.resolve("shelf.yaml"),
                ShelfWorkflows.toFile(target, "hostPort: \"shelf:1\", count: 4000"));
    }

    /** Mounts a 64 KiB tmpfs on {@code folder}; false when this machine does not allow it. */
    private boolean mountTmpfs(Path folder) throws Exception {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        if (mount.waitFor() == 0) {
            mounted = folder;
            return true;
        }
        return false;
    }

    @Test
    void noSpaceLeftOnDevice() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("small"));
        boolean tmpfs = mountTmpfs(folder);
        drill(folder, tmpfs ? null : "ulimit -f 64;", tmpfs ? "No space left on device" : "File too large");
    }

    @Test
    void fileSizeLimit() throws Exception {
        drill(Files.createDirectories(dir.resolve("limited")), "ulimit -f 64;", "File too large");
    }

    private void drill(Path folder, String shellPrefix, String reason) throws Exception {
        Path target = folder.resolve("out.ndjson");
        Files.writeString(target, PREVIOUS);
        Path report = dir.resolve("report.json");
        int code;
        List<String> err;
        try (ChildCli cli = ChildCli.start(dir, shellPrefix, "ingest", "-c", workflow(target).toString(),
                "--report", report.toString())) {
            code = cli.exitCode();
            err = cli.errLines();
        }
        assertThat(code).as(String.join("\n", err)).isEqualTo(ExitCodes.FAILED);
        List<String> naming = err.stream().filter(l -> l.contains(reason)).toList();
        assertThat(naming).singleElement().asString()
                .isEqualTo("shelf: failed - cannot write " + target + ": " + reason + "; no records kept: " + target
                        + " keeps its previous content");
        assertThat(String.join("\n", err)).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(target)).isEqualTo(PREVIOUS);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(target);
        }
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("state").asText()).isEqualTo("failed");
        assertThat(json.at("/outputs/0/kept").asBoolean()).isFalse();
        assertThat(json.at("/outputs/0/records").asLong(-1)).as("a discarded output counts no records").isZero();
        assertThat(json.at("/outputs/0/discarded").asLong()).isEqualTo(json.at("/steps/1/discarded").asLong());
        // What the report says the file sink wrote reached the temporary file: less than the 4,002 read.
        assertThat(json.at("/steps/1/records").asLong()).isLessThan(json.at("/steps/0/records").asLong());
        DrillFigures.record("disk full (" + (shellPrefix == null ? "tmpfs 64 KiB" : "ulimit -f 64") + ")", 1,
                Files.readAllLines(target).size() == 2 ? 0 : 1);
    }

    @Test
    void aReportThatCannotBeWrittenFailsARunWhoseRecordsLanded() throws Exception {
        Path file = dir.resolve("one.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a], count: 60}
                  sourceConfig:
                    config: {type: DatabaseMetadata, tableFilterPattern: {includes: ["^a$"]}}
                sink: {type: console}
                """);
        Path report = dir.resolve("report.json");
        // Files of at most 1 KiB: the three records on stdout fit, the report, which lists the 60
        // filtered books, does not.
        try (ChildCli cli = ChildCli.start(dir, "ulimit -f 1;", "ingest", "-c", file.toString(), "--report", report.toString())) {
            int code = cli.exitCode();
            String err = String.join("\n", cli.errLines());
            assertThat(code).as(err).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out().lines()).hasSize(3);
            assertThat(err).contains("shelf: success - 3 records written to standard output")
                    .contains("error: the final state could not be written to " + report)
                    .doesNotContain("\tat ");
        }
    }
}
