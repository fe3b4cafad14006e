package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Metaingest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --report file holding something else than a run report is refused before anything runs; a previous report is replaced. */
class ReportFileTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private Main main() {
        cli.reset();
        return cli.main(Metaingest::discover);
    }

    private int run(String... args) {
        return Main.execute(main(), args);
    }

    private Path workflow() throws Exception {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
        return file;
    }

    @Test
    void aFileOfTheUsersIsRefusedByIngestAndValidateAndKept() throws Exception {
        Path workflow = workflow();
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        String refused = "--report: " + notes + " holds something other than a run report, which the report would"
                + " replace; give another file name, or remove the file if it may go";

        for (String option : List.of("--report", "--status-file")) {
            assertThat(run("ingest", "-c", workflow.toString(), option, notes.toString())).as(cli.err())
                    .isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).containsExactly(refused, workflow + ": 1 configuration problem; nothing was run");
        }
        assertThat(run("validate", "-c", workflow.toString(), "--report", notes.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains(refused);
        assertThat(notes).hasContent("my notes");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();

        // JSON that is no report of ours, and one with a state but no start, are someone else's too.
        for (String json : List.of("{\"name\": \"x\"}", "[1, 2]", "{\n  \"state\" : \"failed\",\n  \"name\" : \"x\"\n}\n")) {
            Files.writeString(notes, json);
            assertThat(run("ingest", "-c", workflow.toString(), "--report", notes.toString())).as(json)
                    .isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(notes).hasContent(json);
        }
    }

    @Test
    void aPreviousReportAndAnEmptyFileAreReplaced() throws Exception {
        Path workflow = workflow();
        Path report = dir.resolve("report.json");
        assertThat(run("ingest", "-c", workflow.toString(), "--report", report.toString())).as(cli.err()).isZero();
        assertThat(run("ingest", "-c", workflow.toString(), "--report", report.toString())).as(cli.err()).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).path("state").asText()).isEqualTo("success");

        Path empty = Files.createFile(dir.resolve("empty.json"));
        assertThat(run("ingest", "-c", workflow.toString(), "--report", empty.toString())).as(cli.err()).isZero();
        assertThat(new ObjectMapper().readTree(empty.toFile()).path("state").asText()).isEqualTo("success");
    }

    /** In container mode the user set the report variable, not --report: its problems name the variable. */
    @Test
    void aContainersReportProblemNamesTheVariable() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("reports"));
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\n");
        for (Path report : List.of(folder, notes)) {
            ContainerRun container = ContainerEnvironment.run(Map.of("config",
                    ShelfWorkflows.toFile(dir.resolve("out.ndjson")), "report", report.toString())).orElseThrow();
            Main main = main();
            main.container(container);

            assertThat(Main.execute(main, container.arguments())).isEqualTo(ExitCodes.INVALID_CONFIG);

            assertThat(cli.err()).startsWith("environment variable report: " + report + " ").doesNotContain("--report");
        }
        assertThat(notes).hasContent("my notes");
    }
}
