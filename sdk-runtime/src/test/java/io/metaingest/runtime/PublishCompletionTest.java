package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code metadata-rest} sink wrote stays on the server whatever happens while it completes
 * (marking deleted entities): a run whose completion fails reports those records kept, never discarded,
 * and a token refused then is a connection failure as it is mid-run.
 */
class PublishCompletionTest {

    private static final String TOKEN = "completion-test-token";

    @TempDir
    Path dir;

    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    private final Metaingest runtime = ShelfWorkflows.runtime(new ShelfSpec());

    private RunResult run(List<String> books) throws Exception {
        return ShelfWorkflows.ingestQuietly(runtime, workflow(books, "", TOKEN),
                Optional.of(dir.resolve("report.json")));
    }

    /** Service shelf_svc's {@code books} to the stand-in, signed in with {@code token}; {@code more} top-level lines. */
    private Path workflow(List<String> books, String more, String token) throws Exception {
        String connection = "serviceConnection:\n  config: {type: Shelf, hostPort: \"shelf:1\", books: [%s]}"
                .formatted(String.join(", ", books));
        return Files.writeString(dir.resolve("shelf.yaml"), ShelfWorkflows.shelfSourceOf("shelf_svc", connection,
                "type: DatabaseMetadata") + """
                sink:
                  type: metadata-rest
                  config: {}
                %s
                """.formatted(more) + server.workflowConfigYaml(token));
    }

    private static StepSummary sinkStep(RunResult result) {
        return result.steps().stream().filter(s -> s.name().equals("metadata-rest")).findFirst().orElseThrow();
    }

    /** A clock a second further on at each reading: any two readings of "the start" would differ. */
    private static final class TickingClock extends Clock {
        private final java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.parse("2026-11-30T06:00:00Z").plusSeconds(seconds.incrementAndGet());
        }
    }

    /**
     * Every status the run sends its ingestion pipeline ({@code running}, the heartbeat, the final state) has
     * the report's {@code startedAt} as its start, which {@code metaingest status --mark-failed} sends too.
     */
    @Test
    void everyStatusOfTheRunHasTheStartItsReportSays() throws Exception {
        server.seed("ingestionPipeline", "shelf_svc.shelf_metadata", Mappers.standard().createObjectNode()
                .put("name", "shelf_metadata"));
        Metaingest ticking = ShelfWorkflows.runtime(new TickingClock(), new ShelfSpec());
        Path file = workflow(List.of("a"), "ingestionPipelineFQN: shelf_svc.shelf_metadata", TOKEN);
        Path report = dir.resolve("report.json");

        RunResult result = ShelfWorkflows.ingestQuietly(ticking, file, Optional.of(report));

        long started = java.time.Instant.parse(Mappers.standard().readTree(report.toFile()).get("startedAt").asText())
                .toEpochMilli();
        assertThat(started).isEqualTo(result.startedAt().toEpochMilli());
        List<OpenMetadataStandIn.Call> statuses = server.calls().stream()
                .filter(c -> c.method().equals("PUT") && c.path().endsWith("/pipelineStatus")).toList();
        assertThat(statuses).extracting(c -> c.body().path("pipelineState").asText()).contains("running", "success");
        assertThat(statuses).allSatisfy(c -> assertThat(c.body().get("startDate").asLong()).isEqualTo(started));
    }

    @Test
    void aTokenRefusedBeforeTheSourceStartsIsTheFailureOfTheSinkWritingToThatServerNotOfTheSource() throws Exception {
        Path file = workflow(List.of("a"), "ingestionPipelineFQN: shelf_svc.shelf_metadata", "not-the-token");
        RunResult result = ShelfWorkflows.ingestQuietly(runtime, file, Optional.empty());

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.steps()).extracting(StepSummary::name, StepSummary::errors).containsExactly(
                org.assertj.core.groups.Tuple.tuple("shelf", 0L), org.assertj.core.groups.Tuple.tuple("metadata-rest", 1L));
    }

    @Test
    void aTokenRefusedWhileMarkingDeletedIsAConnectionFailureAndKeepsWhatWasWritten() throws Exception {
        assertThat(run(List.of("a", "b", "c")).state()).isEqualTo(RunState.SUCCESS);
        server.failNext("GET /v1/tables", 401); // the list of schema main's tables, after every write

        RunResult result = run(List.of("a", "b"));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).isEqualTo("OpenMetadata at " + server.hostPort() + " refused the token: GET /v1/tables answered 401:"
                + " Not Authorized! Token verification failed; check"
                + " workflowConfig.openMetadataServerConfig.securityConfig.jwtToken");
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.kept()).isTrue();
            assertThat(o.destination()).isEqualTo(server.hostPort());
        });
        StepSummary sink = sinkStep(result);
        assertThat(sink.discarded()).isZero();
        assertThat(sink.records() + sink.updatedRecords()).isEqualTo(4); // the database, the schema, a and b
        assertThat(server.deleted("table")).isEmpty();
    }

    @Test
    void aDeletionTheBotMayNotMakeIsThatTablesFailureAndTheRunGoesOn() throws Exception {
        run(List.of("a", "b", "c", "d"));
        String id = server.entity("table", "shelf_svc.shelf.main.c").get("id").asText();
        server.failNext("DELETE /v1/tables/" + id, 403);

        RunResult result = run(List.of("a", "b"));

        assertThat(result.connectionFailure()).isFalse();
        assertThat(result.fatalError()).isNull();
        assertThat(server.deleted("table")).containsExactly("shelf_svc.shelf.main.d");
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isTrue());
        StepSummary sink = sinkStep(result);
        assertThat(sink.discarded()).isZero();
        assertThat(sink.failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("shelf_svc.shelf.main.c");
            assertThat(f.error()).startsWith("could not mark this table deleted: the ingestion bot may not delete it")
                    .contains("operations [Delete] not allowed", "sourceConfig.config.markDeletedTables: false")
                    .doesNotContain("jwtToken");
        });
    }
}
