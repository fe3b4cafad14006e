package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.demo.DemoDatabase;
import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaingest demo --publish URL}: the sample database into the OpenMetadata stand-in. */
class DemoPublishTest {

    private static final String TOKEN = "demo-bot-jwt-K4q";

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    private final OpenMetadataStandIn server = openMetadata.server();

    /** Runs the CLI with {@code environment} as the process environment the workflows read. */
    private int run(Map<String, String> environment, String... args) {
        return Main.execute(cli.main(CapturedCli.discovering(environment), environment), args);
    }

    @Test
    void publishesTheSampleDatabaseAndItsLineageWithTheTokenFromTheEnvironment() throws Exception {
        Path outDir = dir.resolve("demo-out");

        int exit = run(Map.of(DemoDatabase.TOKEN_VARIABLE, TOKEN),
                "demo", "--publish", server.hostPort(), "--out", outDir.toString());

        String console = cli.console();
        assertThat(exit).as(console).isEqualTo(ExitCodes.OK);
        assertThat(server.entity("databaseService", DemoDatabase.SERVICE_NAME)).isNotNull();
        assertThat(server.entity("table", DemoDatabase.SERVICE_NAME + ".shop.hr.departments")).isNotNull();
        assertThat(server.entity("table", DemoDatabase.SERVICE_NAME + ".shop.analytics.daily_sales")).isNotNull();
        assertThat(server.lineage()).isNotEmpty(); // view lineage, whatever the query log holds
        assertThat(console).contains("published to " + server.hostPort());
        assertThat(outDir.resolve("metadata.ndjson")).doesNotExist();
        // The token stays in the environment: neither the workflow files nor the reports hold it.
        try (var files = Files.list(outDir)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(TOKEN);
            }
        }
        assertThat(Files.readString(outDir.resolve("metadata.yaml"))).contains("${" + DemoDatabase.TOKEN_VARIABLE + "}");
        assertThat(console).doesNotContain(TOKEN);
    }

    @Test
    void withoutTheTokenTheDemoSaysWhatToExportExitsTwoAndClaimsNothingPublished() throws Exception {
        Path outDir = dir.resolve("demo-out");
        // An earlier demo's files: its report's success must not stand for this demo.
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("metadata.yaml"), "source: {}\n");
        Path earlier = Files.writeString(outDir.resolve("metadata-report.json"), """
                {"pipelineRunId": "0a1b2c3d-1111-4a4a-9a9a-123456789abc", "state": "success", "steps": []}
                """);

        int exit = run(Map.of(), "demo", "--publish", server.hostPort(), "--out", outDir.toString());

        String console = cli.console();
        assertThat(exit).as(console).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(console).contains("--publish: environment variable " + DemoDatabase.TOKEN_VARIABLE + " is not set")
                .contains("nothing was published to " + server.hostPort())
                .doesNotContain("not everything").doesNotContain("starting an embedded PostgreSQL")
                .doesNotContain("InvalidConfigException");
        assertThat(console.lines()).noneMatch(line -> line.startsWith("published to"));
        assertThat(server.entity("databaseService", DemoDatabase.SERVICE_NAME)).isNull();
        var report = Mappers.standard().readTree(earlier.toFile());
        assertThat(report.get("state").asText()).isEqualTo("failed");
        assertThat(report.get("fatalError").asText()).contains(DemoDatabase.TOKEN_VARIABLE + " is not set");
    }

    @Test
    void anEmptyPublishIsRefusedBeforeTheDatabaseStarts() {
        int exit = run(Map.of(DemoDatabase.TOKEN_VARIABLE, TOKEN), "demo", "--publish", "", "--out", dir.resolve("o").toString());

        assertThat(exit).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("--publish: empty; give the OpenMetadata server's URL,"
                + " e.g. http://localhost:8585/api (nothing was run)\n");
    }

    /**
     * A server without /api, and one that cannot be reached: the user gave --publish, not the generated file's
     * workflowConfig.openMetadataServerConfig.hostPort, so the lines name the option and its value.
     */
    @Test
    void aWrongOrUnreachableServerIsNamedByTheOption() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String withoutApi = server.hostPort().substring(0, server.hostPort().length() - "/api".length());
        for (String url : java.util.List.of(withoutApi, "http://127.0.0.1:" + closedPort + "/api")) {
            cli.reset();

            int exit = run(Map.of(DemoDatabase.TOKEN_VARIABLE, TOKEN), "demo", "--publish", url,
                    "--out", dir.resolve("demo-out").toString());

            String console = cli.console();
            assertThat(exit).as(console).isNotZero();
            assertThat(console).as(url).contains("--publish " + url).doesNotContain("workflowConfig.openMetadataServerConfig");
        }
    }
}
