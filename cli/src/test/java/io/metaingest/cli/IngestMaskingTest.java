package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.runtime.files.RunProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest masks the workflow's secrets in the lines it prints about {@code --report}, also in those said before the
 * workflow is loaded, as validate masks them.
 */
class IngestMaskingTest {

    private static final String PASSWORD = "Ingest9pw";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private Path workflow() throws Exception {
        return Files.writeString(dir.resolve("f.yaml"), ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                "hostPort: \"shelf:1\", books: [a], password: " + PASSWORD));
    }

    @Test
    void aRefusedReportPathIsMasked() throws Exception {
        Path file = workflow();
        Path folder = Files.createDirectory(dir.resolve("r_" + PASSWORD));

        assertThat(cli.run("ingest", "-c", file.toString(), "--report", folder.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.console()).contains("--report: ").contains("r_****** is a folder").doesNotContain(PASSWORD);

        cli.resetErr();
        Files.writeString(folder.resolve("f"), "a file, not a folder");
        assertThat(cli.run("ingest", "-c", file.toString(), "--status-file", folder.resolve("f").resolve("r.json").toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.console()).contains("--report: ").contains("r_******" + java.io.File.separator + "f is not a folder")
                .doesNotContain(PASSWORD);
    }

    /** The warning about another live run's status file is said before the workflow is loaded. */
    @Test
    void aWarningSaidBeforeTheWorkflowLoadsIsMasked() throws Exception {
        Path file = workflow();
        Path shared = Files.createDirectory(dir.resolve("r_" + PASSWORD)).resolve("shared.json");
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode report = mapper.createObjectNode().put("pipelineRunId", "shared").put("state", "running")
                    .put("startedAt", Instant.now().plusSeconds(5).toString()).put("updatedAt", Instant.now().toString());
            report.putObject("process").put("pid", other.pid()).put("host", RunProcess.current().host());
            mapper.writeValue(shared.toFile(), report);

            cli.run("ingest", "-c", file.toString(), "--report", shared.toString());

            assertThat(cli.console()).contains("r_******" + java.io.File.separator + "shared.json is the status file of"
                    + " another run still going on").doesNotContain(PASSWORD);
        } finally {
            other.destroyForcibly();
        }
    }
}
