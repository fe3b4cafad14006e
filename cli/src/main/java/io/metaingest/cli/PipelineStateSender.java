package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.Secret;
import io.metaingest.api.StepError;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.openmetadata.IngestionPipelineStatus;
import io.metaingest.openmetadata.IngestionStatusReporter;
import io.metaingest.openmetadata.OpenMetadataClient;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends the state a status file holds to the ingestion pipeline it names ({@code ingestionPipelineFQN}
 * on {@code openMetadataHostPort}), as one pipeline status with the run's id, dates and step summaries:
 * how {@code metaingest status --mark-failed} and a re-run over a killed run's report finish that run
 * on the server.
 */
final class PipelineStateSender {

    private final ObjectMapper mapper;

    PipelineStateSender(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether {@code run} names an ingestion pipeline and its server, so there is something to send. */
    static boolean namesServer(JsonNode run) {
        return run.hasNonNull("ingestionPipelineFQN") && run.hasNonNull("openMetadataHostPort");
    }

    /**
     * Sends {@code run}'s state (call only when {@link #namesServer} holds).
     *
     * @return why the server did not take it, in one line; empty when it did
     */
    Optional<String> send(JsonNode run, Secret token, Instant now) {
        try {
            OpenMetadataClient client = new OpenMetadataClient(new OpenMetadataServerConfig(
                    run.path("openMetadataHostPort").asText(), null, new OpenMetadataServerConfig.SecurityConfig(token)),
                    HttpClient.newHttpClient(), mapper, 1);
            Instant started = instant(run.path("startedAt"));
            Instant ended = instant(run.path("updatedAt"));
            new IngestionStatusReporter(client, run.path("ingestionPipelineFQN").asText()).report(new IngestionPipelineStatus(
                    run.path("pipelineRunId").asText(), run.path("state").asText(),
                    started == null ? now.toEpochMilli() : started.toEpochMilli(),
                    now.toEpochMilli(), ended == null ? now.toEpochMilli() : ended.toEpochMilli(), steps(run.path("steps"))));
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(StepError.oneLine(e));
        }
    }

    /** A status file's time (ISO-8601 text or epoch milliseconds); null when absent or unreadable. */
    static Instant instant(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<IngestionPipelineStatus.StepSummary> steps(JsonNode steps) {
        List<IngestionPipelineStatus.StepSummary> summaries = new ArrayList<>();
        for (JsonNode step : steps) {
            List<IngestionPipelineStatus.Failure> failures = new ArrayList<>();
            for (JsonNode failure : step.path("failures")) {
                failures.add(new IngestionPipelineStatus.Failure(failure.path("name").asText(null),
                        failure.path("error").asText(null), failure.path("stackTrace").asText(null)));
            }
            summaries.add(new IngestionPipelineStatus.StepSummary(step.path("name").asText(), step.path("records").asLong(),
                    step.path("updated_records").asLong(), step.path("warnings").asLong(), step.path("errors").asLong(),
                    step.path("filtered").asLong(), failures));
        }
        return summaries;
    }
}
