package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunReportWriter;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.mask.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A demo stopped while its embedded PostgreSQL starts: found by an outside tester, the server went on running with no
 * owner (and every local connection trusted), its data stayed in the temporary folder, the output was a wrong error
 * ("could not start … Shutdown in progress") and an earlier demo's reports still said success.
 */
class DemoStopTest {

    @TempDir
    Path dir;

    @Test
    void aStopWhileTheServerStartsLeavesNoServerNoDataAndReportsThatSayFailed() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String name : List.of("metadata", "lineage")) {
            earlierSuccess(out.resolve(name + "-report.json"));
        }
        Path printed = dir.resolve("printed.txt");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--out", out.toString()).redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        try {
            awaitServerFolder(tmp);
            demo.destroy(); // SIGTERM, while the server's folder is new: initdb or the server's start runs

            assertThat(demo.waitFor()).as(Files.readString(printed)).isEqualTo(143);
        } finally {
            demo.destroyForcibly();
        }
        String console = Files.readString(printed, StandardCharsets.UTF_8);
        assertThat(serverProcesses(tmp)).as("processes running from " + tmp).isEmpty();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).as(console).noneMatch(n -> n.startsWith("metaingest-demo-pg"));
        }
        assertThat(console).doesNotContain("\tat ", "Exception", "Shutdown in progress", "could not start");
        for (String name : List.of("metadata", "lineage")) {
            Path report = out.resolve(name + "-report.json");
            JsonNode written = Mappers.standard().readTree(report.toFile());
            assertThat(written.path("state").asText()).as(name).isEqualTo("failed");
            assertThat(written.path("endedBy").asText()).as(name).isEqualTo("signal");
            assertThat(console).contains("metaingest: run interrupted before it started; final state failed written to "
                    + report);
        }
    }

    private static void earlierSuccess(Path report) {
        new RunReportWriter(Optional.of(report), Mappers.standard(), SecretMasker.NONE).write(new RunResult(
                "6a1f2c3d-1111-4a4a-9a9a-123456789abc", "demo_postgres", "postgres", RunState.SUCCESS, 100.0, 90,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:01:00Z"), null, false, List.of(),
                List.of(), List.of(), null, null));
    }

    /** Waits until the demo has created its server's data folder in {@code tmp}. */
    private static void awaitServerFolder(Path tmp) throws Exception {
        FolderChanges.awaitTrue(tmp, () -> {
            try (Stream<Path> files = Files.list(tmp)) {
                return files.anyMatch(p -> p.getFileName().toString().startsWith("metaingest-demo-pg"));
            }
        }, Duration.ofSeconds(60), "the demo creating its server's folder");
    }

    /** The processes whose command line names {@code tmp}: the embedded server's (initdb, postgres, pg_ctl). */
    private static List<String> serverProcesses(Path tmp) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(tmp.toString()) && !line.contains("-Djava.io.tmpdir")).toList();
    }
}
