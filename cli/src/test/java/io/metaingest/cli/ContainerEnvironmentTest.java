package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution started like OpenMetadata's ingestion container: the workflow in the environment. */
class ContainerEnvironmentTest {

    @TempDir
    Path dir;

    private String workflow(String extra) {
        return ShelfWorkflows.toFile(dir.resolve("out.ndjson")) + extra;
    }

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the container's command line in process, as {@link Main#main} does from the environment. */
    private int runContainer(Map<String, String> env, String... extra) throws Exception {
        ContainerRun run = ContainerEnvironment.run(env).orElseThrow();
        Main main = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Metaingest::discover);
        main.container(run);
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(run.arguments()),
                java.util.Arrays.stream(extra)).toArray(String[]::new);
        return Main.execute(main, args);
    }

    @Test
    void theWorkflowIsConfigsTextAsItIsWithTheRunIdsOfTheEnvironment() throws Exception {
        String text = workflow("");
        ContainerRun run = ContainerEnvironment.run(Map.of("config", text, "pipelineType", "metadata",
                "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc", "ingestionPipelineFQN", "shelf_svc.metadata"))
                .orElseThrow();

        assertThat(run.arguments()).containsExactly("ingest", "-c", "$config");
        assertThat(ContainerEnvironment.run(Map.of("config", text, "report", "/var/run/report.json")).orElseThrow()
                .arguments()).containsExactly("ingest", "-c", "$config", "--report", "/var/run/report.json");
        assertThat(ContainerEnvironment.run(Map.of("config", text, "report", " ")).orElseThrow().arguments())
                .as("blank, as not set").containsExactly("ingest", "-c", "$config");
        assertThat(run.text()).isEqualTo(text); // not re-serialised: same lines, same quoting

        Path report = dir.resolve("report.json");
        assertThat(runContainer(Map.of("config", text, "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc"),
                "--report", report.toString())).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).get("pipelineRunId").asText())
                .isEqualTo("3f1c1b8e-1111-4a4a-9a9a-123456789abc");
        // The ingestion pipeline is taken too: reporting to it needs the server the workflow does not name,
        // which is the configuration's problem (exit 2), found before the run connects to anything.
        err.reset();
        assertThat(runContainer(Map.of("config", text, "ingestionPipelineFQN", "shelf_svc.metadata"),
                "--report", report.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).contains("workflowConfig.openMetadataServerConfig: missing; ingestionPipelineFQN"
                + " shelf_svc.metadata is an ingestion pipeline on that server, which is told the run's state: add"
                + " hostPort and securityConfig.jwtToken of the server to write to, or remove the ingestionPipelineFQN"
                + " environment variable").doesNotContain("connection");
        assertThat(new ObjectMapper().readTree(report.toFile()).get("state").asText()).isEqualTo("failed");
    }

    /** A workflow in config with an unquoted ${VAR} in a flow mapping runs with the environment's run id. */
    @Test
    void aFlowStyleVariableInConfigRunsWithTheEnvironmentsRunId() throws Exception {
        Path report = dir.resolve("report.json");
        Map<String, String> env = Map.of("config", workflow("workflowConfig: {successThreshold: ${THR}}\n"),
                "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc", "THR", "90");
        ContainerRun run = ContainerEnvironment.run(env).orElseThrow();
        Main main = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), plugins -> new Metaingest(ServiceSpecRegistry.discover(
                        Metaingest.class.getClassLoader(), null), Mappers.standard(), Clock.systemUTC(), env::get), env);
        main.container(run);

        assertThat(Main.execute(main, "ingest", "-c", "$config", "--report", report.toString())).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).get("pipelineRunId").asText())
                .isEqualTo("3f1c1b8e-1111-4a4a-9a9a-123456789abc");
    }

    /** The environment's run id is in the report of a workflow refused for its configuration too. */
    @Test
    void aRefusedWorkflowsReportHasTheEnvironmentsRunId() throws Exception {
        Path report = dir.resolve("report.json");
        String text = workflow("").replace("books: [a, b]", "books: 5");
        assertThat(runContainer(Map.of("config", text, "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc"),
                "--report", report.toString())).as(err.toString()).isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(json.path("pipelineRunId").asText()).isEqualTo("3f1c1b8e-1111-4a4a-9a9a-123456789abc");
        assertThat(json.path("serviceName").asText()).isEqualTo("shelf_svc");
        // The workflow's own id wins, as in a run that starts.
        assertThat(runContainer(Map.of("config", text + "pipelineRunId: 00000000-0000-4000-8000-000000000001\n",
                "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc"), "--report", report.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(new ObjectMapper().readTree(report.toFile()).path("pipelineRunId").asText())
                .isEqualTo("00000000-0000-4000-8000-000000000001");
    }

    /**
     * A workflow refused after it loaded (a pipelineType that does not fit it, an unwritable sink path, a --report
     * that is its sink's file) has the environment's run id in its report, or none: never one made up.
     */
    @Test
    void aWorkflowRefusedAfterLoadingHasTheEnvironmentsRunIdOrNone() throws Exception {
        Path report = dir.resolve("report.json");
        String runId = "3f1c1b8e-1111-4a4a-9a9a-123456789abc";
        assertThat(runContainer(Map.of("config", workflow(""), "pipelineType", "usage", "pipelineRunId", runId),
                "--report", report.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode mismatch = new ObjectMapper().readTree(report.toFile());
        assertThat(mismatch.path("fatalError").asText()).startsWith("invalid configuration: environment variable pipelineType");
        assertThat(mismatch.path("pipelineRunId").asText()).isEqualTo(runId);
        assertThat(mismatch.path("serviceName").asText()).isEqualTo("shelf_svc");

        assertThat(runContainer(Map.of("config", workflow(""), "pipelineType", "usage"), "--report", report.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode none = new ObjectMapper().readTree(report.toFile());
        assertThat(none.path("endedBy").asText()).isEqualTo("invalidConfiguration");
        assertThat(none.has("pipelineRunId")).as(none.toString()).isFalse();

        Path plain = Files.writeString(dir.resolve("plain"), "a file, not a folder");
        String unwritable = workflow("workflowConfig: {successThreshold: 70}\n")
                .replace(dir.resolve("out.ndjson").toString(), plain.resolve("out.ndjson").toString());
        assertThat(runContainer(Map.of("config", unwritable, "pipelineRunId", runId), "--report", report.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode sinkPath = new ObjectMapper().readTree(report.toFile());
        assertThat(sinkPath.path("fatalError").asText()).startsWith("invalid configuration: sink.config.path: ");
        assertThat(sinkPath.path("pipelineRunId").asText()).isEqualTo(runId);
        assertThat(sinkPath.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(sinkPath.path("successThreshold").asInt()).isEqualTo(70);

        Path sinkFile = dir.resolve("out.ndjson");
        assertThat(runContainer(Map.of("config", workflow(""), "pipelineRunId", runId), "--report", sinkFile.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(new ObjectMapper().readTree(sinkFile.toFile()).path("pipelineRunId").asText()).isEqualTo(runId);

        // The environment's ingestion pipeline refused (no server to tell it to), or its run id not a UUID.
        assertThat(runContainer(Map.of("config", workflow(""), "pipelineRunId", runId, "ingestionPipelineFQN",
                "shelf_svc.metadata"), "--report", report.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode server = new ObjectMapper().readTree(report.toFile());
        assertThat(server.path("fatalError").asText()).startsWith("invalid configuration: workflowConfig.openMetadataServerConfig");
        assertThat(server.path("pipelineRunId").asText()).isEqualTo(runId);
        assertThat(server.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(runContainer(Map.of("config", workflow("workflowConfig: {successThreshold: 70}\n"),
                "pipelineRunId", "run-7"), "--report", report.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        JsonNode notUuid = new ObjectMapper().readTree(report.toFile());
        assertThat(notUuid.has("pipelineRunId")).as(notUuid.toString()).isFalse();
        assertThat(notUuid.path("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(notUuid.path("successThreshold").asInt()).isEqualTo(70);
    }

    /** The report of a pipelineType refused is masked as any refused workflow's is. */
    @Test
    void aPipelineTypeRefusedWorkflowsReportHidesItsSecrets() throws Exception {
        String secret = "H126-s3cret-word";
        Path report = dir.resolve("report.json");
        String text = workflow("").replace("serviceName: shelf_svc", "serviceName: " + secret)
                .replace("books: [a, b]", "books: [a], password: " + secret);
        assertThat(runContainer(Map.of("config", text, "pipelineType", "usage"), "--report", report.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(new ObjectMapper().readTree(report.toFile()).path("serviceName").asText()).isEqualTo("******");
        assertThat(Files.readString(report)).doesNotContain(secret);
    }

    @Test
    void aRunIdInTheWorkflowWinsAndNoConfigMeansNoContainerMode() throws Exception {
        Path report = dir.resolve("report.json");
        assertThat(runContainer(Map.of("config", workflow("pipelineRunId: 00000000-0000-4000-8000-000000000001\n"),
                "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc"), "--report", report.toString()))
                .as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(report.toFile()).get("pipelineRunId").asText())
                .isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(ContainerEnvironment.run(Map.of())).isEmpty();
        // A pipelineType without its workflow is a container run gone wrong, not a command line without a command.
        assertThatThrownBy(() -> ContainerEnvironment.run(Map.of("pipelineType", "metadata")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment variable config is not set but pipelineType is set: give config the"
                        + " workflow's YAML, or run a command");
        assertThatThrownBy(() -> ContainerEnvironment.run(Map.of("pipelineType", "metadata", "config", " ")))
                .hasMessageStartingWith("environment variable config is empty");
    }

    @Test
    void configIsCheckedAsAFileIsAndProblemsNameTheVariableWithItsOwnLines() throws Exception {
        // The tester's case: a duplicate serviceName silently took the last value in container mode.
        String duplicate = workflow("").replace("  serviceName: shelf_svc\n", "  serviceName: shelf_svc\n  serviceName: other\n");
        assertThat(runContainer(Map.of("config", duplicate))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).contains("source.serviceName: duplicate key 'serviceName' on lines 3 and 4")
                .contains("environment variable config: 1 configuration problem; nothing was run")
                .doesNotContain(dir.toString() + "/workflow-");
        assertThat(Files.exists(dir.resolve("out.ndjson"))).isFalse();

        err.reset();
        assertThat(runContainer(Map.of("config", "source:\n\ttype: shelf\n"))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).startsWith("environment variable config, line 2: a tab in the indentation");

        err.reset();
        assertThat(runContainer(Map.of("config", "- a\n- b\n"))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).startsWith("environment variable config: the file must hold an object");

        // Broken YAML: where in the variable, and what the parser says, on one line, without the text around it.
        err.reset();
        assertThat(runContainer(Map.of("config", "source: [\npassword: s3cret-Q"))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString().lines().findFirst().orElseThrow()).startsWith("environment variable config, line ")
                .contains(": not valid YAML: ").doesNotContain("s3cret-Q");
    }

    @Test
    void aPipelineTypeThatContradictsTheWorkflowIsOneProblemNamingBoth() throws Exception {
        assertThat(runContainer(Map.of("config", workflow(""), "pipelineType", "usage"))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString().lines().toList()).containsExactly(
                "environment variable pipelineType: 'usage' does not fit the workflow in config"
                        + " (source.sourceConfig.config.type 'DatabaseMetadata'; pipelineType 'usage' runs [DatabaseUsage]);"
                        + " set pipelineType to 'metadata' or give config the usage workflow",
                "environment variable config: 1 configuration problem; nothing was run");
        assertThat(Files.exists(dir.resolve("out.ndjson"))).isFalse();

        // Every pipelineType that carries the workflow's type is accepted.
        for (var entry : ContainerEnvironment.PIPELINE_TYPES.entrySet()) {
            for (SourceConfigType type : SourceConfigType.values()) {
                ContainerRun run = new ContainerRun("source: {}", Optional.of(entry.getKey()), Optional.empty(),
                        Optional.empty(), Optional.empty());
                assertThat(run.pipelineTypeProblem(type).isEmpty()).as(entry.getKey() + " / " + type)
                        .isEqualTo(entry.getValue().contains(type.typeName()));
            }
        }
        assertThat(SourceConfigType.values()).allSatisfy(type -> assertThat(ContainerEnvironment.PIPELINE_TYPES.values())
                .anySatisfy(types -> assertThat(types).contains(type.typeName())));
    }

    @Test
    void anUnknownPipelineTypeOrRunIdIsRefused() throws Exception {
        assertThatThrownBy(() -> ContainerEnvironment.run(Map.of("config", workflow(""), "pipelineType", "metdata")))
                .hasMessageStartingWith("environment variable pipelineType: 'metdata' is not one of [")
                .hasMessageEndingWith("]; did you mean 'metadata'?");
        // OpenMetadata's pipeline types are lower case; its UI shows them capitalised.
        assertThatThrownBy(() -> ContainerEnvironment.run(Map.of("config", workflow(""), "pipelineType", "Metadata")))
                .hasMessageEndingWith("]; did you mean 'metadata'?");
        assertThat(runContainer(Map.of("config", workflow(""), "pipelineRunId", "run-7"))).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err.toString()).startsWith("environment variable pipelineRunId: 'run-7' is not a UUID");
    }

    @Test
    void theDistributionRunsTheEnvironmentsWorkflowWithoutArgumentsWritingNoFileOfIt() throws Exception {
        // As in a pod with readOnlyRootFilesystem: no temporary file can be created (a regular file as the
        // temporary folder refuses it even to root, who ignores a folder's modes). The workflow, which may hold
        // the bot's token, is read from memory: nothing to fail on, nothing a kill -9 would leave behind.
        Path readOnlyTmp = Files.writeString(dir.resolve("tmp"), "not a folder");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Djava.io.tmpdir=" + readOnlyTmp, "-cp",
                System.getProperty("java.class.path"), "io.metaingest.cli.Main")
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        builder.environment().put("config", workflow(""));
        builder.environment().put("pipelineType", "metadata");
        // The run's status file, which a container's command line cannot name: the variable report does.
        builder.environment().put(ContainerEnvironment.REPORT, dir.resolve("report.json").toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("console.txt"))).isZero();
            assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).hasSize(4); // database, schema, a, b
            assertThat(new ObjectMapper().readTree(dir.resolve("report.json").toFile()).path("state").asText())
                    .isEqualTo("success");
        } finally {
            process.destroyForcibly();
        }
    }
}
