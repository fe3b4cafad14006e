package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real command in a JVM whose heap is far too small for it (12 MiB; it needs about 15): wherever
 * it runs out, on whichever thread, the user reads one line naming the heap and its fix, exit 1, and a
 * report that says failed for that reason, not "interrupted".
 */
class OutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void runningOutOfMemoryIsOneLineWithTheFixExitOneAndAFailedReport() throws Exception {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
        Path report = dir.resolve("report.json");
        try (ChildCli cli = ChildCli.start(dir, "export JAVA_TOOL_OPTIONS=-Xmx12m;", "ingest", "-c",
                workflow.toString(), "--report", report.toString())) {
            assertThat(cli.exitCode()).as(String.join("\n", cli.errLines())).isEqualTo(ExitCodes.FAILED);
            List<String> said = cli.errLines().stream().filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                    .toList();
            assertThat(said).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("error: out of memory (Java heap space): the Java heap of at most ")
                    .contains(" MiB is too small for this run; raise it with METAINGEST_JAVA_OPTS=-Xmx512m"));
        }
        JsonNode written = Mappers.standard().readTree(report.toFile());
        assertThat(written.get("state").asText()).isEqualTo("failed");
        assertThat(written.get("fatalError").asText()).startsWith("out of memory (Java heap space)");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    /**
     * A connector's worker thread dies of it while the run waits for its answer for ever (as a class-path scan's
     * pool did, hanging the command until CI's time ran out): the process is ended soon after, as failed for it.
     */
    @Test
    void aRunWaitingForAThreadThatDiedOfItIsEndedAsFailedForIt() throws Exception {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                "hostPort: \"lost-worker:1\", books: [a, b]"));
        Path report = dir.resolve("report.json");
        try (ChildCli cli = ChildCli.start(dir, null, "ingest", "-c", workflow.toString(), "--report", report.toString())) {
            assertThat(cli.exitCode()).as(String.join("\n", cli.errLines())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.errLines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("error: out of memory (Java heap space): the Java heap of at most ")
                    .contains(" MiB is too small for this run; raise it with METAINGEST_JAVA_OPTS=-Xmx"));
        }
        JsonNode written = Mappers.standard().readTree(report.toFile());
        assertThat(written.get("state").asText()).isEqualTo("failed");
        assertThat(written.get("endedBy").asText()).isEqualTo("outOfMemory");
        assertThat(written.get("fatalError").asText()).startsWith("out of memory (Java heap space)");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }
}
