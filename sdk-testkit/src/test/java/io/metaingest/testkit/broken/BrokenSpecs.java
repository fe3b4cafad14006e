package io.metaingest.testkit.broken;

import io.metaingest.api.AppliedFilter;
import io.metaingest.api.BulkSink;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.Stage;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.StoredProcedureType;
import io.metaingest.api.config.DatabaseLineageConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfLineage;
import io.metaingest.testconnectors.ShelfSource;
import io.metaingest.testconnectors.ShelfSpec;
import io.metaingest.testconnectors.ShelfTester;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Connectors that each make one mistake the kit must catch. Each is the shared test connector
 * ({@link ShelfSpec} of test-connectors) with one thing changed, under its own service type.
 */
public final class BrokenSpecs {

    private BrokenSpecs() {
    }

    /**
     * The shelf under another service type: its own connection schema (which pins that type), no
     * former name (the shelf's is the shelf's), and the shelf's metadata and lineage workflows only
     * (what the kit runs on a broken shelf), the metadata source being where most mistakes are.
     */
    public abstract static class BrokenShelfSpec extends ShelfSpec {
        @Override public Set<String> formerServiceTypes() { return Set.of(); }
        @Override public String connectionSchema() { return "/schemas/" + serviceType() + "Connection.json"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, metadataSource()),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, lineageSource()));
        }

        /** The metadata source: the shelf's, unless the mistake is in it. */
        protected Class<? extends Source<?>> metadataSource() {
            return ShelfSource.class;
        }

        /** The lineage source: the shelf's, unless the mistake is in it. */
        protected Class<? extends Source<?>> lineageSource() {
            return ShelfLineage.class;
        }
    }

    /** No public no-arg constructor: the runtime cannot create it. */
    public static final class NoConstructorSpec extends BrokenShelfSpec {
        /** The only constructor takes an argument. */
        public NoConstructorSpec(String unused) {
        }

        @Override public String serviceType() { return "NoConstructor"; }
    }

    /** Claims the service type {@code Duplicate}, like {@link SecondDuplicateSpec}. */
    public static final class FirstDuplicateSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Duplicate"; }
    }

    /** Claims the service type {@code Duplicate} too. */
    public static final class SecondDuplicateSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Duplicate"; }
    }

    /** Its connection schema is not a valid JSON Schema. */
    public static final class InvalidSchemaSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "InvalidSchema"; }
    }

    /** Its source starts a thread and never stops it. */
    public static final class LeakedThreadSpec extends BrokenShelfSpec {
        /** Released by the test once the kit has looked, so the thread ends. */
        public static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override public String serviceType() { return "LeakedThread"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return LeakingSource.class; }
    }

    /** Starts a poller thread on every read. */
    public static final class LeakingSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public LeakingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            Thread poller = new Thread(() -> {
                try {
                    LeakedThreadSpec.RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shelf-poller");
            poller.setDaemon(true);
            poller.start();
            return super.read();
        }
    }

    /** Its source reads through a thread pool it never shuts down. */
    public static final class LeakedPoolSpec extends BrokenShelfSpec {
        /** Every pool its sources made, shut down by the test once the kit has looked. */
        public static final java.util.Queue<java.util.concurrent.ExecutorService> POOLS =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override public String serviceType() { return "LeakedPool"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return PoolSource.class; }
    }

    /** Reads the shelf on a pool of its own, left running. */
    public static final class PoolSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public PoolSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(1);
            LeakedPoolSpec.POOLS.add(pool);
            return pool.submit(() -> super.read().toList()).get().stream();
        }
    }

    /** Its records differ from run to run. */
    public static final class NondeterministicSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Nondeterministic"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return RandomSource.class; }
    }

    /** Describes each table with a fresh random id. */
    public static final class RandomSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public RandomSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected String describe(String book) {
            return "read as " + UUID.randomUUID();
        }
    }

    /** The same records at every read, its tables in another order each time. */
    public static final class ShuffledSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Shuffled"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ShuffledSource.class; }
    }

    /** Emits its tables in the next of their six orders at each read (database and schema first, as they must be). */
    public static final class ShuffledSource extends ShelfSource {
        /** Reads so far in this JVM: any two reads up to five apart take different orders. */
        private static final AtomicInteger READS = new AtomicInteger();

        /** Created by the runtime's injector. */
        @Inject
        public ShuffledSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            List<Result<EntityRequest>> all;
            try (Stream<Result<EntityRequest>> shelf = super.read()) {
                all = shelf.toList();
            }
            List<Result<EntityRequest>> tables = new ArrayList<>(all.stream().filter(ShuffledSource::isTable).toList());
            int read = READS.getAndIncrement() % 6;
            Collections.rotate(tables, read % 3);
            if (read >= 3) {
                Collections.reverse(tables);
            }
            List<Result<EntityRequest>> out = new ArrayList<>(all.stream().takeWhile(r -> !isTable(r)).toList());
            out.addAll(tables);
            all.stream().dropWhile(r -> !isTable(r)).filter(r -> !isTable(r)).forEach(out::add);
            return out.stream();
        }

        private static boolean isTable(Result<EntityRequest> result) {
            return result instanceof Result.Ok<EntityRequest> ok && ok.record() instanceof CreateTableRequest;
        }
    }

    /** Names what it filters and fails by the bare name ({@code emma}), not the FQN the report needs. */
    public static final class BareNamesSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "BareNames"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return BareNamesSource.class; }
    }

    /** The shelf's source with the last part of each filtered or failed FQN for its name. */
    public static final class BareNamesSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public BareNamesSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            return super.read().map(result -> {
                if (result instanceof Result.Filtered<EntityRequest> filtered) {
                    return Result.filtered(bare(filtered.name()), filtered.reason());
                }
                if (result instanceof Result.Failed<EntityRequest> failed) {
                    return Result.failed(bare(failed.error().name()), failed.error().error());
                }
                return result;
            });
        }

        private static String bare(String fqn) {
            List<String> parts = Fqn.split(fqn);
            return parts.get(parts.size() - 1);
        }
    }

    /** Its records carry the connection's password. */
    public static final class SecretInRecordsSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "SecretInRecords"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return TellingSource.class; }
    }

    /** Describes each table with the shelf's key. */
    public static final class TellingSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TellingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected String describe(String book) {
            return "opened with " + connection().password().reveal();
        }
    }

    /** Its source prints the connection's password to standard error, where no masking reaches. */
    public static final class SecretOnStderrSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "SecretOnStderr"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return PrintingSource.class; }
    }

    /** Prints the shelf's key to standard error before reading. */
    public static final class PrintingSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public PrintingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            System.err.println("shelf: opening with key " + connection().password().reveal() + " now");
            return super.read();
        }
    }

    /**
     * Uses a library that is on the test class path but not in its plugin (SnakeYAML, which the kit's
     * own dependencies bring), as a dependency in {@code provided} scope would be.
     */
    public static final class MissingLibrarySpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "MissingLibrary"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return YamlSource.class; }
    }

    /** Reads the shelf after parsing a YAML document with SnakeYAML. */
    public static final class YamlSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public YamlSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            new org.yaml.snakeyaml.Yaml().load("shelf: 1");
            return super.read();
        }
    }

    /** Its lineage records carry the connection's password; its metadata records are clean. */
    public static final class LineageSecretSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "LineageSecret"; }
        @Override protected Class<? extends Source<?>> lineageSource() { return TellingLineage.class; }
    }

    /** The shelf's lineage, each edge described with the shelf's key. */
    public static final class TellingLineage implements Source<AddLineageRequest> {
        private final ShelfLineage shelf;
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public TellingLineage(ShelfConnection c, DatabaseLineageConfig config, WorkflowContext context) {
            this.shelf = new ShelfLineage(c, config, context);
            this.connection = c;
        }

        @Override
        public Stream<Result<AddLineageRequest>> read() throws Exception {
            return shelf.read().map(result -> result instanceof Result.Ok<AddLineageRequest> ok
                    ? Result.ok(new AddLineageRequest(new AddLineageRequest.EntitiesEdge(ok.record().edge().fromEntity(),
                            ok.record().edge().toEntity(), "copied with " + connection.password().reveal(), null)))
                    : result);
        }
    }

    /** Its source ignores the filter patterns. */
    public static final class IgnoredFiltersSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "IgnoredFilters"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return UnfilteredSource.class; }
    }

    /** Reads everything whatever the filters say. */
    public static final class UnfilteredSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public UnfilteredSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean filters() {
            return false;
        }
    }

    /** Its hand-written filter honours excludes but ignores includes. */
    public static final class IgnoredIncludesSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "IgnoredIncludes"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ExcludesOnlySource.class; }
    }

    /** Reads every name no exclude matches, as if the workflow listed no includes. */
    public static final class ExcludesOnlySource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public ExcludesOnlySource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, excludesOnly(config), context);
        }

        private static DatabaseMetadataConfig excludesOnly(DatabaseMetadataConfig c) {
            return new DatabaseMetadataConfig(c.markDeletedTables(), c.markDeletedStoredProcedures(), c.includeTables(),
                    c.includeViews(), c.includeTags(), c.includeOwners(), c.includeStoredProcedures(), c.includeDDL(),
                    c.overrideMetadata(), c.useFqnForFiltering(), excludesOnly(c.databaseFilterPattern()),
                    excludesOnly(c.schemaFilterPattern()), excludesOnly(c.tableFilterPattern()),
                    excludesOnly(c.storedProcedureFilterPattern()), c.threads(), c.incremental());
        }

        private static FilterPattern excludesOnly(FilterPattern pattern) {
            return pattern == null ? null : new FilterPattern(List.of(), pattern.excludes());
        }
    }

    /** Its source honours the database and schema filters but ignores the table filter. */
    public static final class IgnoredTableFilterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "IgnoredTableFilter"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return TableUnfilteredSource.class; }
    }

    /** Applies every filter but never says that one let no name through. */
    public static final class QuietFiltersSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "QuietFilters"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return QuietFilterSource.class; }
    }

    /** The shelf's source without its "let none of the N … through" warnings. */
    public static final class QuietFilterSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public QuietFilterSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean warnsWhenNoneLetThrough() {
            return false;
        }
    }

    /** Reads every table whatever the table filter says. */
    public static final class TableUnfilteredSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TableUnfilteredSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean filtersTables() {
            return false;
        }
    }

    /**
     * The shelf with two stored procedures in {@code shelf.main} ({@code reshelve}, {@code lend}), which
     * honours {@code storedProcedureFilterPattern} and warns when it lets none through: the fixture
     * that shows the per-pattern checks pass a source that honours the pattern.
     */
    public static final class ProcedureShelfSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ProcedureShelf"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ProcedureShelfSource.class; }
    }

    /** The shelf with stored procedures whose source ignores {@code storedProcedureFilterPattern}. */
    public static final class IgnoredProcedureFilterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "IgnoredProcedureFilter"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ProcedureUnfilteredSource.class; }
    }

    /**
     * The shelf with stored procedures whose source, when {@code storedProcedureFilterPattern} drops
     * every procedure, drops the tables too (as a source that reads both in one query and filters
     * the query's rows would).
     */
    public static final class GreedyProcedureFilterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "GreedyProcedureFilter"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return GreedyProcedureSource.class; }
    }

    /** The shelf with stored procedures whose source never warns that storedProcedureFilterPattern let none through. */
    public static final class QuietProcedureFilterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "QuietProcedureFilter"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return QuietProcedureSource.class; }
    }

    /** Applies storedProcedureFilterPattern without its "let none of the N … through" warning. */
    public static final class QuietProcedureSource extends ProcedureShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public QuietProcedureSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean warnsAboutProcedures() {
            return false;
        }
    }

    /** The shelf's source and two stored procedures in {@code shelf.main}, after its tables. */
    public static class ProcedureShelfSource extends ShelfSource {
        private static final List<String> PROCEDURES = List.of("reshelve", "lend");
        private final DatabaseMetadataConfig config;
        private final WorkflowContext context;

        /** Created by the runtime's injector. */
        @Inject
        public ProcedureShelfSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.config = config;
            this.context = context;
        }

        /** Whether storedProcedureFilterPattern is applied (a broken connector ignores it). */
        protected boolean filtersProcedures() {
            return true;
        }

        /** Whether the procedure filter says when it let none through (a broken connector keeps quiet). */
        protected boolean warnsAboutProcedures() {
            return true;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            Stream<Result<EntityRequest>> shelf = super.read();
            // The procedures are in shelf.main: none when the database or schema filter drops it.
            if (!config.includeStoredProcedures()
                    || FilterPattern.orAll(config.databaseFilterPattern()).rejection("shelf").isPresent()
                    || FilterPattern.orAll(config.schemaFilterPattern()).rejection("main").isPresent()) {
                return shelf;
            }
            AppliedFilter procedures = AppliedFilter.of("storedProcedureFilterPattern", "stored procedures",
                    config.storedProcedureFilterPattern());
            String schema = Fqn.append(Fqn.build(context.serviceName(), "shelf"), "main");
            Stream<Result<EntityRequest>> read = PROCEDURES.stream().map(name -> {
                Optional<String> rejected = filtersProcedures() ? procedures.rejection(name) : Optional.empty();
                return rejected.isPresent() ? Result.<EntityRequest>filtered(Fqn.append(schema, name), rejected.get())
                        : Result.<EntityRequest>ok(new CreateStoredProcedureRequest(name, null, "moves books: " + name,
                        new CreateStoredProcedureRequest.StoredProcedureCode("SQL", "select 1"),
                        StoredProcedureType.STORED_PROCEDURE, schema, null, null, null));
            });
            return Stream.concat(shelf, Stream.concat(read, Stream.of(procedures).filter(f -> warnsAboutProcedures())
                    .flatMap(AppliedFilter::<EntityRequest>noneLetThrough)));
        }
    }

    /** Reads every stored procedure whatever storedProcedureFilterPattern says. */
    public static final class ProcedureUnfilteredSource extends ProcedureShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public ProcedureUnfilteredSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean filtersProcedures() {
            return false;
        }
    }

    /** Honours storedProcedureFilterPattern, but when it lets no procedure through it drops the tables too. */
    public static final class GreedyProcedureSource extends ProcedureShelfSource {
        private final DatabaseMetadataConfig config;

        /** Created by the runtime's injector. */
        @Inject
        public GreedyProcedureSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.config = config;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            boolean noProcedures = config.storedProcedureFilterPattern() != null
                    && FilterPattern.orAll(config.storedProcedureFilterPattern()).rejection("reshelve").isPresent()
                    && FilterPattern.orAll(config.storedProcedureFilterPattern()).rejection("lend").isPresent();
            return super.read().map(r -> noProcedures && r instanceof Result.Ok<EntityRequest> ok && ok.record() instanceof CreateTableRequest t
                    ? Result.<EntityRequest>filtered(t.key(), "storedProcedureFilterPattern: no procedure reads it") : r);
        }
    }

    /** Its source names the service of its author's tests, whatever the workflow's serviceName. */
    public static final class ConstantServiceSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ConstantService"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ConstantServiceSource.class; }
    }

    /** Builds its FQNs under the service name {@code shelf_svc}, the one its author's workflows use. */
    public static final class ConstantServiceSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public ConstantServiceSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, new WorkflowContext("shelf_svc", context.sourceType(), context.kind(), context.pipelineRunId()));
        }
    }

    /** Its connection tester fails whatever the endpoint: it passes the unreachable check alone. */
    public static final class FailingTesterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "FailingTester"; }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(FailingTester.class);
        }
    }

    /** Its check is inverted: it reports a shelf that answers as one that cannot be found. */
    public static final class FailingTester implements ConnectionTester {
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public FailingTester(ShelfConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            throw new ConnectionException(ConnectionException.Reason.NOT_FOUND,
                    "no shelf at " + connection.hostPort());
        }
    }

    /** Its source opens a file of notes and never closes it. */
    public static final class UnclosedFileSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "UnclosedFile"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return UnclosedFileSource.class; }
    }

    /**
     * Reads the first line of its notes through a reader it keeps open (in a static list, as a cache would:
     * one dropped instead may be closed by a collection before the kit looks), then reads the shelf.
     */
    public static final class UnclosedFileSource extends ShelfSource {
        private static final List<java.io.Reader> KEPT = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** Created by the runtime's injector. */
        @Inject
        public UnclosedFileSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            Path notes = Files.createTempFile("shelf-notes", ".txt");
            notes.toFile().deleteOnExit();
            Files.writeString(notes, "the shelf's notes");
            java.io.BufferedReader reader = Files.newBufferedReader(notes);
            reader.readLine();
            KEPT.add(reader); // the mistake: the reader is never closed
            return super.read();
        }
    }

    /** Its connection tester tells the shelf's key: the runs never show it, only the connection tests. */
    public static final class TellingTesterSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "TellingTester"; }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(TellingTester.class);
        }
    }

    /**
     * The shelf's tester, but it logs the key through SLF4J, prints it to standard error, and names it in
     * what it returns and in the error of an unreachable shelf.
     */
    public static final class TellingTester implements ConnectionTester {
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public TellingTester(ShelfConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            String key = connection.password().reveal();
            org.slf4j.LoggerFactory.getLogger(TellingTester.class).info("shelf: testing with key {}", key);
            System.err.println("shelf: tester has key " + key);
            try {
                return List.of(new ShelfTester(connection).test().get(0) + " with key " + key);
            } catch (ConnectionException e) {
                throw new ConnectionException(e.reason(), e.getMessage() + " (key " + key + ")", e);
            }
        }
    }

    /** Its connection record keeps the password as a plain string, so toString shows it. */
    public static final class PasswordInToStringSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "PasswordInToString"; }
        @Override public Class<?> connectionType() { return PlainConnection.class; }
        @Override protected Class<? extends Source<?>> metadataSource() { return PlainSource.class; }
        @Override public java.util.Optional<Class<? extends io.metaingest.api.ConnectionTester>> connectionTester() {
            return java.util.Optional.of(PlainTester.class);
        }
    }

    /**
     * A connection without {@link io.metaingest.api.Secret}.
     *
     * @param type the type
     * @param hostPort the shelf; the host down never answers
     * @param books the books
     * @param password the password, in plain text: the mistake
     */
    public record PlainConnection(String type, String hostPort, java.util.List<String> books, String password) {
        /** The shelf's own connection with the same values. */
        ShelfConnection shelf() {
            return new ShelfConnection(type, hostPort, books, null, null, io.metaingest.api.Secret.of(password),
                    null, null, null, null, null);
        }
    }

    /** Reads the plain connection the way the shelf does. */
    public static final class PlainSource implements Source<EntityRequest> {
        private final ShelfSource shelf;

        /** Created by the runtime's injector. */
        @Inject
        public PlainSource(PlainConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            this.shelf = new ShelfSource(c.shelf(), config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            return shelf.read();
        }
    }

    /** Tests the plain connection the way the shelf does. */
    public static final class PlainTester implements io.metaingest.api.ConnectionTester {
        private final ShelfTester shelf;

        /** Created by the runtime's injector. */
        @Inject
        public PlainTester(PlainConnection connection) {
            this.shelf = new ShelfTester(connection.shelf());
        }

        @Override
        public java.util.List<String> test() throws io.metaingest.api.ConnectionException {
            return shelf.test();
        }
    }

    /**
     * Its connection schema gives {@code books} a default that the connection record does not apply:
     * a workflow without books would read none, whatever the schema promises.
     */
    public static final class IgnoredDefaultSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "IgnoredDefault"; }
    }

    /** It declares a processor whose constructor asks for something no binding provides. */
    public static final class UnbuildableStepSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "UnbuildableStep"; }
        @Override protected List<StepSpec<?>> ownSteps() {
            return List.of(StepSpec.processor("shelf-sorter", ShelfSorter.class, EntityRequest.class,
                    ShelfSorter.Config.class, "/schemas/step/shelf-sorter.json"));
        }
    }

    /** Needs a {@link Runnable}, which the runtime does not bind. */
    public static final class ShelfSorter implements Processor<EntityRequest, EntityRequest> {
        /** No settings. */
        public record Config() {
        }

        @Inject
        public ShelfSorter(Config config, Runnable unbound) {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.of(Result.ok(record));
        }
    }

    /** Its source changes the JVM's default time zone. */
    public static final class TimeZoneSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "TimeZoneChanger"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return TimeZoneSource.class; }
    }

    /** Sets the default time zone to the server's, as some drivers' examples do. */
    public static final class TimeZoneSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TimeZoneSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            return super.read();
        }
    }

    /** Its source raises Jackson's process-wide string limit, for every connector in the JVM. */
    public static final class JacksonDefaultsSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "JacksonDefaultsChanger"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return JacksonDefaultsSource.class; }
    }

    /** Overrides Jackson's default read constraints, as a connector reading huge documents might. */
    public static final class JacksonDefaultsSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public JacksonDefaultsSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            com.fasterxml.jackson.core.StreamReadConstraints.overrideDefaultStreamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(1_234_567).build());
            return super.read();
        }
    }

    /** Its source silences a logger of another library, for every connector in the JVM. */
    public static final class LoggerLevelSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "LoggerLevelChanger"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return LoggerLevelSource.class; }
    }

    /** Sets a named logger's level in the runtime's Logback, through the shared SLF4J logger. */
    public static final class LoggerLevelSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public LoggerLevelSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            // A plugin sees SLF4J, not Logback's classes; reflection reaches the runtime's Logback all the same.
            org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("org.postgresql");
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField("OFF").get(null));
            return super.read();
        }
    }

    /**
     * Its connection record types the password {@link io.metaingest.api.Secret}, but its schema does
     * not mark it {@code format: password}: the runtime would not mask it.
     */
    public static final class UnmarkedSecretSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "UnmarkedSecret"; }
    }

    /**
     * Its schema calls the user {@code login}, which the record does not bind: a workflow's login is
     * ignored and the record's {@code username} cannot be set.
     */
    public static final class RenamedPropertySpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "RenamedProperty"; }
    }

    /** Its source fails when the filters leave nothing to read. */
    public static final class FilterCrashSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "FilterCrash"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return FilterCrashSource.class; }
    }

    /** Throws instead of reporting what its database filter dropped. */
    public static final class FilterCrashSource extends ShelfSource {
        private final DatabaseMetadataConfig config;

        /** Created by the runtime's injector. */
        @Inject
        public FilterCrashSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.config = config;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            if (io.metaingest.api.FilterPattern.orAll(config.databaseFilterPattern()).rejection("shelf").isPresent()) {
                throw new IllegalStateException("no database left to read");
            }
            return super.read();
        }
    }

    /**
     * The shelf with a processor of its own, {@code shelf-stamper}, which the kit's metadata workflow
     * of it declares; the mistake is in that processor, so only a run with the processor kept sees it.
     */
    public abstract static class StamperShelfSpec extends BrokenShelfSpec {
        /** The stamper's config schema: it takes no settings. */
        static final String STAMPER_SCHEMA = "/schemas/step/shelf-stamper.json";

        @Override protected final List<StepSpec<?>> ownSteps() {
            return List.of(shelfStamper(stamper()));
        }

        /** The {@code shelf-stamper} processor's class: where the mistake is. */
        protected abstract Class<? extends Processor<EntityRequest, ?>> stamper();

        /** Declares {@code stamperClass} as the shelf's {@code shelf-stamper} processor, which takes no settings. */
        static StepSpec<?> shelfStamper(Class<? extends Processor<EntityRequest, ?>> stamperClass) {
            return StepSpec.processor("shelf-stamper", stamperClass, EntityRequest.class, StamperConfig.class,
                    STAMPER_SCHEMA);
        }
    }

    /** The stamper's settings: none. */
    public record StamperConfig() {
    }

    /** Its processor throws on every record. */
    public static final class ThrowingStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "ThrowingStamper"; }
        @Override protected Class<ThrowingStamper> stamper() { return ThrowingStamper.class; }
    }

    /** Throws instead of stamping. */
    public static final class ThrowingStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public ThrowingStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            throw new IllegalStateException("the stamp pad is dry");
        }
    }

    /** Its processor returns null instead of a stream. */
    public static final class NullStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "NullStamper"; }
        @Override protected Class<NullStamper> stamper() { return NullStamper.class; }
    }

    /** Returns null where it means "nothing". */
    public static final class NullStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public NullStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return null;
        }
    }

    /** Its processor drops every record without a word. */
    public static final class SilentStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "SilentStamper"; }
        @Override protected Class<SilentStamper> stamper() { return SilentStamper.class; }
    }

    /** Returns an empty stream for every record, as a stamper whose condition never holds would. */
    public static final class SilentStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public SilentStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.empty();
        }
    }

    /** Its processor passes most records on, but drops one silently and another with a warning. */
    public static final class SloppyStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "SloppyStamper"; }
        @Override protected Class<SloppyStamper> stamper() { return SloppyStamper.class; }
    }

    /** Returns nothing for the table {@code emma}, and only a warning (which accounts for it) for {@code persuasion}. */
    public static final class SloppyStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public SloppyStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            if (record.key().endsWith(".emma")) {
                return Stream.empty();
            }
            if (record.key().endsWith(".persuasion")) {
                return Stream.of(Result.warning(record.key(), "no room for a stamp"));
            }
            return Stream.of(Result.ok(record));
        }
    }

    /** Its processor records a failure for one book and passes the others on. */
    public static final class FailingStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "FailingStamper"; }
        @Override protected Class<FailingStamper> stamper() { return FailingStamper.class; }
    }

    /** Fails on the table {@code persuasion}. */
    public static final class FailingStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public FailingStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.of(record.key().endsWith(".persuasion") ? Result.failed(record.key(), "no room for a stamp")
                    : Result.ok(record));
        }
    }

    /** Its processor emits tables without columns, which OpenMetadata rejects. */
    public static final class HollowStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "HollowStamper"; }
        @Override protected Class<HollowStamper> stamper() { return HollowStamper.class; }
    }

    /** Rebuilds each table and forgets its columns. */
    public static final class HollowStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public HollowStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            if (record instanceof CreateTableRequest t) {
                return Stream.of(Result.ok(new CreateTableRequest(t.name(), t.displayName(), "stamped", t.tableType(),
                        null, t.tableConstraints(), t.tablePartition(), t.schemaDefinition(), t.databaseSchema(),
                        t.owners(), t.tags(), t.sourceUrl())));
            }
            return Stream.of(Result.ok(record));
        }
    }

    /** Its processor emits notes (strings) instead of entities, declaring no output type. */
    public static final class NoteStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "NoteStamper"; }
        @Override protected Class<NoteStamper> stamper() { return NoteStamper.class; }
    }

    /** Turns each record into a line of text. */
    public static final class NoteStamper implements Processor<EntityRequest, Object> {
        /** Created by the runtime's injector. */
        @Inject
        public NoteStamper() {
        }

        @Override
        public Stream<Result<Object>> process(EntityRequest record) {
            return Stream.of(Result.ok("stamped " + record.key()));
        }
    }

    /**
     * Its processor declares what it emits (strings), but the sink of the workflow it is meant for,
     * {@code metadata-rest}, accepts entities only.
     */
    public static final class TextStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "TextStamper"; }
        @Override protected Class<TextStamper> stamper() { return TextStamper.class; }
    }

    /** Turns each record into a line of text, and says so. */
    public static final class TextStamper implements Processor<EntityRequest, String> {
        /** Created by the runtime's injector. */
        @Inject
        public TextStamper() {
        }

        @Override
        public Stream<Result<String>> process(EntityRequest record) {
            return Stream.of(Result.ok("stamped " + record.key()));
        }
    }

    /** Its processor writes the connection's password into each table's description. */
    public static final class TellingStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "TellingStamper"; }
        @Override protected Class<TellingStamper> stamper() { return TellingStamper.class; }
    }

    /** Stamps each table with the shelf's key. */
    public static final class TellingStamper implements Processor<EntityRequest, EntityRequest> {
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public TellingStamper(ShelfConnection connection) {
            this.connection = connection;
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            if (record instanceof CreateTableRequest t) {
                return Stream.of(Result.ok(new CreateTableRequest(t.name(), t.displayName(),
                        "stamped with " + connection.password().reveal(), t.tableType(), t.columns(),
                        t.tableConstraints(), t.tablePartition(), t.schemaDefinition(), t.databaseSchema(), t.owners(),
                        t.tags(), t.sourceUrl())));
            }
            return Stream.of(Result.ok(record));
        }
    }

    /**
     * The shelf with a two-phase write of its own: processor {@code shelf-stamper} passing every
     * record on, stage {@code shelf-stage} writing each record's key into its folder, and a bulk sink
     * {@code shelf-bulk} loading what it finds there.
     */
    public abstract static class TwoPhaseShelfSpec extends BrokenShelfSpec {
        /** The folder config's schema, shared by the stage and the bulk sink. */
        static final String FOLDER_SCHEMA = "/schemas/step/shelf-folder.json";

        @Override protected final List<StepSpec<?>> ownSteps() {
            return List.of(StamperShelfSpec.shelfStamper(PlainStamper.class),
                    StepSpec.stage("shelf-stage", FolderStage.class, EntityRequest.class, FolderConfig.class, FOLDER_SCHEMA),
                    StepSpec.bulkSink("shelf-bulk", bulkSink(), FolderConfig.class, FOLDER_SCHEMA));
        }

        /** The bulk sink's class. */
        protected abstract Class<? extends BulkSink<?>> bulkSink();
    }

    /** The two-phase shelf done right. */
    public static final class ChainShelfSpec extends TwoPhaseShelfSpec {
        @Override public String serviceType() { return "ChainShelf"; }
        @Override protected Class<? extends BulkSink<?>> bulkSink() { return FolderBulkSink.class; }
    }

    /** The two-phase shelf whose bulk sink looks for the stage's file under another name. */
    public static final class ForgetfulBulkSpec extends TwoPhaseShelfSpec {
        @Override public String serviceType() { return "ForgetfulBulk"; }
        @Override protected Class<? extends BulkSink<?>> bulkSink() { return ForgetfulBulkSink.class; }
    }

    /**
     * Where the stage and the bulk sink meet.
     *
     * @param folder the folder
     */
    public record FolderConfig(String folder) {
    }

    /** Passes every record on. */
    public static final class PlainStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public PlainStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.of(Result.ok(record));
        }
    }

    /** Writes the key of each record it is given into {@code staged.txt} of its folder when closed. */
    public static final class FolderStage implements Stage<EntityRequest> {
        private final Path file;
        private final List<String> keys = new java.util.ArrayList<>();

        /** Created by the runtime's injector. */
        @Inject
        public FolderStage(FolderConfig config) {
            this.file = Path.of(config.folder()).resolve("staged.txt");
        }

        @Override
        public void stage(EntityRequest record) {
            keys.add(record.key());
        }

        @Override
        public void close() throws java.io.IOException {
            Files.createDirectories(file.getParent());
            Files.write(file, keys);
        }
    }

    /** Loads each key the stage left in {@code staged.txt}. */
    public static final class FolderBulkSink implements BulkSink<String> {
        private final Path folder;

        /** Created by the runtime's injector. */
        @Inject
        public FolderBulkSink(FolderConfig config) {
            this.folder = Path.of(config.folder());
        }

        @Override
        public Stream<Result<String>> load() throws java.io.IOException {
            return Files.readAllLines(folder.resolve("staged.txt")).stream().map(Result::ok);
        }
    }

    /** Looks for {@code stage.txt}, which no stage writes, and finding none loads nothing. */
    public static final class ForgetfulBulkSink implements BulkSink<String> {
        private final Path folder;

        /** Created by the runtime's injector. */
        @Inject
        public ForgetfulBulkSink(FolderConfig config) {
            this.folder = Path.of(config.folder());
        }

        @Override
        public Stream<Result<String>> load() throws java.io.IOException {
            Path file = folder.resolve("stage.txt");
            return Files.exists(file) ? Files.readAllLines(file).stream().map(Result::ok) : Stream.empty();
        }
    }

    /**
     * Its source's and tester's constructors change process-wide settings each time they run: the
     * kit's first construction (the step check) must not hide the change from the runs after it.
     */
    public static final class ConstructorGlobalsSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ConstructorGlobals"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ConstructorGlobalsSource.class; }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(ConstructorGlobalsTester.class);
        }
    }

    /** Sets the default time zone, a system property and Jackson's read limits whenever it is built. */
    public static final class ConstructorGlobalsSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public ConstructorGlobalsSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            System.setProperty("shelf.cache", "on");
            com.fasterxml.jackson.core.StreamReadConstraints.overrideDefaultStreamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(7_654_321).build());
        }
    }

    /** The shelf's tester, setting a system property whenever it is built. */
    public static final class ConstructorGlobalsTester implements ConnectionTester {
        private final ConnectionTester tester;

        /** Created by the runtime's injector. */
        @Inject
        public ConstructorGlobalsTester(ShelfConnection connection) {
            System.setProperty("shelf.tester", "on");
            this.tester = new ShelfTester(connection);
        }

        @Override
        public List<String> test() throws ConnectionException {
            return tester.test();
        }
    }

    /** Its source waits for a latch nobody counts down; it ends when interrupted. */
    public static final class BlockingSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Blocking"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return BlockingSource.class; }
    }

    /** Waits forever before reading. */
    public static final class BlockingSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public BlockingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            new CountDownLatch(1).await();
            return super.read();
        }
    }

    /** Its source sleeps in a loop that swallows every interrupt. */
    public static final class StubbornSpec extends BrokenShelfSpec {
        /**
         * Set by the test once the kit has looked, so the thread ends. A system property, because the source runs
         * in the plugin's class loader, whose copy of a static field the test's class loader cannot reach.
         */
        private static final String RELEASE = "metaingest.test.stubborn.release";

        /** Lets the stuck source thread end, in whichever class loader it runs. */
        public static void release() {
            System.setProperty(RELEASE, "true");
        }

        static boolean released() {
            return Boolean.getBoolean(RELEASE);
        }

        @Override public String serviceType() { return "Stubborn"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return StubbornSource.class; }
    }

    /** Ignores InterruptedException, as a retry loop written in haste does. */
    public static final class StubbornSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public StubbornSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            CountDownLatch never = new CountDownLatch(1);
            while (!StubbornSpec.released()) {
                try {
                    // Long waits, so the kit's one look at the thread finds it in await, never between two waits.
                    never.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // the defect: the interrupt is swallowed
                }
            }
            return super.read();
        }
    }

    /** Its source logs the connection's password through SLF4J, as a debugging author might. */
    public static final class LoggedSecretSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "LoggedSecret"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return LoggingSource.class; }
    }

    /** Logs the shelf's key before reading. */
    public static final class LoggingSource extends ShelfSource {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoggingSource.class);

        /** Created by the runtime's injector. */
        @Inject
        public LoggingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            LOG.warn("shelf: opening with key {}", connection().password().reveal());
            return super.read();
        }
    }

    /** A database connector whose source also emits a pipeline for each table. */
    public static final class WrongEntitySpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "WrongEntity"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return PipelineEmittingSource.class; }
    }

    /** Emits a pipeline after each table, an entity no database service has. */
    public static final class PipelineEmittingSource extends ShelfSource {
        private final WorkflowContext context;

        /** Created by the runtime's injector. */
        @Inject
        public PipelineEmittingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.context = context;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            return super.read().flatMap(r -> r instanceof Result.Ok<EntityRequest> ok && ok.record() instanceof CreateTableRequest t
                    ? Stream.of(r, Result.ok(new io.metaingest.api.entity.CreatePipelineRequest("p_" + t.name(), null, null,
                            null, null, List.of(), context.serviceName(), null, null)))
                    : Stream.of(r));
        }
    }

    /** Its source emits one table twice. */
    public static final class TwiceSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "Twice"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return TwiceSource.class; }
    }

    /** Emits the table emma twice. */
    public static final class TwiceSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TwiceSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            return super.read().flatMap(r -> r instanceof Result.Ok<EntityRequest> ok
                    && ok.record() instanceof CreateTableRequest t && t.name().equals("emma") ? Stream.of(r, r) : Stream.of(r));
        }
    }

    /** Names itself, in lower case, as its own former name. */
    public static final class FormerSelfSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "FormerSelf"; }
        @Override public Set<String> formerServiceTypes() { return Set.of("formerself"); }
    }

    /** Its source's constructor throws; its connection tester works. */
    public static final class ExplodingConstructorSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ExplodingConstructor"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ExplodingSource.class; }
    }

    /** Cannot be built. */
    public static final class ExplodingSource extends ShelfSource {
        /** Created by the runtime's injector, which it fails. */
        @Inject
        public ExplodingSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            throw new IllegalStateException("the shelf's constructor exploded");
        }
    }

    /** Its source opens a socket to the shelf's host and drops it unclosed: only the garbage collector closes it. */
    public static final class DroppedSocketSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "DroppedSocket"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return DroppedSocketSource.class; }
    }

    /** Connects to hostPort on every read and forgets the socket (it goes when the source does). */
    public static final class DroppedSocketSource extends ShelfSource {
        private final ShelfConnection connection;
        private java.net.Socket socket;

        /** Created by the runtime's injector. */
        @Inject
        public DroppedSocketSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.connection = c;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            String[] hostPort = connection.hostPort().split(":");
            socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]));
            return super.read();
        }
    }

    /** Its source keeps every socket it opens in a static list: open for good. */
    public static final class HeldSocketSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "HeldSocket"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return HeldSocketSource.class; }
    }

    /** Connects to hostPort on every read and keeps the socket. */
    public static final class HeldSocketSource extends ShelfSource {
        /** Never closed: the defect. */
        public static final List<java.net.Socket> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public HeldSocketSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.connection = c;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            String[] hostPort = connection.hostPort().split(":");
            HELD.add(new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1])));
            return super.read();
        }
    }

    /** Its source's constructor waits for a latch nobody counts down; it ends when interrupted. */
    public static final class BlockingConstructorSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "BlockingConstructor"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return BlockingConstructorSource.class; }
    }

    /** Waits forever while being built, as a constructor connecting without a timeout does. */
    public static final class BlockingConstructorSource extends ShelfSource {
        /** Created by the runtime's injector, which it never leaves. */
        @Inject
        public BlockingConstructorSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context)
                throws InterruptedException {
            super(c, config, context);
            new CountDownLatch(1).await();
        }
    }

    /** Its processor's constructor waits for a latch nobody counts down; it ends when interrupted. */
    public static final class BlockingStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "BlockingStamper"; }
        @Override protected Class<BlockingStamper> stamper() { return BlockingStamper.class; }
    }

    /** Waits forever while being built. */
    public static final class BlockingStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector, which it never leaves. */
        @Inject
        public BlockingStamper() throws InterruptedException {
            new CountDownLatch(1).await();
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) {
            return Stream.of(Result.ok(record));
        }
    }

    /** Its processor waits forever on its first record, in the run itself. */
    public static final class HangingStamperSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "HangingStamper"; }
        @Override protected Class<HangingStamper> stamper() { return HangingStamper.class; }
    }

    /** Waits for a reply that never comes, without a timeout: the defect. It ends when interrupted. */
    public static final class HangingStamper implements Processor<EntityRequest, EntityRequest> {
        /** Created by the runtime's injector. */
        @Inject
        public HangingStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) throws InterruptedException {
            new CountDownLatch(1).await();
            return Stream.of(Result.ok(record));
        }
    }

    /**
     * Its processor takes the one lease of a pool and never returns it: the first instance (the run's)
     * works, every later one (the kit's record-by-record drive) waits for the lease forever.
     */
    public static final class LeakedLeaseSpec extends StamperShelfSpec {
        @Override public String serviceType() { return "LeakedLease"; }
        @Override protected Class<LeakedLeaseStamper> stamper() { return LeakedLeaseStamper.class; }
    }

    /** Leases the pool's one connection on its first record and keeps it: the defect. */
    public static final class LeakedLeaseStamper implements Processor<EntityRequest, EntityRequest> {
        /** A pool of one connection, without a checkout timeout. */
        static final java.util.concurrent.Semaphore POOL = new java.util.concurrent.Semaphore(1);
        private boolean leased;

        /** Created by the runtime's injector. */
        @Inject
        public LeakedLeaseStamper() {
        }

        @Override
        public Stream<Result<EntityRequest>> process(EntityRequest record) throws InterruptedException {
            if (!leased) {
                POOL.acquire();
                leased = true;
            }
            return Stream.of(Result.ok(record));
        }
    }

    /**
     * Its metadata source swallows the first interrupt and, stuck, opens a socket to the shelf's host
     * whenever its lineage source asks: sockets that appear during the lineage runs but are not theirs.
     */
    public static final class LingeringSpec extends BrokenShelfSpec {
        /** The lineage source's requests, each counted down once the metadata source has opened its socket. */
        static final java.util.concurrent.BlockingQueue<CountDownLatch> ASKS = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override public String serviceType() { return "Lingering"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return LingeringSource.class; }
        @Override protected Class<? extends Source<?>> lineageSource() { return AskingLineage.class; }
    }

    /** Never reads: serves socket requests until interrupted twice, then closes what it opened. */
    public static final class LingeringSource extends ShelfSource {
        private final ShelfConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public LingeringSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
            this.connection = c;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            String[] hostPort = connection.hostPort().split(":");
            List<java.net.Socket> held = new java.util.ArrayList<>();
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        CountDownLatch ask = LingeringSpec.ASKS.take();
                        held.add(new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1])));
                        ask.countDown();
                    } catch (InterruptedException e) {
                        if (interrupted) {
                            throw e;
                        }
                        interrupted = true; // the defect: the first interrupt is swallowed, as a hasty retry loop does
                    }
                }
            } finally {
                for (java.net.Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** The shelf's lineage, read once the metadata source has opened a socket for it. */
    public static final class AskingLineage implements Source<AddLineageRequest> {
        private final ShelfLineage shelf;

        /** Created by the runtime's injector. */
        @Inject
        public AskingLineage(ShelfConnection c, DatabaseLineageConfig config, WorkflowContext context) {
            this.shelf = new ShelfLineage(c, config, context);
        }

        @Override
        public Stream<Result<AddLineageRequest>> read() throws Exception {
            CountDownLatch opened = new CountDownLatch(1);
            LingeringSpec.ASKS.put(opened);
            opened.await();
            return shelf.read();
        }
    }

    /** Emits its records children first: each table, then the schema, then the database. */
    public static final class ChildFirstSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ChildFirst"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ChildFirstSource.class; }
    }

    /** The shelf's records in reverse order. */
    public static final class ChildFirstSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public ChildFirstSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            List<Result<EntityRequest>> records = new java.util.ArrayList<>(super.read().toList());
            java.util.Collections.reverse(records);
            return records.stream();
        }
    }

    /** Emits view lineage between its own tables before those tables, as a JDBC author reading views first might. */
    public static final class LineageFirstSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "LineageFirst"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return LineageFirstSource.class; }
    }

    /**
     * The shelf's records with two edges put before the first table: one between the first two
     * tables (the mistake) and one between two tables of another service (no mistake: that service
     * is ingested on its own).
     */
    public static final class LineageFirstSource extends ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public LineageFirstSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            List<Result<EntityRequest>> records = new java.util.ArrayList<>(super.read().toList());
            List<Integer> at = java.util.stream.IntStream.range(0, records.size())
                    .filter(i -> records.get(i) instanceof Result.Ok<EntityRequest> ok && ok.record() instanceof CreateTableRequest)
                    .boxed().toList();
            if (at.size() >= 2) {
                String from = tableFqn(records.get(at.get(0)));
                String to = tableFqn(records.get(at.get(1)));
                String warehouse = Fqn.build("warehouse", "dw", "public");
                records.add(at.get(0), Result.ok(AddLineageRequest.between(
                        io.metaingest.api.entity.EntityReference.byFqn("table", Fqn.append(warehouse, "raw")),
                        io.metaingest.api.entity.EntityReference.byFqn("table", Fqn.append(warehouse, "clean")), null)));
                records.add(at.get(0), Result.ok(AddLineageRequest.between(
                        io.metaingest.api.entity.EntityReference.byFqn("table", from),
                        io.metaingest.api.entity.EntityReference.byFqn("table", to), null)));
            }
            return records.stream();
        }

        private static String tableFqn(Result<EntityRequest> table) {
            return ((Result.Ok<EntityRequest>) table).record().key();
        }
    }

    /** A proxy password held as a plain string the schema does not mark, which its source logs. */
    public static final class ProxyPasswordSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "ProxyPassword"; }
        @Override public Class<?> connectionType() { return ProxyConnection.class; }
        @Override protected Class<? extends Source<?>> metadataSource() { return ProxyLoggingSource.class; }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() { return Optional.empty(); }
    }

    /**
     * The shelf's connection with a proxy.
     *
     * @param type the type
     * @param hostPort the shelf
     * @param books the books
     * @param password the shelf's key
     * @param proxyPassword the proxy's password, a plain string: the mistake
     */
    public record ProxyConnection(String type, String hostPort, List<String> books, io.metaingest.api.Secret password,
                                  String proxyPassword) {
        /** The shelf's own connection with the same values. */
        ShelfConnection shelf() {
            return new ShelfConnection(type, hostPort, books, null, null, password, null, null, null, null, null);
        }
    }

    /** Logs the proxy password at INFO, then reads the shelf. */
    public static final class ProxyLoggingSource implements Source<EntityRequest> {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProxyLoggingSource.class);
        private final ProxyConnection connection;
        private final ShelfSource shelf;

        /** Created by the runtime's injector. */
        @Inject
        public ProxyLoggingSource(ProxyConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            this.connection = c;
            this.shelf = new ShelfSource(c.shelf(), config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            LOG.info("shelf: via proxy with password {}", connection.proxyPassword());
            return shelf.read();
        }
    }

    /** Its source asks the runtime's HttpClient, then drops a socket open: the client's selector thread outlives the run. */
    public static final class HttpDroppedSocketSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "HttpDroppedSocket"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return HttpDroppedSocketSource.class; }
    }

    /** Asks the runtime's HttpClient, correctly: the client's pooled connection is the runtime's to close. */
    public static final class HttpOnlySpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "HttpOnly"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return HttpSource.class; }
    }

    /** GETs http://hostPort/ with the runtime's HttpClient before reading the shelf. */
    public static class HttpSource extends ShelfSource {
        private final ShelfConnection connection;
        private final java.net.http.HttpClient http;

        /** Created by the runtime's injector. */
        @Inject
        public HttpSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context,
                          java.net.http.HttpClient http) {
            super(c, config, context);
            this.connection = c;
            this.http = http;
        }

        /** The shelf's host and port. */
        protected String[] hostPort() {
            return connection.hostPort().split(":");
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + connection.hostPort() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the shelf answered " + answer.statusCode());
            }
            return super.read();
        }
    }

    /** As {@link HttpSource}, and connects a socket of its own that it forgets (it goes when the source does). */
    public static final class HttpDroppedSocketSource extends HttpSource {
        private java.net.Socket socket;

        /** Created by the runtime's injector. */
        @Inject
        public HttpDroppedSocketSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context,
                                       java.net.http.HttpClient http) {
            super(c, config, context, http);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            Stream<Result<EntityRequest>> records = super.read();
            socket = new java.net.Socket(hostPort()[0], Integer.parseInt(hostPort()[1]));
            return records;
        }
    }

    /** Its source emits a String among its entities. */
    public static final class WrongTypeSpec extends BrokenShelfSpec {
        @Override public String serviceType() { return "WrongType"; }
        @Override protected Class<? extends Source<?>> metadataSource() { return WrongTypeSource.class; }
    }

    /** The shelf's records, then a String: a record of a type no sink takes. */
    public static final class WrongTypeSource implements Source<Object> {
        private final ShelfSource shelf;

        /** Created by the runtime's injector. */
        @Inject
        public WrongTypeSource(ShelfConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            this.shelf = new ShelfSource(c, config, context);
        }

        @Override
        @SuppressWarnings("unchecked") // a Result<EntityRequest> is a Result<Object>: Result only hands its record out
        public Stream<Result<Object>> read() throws Exception {
            Stream<Result<Object>> entities = (Stream<Result<Object>>) (Stream<?>) shelf.read();
            return Stream.concat(entities, Stream.of(Result.ok("not an entity")));
        }
    }
}
