package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path on the command line or in the environment that the JVM cannot name (bytes its locale's encoding cannot decode,
 * which it reads as U+FFFD) is one line naming the option or variable, why and the fix, exit 2, no stack trace.
 */
class UnnameablePathTest {

    /** What the JVM makes of "é" in a Latin-1 name under a UTF-8 locale, or of any non-ASCII byte under POSIX. */
    private static final String UNDECODED = "wf/wf \uFFFD\uFFFD \uFFFD.yaml";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private void assertOneLine(String start) {
        assertThat(cli.err().lines()).hasSize(1);
        assertThat(cli.err()).startsWith("error: " + start)
                .contains("the JVM cannot name")
                .doesNotContain("cannot convert").doesNotContain("java.nio").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aWorkflowPathThatCannotBeNamedIsOneLineNamingTheOptionAsTyped() {
        for (String command : new String[] {"ingest", "validate", "test-connection"}) {
            cli.resetErr();
            assertThat(cli.run(command, "-c", UNDECODED)).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertOneLine("-c: '" + UNDECODED + "' holds ");
            cli.resetErr();
            assertThat(cli.run(command, "--config=" + UNDECODED)).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertOneLine("--config: ");
        }
    }

    @Test
    void anUnpairedSurrogateIsRefusedAsWell() {
        // Path.of would throw InvalidPathException for it: the raw exception reached the user before.
        assertThat(cli.run("validate", "-c", "wf-\uD800.yaml")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("-c: 'wf-");
    }

    @Test
    void aReportPathThatCannotBeNamedSaysTheLaunchersMarkStays() throws Exception {
        Path workflow = Files.writeString(dir.resolve("shelf.yaml"), "source: {type: shelf}\n");
        assertThat(cli.run("ingest", "-c", workflow.toString(), "--report", "out/dir \uFFFD/rep \uFFFD\uFFFD.json"))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("--report: 'out/dir \uFFFD/rep \uFFFD\uFFFD.json' holds ");
        assertThat(cli.err()).contains("the queued mark the launcher may have written on it stays");
        // validate's report is never marked by the launcher: nothing to say of a mark.
        cli.resetErr();
        assertThat(cli.run("validate", "-c", workflow.toString(), "--report", "rep \uFFFD.json"))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("--report: ");
        assertThat(cli.err()).doesNotContain("queued mark");
        // ingest's other name of the option is named as typed.
        cli.resetErr();
        assertThat(cli.run("ingest", "-c", workflow.toString(), "--status-file=rep \uFFFD.json"))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("--status-file: ");
        assertThat(cli.err()).contains("queued mark");
    }

    @Test
    void everyOtherPathOptionAndParameterIsRefusedTheSameWay() {
        assertThat(cli.run("status", "rep \uFFFD.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("FILE: ");
        cli.resetErr();
        assertThat(cli.run("status", "--mark-failed", "-c", UNDECODED, "rep.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("-c: ");
        cli.resetErr();
        assertThat(cli.run("--plugins", "plug \uFFFD", "connectors", "list")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("--plugins: ");
        cli.resetErr();
        assertThat(cli.run("migrate", "-c", "wf.yaml", "-o", "new \uFFFD.yaml")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertOneLine("-o: ");
    }

    @Test
    void aNameablePathStillWorks() {
        assertThat(PathArguments.problem("out/dir é/rep ü.json")).isEmpty();
        assertThat(PathArguments.problem("")).isEmpty(); // the empty value has its own line elsewhere
    }

    @Test
    void theContainersReportVariableThatCannotBeNamedIsOneLineNamingTheVariable() {
        assertThatThrownBy(() -> ContainerEnvironment.run(Map.of("config", "source: {type: shelf}\n",
                "report", "/reports/rep \uFFFD.json")))
                .isInstanceOf(ContainerEnvironment.UnnameableReport.class)
                .hasMessageStartingWith("environment variable report: '/reports/rep \uFFFD.json' holds ")
                .hasMessageNotContaining("\n");
    }

    /**
     * A Latin-1 report name under UTF-8: the JVM cannot name it, but finds it among its folder's entries (their bytes
     * kept, their names decoded as the command line is) and ends the launcher's queued mark for this process on it.
     */
    @Test
    void aReportTheJvmCannotNameIsStillFoundAndItsQueuedMarkEnded() throws Exception {
        Path workflow = Files.writeString(dir.resolve("shelf.yaml"), "source: {type: shelf}\n");
        long pid = ProcessHandle.current().pid();
        // Only a shell makes a name of bytes that are not UTF-8; the mark is the launcher's, naming this process.
        shell("mkdir \"$(printf 'dir \\xe9')\" && printf '{\"state\":\"queued\",\"startedAt\":\"2026-12-01T05:00:00Z\","
                + "\"process\":{\"pid\":" + pid + "}}' > \"$(printf 'dir \\xe9/rep \\xfc.json')\"");
        String report = dir + "/dir \uFFFD/rep \uFFFD.json";

        assertThat(cli.run("ingest", "-c", workflow.toString(), "--report", report)).isEqualTo(ExitCodes.INVALID_CONFIG);

        assertOneLine("--report: '" + report + "' holds ");
        assertThat(cli.err()).endsWith("; the launcher's queued mark on it was ended as failed\n");
        var written = new ObjectMapper().readTree(shell("cat \"$(printf 'dir \\xe9/rep \\xfc.json')\""));
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(written.path("fatalError").asText()).startsWith("invalid configuration: --report: '" + report + "' holds ");
    }

    /** Two names the JVM reads alike, or a mark of another process: nothing is touched, and the line says the mark stays. */
    @Test
    void aReportThatCannotBeToldApartIsLeftAsItIs() throws Exception {
        Path workflow = Files.writeString(dir.resolve("shelf.yaml"), "source: {type: shelf}\n");
        long pid = ProcessHandle.current().pid();
        String mark = "{\"state\":\"queued\",\"startedAt\":\"2026-12-01T05:00:00Z\",\"process\":{\"pid\":" + pid + "}}";
        shell("printf '%s' '" + mark + "' > \"$(printf 'rep \\xfc.json')\"; printf '%s' '" + mark
                + "' > \"$(printf 'rep \\xe9.json')\"; printf '%s' '" + mark.replace(":" + pid + "}", ":1}")
                + "' > \"$(printf 'other \\xe9.json')\"");
        for (String name : new String[] {"rep \uFFFD.json", "other \uFFFD.json"}) {
            cli.resetErr();
            assertThat(cli.run("ingest", "-c", workflow.toString(), "--report", dir + "/" + name))
                    .isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err()).contains("the queued mark the launcher may have written on it stays");
        }
        assertThat(shell("cat \"$(printf 'rep \\xfc.json')\" \"$(printf 'rep \\xe9.json')\"")).isEqualTo(mark + mark);
        assertThat(shell("cat \"$(printf 'other \\xe9.json')\"")).contains("queued");
    }

    /** Runs {@code script} in {@link #dir} under a UTF-8 locale and returns its standard output. */
    private String shell(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "set -e; cd \"$1\"; " + script, "bash", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("LC_ALL", "C.UTF-8");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(script).isZero();
        return out;
    }

    /** The report is nameable but the workflow is not: the launcher's queued mark on the report ends as failed. */
    @Test
    void aWorkflowThatCannotBeNamedEndsTheLaunchersQueuedMarkOnTheReport() throws Exception {
        Path report = dir.resolve("rep.json");
        // As the launcher does: the mark names its own process, which the exec'd JVM keeps (bash's $$).
        String mark = "printf '{\"state\":\"queued\",\"startedAt\":\"2026-12-01T05:00:00Z\",\"process\":{\"pid\":%s}}'"
                + " $$ > '" + report + "';";
        try (ChildCli cli = ChildCli.start(dir, mark + " LC_ALL=POSIX", "ingest", "-c", "wf é.yaml",
                "--report", report.toString())) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_CONFIG);
            String errText = String.join("\n", cli.errLines());
            assertThat(cli.errLines()).hasSize(1);
            assertThat(errText).startsWith("error: -c: 'wf \uFFFD\uFFFD.yaml' holds characters this locale's encoding (")
                    .contains("run under a UTF-8 locale such as LC_ALL=C.UTF-8").doesNotContain("Exception");
        }
        var written = new ObjectMapper().readTree(report.toFile());
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.path("endedBy").asText()).isEqualTo("nothingRun");
        assertThat(written.path("exitCode").asInt()).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    /**
     * The JVM itself under POSIX (not through bin/metaingest, which now runs it under C.UTF-8), sun.jnu.encoding as the
     * locale sets it: a non-ASCII report path was an InvalidPathException's stack trace with exit 1.
     */
    @Test
    void aNonAsciiReportPathUnderPosixIsOneLineExitTwo() throws Exception {
        Path workflow = Files.writeString(dir.resolve("shelf.yaml"), "source: {type: shelf}\n");
        try (ChildCli cli = ChildCli.start(dir, "LC_ALL=POSIX", "ingest", "-c", workflow.toString(),
                "--report", "out/dir é/rep ü.json")) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.errLines()).hasSize(1);
            assertThat(cli.errLines().get(0)).startsWith("error: --report: 'out/dir \uFFFD\uFFFD/rep \uFFFD\uFFFD.json'"
                            + " holds characters this locale's encoding (")
                    .contains("LC_ALL=C.UTF-8").contains("the queued mark the launcher may have written on it stays")
                    .doesNotContain("Exception");
        }
        // Container mode: the variable, not --report.
        try (ChildCli cli = ChildCli.start(dir, "LC_ALL=POSIX config='source: {type: shelf}' report='rep ü.json'")) {
            assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.errLines()).hasSize(1);
            assertThat(cli.errLines().get(0)).startsWith("error: environment variable report: 'rep \uFFFD\uFFFD.json'")
                    .doesNotContain("Exception");
        }
    }
}
