package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.testkit.GoldenFiles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run through the runtime with the file sink, compared with a golden NDJSON file (sorted
 * lines; the fixtures' timestamps are fixed, only the local server's address is replaced). Rewrite the file with
 * {@code -Dmetaingest.golden.update=true} (the kit's flag,
 * {@link GoldenFiles#UPDATE_PROPERTY}).
 */
class DbtCloudGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/dbtcloud/golden/jobs-with-lineage.ndjson");

    @TempDir
    Path dir;

    @AutoClose
    private final DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard());

    @Test
    void selectedJobsWithStatusesAndLineageMatchTheGoldenFile() throws Exception {
        // Every status code, a job without Discovery data, a filtered job, an unknown id, both projects.
        List<String> jobs = List.of(DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(1), DbtCloudFixtures.jobId(3),
                DbtCloudFixtures.jobId(5), DbtCloudFixtures.jobId(11), DbtCloudFixtures.jobId(95), "404404");
        Path out = dir.resolve("records.ndjson");
        Path workflow = DbtCloudWorkflows.write(dir, server, jobs,
                "pipelineFilterPattern: {excludes: [\"^job 011$\"]}", out);
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunResult result = DbtCloudWorkflows.ingest(workflow, report, console);

        assertThat(result.state()).as(String.valueOf(result.fatalError())).isEqualTo(RunState.PARTIAL_SUCCESS);
        String reportText = Files.readString(report);
        assertThat(reportText).contains("404404", "does not exist", "no lineage for job " + DbtCloudFixtures.jobId(3));
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            lines.add(line.replace(server.host(), "http://dbt-cloud.test")); // the server's port changes per run
        }
        lines.sort(null);
        for (String text : List.of(String.join("\n", lines), reportText, console.toString(StandardCharsets.UTF_8))) {
            assertThat(text).doesNotContain(DbtCloudFixtures.TOKEN);
        }
        if (GoldenFiles.updating()) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, lines, StandardCharsets.UTF_8);
        }
        assertThat(GOLDEN).as("golden file; regenerate with -D" + GoldenFiles.UPDATE_PROPERTY + "=true").exists();
        assertThat(lines).containsExactlyElementsOf(Files.readAllLines(GOLDEN, StandardCharsets.UTF_8));
    }
}
