package io.metaingest.testkit;

import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Sink;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The kit's own connector for {@link StepKit}: a source that emits the records an author gives, so a
 * step-only plugin runs in a workflow the runtime loads and runs as any other, and a sink that keeps
 * what reaches it. Records travel through a map keyed by a feed id in the connection, as the runtime
 * binds the connection from YAML and the records need not be readable from it.
 */
final class KitFeed {

    static final String SERVICE_TYPE = "MetaingestKitFeed";
    static final String SOURCE_TYPE = "metaingestkitfeed";
    static final String COLLECT_SINK = "metaingest-kit-collect";

    private static final Map<String, List<Object>> FEEDS = new ConcurrentHashMap<>();
    private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

    private KitFeed() {
    }

    /** Registers records to feed; the returned id goes into the workflow's connection. */
    static String feed(List<?> records) {
        String id = UUID.randomUUID().toString();
        FEEDS.put(id, List.copyOf(records));
        COLLECTED.put(id, java.util.Collections.synchronizedList(new ArrayList<>()));
        return id;
    }

    /** What the collecting sink received in the run of feed {@code id}. */
    static List<Object> collected(String id) {
        return List.copyOf(COLLECTED.getOrDefault(id, List.of()));
    }

    /** Forgets a feed once its checks are done. */
    static void forget(String id) {
        FEEDS.remove(id);
        COLLECTED.remove(id);
    }

    /** The connection: which feed. */
    public record Connection(String type, String feed) {
    }

    /** The sink's (empty) config. */
    public record NoConfig() {
    }

    /** The spec registered beside the author's provider. */
    static final class Spec implements ServiceSpec {
        @Override public String serviceType() { return SERVICE_TYPE; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<?> connectionType() { return Connection.class; }
        @Override public String connectionSchema() { return "/io/metaingest/testkit/kitFeedConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, FeedSource.class),
                    StepSpec.sink(COLLECT_SINK, CollectSink.class, Object.class, NoConfig.class,
                            "/io/metaingest/testkit/kitCollectSink.json"));
        }
    }

    /** Emits the feed's records. */
    public static final class FeedSource implements Source<Object> {
        private final List<Object> records;

        /** Created by the runtime's injector. */
        @Inject
        public FeedSource(Connection connection) {
            this.records = FEEDS.getOrDefault(connection.feed(), List.of());
        }

        @Override
        public Stream<Result<Object>> read() {
            return records.stream().map(Result::ok);
        }
    }

    /** Keeps every record it is given. */
    public static final class CollectSink implements Sink<Object> {
        private final List<Object> into;

        /** Created by the runtime's injector. */
        @Inject
        public CollectSink(Connection connection) {
            this.into = COLLECTED.getOrDefault(connection.feed(), new ArrayList<>());
        }

        @Override
        public WriteOutcome write(Object record) {
            into.add(record);
            return WriteOutcome.CREATED;
        }
    }
}
