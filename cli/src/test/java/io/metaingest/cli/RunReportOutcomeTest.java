package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.EndedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The final report says how the run ended ({@code endedBy}) and the code the command exits with
 * ({@code exitCode}), so an orchestrator acts on fields rather than on {@code fatalError}'s text.
 */
class RunReportOutcomeTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    private int run(String... args) {
        return run(Metaingest::discover, args);
    }

    /** Runs the CLI with {@code runtime} as its runtime (a plugin folder of the test's, say). */
    private int run(java.util.function.Function<Path, Metaingest> runtime, String... args) {
        cli.reset();
        return Main.execute(cli.main(runtime), args);
    }

    private Path workflow(String connection, String more) throws Exception {
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, ShelfWorkflows.toFile(dir.resolve("out.ndjson"), connection) + more + "\n");
        return file;
    }

    /** Runs {@code ingest} with a report; returns the report, having checked its exitCode is the command's. */
    private JsonNode ingest(Path workflow, int expectedExit) throws Exception {
        Path report = dir.resolve("report.json");
        int exit = run("ingest", "-c", workflow.toString(), "--report", report.toString());
        assertThat(exit).as(cli.err()).isEqualTo(expectedExit);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("exitCode").isInt()).as("exitCode in " + json).isTrue();
        assertThat(json.path("exitCode").asInt()).isEqualTo(exit);
        return json;
    }

    @Test
    void aSuccessEndsCompletedWithExitZero() throws Exception {
        JsonNode report = ingest(workflow("hostPort: \"shelf:1\", books: [a, b]", ""), ExitCodes.OK);
        assertThat(report.path("state").asText()).isEqualTo("success");
        assertThat(report.path("endedBy").asText()).isEqualTo("completed");
        assertThat(report.has("signal")).isFalse();
    }

    @Test
    void aRunBelowItsThresholdEndsBelowThresholdWithExitOne() throws Exception {
        // source: a failed, b and the database and schema read (75 %), sink 100 %: 87.5 below 90
        JsonNode report = ingest(workflow("hostPort: \"shelf:1\", books: [a, b], failOn: [a]", ""), ExitCodes.FAILED);
        assertThat(report.path("state").asText()).isEqualTo("failed");
        assertThat(report.path("endedBy").asText()).isEqualTo("belowThreshold");
        assertThat(report.has("fatalError")).isFalse();
    }

    @Test
    void anUnreachableSourceEndsConnectionFailureWithExitThree() throws Exception {
        JsonNode report = ingest(workflow("hostPort: \"down:1\", books: [a]", ""), ExitCodes.CONNECTION_FAILURE);
        assertThat(report.path("endedBy").asText()).isEqualTo("connectionFailure");
        assertThat(report.path("connectionFailure").asBoolean()).as("the field it had before stays").isTrue();
    }

    @Test
    void anInvalidWorkflowEndsInvalidConfigurationKeepingItsServiceRunIdAndThreshold() throws Exception {
        Path file = workflow("hostPort: \"shelf:1\", books: 5", """
                pipelineRunId: 3f1e0c1a-1111-2222-3333-444455556666
                workflowConfig: {successThreshold: 80}""");
        JsonNode report = ingest(file, ExitCodes.INVALID_CONFIG);
        assertThat(report.path("state").asText()).isEqualTo("failed");
        assertThat(report.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(report.path("fatalError").asText()).startsWith("invalid configuration: source.serviceConnection.config.books");
        assertThat(report.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(report.path("pipelineRunId").asText()).isEqualTo("3f1e0c1a-1111-2222-3333-444455556666");
        assertThat(report.path("successThreshold").asInt()).isEqualTo(80);
        assertThat(report.has("success")).as("nothing ran: no success rate").isFalse();

        // status names the run and how it ended, not "(not started)"
        Path status = dir.resolve("report.json");
        run("status", status.toString());
        assertThat(cli.out()).startsWith(status + ": run 3f1e0c1a-1111-2222-3333-444455556666"
                + " failed (invalidConfiguration), ended ");
    }

    /** The report of a refused workflow is masked as a run's is: a secret's text in any field shows as ******. */
    @Test
    void anInvalidWorkflowsReportHidesItsSecrets() throws Exception {
        String secret = "H122-s3cret-word";
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: %1$s
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a], password: %1$s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: %1$s, config: {path: "%2$s"}}
                """.formatted(secret, dir.resolve("out.ndjson")));
        JsonNode report = ingest(file, ExitCodes.INVALID_CONFIG);
        assertThat(report.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(report.path("serviceName").asText()).isEqualTo("******");
        assertThat(report.path("fatalError").asText()).startsWith("invalid configuration: sink.type: unknown sink type '******'");
        assertThat(Files.readString(dir.resolve("report.json"))).doesNotContain(secret);
        assertThat(cli.err()).contains("sink.type: ").doesNotContain(secret);
    }

    /** Reads the report a refused run left at {@code report}, having checked the command exited 2 and said so. */
    private JsonNode refused(Path report, int exit) throws Exception {
        assertThat(exit).as(cli.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(json.path("exitCode").asInt()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(json.has("success")).as("nothing ran: no success rate").isFalse();
        return json;
    }

    /**
     * A workflow that loaded but is refused before it runs (its --report is its sink's file; --fail-on-failed-tests
     * without tests) names no run id when the file names none: an id is generated only for a run that starts.
     */
    @Test
    void aWorkflowRefusedAfterLoadingHasNoGeneratedRunId() throws Exception {
        Path file = workflow("hostPort: \"shelf:1\", books: [a]", "workflowConfig: {successThreshold: 70}");
        Path sinkFile = dir.resolve("out.ndjson");
        JsonNode clash = refused(sinkFile, run("ingest", "-c", file.toString(), "--report", sinkFile.toString()));
        assertThat(clash.has("pipelineRunId")).as(clash.toString()).isFalse();
        assertThat(clash.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(clash.path("successThreshold").asInt()).isEqualTo(70);
        assertThat(clash.path("sourceType").asText()).as("the loaded file's source.type").isEqualTo("shelf");

        Path report = dir.resolve("report.json");
        JsonNode noTests = refused(report, run("ingest", "-c", file.toString(), "--fail-on-failed-tests",
                "--report", report.toString()));
        assertThat(noTests.path("fatalError").asText()).startsWith("invalid configuration: --fail-on-failed-tests: ");
        assertThat(noTests.has("pipelineRunId")).as(noTests.toString()).isFalse();
        assertThat(noTests.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(noTests.path("successThreshold").asInt()).isEqualTo(70);

        // The file's own id is kept.
        Files.writeString(file, Files.readString(file) + "pipelineRunId: 3f1e0c1a-1111-2222-3333-444455556666\n");
        assertThat(refused(report, run("ingest", "-c", file.toString(), "--fail-on-failed-tests", "--report",
                report.toString())).path("pipelineRunId").asText()).isEqualTo("3f1e0c1a-1111-2222-3333-444455556666");
    }

    /**
     * A valid workflow refused only for its sink's path, found once it loaded, keeps its service, run id and
     * threshold in the report, masked as any refused workflow's report is.
     */
    @Test
    void aWorkflowRefusedForItsSinkPathKeepsItsServiceAndThreshold() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        String secret = "H126-s3cret-word";
        Path file = dir.resolve("shelf.yaml");
        String text = """
                source:
                  type: shelf
                  serviceName: %s
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a], password: %s}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                workflowConfig: {successThreshold: 70}
                """;
        Files.writeString(file, text.formatted("shelf_svc", secret, plain.resolve("out.ndjson"))
                + "pipelineRunId: 3f1e0c1a-1111-2222-3333-444455556666\n");
        Path report = dir.resolve("report.json");
        JsonNode json = refused(report, run("ingest", "-c", file.toString(), "--report", report.toString()));
        assertThat(json.path("fatalError").asText()).startsWith("invalid configuration: sink.config.path: ");
        assertThat(json.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(json.path("successThreshold").asInt()).isEqualTo(70);
        assertThat(json.path("pipelineRunId").asText()).isEqualTo("3f1e0c1a-1111-2222-3333-444455556666");

        // A secret's text in the service name is hidden, and no run id is made up.
        Files.writeString(file, text.formatted(secret, secret, plain.resolve("out.ndjson")));
        JsonNode masked = refused(report, run("ingest", "-c", file.toString(), "--report", report.toString()));
        assertThat(masked.path("serviceName").asText()).isEqualTo("******");
        assertThat(masked.path("successThreshold").asInt()).isEqualTo(70);
        assertThat(masked.has("pipelineRunId")).as(masked.toString()).isFalse();
        assertThat(Files.readString(report)).doesNotContain(secret);
    }

    /**
     * A refused workflow's report tells all a scheduler reading only it needs: every problem line (fatalError names
     * the first), the file's source.type, and discovery's warnings, once and masked, which stderr also says only once.
     */
    @Test
    void anInvalidWorkflowsReportListsEveryProblemItsSourceTypeAndDiscoverysWarnings() throws Exception {
        String secret = "H131-s3cret-word";
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("loose.jar"), "not read");
        Path file = dir.resolve("shelf.yaml");
        // The secret is also the sink's type: a second problem, whose line holds it.
        Files.writeString(file, ShelfWorkflows.toFile(dir.resolve("out.ndjson"),
                "hostPort: \"shelf:1\", books: 5, password: " + secret).replace("sink: {type: file", "sink: {type: " + secret));
        Path report = dir.resolve("report.json");
        int exit = run(ignored -> Metaingest.discover(plugins), "ingest", "-c", file.toString(), "--report",
                report.toString());
        JsonNode json = refused(report, exit);

        String stderr = cli.err();
        java.util.List<String> printed = stderr.lines()
                .filter(l -> l.startsWith("source.") || l.startsWith("sink.")).toList();
        assertThat(printed).as(stderr).hasSizeGreaterThan(1);
        java.util.List<String> problems = new java.util.ArrayList<>();
        json.path("problems").forEach(p -> problems.add(p.asText()));
        assertThat(problems).as(json.toString()).containsExactlyElementsOf(printed);
        assertThat(json.path("fatalError").asText())
                .isEqualTo("invalid configuration: " + printed.get(0) + " (and " + (printed.size() - 1) + " more)");
        assertThat(json.path("sourceType").asText()).isEqualTo("shelf");

        java.util.List<String> warnings = new java.util.ArrayList<>();
        json.path("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings).as(json.toString()).hasSize(1);
        assertThat(warnings.get(0)).contains("loose.jar");
        assertThat(stderr.split(java.util.regex.Pattern.quote(warnings.get(0)), -1)).as(stderr).hasSize(2);
        assertThat(Files.readString(report)).doesNotContain(secret);
    }

    @Test
    void aWorkflowThatDoesNotParseGetsTheDefaultThreshold() throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, "source: [unclosed\n");
        JsonNode report = ingest(file, ExitCodes.INVALID_CONFIG);
        assertThat(report.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(report.path("successThreshold").asInt()).isEqualTo(90);
        assertThat(report.has("serviceName")).isFalse();
    }

    /** The command's codes and the report's are one mapping: they must not drift apart. */
    @Test
    void theReportsExitCodesAreTheCommands() {
        assertThat(EndedBy.COMPLETED.exitCode(null)).isEqualTo(ExitCodes.OK);
        assertThat(EndedBy.BELOW_THRESHOLD.exitCode(null)).isEqualTo(ExitCodes.FAILED);
        assertThat(EndedBy.INVALID_CONFIGURATION.exitCode(null)).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(EndedBy.CONNECTION_FAILURE.exitCode(null)).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(EndedBy.TESTS_NOT_PASSED.exitCode(null)).isEqualTo(ExitCodes.TESTS_NOT_PASSED);
        assertThat(EndedBy.SIGNAL.exitCode("SIGTERM")).isEqualTo(143);
        assertThat(EndedBy.SIGNAL.exitCode("SIGINT")).isEqualTo(130);
        assertThat(EndedBy.SIGNAL.exitCode("SIGHUP")).isEqualTo(129);
        assertThat(EndedBy.ABANDONED.exitCode(null)).isNull();
    }
}
