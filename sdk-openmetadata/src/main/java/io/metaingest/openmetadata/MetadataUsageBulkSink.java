package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.BulkSink;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.UsageRequest;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The {@code metadata-usage} bulk sink: reads what the {@code table-usage} stage kept, adds up the
 * usage counts per table and day, and publishes them ({@code PUT /v1/usage/{type}/name/{fqn}}, a
 * create-or-update, so a second run does not double the counts) and the queries
 * ({@code PUT /v1/queries}), {@code threads} requests at a time. One result per table-day and per
 * query; the staged file is removed once every line has been loaded.
 */
public final class MetadataUsageBulkSink implements BulkSink<String> {

    /**
     * {@code bulkSink.config}.
     *
     * @param filename the folder the {@code table-usage} stage wrote to
     * @param threads how many requests to send at once (default 4)
     */
    public record Config(String filename, Integer threads) {
        /** Applies the default thread count. */
        public Config {
            threads = threads == null ? 4 : threads;
        }
    }

    private final Path file;
    private final int threads;
    private final EntityWriter writer;
    private final ObjectMapper mapper;
    /** Results to hand out, and handed out so far: the staged file goes only when all were. */
    private int expected;
    private final AtomicInteger handed = new AtomicInteger();

    /** Creates the bulk sink for the workflow's server. */
    @Inject
    public MetadataUsageBulkSink(Config config, WorkflowSettings settings, HttpClient http, ObjectMapper mapper)
            throws ConnectionException {
        this(config, OpenMetadataConnections.client(settings, http, mapper, config.threads()), mapper);
    }

    /** Creates the bulk sink on a client. */
    public MetadataUsageBulkSink(Config config, OpenMetadataClient client, ObjectMapper mapper) throws ConnectionException {
        this.file = UsageStageFile.in(config.filename());
        this.threads = Math.max(1, config.threads());
        this.mapper = mapper;
        this.writer = new EntityWriter(client, new ReferenceResolver(client, 10_000), mapper);
        OpenMetadataConnections.checkVersion(client);
    }

    @Override
    public Stream<Result<String>> load() throws IOException {
        if (!Files.exists(file)) {
            throw new IOException("nothing staged at " + file + "; the table-usage stage and this bulk sink need the same filename");
        }
        List<EntityRequest> records = new ArrayList<>(dailyUsage());
        List<Result<String>> unreadable = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file)) {
            lines.forEach(line -> {
                try {
                    EntityRequest record = UsageStageFile.read(mapper, line);
                    if (!(record instanceof UsageRequest)) {
                        records.add(record);
                    }
                } catch (IOException e) {
                    unreadable.add(Result.failed(file.toString(), e));
                }
            });
        }
        expected = records.size();
        Stream<Result<String>> loaded = ParallelMap.ordered(records.iterator(), threads, "metadata-usage", writer::write)
                .map(this::result);
        return Stream.concat(unreadable.stream(), loaded).onClose(this::removeWhenLoaded);
    }

    private Result<String> result(Outcome<EntityRequest, ?> outcome) {
        handed.incrementAndGet();
        String key = outcome.input().key();
        if (outcome.succeeded()) {
            return Result.ok(key);
        }
        if (outcome.failure() instanceof SinkUnavailableException unavailable) {
            throw unavailable;
        }
        return Result.failed(key, outcome.failure());
    }

    /** Usage counts added up per entity and day, in a stable order. */
    private List<UsageRequest> dailyUsage() throws IOException {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        try (Stream<String> lines = Files.lines(file)) {
            lines.forEach(line -> {
                try {
                    if (UsageStageFile.read(mapper, line) instanceof UsageRequest usage) {
                        counts.merge(List.of(usage.entity().type(), usage.entity().fullyQualifiedName(), usage.date()),
                                usage.count(), Integer::sum);
                    }
                } catch (IOException unreadable) {
                    // Reported once, by the second pass in load().
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<UsageRequest> usage = new ArrayList<>();
        counts.forEach((key, count) -> usage.add(new UsageRequest(EntityReference.byFqn(key.get(0), key.get(1)), key.get(2), count)));
        return usage;
    }

    private void removeWhenLoaded() {
        if (handed.get() == expected) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
