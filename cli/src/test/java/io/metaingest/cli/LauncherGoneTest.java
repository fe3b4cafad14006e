package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first ingest after a build runs the JVM as a child of the launcher, which waits to keep the
 * class-data archive the JVM records. A SIGKILL of the launcher alone used to leave that run going on,
 * unseen; the JVM now stops it as a SIGTERM would.
 */
class LauncherGoneTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseLauncherIsKilledStopsAsOnSigterm() throws Exception {
        // A server that accepts connections and never answers: the run waits in its connection.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path target = dir.resolve("tables.ndjson");
            Files.writeString(target, "{\"previous\":\"output\"}\n");
            Path report = dir.resolve("report.json");
            Path workflow = Files.writeString(dir.resolve("w.yaml"), """
                    source:
                      type: postgres
                      serviceName: silent_pg
                      serviceConnection:
                        config: {type: Postgres, hostPort: "127.0.0.1:%d", username: u, authType: {password: p}, database: shop}
                      sourceConfig:
                        config: {type: DatabaseMetadata}
                    sink: {type: file, config: {path: "%s"}}
                    """.formatted(silent.getLocalPort(), target));
            Process launcher = new ProcessBuilder("sleep", "300").start(); // stands in for bin/metaingest
            try (ChildCli cli = ChildCli.start(dir, "export JAVA_TOOL_OPTIONS=-D" + Main.LAUNCHER_PID + "=" + launcher.pid() + ";",
                    "--debug", "ingest", "-c", workflow.toString(), "--report", report.toString())) {
                assertThat(cli.awaitErr(line -> line.contains("postgres: reading"))).as("the run reached its source").isTrue();
                launcher.destroyForcibly();

                assertThat(cli.exitCode()).as(String.join("\n", cli.errLines())).isEqualTo(143);
                assertThat(cli.errLines()).anyMatch(line -> line.contains("the launcher (process " + launcher.pid()
                        + ") has ended: stopping the run as on SIGTERM"));
                JsonNode json = new ObjectMapper().readTree(report.toFile());
                assertThat(json.get("state").asText()).isEqualTo("failed");
                assertThat(json.get("fatalError").asText()).startsWith("interrupted");
                assertThat(Files.readString(target)).isEqualTo("{\"previous\":\"output\"}\n");
            } finally {
                launcher.destroyForcibly();
            }
        }
    }
}
