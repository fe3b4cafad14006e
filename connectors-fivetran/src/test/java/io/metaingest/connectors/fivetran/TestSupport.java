package io.metaingest.connectors.fivetran;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.FilterPattern;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds clients and sources against a {@link FivetranServer} without real waiting. */
final class TestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Records the waits the client asked for instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(200),
            Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10));

    private TestSupport() {
    }

    static FivetranConnection connection(FivetranServer server, int limit, int threads) {
        return FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET, server.hostPort())
                .withPaging(limit, threads);
    }

    static FivetranClient client(FivetranConnection connection, RecordingSleeper sleeper) {
        return new FivetranClient(connection, HTTP, MAPPER, sleeper, FAST);
    }

    static PipelineMetadataConfig config(FilterPattern pattern, Boolean includeLineage, List<String> dbServices) {
        return new PipelineMetadataConfig(includeLineage, null, null, pattern,
                new LineageInformation(dbServices, null), null, null, null);
    }

    static WorkflowContext context() {
        return new WorkflowContext("fivetran_prod", "fivetran", WorkflowKind.METADATA, "00000000-0000-0000-0000-000000000001");
    }

    static FivetranPipelineSource source(FivetranConnection connection, PipelineMetadataConfig config,
                                         RecordingSleeper sleeper) {
        FivetranClient client = client(connection, sleeper);
        return new FivetranPipelineSource(connection, config, context(), client, new FivetranLineage(client), CLOCK);
    }
}
