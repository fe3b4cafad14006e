package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution started like OpenMetadata's ingestion container: the workflow in the environment. */
class ContainerEnvironmentTest {

    @TempDir
    Path dir;

    private String workflow(String extra) {
        return """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a, b]}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                %s""".formatted(dir.resolve("out.ndjson"), extra);
    }

    @Test
    void theWorkflowComesFromConfigWithTheRunIdsOfTheEnvironment() throws Exception {
        String[] args = ContainerEnvironment.arguments(Map.of("config", workflow(""), "pipelineType", "metadata",
                "pipelineRunId", "3f1c1b8e-1111-4a4a-9a9a-123456789abc", "ingestionPipelineFQN", "shelf_svc.metadata"), dir)
                .orElseThrow();

        assertThat(args).hasSize(3).startsWith("ingest", "-c");
        Path file = Path.of(args[2]);
        JsonNode written = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        assertThat(written.get("pipelineRunId").asText()).isEqualTo("3f1c1b8e-1111-4a4a-9a9a-123456789abc");
        assertThat(written.get("ingestionPipelineFQN").asText()).isEqualTo("shelf_svc.metadata");
        assertThat(written.get("source").get("serviceName").asText()).isEqualTo("shelf_svc");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aRunIdInTheWorkflowWinsAndNoConfigMeansNoContainerMode() throws Exception {
        String[] args = ContainerEnvironment.arguments(Map.of("config", workflow("pipelineRunId: from-file\n"),
                "pipelineRunId", "from-env"), dir).orElseThrow();
        assertThat(new ObjectMapper(new YAMLFactory()).readTree(Path.of(args[2]).toFile()).get("pipelineRunId").asText())
                .isEqualTo("from-file");
        assertThat(ContainerEnvironment.arguments(Map.of("pipelineType", "metadata"), dir)).isEmpty();
    }

    @Test
    void anUnknownPipelineTypeOrAConfigThatIsNoWorkflowIsRefused() {
        assertThatThrownBy(() -> ContainerEnvironment.arguments(Map.of("config", workflow(""), "pipelineType", "metdata"), dir))
                .hasMessageStartingWith("environment variable pipelineType: 'metdata' is not one of [");
        assertThatThrownBy(() -> ContainerEnvironment.arguments(Map.of("config", "- a\n- b\n"), dir))
                .hasMessageStartingWith("environment variable config: not a YAML workflow");
        // Broken YAML: where, and what the parser says, on one line, without the text around it.
        assertThatThrownBy(() -> ContainerEnvironment.arguments(Map.of("config", "source: [\npassword: s3cret-Q"), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment variable config, line ")
                .hasMessageContaining(": not valid YAML: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("s3cret-Q"));
    }

    @Test
    void theDistributionRunsTheEnvironmentsWorkflowWithoutArguments() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.metaingest.cli.Main")
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        builder.environment().put("config", workflow(""));
        builder.environment().put("pipelineType", "metadata");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(dir.resolve("console.txt"))).isZero();
            assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).hasSize(4); // database, schema, a, b
        } finally {
            process.destroyForcibly();
        }
    }
}
