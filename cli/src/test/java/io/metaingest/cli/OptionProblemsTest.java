package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options refused on the command line, before anything is read or run, each in one line naming it and the fix. */
class OptionProblemsTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        cli.reset();
        return cli.run(args);
    }

    private List<String> errLines() {
        return cli.err().lines().toList();
    }

    @Test
    void aRepeatedOptionIsNamedAsTypedAndTwoAliasesAreSaidToBeOne() throws Exception {
        Path workflow = dir.resolve("w.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
        String w = workflow.toString();
        String a = dir.resolve("a.json").toString();
        String b = dir.resolve("b.json").toString();

        assertThat(run("ingest", "-c", w, "--report", a, "--report", b)).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(errLines()).containsExactly("error: --report is given more than once; give it once");

        assertThat(run("ingest", "-c", w, "--report", a, "--status-file=" + b)).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(errLines()).containsExactly(
                "error: --report and --status-file are names of the same option, given more than once; give it once");

        assertThat(run("validate", "-c", w, "--config", w)).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(errLines()).containsExactly(
                "error: -c and --config are names of the same option, given more than once; give it once");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
        assertThat(Path.of(a)).doesNotExist();
    }

    @Test
    void anEmptyConfigIsRefusedUpFrontByEveryCommandThatReadsOne() throws Exception {
        Path report = dir.resolve("r.json");
        for (String[] args : List.of(new String[] {"ingest", "-c", "", "--report", report.toString()},
                new String[] {"validate", "-c", ""}, new String[] {"test-connection", "--config", ""},
                new String[] {"migrate", "-c", "", "-o", dir.resolve("new.yaml").toString()})) {
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(errLines()).as(String.join(" ", args)).containsExactly("-c: empty; give the workflow file's path");
            assertThat(cli.out()).isEmpty();
        }
        assertThat(report).doesNotExist();
        assertThat(dir.resolve("new.yaml")).doesNotExist();
    }

    /** An empty --report or -o would name the working folder ("… is a folder; give a file name"): said as empty. */
    @Test
    void anEmptyReportOrOutputIsRefusedAsEmpty() throws Exception {
        Path workflow = dir.resolve("w.yaml");
        Files.writeString(workflow, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
        for (String command : List.of("ingest", "validate")) {
            assertThat(run(command, "-c", workflow.toString(), "--report", "")).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(errLines()).as(command).containsExactly(
                    "--report: empty; give the run report's file name, or leave the option out");
        }
        assertThat(run("migrate", "-c", workflow.toString(), "-o", "")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(errLines()).containsExactly("-o: empty; give the 1.6 file's path, or leave the option out to print the"
                + " changes");
        assertThat(dir.resolve("out.ndjson")).doesNotExist();
    }

    @Test
    void migrateRefusesAnOutputBesideCheckWhichWritesNothing() throws Exception {
        Path old = dir.resolve("old.yaml");
        Files.writeString(old, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
        Path output = dir.resolve("new.yaml");

        assertThat(run("migrate", "-c", old.toString(), "-o", output.toString(), "--check"))
                .isEqualTo(ExitCodes.INVALID_CONFIG);

        assertThat(errLines()).containsExactly("-o " + output + ": --check writes nothing, so no file would be written"
                + " there; drop -o to check, or --check to write the 1.6 file");
        assertThat(output).doesNotExist();
    }
}
