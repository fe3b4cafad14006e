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
     * Sends {@code run}'s state (call only when {@link #namesServer} holds), reaching an {@code https} server as a
     * run does by default ({@code verifySSL: no-ssl}: this JVM's trust store).
     *
     * @return why the server did not take it, in one line; empty when it did
     */
    Optional<String> send(JsonNode run, Secret token, Instant now) {
        return send(run, token, null, now);
    }

    /**
     * As {@link #send(JsonNode, Secret, Instant)}, with the {@code verifySSL} and {@code sslConfig} of
     * {@code settings} (a workflow's {@code workflowConfig.openMetadataServerConfig}) when it names the run's server:
     * the same client as the run's sink, so its certificate is checked (and a client certificate presented) alike.
     *
     * @param settings the server settings to take TLS from; null, or another server's, for the default
     */
    Optional<String> send(JsonNode run, Secret token, OpenMetadataServerConfig settings, Instant now) {
        try {
            String hostPort = run.path("openMetadataHostPort").asText();
            boolean same = settings != null && sameServer(settings.hostPort(), hostPort);
            OpenMetadataClient client = new OpenMetadataClient(new OpenMetadataServerConfig(hostPort, null,
                    new OpenMetadataServerConfig.SecurityConfig(token), null, same ? settings.verifySSL() : null,
                    same ? settings.sslConfig() : null), HttpClient.newHttpClient(), mapper, 1);
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

    /** Whether two {@code hostPort}s name one server: the same URL but for trailing slashes and letter case. */
    static boolean sameServer(String a, String b) {
        return a != null && b != null && a.replaceAll("/+$", "").equalsIgnoreCase(b.replaceAll("/+$", ""));
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
