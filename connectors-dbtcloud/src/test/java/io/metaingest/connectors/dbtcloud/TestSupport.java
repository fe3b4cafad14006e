package io.metaingest.connectors.dbtcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Builds connections, clients and sources against a {@link DbtCloudServer} without real waiting. */
final class TestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(60), Duration.ofSeconds(10));
    static final String SERVICE = "dbt_prod";

    /** Records the waits the client asked for instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    private TestSupport() {
    }

    static DbtCloudConnection connection(DbtCloudServer server) {
        return DbtCloudConnection.of(server.host(), server.discoveryApi(), DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN);
    }

    static DbtCloudClient client(DbtCloudConnection connection, Sleeper sleeper) {
        return new DbtCloudClient(connection, HTTP, MAPPER, FAST, sleeper);
    }

    static PipelineMetadataConfig config(FilterPattern pattern, Boolean includeLineage, List<String> dbServices) {
        return new PipelineMetadataConfig(includeLineage, null, null, pattern,
                new LineageInformation(dbServices, null), null, null, null);
    }

    static WorkflowContext context() {
        return new WorkflowContext(SERVICE, "dbtcloud", WorkflowKind.METADATA, "00000000-0000-0000-0000-000000000009");
    }

    static DbtCloudPipelineSource source(DbtCloudConnection connection, PipelineMetadataConfig config, Sleeper sleeper) {
        return new DbtCloudPipelineSource(connection, config, context(), client(connection, sleeper));
    }

    /** Reads the whole source. */
    static List<Result<EntityRequest>> readAll(DbtCloudPipelineSource source) throws Exception {
        try (source; Stream<Result<EntityRequest>> results = source.read()) {
            return results.toList();
        }
    }


    static <T extends EntityRequest> List<T> records(List<Result<EntityRequest>> results, Class<T> type) {
        return results.stream().filter(r -> r instanceof Result.Ok<EntityRequest>)
                .map(r -> ((Result.Ok<EntityRequest>) r).record()).filter(type::isInstance).map(type::cast).toList();
    }

    static List<Result.Failed<EntityRequest>> failures(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Failed<EntityRequest>)
                .map(r -> (Result.Failed<EntityRequest>) r).toList();
    }

    static List<Result.Warning<EntityRequest>> warnings(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Warning<EntityRequest>)
                .map(r -> (Result.Warning<EntityRequest>) r).toList();
    }
}
