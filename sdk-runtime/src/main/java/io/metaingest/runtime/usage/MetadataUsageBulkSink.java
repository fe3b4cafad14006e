package io.metaingest.runtime.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.BulkSink;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Result;
import io.metaingest.api.Sink;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.SkippedRecordException;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableLifeCycleRequest;
import io.metaingest.api.entity.UsageRequest;
import io.metaingest.openmetadata.MarkDeletedPolicy;
import io.metaingest.openmetadata.MetadataRestSink;
import io.metaingest.openmetadata.MetadataRestSinkConfig;
import io.metaingest.openmetadata.NothingNewerException;
import io.metaingest.openmetadata.OpenMetadataApiException;
import io.metaingest.openmetadata.OpenMetadataClient;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.openmetadata.ServerConnectionTester;
import io.metaingest.openmetadata.ServiceTarget;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.sink.FileSink;
import io.metaingest.toolkit.sql.TableJoinCounts;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * OpenMetadata's {@code metadata-usage} bulk sink: reads what the {@code table-usage} stage left in
 * {@code config.filename} and turns it into the queries seen ({@link CreateQueryRequest}), each
 * table's usage per day ({@link UsageRequest}) and, after it, the columns its columns were joined with
 * that day ({@link TableJoinsRequest}, only for a table that joined any), and publishes them to the server named by
 * {@code workflowConfig.openMetadataServerConfig} through the {@code metadata-rest} sink's writer (a
 * day's count is replaced, not added to, so a rerun does not double it), or, with
 * {@code config.path}, writes them as NDJSON there through the {@code file} sink. It publishes only
 * what the stage of this run staged ({@link TableUsageStage#MANIFEST} names the run): a folder holding
 * nothing of this run, or only an earlier run's files, is this step's failure, since whatever the
 * stage staged elsewhere is not published. Publishing to the server, a table the server does not have
 * (its service not ingested yet) is one warning for that table, as in OpenMetadata's usage publishing:
 * its usage and the queries seen only on such tables are left out, the rest is published. A joins call
 * the server refuses (a column its table lacks, a joined table it does not have) is a warning naming
 * the table: the day's usage is published all the same. Last come the tables' life cycles
 * ({@link TableLifeCycleRequest}, one per table whose queries show one; see {@link TableLifeCycles}),
 * sent to the server as OpenMetadata does ({@code PATCH /v1/tables/{id}}) or written as records of
 * their own to {@code config.path}; one the server refuses, or whose stored life cycle cannot be read,
 * is that table's failure, and the rest is published. Only the aspects later than the server's are sent
 * (read with the table's look-up), so a rerun of an older period never moves a table's life cycle back
 * in time; a table none of whose aspects is later is filtered, with why. At close it removes what the stage of this
 * run left in the folder ({@link #close()}).
 */
public final class MetadataUsageBulkSink implements BulkSink<EntityRequest> {

    /** The entity types whose usage percentiles the server computes once a day's counts are in. */
    private static final List<String> PERCENTILE_TYPES = List.of("table", "database");

    /**
     * The bulk sink's config.
     *
     * @param filename the stage's staging folder
     * @param path the NDJSON file to write instead of publishing to the server, or null
     */
    public record Config(String filename, String path) {
    }

    /** A query on a day, with the tables it touched. */
    private record QueryDay(String query, String date) {
    }

    private final Path folder;
    private final Sink<? super EntityRequest> out;
    /** The server, when publishing to it; null when writing NDJSON to {@code config.path}. */
    private final MetadataRestSink server;
    private final ObjectMapper mapper;
    private final String runId;
    /** This step's status: a write that updated an existing entity is counted there, as {@code updated_records}. */
    private final Status own;
    /** Whether the folder held this run's staged files, which {@link #close()} then removes. */
    private volatile boolean stagedByThisRun;

    /** Created by the run's injector. */
    @Inject
    public MetadataUsageBulkSink(Config config, ObjectMapper mapper, SecretMasker masker, WorkflowSettings settings,
                                 HttpClient http, WorkflowContext context, ServiceTarget service, @OwnStatus Status own)
            throws ConnectionException {
        this.folder = Path.of(config.filename());
        this.mapper = mapper;
        this.runId = context.pipelineRunId();
        this.own = own;
        if (config.path() == null) {
            OpenMetadataClient client = OpenMetadataConnections.client(settings, http, mapper, 1);
            this.server = new MetadataRestSink(client, MetadataRestSinkConfig.defaults(), null, MarkDeletedPolicy.none(),
                    null, own, mapper);
            // Created with the other steps, before the source reads the query log: a token the server refuses ends
            // the run now, not after a log of millions of queries was read and staged for nothing.
            new ServerConnectionTester(client).acceptsToken(service); // the sink read the server's version
        } else {
            this.server = null;
        }
        this.out = server != null ? server : new FileSink(Path.of(config.path()), mapper, masker, own);
    }

    @Override
    public Stream<Result<EntityRequest>> load() throws Exception {
        List<Result<EntityRequest>> results = new ArrayList<>();
        String notThisRun = notStagedByThisRun();
        // Files another run left are not this run's usage: publishing them again would count a day twice
        // or bring back an old day, so nothing is read and the step fails instead of succeeding with 0.
        List<TableUsageCount> staged = notThisRun == null ? readStaged() : List.of();
        stagedByThisRun = notThisRun == null;
        if (notThisRun != null) {
            results.add(Result.failed(folder.toString(), notThisRun));
        }
        Map<String, String> missing = missingTables(staged, results);
        Map<QueryDay, Set<String>> tablesOfQuery = new LinkedHashMap<>();
        Map<QueryDay, TableUsageCount.SqlQuery> firstSeen = new LinkedHashMap<>();
        Map<QueryDay, String> serviceOfQuery = new LinkedHashMap<>();
        for (TableUsageCount usage : staged) {
            if (missing.containsKey(usage.table())) {
                continue; // its warning says what is left out
            }
            for (TableUsageCount.SqlQuery q : usage.sqlQueries()) {
                QueryDay key = new QueryDay(q.query(), usage.date());
                tablesOfQuery.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(usage.table());
                firstSeen.putIfAbsent(key, q);
                serviceOfQuery.putIfAbsent(key, usage.serviceName());
            }
        }
        List<EntityRequest> records = new ArrayList<>();
        tablesOfQuery.forEach((key, tables) -> {
            TableUsageCount.SqlQuery q = firstSeen.get(key);
            long dayMillis = LocalDate.parse(key.date()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            records.add(new CreateQueryRequest(key.query(), dayMillis, q.duration(),
                    q.users().isEmpty() ? null : q.users(),
                    tables.stream().map(t -> EntityReference.byFqn("table", t)).toList(), serviceOfQuery.get(key)));
        });
        for (TableUsageCount usage : staged) {
            if (missing.containsKey(usage.table())) {
                continue;
            }
            records.add(new UsageRequest(EntityReference.byFqn("table", usage.table()), usage.date(),
                    (int) Math.min(usage.count(), Integer.MAX_VALUE)));
        }
        // After the usage, as OpenMetadata publishes them: a table's frequently-joined columns, per day.
        for (TableUsageCount usage : staged) {
            if (!missing.containsKey(usage.table()) && !usage.columnJoins().isEmpty()) {
                records.add(TableJoinCounts.request(usage.table(), usage.date(), usage.columnJoins()));
            }
        }
        // Last, each table's life cycle from the queries of all its staged days (one per table).
        Map<String, List<TableUsageCount>> daysOfTable = new LinkedHashMap<>();
        staged.stream().filter(usage -> !missing.containsKey(usage.table()))
                .forEach(usage -> daysOfTable.computeIfAbsent(usage.table(), t -> new ArrayList<>()).add(usage));
        daysOfTable.forEach((table, days) -> TableLifeCycles.of(table, days).ifPresent(records::add));
        // Each record is published as the runner takes its result: one the server took is counted at once, so a run
        // that ends part way (the server gone, a stop) counts what reached the server, as the metadata-rest sink does.
        Set<String> daysWritten = new java.util.TreeSet<>();
        Stream<Supplier<Stream<Result<EntityRequest>>>> parts = Stream.of(
                results::stream,
                () -> records.stream().map(record -> publish(record, daysWritten)).flatMap(Optional::stream),
                () -> afterPublishing(daysWritten).stream());
        return parts.flatMap(Supplier::get);
    }

    /**
     * Publishes one record: its result, or empty when the server already had it (counted as updated, as
     * {@code metadata-rest} counts). Only the server's being gone is thrown: it ends the run.
     */
    private Optional<Result<EntityRequest>> publish(EntityRequest record, Set<String> daysWritten) {
        try {
            // As metadata-rest counts: an entity the server already had (a query PUT answered 200) is
            // updated, not a new record; usage, which the server does not tell apart, counts as a record.
            Sink.WriteOutcome outcome = out.write(record);
            if (record instanceof UsageRequest usage) {
                daysWritten.add(usage.date());
            }
            if (outcome == Sink.WriteOutcome.UPDATED) {
                own.recordUpdated();
                return Optional.empty();
            }
            return Optional.of(Result.ok(record));
        } catch (SinkUnavailableException e) {
            throw e;
        } catch (NothingNewerException e) {
            // A rerun of an older period: the server's lifeCycle stays as it is, which is no problem.
            return Optional.of(Result.filtered(record.key(), e.getMessage()));
        } catch (SkippedRecordException e) {
            return Optional.of(Result.warning(record.key(), e.getMessage()));
        } catch (OpenMetadataApiException e) {
            // The day's usage is in; only the joins are missing (a column the server's table lacks, say).
            return Optional.of(record instanceof TableJoinsRequest joins
                    ? Result.warning(joins.table().fullyQualifiedName(), "its joined columns of " + joins.startDate()
                    + " were not published: " + e.getMessage())
                    : record instanceof TableLifeCycleRequest lifeCycle
                    // As OpenMetadata: the table's failure; its queries, usage and joins are in all the same.
                    ? Result.failed(lifeCycle.key(), "its lifeCycle was not published: " + e.getMessage())
                    : Result.failed(record.key(), e));
        } catch (Exception e) {
            return Optional.of(Result.failed(record.key(), e));
        }
    }

    /** Flushes what was written, then has the server rank the days written; a ranking it refuses is a warning. */
    private List<Result<EntityRequest>> afterPublishing(Set<String> daysWritten) {
        try {
            out.flush();
        } catch (SinkUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw new SinkUnavailableException("cannot finish " + out.destination() + ": " + StepError.oneLine(e), e);
        }
        List<Result<EntityRequest>> results = new ArrayList<>();
        if (server != null) {
            for (String day : daysWritten) {
                // As OpenMetadata's usage bulk sink: tables' ranks, then databases'.
                for (String entityType : PERCENTILE_TYPES) {
                    try {
                        server.computeUsagePercentiles(entityType, day);
                    } catch (SinkUnavailableException e) {
                        throw e;
                    } catch (Exception e) {
                        // The counts are in; only their ranks are missing until the next run computes them.
                        results.add(Result.warning(entityType + " usage percentiles of " + day,
                                "the server did not compute them: " + e.getMessage()));
                    }
                }
            }
        }
        return results;
    }

    /** The file is moved into place only when the run keeps its output; the server's writes stay. */
    @Override
    public boolean complete(boolean keep) throws Exception {
        return out.complete(keep);
    }

    /**
     * The staged tables the server does not have, each with why, and one warning per such table in
     * {@code results}: an ordinary usage run may well come before the metadata of every service it
     * reads from is ingested, which is no failure of this run (OpenMetadata warns too). A look-up the
     * server refuses otherwise leaves the table in, so its writes report the server's answer.
     */
    private Map<String, String> missingTables(List<TableUsageCount> staged, List<Result<EntityRequest>> results) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (server == null) {
            return missing;
        }
        Map<String, List<TableUsageCount>> byTable = new LinkedHashMap<>();
        staged.forEach(usage -> byTable.computeIfAbsent(usage.table(), t -> new ArrayList<>()).add(usage));
        for (Map.Entry<String, List<TableUsageCount>> table : byTable.entrySet()) {
            Optional<String> why;
            try {
                // The look-up also reads the table's stored lifeCycle, which its lifeCycle's write compares with.
                why = server.missingTable(table.getKey());
            } catch (OpenMetadataApiException | IOException e) {
                continue;
            }
            if (why.isPresent()) {
                missing.put(table.getKey(), why.get());
                long uses = table.getValue().stream().mapToLong(TableUsageCount::count).sum();
                int days = table.getValue().size();
                results.add(Result.warning(table.getKey(), why.get() + "; its usage (" + uses + " on " + days
                        + (days == 1 ? " day" : " days") + ") and the queries seen only on it are left out: a usage"
                        + " run publishes them once that table's service is ingested"));
            }
        }
        return missing;
    }

    /** Why the folder holds nothing this run staged, or null when the stage of this run wrote it. */
    private String notStagedByThisRun() {
        String fix = "; the table-usage stage writes to stage.config.filename and this step reads"
                + " bulkSink.config.filename: give both the same folder";
        Path manifest = folder.resolve(TableUsageStage.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return "nothing staged in " + folder + " by this run, so nothing was published" + fix;
        }
        TableUsageStage.Manifest by;
        try {
            by = mapper.readValue(manifest.toFile(), TableUsageStage.Manifest.class);
        } catch (IOException e) {
            return "cannot read " + manifest + " (" + e.getMessage() + "), so nothing was published;"
                    + " rerun the workflow to stage again";
        }
        if (!runId.equals(by.pipelineRunId())) {
            return folder + " holds what run " + by.pipelineRunId() + " staged, not this run (" + runId
                    + "), so nothing was published" + fix;
        }
        return null;
    }

    private List<TableUsageCount> readStaged() throws IOException {
        List<TableUsageCount> staged = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return staged;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(TableUsageStage.SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    staged.add(mapper.readValue(line, TableUsageCount.class));
                }
            }
        }
        return staged;
    }

    /**
     * Closes the writer, then removes the files this run's stage left (the days' queries, full query texts, and its
     * manifest), and the folder once nothing else is in it, as OpenMetadata's usage bulk sink cleans its folder at
     * close. Another run's files, and files of the user's, stay.
     */
    @Override
    public void close() throws Exception {
        try {
            out.close();
        } finally {
            if (stagedByThisRun) {
                TableUsageStage.removeStaged(folder);
            }
        }
    }

    @Override
    public String destination() {
        return out.destination();
    }

    /** Publishing to OpenMetadata: what reached the server stays there; a file is moved into place at the end. */
    @Override
    public boolean writesAreFinal() {
        return out.writesAreFinal();
    }
}
