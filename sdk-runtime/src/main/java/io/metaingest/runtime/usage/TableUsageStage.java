package io.metaingest.runtime.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.SinkUnavailableException;
import io.metaingest.api.Stage;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.runtime.files.IoReasons;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.toolkit.sql.TableJoinCounts;
import io.metaingest.toolkit.sql.TableUsage;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenMetadata's {@code table-usage} stage: counts each table's usage per day from the
 * {@code query-parser}'s {@link ParsedData} (with the toolkit's {@link TableUsage}, the aggregation
 * the connectors use too), and its columns' joins ({@link TableJoinCounts}), and, once the source is exhausted, writes one file per day into its
 * staging location ({@code config.filename}) for the {@code metadata-usage} bulk sink. The location
 * belongs to the stage: files of an earlier run are replaced, so a rerun never counts twice. Last,
 * it writes {@value #MANIFEST}, naming the run and how many records it staged: the bulk sink
 * publishes only what this run staged, and says so when the folder holds nothing of this run.
 */
public final class TableUsageStage implements Stage<ParsedData> {

    /** The suffix of the staged files. */
    static final String SUFFIX = ".ndjson";
    /** The file naming the run that staged the folder's files; not a {@link #SUFFIX} file. */
    static final String MANIFEST = "staged-by.json";

    /**
     * What {@link #MANIFEST} holds.
     *
     * @param pipelineRunId the run that staged the files
     * @param records the records staged (the processor's parsed queries)
     * @param tableDays the lines written: one per table and day
     */
    record Manifest(String pipelineRunId, long records, long tableDays) {
    }

    /**
     * The stage's config.
     *
     * @param filename the staging folder (OpenMetadata's name for it)
     */
    public record Config(String filename) {
    }

    /** What a query brings beyond its counts: who ran it and how long it took. */
    private record QueryFacts(Set<String> users, Double duration) {
    }

    private final Path folder;
    private final ObjectMapper mapper;
    private final TableUsage usage = new TableUsage();
    private final TableJoinCounts joins = new TableJoinCounts();
    private final Map<String, QueryFacts> facts = new LinkedHashMap<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private final String runId;
    private long records;

    /**
     * Created by the run's injector; clears the staging folder of an earlier run's files.
     *
     * @throws SinkUnavailableException when the folder cannot be made or cleared, naming it
     */
    @Inject
    public TableUsageStage(Config config, ObjectMapper mapper, WorkflowContext context) {
        this.folder = Path.of(config.filename()).toAbsolutePath();
        this.mapper = mapper;
        this.runId = context.pipelineRunId();
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(MANIFEST));
            try (var old = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
        } catch (IOException e) {
            throw cannotWrite(folder, e);
        }
    }

    @Override
    public void stage(ParsedData parsed) {
        LocalDate day = LocalDate.parse(parsed.date());
        long times = parsed.executions() == null ? 1 : parsed.executions();
        usage.add(day, parsed.sql(), parsed.tables(), times);
        joins.add(day, parsed.joins(), times);
        QueryFacts known = facts.computeIfAbsent(parsed.sql(), q -> new QueryFacts(new LinkedHashSet<>(), parsed.duration()));
        if (parsed.userName() != null) {
            known.users().add(parsed.userName());
        }
        parsed.tables().forEach(t -> services.putIfAbsent(t, parsed.serviceName()));
        records++;
    }

    /**
     * Writes the staged files: one per day, one line per table.
     *
     * @throws SinkUnavailableException when a file cannot be written (a full disk), naming it
     */
    @Override
    public void close() {
        Map<LocalDate, List<TableUsageCount>> byDay = new LinkedHashMap<>();
        for (TableUsage.Daily daily : usage.results()) {
            List<TableUsageCount.SqlQuery> queries = new ArrayList<>();
            for (TableUsage.QueryCount q : daily.queries()) {
                QueryFacts known = facts.get(q.query());
                queries.add(new TableUsageCount.SqlQuery(q.query(), q.count(), List.copyOf(known.users()),
                        known.duration()));
            }
            byDay.computeIfAbsent(daily.day(), d -> new ArrayList<>()).add(new TableUsageCount(daily.table(),
                    daily.day().toString(), daily.count(), services.get(daily.table()), queries,
                    joins.columnJoins(daily.day(), daily.table())));
        }
        for (Map.Entry<LocalDate, List<TableUsageCount>> day : byDay.entrySet()) {
            Path file = folder.resolve(day.getKey() + SUFFIX);
            try (BufferedWriter out = Files.newBufferedWriter(ownerOnly(file), StandardCharsets.UTF_8)) {
                for (TableUsageCount line : day.getValue()) {
                    out.write(mapper.writeValueAsString(line));
                    out.newLine();
                }
            } catch (IOException e) {
                deleteQuietly(file); // a part of a day's counts is no use to anyone
                throw cannotWrite(file, e);
            }
        }
        // Last, and whole or not at all (a full disk leaves no empty one): present only once every day's file is complete.
        long lines = byDay.values().stream().mapToLong(List::size).sum();
        Path manifest = folder.resolve(MANIFEST);
        try {
            OutputFiles.replace(manifest, mapper.writeValueAsString(new Manifest(runId, records, lines)));
        } catch (IOException e) {
            throw cannotWrite(manifest, e);
        }
    }

    /**
     * Creates {@code file} readable by its owner alone where the file system has POSIX permissions: it holds the
     * queries' full texts, which may quote values the database's users would not show to everyone on the machine.
     */
    private static Path ownerOnly(Path file) throws IOException {
        if (Files.notExists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        return file;
    }

    /**
     * Removes the staged files of {@code folder} (the days' files and the manifest), then the folder when nothing else
     * is in it. Best effort: a file left behind is cleared by the next stage of that folder before it stages.
     */
    static void removeStaged(Path folder) {
        try (var staged = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : staged) {
                deleteQuietly(file);
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return; // gone already, or unreadable: nothing more to remove here
        }
        deleteQuietly(folder.resolve(MANIFEST));
        try {
            Files.deleteIfExists(folder); // only when empty: another file of the user's keeps it
        } catch (IOException notEmpty) {
            // kept, with what else is in it
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The next run clears the folder's files before it stages: a leftover is never read as this run's.
        }
    }

    /** One line naming the step and the file, as the file sink's write errors do: the run ends with it. */
    private static SinkUnavailableException cannotWrite(Path path, IOException e) {
        return new SinkUnavailableException("table-usage stage: cannot write " + path + ": " + IoReasons.reason(e), e);
    }
}
