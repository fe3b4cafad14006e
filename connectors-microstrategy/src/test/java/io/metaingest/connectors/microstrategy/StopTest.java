package io.metaingest.connectors.microstrategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped with SIGTERM mid-way still logs out of MicroStrategy, and ends in a final state. */
class StopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermLogsOutAndTheRunEndsFailed() throws Exception {
        try (MstrServer server = new MstrServer(MstrFixtures.small().healthy())) {
            server.hangOn("definition/" + MstrFixtures.id("dossier", 1));
            Path workflow = dir.resolve("mstr.yaml");
            Path report = dir.resolve("report.json");
            Path console = dir.resolve("console.txt");
            Files.writeString(workflow, """
                    source:
                      type: microstrategy
                      serviceName: mstr_prod
                      serviceConnection:
                        config: {type: MicroStrategy, hostPort: "%s", username: %s, password: "%s", threads: 1}
                      sourceConfig:
                        config: {type: DashboardMetadata}
                    sink: {type: file, config: {path: "%s"}}
                    """.formatted(server.hostPort(), MstrFixtures.USERNAME, MstrFixtures.PASSWORD, dir.resolve("out.ndjson")));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    IngestMain.class.getName(), workflow.toString(), report.toString())
                    .redirectErrorStream(true).redirectOutput(console.toFile()).start();
            try {
                assertThat(server.awaitHang(60)).as("the child reached the hanging definition").isTrue();
                assertThat(server.openSessions()).isEqualTo(1);
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                process.destroyForcibly();
            }
            assertThat(server.logouts()).isEqualTo(1);
            assertThat(server.openSessions()).isZero();
            // Two shutdown paths race to the one logout: the client's own hook ("Process stopping: ...") or
            // the run's stop closing the source; either way it happens once and says so.
            assertThat(Files.readString(console)).containsOnlyOnce("Logged out of MicroStrategy")
                    .doesNotContain(MstrFixtures.PASSWORD);
            JsonNode last = MstrFixtures.JSON.readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            assertThat(last.get("fatalError").asText()).startsWith("interrupted");
        }
    }
}
