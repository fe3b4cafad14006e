package io.metaingest.connectors.microstrategy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.LineageInformation;
import java.net.http.HttpClient;
import java.time.Duration;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Builds clients and sources against an {@link MstrServer}. */
final class TestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String SERVICE = "mstr_prod";

    private TestSupport() {
    }

    static MicroStrategyConnection connection(MstrServer server) {
        return MicroStrategyConnection.of(server.hostPort(), MstrFixtures.USERNAME, MstrFixtures.PASSWORD);
    }

    /** Short backoff, and waits recorded instead of spent. */
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(60), Duration.ofSeconds(10));

    /** Records the waits the client asked for. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    static MicroStrategyClient client(MicroStrategyConnection connection) {
        return client(connection, new RecordingSleeper());
    }

    static MicroStrategyClient client(MicroStrategyConnection connection, Sleeper sleeper) {
        return new MicroStrategyClient(connection, HTTP, MAPPER, FAST, sleeper);
    }

    static WorkflowContext context() {
        return new WorkflowContext(SERVICE, "microstrategy", WorkflowKind.METADATA, "00000000-0000-0000-0000-000000000010");
    }

    static DashboardMetadataConfig config(List<String> dbServices) {
        return config(null, null, null, dbServices);
    }

    static DashboardMetadataConfig config(FilterPattern dashboards, FilterPattern charts, FilterPattern projects,
                                          List<String> dbServices) {
        return new DashboardMetadataConfig(dashboards, charts, projects, null, null,
                new LineageInformation(dbServices, null), null);
    }

    static MicroStrategyDashboardSource source(MicroStrategyConnection connection, DashboardMetadataConfig config) {
        return source(client(connection), connection, config);
    }

    static MicroStrategyDashboardSource source(MicroStrategyClient client, MicroStrategyConnection connection,
                                               DashboardMetadataConfig config) {
        return new MicroStrategyDashboardSource(connection, config, context(), client,
                new MicroStrategyLineage(client, context()));
    }

    /** Reads everything and closes the source, as the runtime does. */
    static List<Result<EntityRequest>> readAll(MicroStrategyDashboardSource source) throws Exception {
        try (source; Stream<Result<EntityRequest>> stream = source.read()) {
            return stream.toList();
        }
    }


    static <T> List<T> records(List<Result<EntityRequest>> results, Class<T> type) {
        return results.stream().filter(r -> r instanceof Result.Ok<EntityRequest>)
                .map(r -> ((Result.Ok<EntityRequest>) r).record()).filter(type::isInstance).map(type::cast).toList();
    }

    static <R extends Result<EntityRequest>> List<R> of(List<Result<EntityRequest>> results, Class<R> kind) {
        return results.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
