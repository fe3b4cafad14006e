package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a whole run through the runtime ends when a group's connectors cannot be listed: the pipelines
 * that group holds were never read, so the run fails (the CLI exits 1) with a line naming the group,
 * instead of a partial success at 99.8 % that exits 0.
 */
class FivetranRunOutcomeTest {

    @TempDir
    Path dir;

    @Test
    void aGroupWhoseConnectorsCannotBeListedFailsTheRunNamingTheGroup() throws Exception {
        // Production holds 90 connectors; its first page is not the JSON the API promises.
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard()).faultAlways(
                "groups/schoolmaster_heedless/connectors@0",
                FivetranServer.json(200, FivetranFixtures.text("fivetran/malformed/connections-page.json")))) {
            Path workflow = Files.writeString(dir.resolve("fivetran.yaml"), """
                    source:
                      type: fivetran
                      serviceName: fivetran_prod
                      serviceConnection:
                        config: {type: Fivetran, apiKey: %s, apiSecret: "%s", hostPort: "%s", limit: 50, threads: 4}
                      sourceConfig:
                        config: {type: PipelineMetadata}
                    sink: {type: console}
                    """.formatted(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET, server.hostPort()));
            Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new FivetranSpec()), Mappers.standard(),
                    Clock.systemUTC(), System::getenv);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            RunResult result = runtime.ingest(workflow, Optional.of(dir.resolve("report.json")),
                    new PrintStream(console, true, StandardCharsets.UTF_8), false);

            assertThat(result.state()).as("not a success, nor a partial one").isEqualTo(RunState.FAILED);
            assertThat(result.connectionFailure()).isFalse();
            assertThat(result.fatalError()).startsWith("could not list connectors of group"
                            + " schoolmaster_heedless (Production): GET /v1/groups/schoolmaster_heedless/connections:")
                    .endsWith("; the pipelines it holds were not read (and mark-deleted was skipped)")
                    .doesNotContain("\n").doesNotContain(FivetranFixtures.API_SECRET);
            StepSummary source = result.steps().get(0);
            assertThat(source.records()).as("every other group was still read").isPositive();
            assertThat(source.errors()).as("the listing counted once, not again as the run's end").isEqualTo(1);
        }
    }
}
