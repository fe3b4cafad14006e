package io.metaingest.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.runtime.testing.TestSteps;
import io.metaingest.testing.CapturedLogs;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSource;
import io.metaingest.testconnectors.ShelfSpec;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowRunnerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Mappers.standard();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /** The test steps' hooks and records are static: each test starts without another's and leaves none behind. */
    @BeforeEach
    @AfterEach
    void resetTestSteps() {
        TestSteps.reset();
    }

    private Metaingest runtime() {
        return runtime(new ShelfSpec());
    }

    /** The runtime with the runtime's test steps and this variant of the shelf as "Shelf". */
    private Metaingest runtime(ShelfSpec shelf) {
        return ShelfWorkflows.runtime(CLOCK, shelf, new TestSteps());
    }

    /** The shelf with one metadata source of the test's choice. */
    private static ShelfSpec shelfReadBy(Class<? extends Source<?>> source) {
        return new ShelfSpec() {
            @Override
            protected List<StepSpec<?>> sources() {
                return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, source));
            }
        };
    }

    /** Connects as it is created, as a JDBC source does, and finds the server gone; the message echoes the key. */
    public static final class ConnectingSource implements Source<EntityRequest> {
        @Inject
        public ConnectingSource(ShelfConnection connection) throws ConnectionException {
            throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot reach "
                    + connection.hostPort() + " with key " + connection.password().reveal());
        }

        @Override
        public Stream<Result<EntityRequest>> read() {
            return Stream.empty();
        }
    }

    /** A connector's bug in its constructor. */
    public static final class ThrowingSource implements Source<EntityRequest> {
        @Inject
        public ThrowingSource() {
            throw new IllegalStateException("license file missing");
        }

        @Override
        public Stream<Result<EntityRequest>> read() {
            return Stream.empty();
        }
    }

    /** A source of a few tables in schema shelf.main of the run's service. */
    abstract static class TablesSource implements Source<EntityRequest> {
        private final WorkflowContext context;

        TablesSource(WorkflowContext context) {
            this.context = context;
        }

        protected EntityRequest table(String name) {
            return new io.metaingest.api.entity.CreateTableRequest(name, null, null, null, List.of(), null, null, null,
                    context.serviceName() + ".shelf.main", null, null, null);
        }
    }

    /** Emits two tables, then runs out of memory as the run thread reads the third. */
    public static final class OutOfMemorySource extends TablesSource {
        @Inject
        public OutOfMemorySource(WorkflowContext context) {
            super(context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() {
            return Stream.of("a", "b", "c").map(name -> {
                if (name.equals("c")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return Result.ok(table(name));
            });
        }
    }

    /** Emits two tables; a worker thread of its own dies of out-of-memory meanwhile (its records lost). */
    public static final class WorkerOutOfMemorySource extends TablesSource {
        @Inject
        public WorkerOutOfMemorySource(WorkflowContext context) {
            super(context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() {
            Thread worker = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, "shelf-worker");
            worker.start();
            try {
                worker.join(); // its uncaught error has been handled once it has ended
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Stream.of(Result.ok(table("a")), Result.ok(table("b")));
        }
    }

    /** Emits one table, then a String through a raw cast (a connector's bug), then another table. */
    public static final class NotAnEntitySource extends TablesSource {
        @Inject
        public NotAnEntitySource(WorkflowContext context) {
            super(context);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Stream<Result<EntityRequest>> read() {
            Result<EntityRequest> odd = (Result) Result.ok("not an entity: orders");
            return Stream.of(Result.ok(table("a")), odd, Result.ok(table("b")));
        }
    }

    /** Records its connection failure in its own status, then throws that same exception. */
    public static final class SelfReportingSource implements Source<EntityRequest> {
        private final Status status;

        @Inject
        public SelfReportingSource(Status status) {
            this.status = status;
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws ConnectionException {
            ConnectionException e = new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot reach shelf:1");
            status.failed(StepError.of("shelf_service", e));
            throw e;
        }
    }

    private Path workflow(String connectionExtra, String writers, String workflowConfig) throws Exception {
        String source = ShelfWorkflows.shelfSource("hostPort: \"shelf:1\"\npassword: tok-SECRET-123\n" + connectionExtra,
                "tableFilterPattern: {excludes: [\"b3$\"]}");
        return Files.writeString(dir.resolve("shelf.yaml"), source + """
                %s
                workflowConfig:
                %s
                """.formatted(writers, workflowConfig.indent(2).stripTrailing()));
    }

    /** Runs {@link #workflow}'s Shelf workflow with the runtime's test steps, no report, its console to console. */
    private RunResult ingest(String connectionExtra, String writers, String workflowConfig) throws Exception {
        return ingest(new ShelfSpec(), Optional.empty(), connectionExtra, writers, workflowConfig);
    }

    /** As {@link #ingest(String, String, String)}, its report written to {@code report}. */
    private RunResult ingestReporting(Path report, String connectionExtra, String writers, String workflowConfig)
            throws Exception {
        return ingest(new ShelfSpec(), Optional.of(report), connectionExtra, writers, workflowConfig);
    }

    /** As {@link #ingest(String, String, String)}, with {@code shelf} as the Shelf and {@code report} the report. */
    private RunResult ingest(ShelfSpec shelf, Optional<Path> report, String connectionExtra, String writers,
                             String workflowConfig) throws Exception {
        Path file = workflow(connectionExtra, writers, workflowConfig);
        return runtime(shelf).ingest(file, report, new PrintStream(console), false);
    }

    /** The collect stage, then the load bulk sink writing to {@code loaded}. */
    private static String collectThenLoad(Path loaded) {
        return "stage:\n  type: collect\nbulkSink:\n  type: load\n  config:\n    path: " + loaded;
    }

    private String fileSink() {
        return "sink:\n  type: file\n  config:\n    path: " + dir.resolve("out/records.ndjson");
    }

    /** Proves that connector classes are created just in time by the injector. */
    public static final class Namer {
        private final WorkflowContext context;

        @Inject
        public Namer(WorkflowContext context) {
            this.context = context;
        }
    }

    /** A connector class asking for everything the runtime promises to inject. */
    public static final class Probe {
        final List<Object> injected;

        @Inject
        public Probe(ShelfConnection connection, DatabaseMetadataConfig config, Namer namer, Status status, Clock clock,
                     ObjectMapper mapper, HttpClient httpClient) {
            this.injected = List.of(connection, config, namer, status, clock, mapper, httpClient, namer.context);
        }
    }

    @Test
    void wiresTheConnectorsStepsThroughTheInjector() throws Exception {
        LoadedWorkflow workflow = runtime().load(workflow("count: 1", fileSink(), "loggerLevel: INFO"));
        Status status = new Status();
        com.google.inject.Injector injector = Injectors.forRun(workflow, mapper, CLOCK, status,
                new io.metaingest.runtime.output.ConsoleOutput(new PrintStream(console), true));
        assertThat(workflow.sourceClass()).isEqualTo(ShelfSource.class);
        assertThat(Injectors.create(injector, workflow.sourceClass())).isInstanceOf(ShelfSource.class);
        Probe probe = (Probe) Injectors.create(injector, Probe.class);
        assertThat(probe.injected).hasSize(8).doesNotContainNull();
        assertThat(probe.injected.get(0)).isSameAs(workflow.connection());
        assertThat(probe.injected.get(1)).isSameAs(workflow.sourceConfig());
        assertThat(probe.injected.get(3)).isSameAs(status);
        assertThat(probe.injected.get(4)).isSameAs(CLOCK);
        assertThat(probe.injected.get(5)).isSameAs(mapper);
        assertThat(((WorkflowContext) probe.injected.get(7)).serviceName()).isEqualTo("shelf_service");
    }

    @Test
    void streamsIntoTheFileSinkAndReportsEveryStep() throws Exception {
        Path report = dir.resolve("report.json");
        RunResult result = ingestReporting(report, "count: 12\nfailOn: [b5]", fileSink(), "successThreshold: 90");

        List<String> lines = Files.readAllLines(dir.resolve("out/records.ndjson"));
        assertThat(lines).hasSize(12); // database, schema, 12 tables less b3 (filtered) and b5 (failed)
        JsonNode first = mapper.readTree(lines.get(0));
        assertThat(first.get("entityType").asText()).isEqualTo("database");
        assertThat(first.at("/entity/name").asText()).isEqualTo("shelf");
        assertThat(first.at("/entity/service").asText()).isEqualTo("shelf_service");
        assertThat(first.at("/entity/description").isMissingNode()).isTrue();
        JsonNode table = mapper.readTree(lines.get(2));
        assertThat(table.get("entityType").asText()).isEqualTo("table");
        assertThat(table.at("/entity/name").asText()).isEqualTo("b1");
        assertThat(table.at("/entity/databaseSchema").asText()).isEqualTo("shelf_service.shelf.main");

        StepSummary source = result.steps().get(0);
        assertThat(source.name()).isEqualTo("shelf");
        assertThat(source.records()).isEqualTo(lines.size());
        assertThat(source.errors()).isEqualTo(1);
        assertThat(source.filtered()).isEqualTo(1);
        assertThat(result.steps().get(1).name()).isEqualTo("file");
        assertThat(result.steps().get(1).records()).isEqualTo(lines.size());
        assertThat(result.state()).isEqualTo(RunState.PARTIAL_SUCCESS);
        assertThat(result.success()).isEqualTo(SuccessRate.of(result.steps()));

        JsonNode written = mapper.readTree(report.toFile());
        assertThat(written.get("state").asText()).isEqualTo("partialSuccess");
        assertThat(written.at("/steps/0/failures/0/name").asText()).isEqualTo("shelf_service.shelf.main.b5");
        assertThat(written.at("/steps/0/updated_records").asLong()).isZero();
        assertThat(Files.readString(report)).doesNotContain("tok-SECRET-123").contains("******");
    }

    @Test
    void belowTheThresholdTheRunFails() throws Exception {
        RunResult result = ingest("count: 4\nfailOn: [b1, b2]", fileSink(), "successThreshold: 90");
        // source: ok 3 (database, schema, b4), failures 2 -> 60; sink: 100 -> mean 80
        assertThat(result.steps().get(0).success()).isEqualTo(60.0);
        assertThat(result.success()).isEqualTo(80.0);
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.steps().get(0).failures().get(0).error()).doesNotContain("tok-SECRET-123");
        // The file sink wrote database, schema and b4, then discarded them with the failed run's output.
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isFalse());
        StepSummary sink = result.steps().get(1);
        assertThat(sink.records()).isZero();
        assertThat(sink.discarded()).isEqualTo(3);
        assertThat(sink.success()).isEqualTo(100.0);
    }

    @Test
    void anExceptionEscapingTheSourceIsFatalAndLeavesThePreviousFileAsItWas() throws Exception {
        Path report = dir.resolve("report.json");
        Path target = dir.resolve("out/records.ndjson");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "{\"previous\":true}\n");
        RunResult result = ingestReporting(report, "count: 10\nexplodeAfter: 4", fileSink(), "successThreshold: 0");
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("IllegalStateException: shelf server went away");
        assertThat(result.connectionFailure()).isFalse();
        // The source's failure: database, schema, b1, b2 and b4 read (b3 filtered), then the stream broke:
        // 5 of 6 = 83.33; the file sink confirmed nothing and failed nothing (100): mean 91.67.
        StepSummary source = result.steps().get(0);
        assertThat(source.records()).isEqualTo(5);
        assertThat(source.errors()).isEqualTo(1);
        assertThat(source.success()).isEqualTo(83.33);
        assertThat(result.steps().get(1).errors()).isZero();
        // The 5 it took were still in its buffer: discarded with the output, not missing from every step after the source.
        assertThat(result.steps().get(1).records()).isZero();
        assertThat(result.steps().get(1).discarded()).isEqualTo(5);
        assertThat(result.outputs()).singleElement().satisfies(o -> assertThat(o.discarded()).isEqualTo(5));
        assertThat(result.success()).isEqualTo(91.67);
        assertThat(Files.readString(target)).isEqualTo("{\"previous\":true}\n");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temporary file left
        }
        JsonNode written = mapper.readTree(report.toFile());
        assertThat(written.get("state").asText()).isEqualTo("failed");
        assertThat(written.get("success").asDouble()).isEqualTo(91.67);
        assertThat(written.get("fatalError").asText()).isEqualTo("IllegalStateException: shelf server went away");
        assertThat(written.at("/steps/1/discarded").asLong()).isEqualTo(5);
        assertThat(written.at("/steps/0/failures/0/name").asText()).isEqualTo("shelf");
        assertThat(written.at("/steps/0/failures/0/error").asText()).isEqualTo("IllegalStateException: shelf server went away");
        assertThat(written.at("/steps/0/failures/0/stackTrace").asText()).contains("at io.metaingest.testconnectors.ShelfSource");
        assertThat(written.at("/outputs/0/kept").asBoolean()).isFalse();
        assertThat(written.at("/outputs/0/destination").asText()).isEqualTo(target.toString());
    }

    @Test
    void aConnectionFailureCreatingTheSourceIsTheSourcesFailureAndTheRunStaysFailed() throws Exception {
        Path report = dir.resolve("report.json");
        RunResult result = ingest(shelfReadBy(ConnectingSource.class), Optional.of(report), "count: 3", fileSink(),
                "successThreshold: 0");

        assertThat(result.state()).isEqualTo(RunState.FAILED); // although 50 is above the threshold of 0
        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).isEqualTo("connection failed: cannot reach shelf:1 with key ******");
        // Nothing after the source was created. Its step: ok = max(0, 1), one failure: 50; the sink that
        // never ran is still a step of the run (OpenMetadata 1.6): zero counts, 100; the mean is 75.
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "file");
        assertThat(result.steps().get(0).success()).isEqualTo(50.0);
        assertThat(result.steps().get(1).records()).isZero();
        assertThat(result.steps().get(1).success()).isEqualTo(100.0);
        assertThat(result.success()).isEqualTo(75.0);

        JsonNode written = mapper.readTree(report.toFile());
        assertThat(written.get("state").asText()).isEqualTo("failed");
        assertThat(written.get("success").asDouble()).isEqualTo(75.0);
        assertThat(written.at("/steps/0/errors").asInt()).isEqualTo(1);
        assertThat(written.at("/steps/0/failures")).hasSize(1);
        assertThat(written.at("/steps/0/failures/0/name").asText()).isEqualTo("shelf");
        assertThat(written.at("/steps/0/failures/0/error").asText())
                .isEqualTo("connection failed: cannot reach shelf:1 with key ******");
        assertThat(written.at("/steps/0/failures/0/stackTrace").asText())
                .startsWith("io.metaingest.api.ConnectionException: cannot reach shelf:1 with key ******");
        assertThat(Files.readString(report)).doesNotContain("tok-SECRET-123");
    }

    @Test
    void anErrorTheSourceRecordedBeforeThrowingItIsCountedOnce() throws Exception {
        RunResult result = ingest(shelfReadBy(SelfReportingSource.class), Optional.empty(), "", fileSink(),
                "successThreshold: 0");

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("connection failed: cannot reach shelf:1");
        StepSummary source = result.steps().get(0);
        assertThat(source.errors()).isEqualTo(1);
        assertThat(source.failures()).extracting(StepError::name).containsExactly("shelf_service"); // its own entry
        assertThat(result.success()).isEqualTo(75.0); // source 50, file sink 100
    }

    @Test
    void aFailingBulkSinkIsTheBulkSinksFailure() throws Exception {
        Path loaded = dir.resolve("no/such/folder/loaded.txt");
        RunResult result = ingest("count: 2", collectThenLoad(loaded), "successThreshold: 0");

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("NoSuchFileException: " + loaded);
        assertThat(result.steps()).extracting(StepSummary::errors).containsExactly(0L, 0L, 1L);
        assertThat(result.steps().get(2).failures()).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("load"))
                .satisfies(f -> assertThat(f.error()).isEqualTo(result.fatalError()));
        assertThat(result.success()).isEqualTo(83.33); // source 100, stage 100, bulk sink 50
    }

    @Test
    void aRunThatFailsBeforeTheBulkSinkRanReportsItWithZeroCountsAndItsOutputAsNotKept() throws Exception {
        Path loaded = dir.resolve("loaded.txt");
        Files.writeString(loaded, "an earlier run\n");
        RunResult result = ingest("count: 10\nexplodeAfter: 1",
                "processor:\n  type: suffix\n" + collectThenLoad(loaded), "successThreshold: 90");

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isNotNull();
        // Every declared step, the bulk sink that never ran included, with zero counts.
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "suffix", "collect", "load");
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.records()).isZero();
        assertThat(bulk.errors()).isZero();
        assertThat(bulk.success()).isEqualTo(100.0);
        // OpenMetadata 1.6: the mean of all four steps' rates; the source read database, schema and b1, then broke.
        assertThat(result.success()).isEqualTo(93.75); // (75 + 100 + 100 + 100) / 4
        assertThat(result.outputs()).containsExactly(new SinkOutput("load", loaded.toString(), 0, 0, false));
        assertThat(loaded).hasContent("an earlier run");
    }

    @Test
    void aRunWhoseSourceCannotConnectReportsEveryDeclaredStep() throws Exception {
        Path file = workflow("", "processor:\n  type: suffix\n" + fileSink(), "successThreshold: 90");
        Files.writeString(file, Files.readString(file).replace("shelf:1", "down:1"));

        RunResult result = runtime().ingest(file, Optional.empty(), new PrintStream(console), false);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "suffix", "file");
        assertThat(result.steps()).extracting(StepSummary::records).containsExactly(0L, 0L, 0L);
        assertThat(result.success()).isEqualTo(83.33); // (50 + 100 + 100) / 3
    }

    /** A connector that lets the JDK's ConnectException through (no message): a connection failure naming where to look. */
    @Test
    void aSourceThatLetsARawConnectFailureThroughEndsAsAConnectionFailureNamingItsSettings() throws Exception {
        Path file = workflow("", fileSink(), "successThreshold: 90");
        Files.writeString(file, Files.readString(file).replace("shelf:1", "refused-raw:1"));

        RunResult result = runtime().ingest(file, Optional.empty(), new PrintStream(console), false);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).isEqualTo("connection failed: shelf could not connect (connection refused);"
                + " check the host and port under source.serviceConnection.config");
    }

    @Test
    void consoleSinkPrintsOneLinePerRecord() throws Exception {
        ingest("count: 2", "sink:\n  type: console", "loggerLevel: INFO");
        // Not a terminal: one JSON line per record, the file sink's format.
        assertThat(console.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return mapper.readTree(line).at("/entity/name").asText();
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        })).containsExactly("shelf", "main", "b1", "b2");
    }

    @Test
    void aSourceWhoseConstructorThrowsNamesItsClassAndTheCauseWithoutTheRuntimesExceptionName() throws Exception {
        RunResult result = ingest(shelfReadBy(ThrowingSource.class), Optional.empty(), "", fileSink(),
                "loggerLevel: INFO");
        assertThat(result.fatalError()).isEqualTo("cannot create " + ThrowingSource.class.getName()
                + ": IllegalStateException: license file missing");
    }

    /** A stage whose close fails ends the run once: it is not closed (and warned of, nameless) a second time. */
    @Test
    void aStageWhoseCloseFailsIsClosedOnce() throws Exception {
        io.metaingest.runtime.testing.TestSteps.CloseFailsStage.CLOSES.set(0);
        AtomicReference<RunResult> result = new AtomicReference<>();
        List<String> logged = CapturedLogs.of(WorkflowRunner.class, () -> result.set(ingest("count: 2",
                "stage:\n  type: close-fails\nbulkSink:\n  type: load\n  config:\n    path: " + dir.resolve("loaded.txt"),
                "loggerLevel: INFO")));
        assertThat(result.get().fatalError()).isEqualTo("IOException: No space left on device");
        assertThat(io.metaingest.runtime.testing.TestSteps.CloseFailsStage.CLOSES).hasValue(1);
        assertThat(logged).noneSatisfy(line -> assertThat(line.substring(line.indexOf(' ') + 1)).startsWith("closing"));
    }

    /** A source that threw as it was created never let the sink be created: its file is still listed, as left. */
    @Test
    void aSinkTheRunNeverCreatedIsListedAsNotKept() throws Exception {
        RunResult result = ingest(shelfReadBy(ThrowingSource.class), Optional.empty(), "", fileSink(),
                "loggerLevel: INFO");
        assertThat(result.outputs()).containsExactly(
                new SinkOutput("file", dir.resolve("out/records.ndjson").toString(), 0, 0, false));
    }

    /**
     * The file sink's own constructor cannot write (a full disk; here a folder that is a file): the run ends
     * with the sink's one line, as a write error mid-run does, not with its class name, and lists the file as left.
     */
    @Test
    void aSinkThatCannotCreateItsFileEndsTheRunWithItsOwnLine() throws Exception {
        Path target = dir.resolve("plain/records.ndjson");
        Metaingest runtime = runtime();
        LoadedWorkflow loaded = runtime.load(workflow("count: 2", "sink:\n  type: file\n  config:\n    path: " + target,
                "loggerLevel: INFO"));
        Files.writeString(dir.resolve("plain"), "a file, not a folder"); // after the check at load, as a full disk comes
        RunResult result = runtime.run(loaded, Optional.empty(), new PrintStream(console), false);
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).startsWith("cannot write " + target + ": ").doesNotContain("cannot create");
        assertThat(result.steps().get(1).failures()).singleElement()
                .satisfies(f -> assertThat(f.error()).isEqualTo(result.fatalError()));
        assertThat(result.outputs()).containsExactly(new SinkOutput("file", target.toString(), 0, 0, false));
    }

    /** The console sink's lines on a terminal would run into a progress line redrawn in place: none is drawn then. */
    @Test
    void noProgressLineOnATerminalWhereTheConsoleSinkPrintsTheRecords() throws Exception {
        LoadedWorkflow console = runtime().load(workflow("", "sink:\n  type: console", "loggerLevel: INFO"));
        assertThat(RunMonitor.showsProgress(true, console)).isFalse();
        LoadedWorkflow file = runtime().load(workflow("", fileSink(), "loggerLevel: INFO"));
        assertThat(RunMonitor.showsProgress(true, file)).isTrue();
        assertThat(RunMonitor.showsProgress(false, file)).isFalse();
    }

    /** Out of memory on the run's thread or another of its threads: failed, said with the fix, nothing kept. */
    @Test
    void outOfMemoryOnAnyOfTheRunsThreadsFailsTheRunNamingItAndHowToRaiseTheHeap() throws Exception {
        // Another thread's error reaches the run through the JVM's handler, which the command line installs
        // (a runtime embedded elsewhere leaves JVM-wide state alone).
        OutOfMemory.install();
        for (Class<? extends Source<?>> source : List.of(OutOfMemorySource.class, WorkerOutOfMemorySource.class)) {
            Path report = dir.resolve("report.json");
            RunResult result = ingest(shelfReadBy(source), Optional.of(report), "", fileSink(), "loggerLevel: INFO");
            assertThat(result.state()).as(source.getSimpleName()).isEqualTo(RunState.FAILED);
            assertThat(result.connectionFailure()).isFalse();
            assertThat(result.fatalError()).startsWith("out of memory (Java heap space): the Java heap of at most ")
                    .contains(" MiB is too small for this run; raise it with METAINGEST_JAVA_OPTS=-Xmx")
                    .doesNotContain("interrupted");
            assertThat(result.success()).as("records were lost").isLessThan(100.0);
            JsonNode written = mapper.readTree(report.toFile());
            assertThat(written.get("state").asText()).isEqualTo("failed");
            assertThat(written.get("fatalError").asText()).isEqualTo(result.fatalError());
            assertThat(dir.resolve("out/records.ndjson")).doesNotExist();
        }
    }

    @Test
    void aRecordThatIsNoEntityIsTheSinksFailureOfThatRecordAndTheRunGoesOn() throws Exception {
        for (String sink : List.of(fileSink(), "sink:\n  type: console")) {
            console.reset();
            RunResult result = ingest(shelfReadBy(NotAnEntitySource.class), Optional.empty(), "", sink,
                    "successThreshold: 50");

            StepSummary writer = result.steps().get(1);
            assertThat(writer.records()).as(sink).isEqualTo(2);
            assertThat(writer.errors()).isEqualTo(1);
            assertThat(writer.failures().get(0).error()).isEqualTo("sink '" + writer.name() + "' accepts"
                    + " EntityRequest records, not String, which source 'shelf' emitted; make source 'shelf' emit"
                    + " EntityRequest records (or add a processor that turns String into EntityRequest)");
            // Never written as {"entityType":"String",...}: a sink's output holds OpenMetadata's records only.
            String written = sink.contains("file") ? Files.readString(dir.resolve("out/records.ndjson"))
                    : console.toString(StandardCharsets.UTF_8);
            assertThat(written).doesNotContain("not an entity").contains("\"name\":\"a\"", "\"name\":\"b\"");
        }
    }

    @Test
    void processorFailuresCountAgainstTheProcessorOnly() throws Exception {
        RunResult result = ingest("count: 3", "processor:\n  type: suffix\n" + fileSink(), "successThreshold: 50");
        // database, schema and b1 pass twice each; b2 fails; b3 is filtered
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "suffix", "file");
        assertThat(result.steps().get(1).records()).isEqualTo(6);
        assertThat(result.steps().get(1).errors()).isEqualTo(1);
        assertThat(result.steps().get(2).records()).isEqualTo(6);
        assertThat(result.steps().get(1).failures().get(0).name()).isEqualTo("shelf_service.shelf.main.b2");
    }

    @Test
    void aNullWhereAStreamOrAResultBelongsIsAFailureNamingTheFix() throws Exception {
        RunResult result = ingest("count: 5", "processor:\n  type: suffix\n" + fileSink(), "successThreshold: 10");
        StepSummary processor = result.steps().get(1);
        // b2 throws, b4 returns no stream, b5 returns a null beside its one record: three failures, none lost.
        assertThat(processor.errors()).isEqualTo(3);
        assertThat(processor.failures()).extracting(io.metaingest.api.StepError::error)
                .contains("IllegalStateException: io.metaingest.runtime.testing.TestSteps$SuffixProcessor.process(record)"
                        + " returned null; return a Stream (Stream.empty() when there is nothing)")
                .contains("the step emitted null instead of a Result; emit Result.ok(record), Result.filtered(name,"
                        + " reason) or Result.failed(name, error) (a database, schema, table or stored procedure is named"
                        + " by its fully qualified name)");
    }

    @Test
    void stageThenBulkSinkRunsAfterTheSourceIsExhausted() throws Exception {
        Path loaded = dir.resolve("loaded.txt");
        RunResult result = ingest("count: 2", collectThenLoad(loaded), "loggerLevel: INFO");
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "collect", "load");
        assertThat(result.steps().get(2).records()).isEqualTo(4); // database, schema, b1, b2
        List<String> bulkLoaded = Files.readAllLines(loaded);
        assertThat(bulkLoaded).hasSize(4);
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void connectionTesterReportsTheReason() throws Exception {
        Metaingest runtime = runtime();
        assertThat(runtime.testConnection(workflow("count: 2", fileSink(), "loggerLevel: INFO")))
                .isEqualTo(new ConnectionTestResult(List.of("reached shelf:1: 2 books"), List.of(), List.of()));
        Path unreachable = workflow("", fileSink(), "loggerLevel: INFO");
        Files.writeString(unreachable, Files.readString(unreachable).replace("shelf:1", "down:1"));
        io.metaingest.api.ConnectionException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.metaingest.api.ConnectionException.class, () -> runtime.testConnection(unreachable));
        assertThat(e.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).isEqualTo("cannot reach down:1; check source.serviceConnection.config.hostPort");
    }

    @Test
    void anUnavailableSinkEndsTheRunOnceInsteadOfFailingEveryRecord() throws Exception {
        Path report = dir.resolve("report.json");
        RunResult result = ingestReporting(report, "count: 50",
                "sink:\n  type: buffering\n  config: {unavailableAt: 6}", "successThreshold: 0");
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("cannot write /full/disk.ndjson: No space left on device");
        StepSummary sink = result.steps().get(1);
        assertThat(sink.errors()).isEqualTo(1); // the one failure that ended the run, not one per record left
        // Taken before the sixth (b5) was refused (b3 is filtered): 3 confirmed, 2 still buffered; all discarded with the
        // failed run's output, so the source's 6 are 5 discarded and 1 failed.
        assertThat(sink.discarded()).isEqualTo(5);
        assertThat(sink.records()).isZero();
        assertThat(result.steps().get(0).records()).isEqualTo(6); // the source stopped there, not at 50
        assertThat(result.steps().get(0).errors()).isZero();
        // source 100; sink 3 of 4 = 75
        assertThat(result.success()).isEqualTo(87.5);
        JsonNode written = mapper.readTree(report.toFile());
        assertThat(written.get("success").asDouble()).isEqualTo(87.5);
        assertThat(written.at("/steps/1/failures")).hasSize(1);
        // Named by the record the destination refused, so users can tell which one was not written.
        assertThat(written.at("/steps/1/failures/0/name").asText()).isEqualTo("shelf_service.shelf.main.b5");
        assertThat(written.at("/steps/1/failures/0/error").asText())
                .isEqualTo("cannot write /full/disk.ndjson: No space left on device");
        assertThat(written.at("/steps/0/failures")).isEmpty();
    }

    @Test
    void recordsCountOnlyOnceTheSinkConfirmsThem() throws Exception {
        RunResult result = ingest("count: 5", "sink:\n  type: buffering\n  config: {flushFails: true}",
                "successThreshold: 0");
        // Six accepted (database, schema, b1, b2, b4, b5; b3 is filtered), five confirmed before the failing
        // flush: the sixth never arrived. The failed run's output was not kept: all six are discarded.
        assertThat(result.steps().get(1).discarded()).isEqualTo(6);
        assertThat(result.steps().get(1).records()).isZero();
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("cannot write /full/disk.ndjson: I/O error");
        // The failing flush is the sink's: 5 of 6 = 83.33, the source 100.
        assertThat(result.steps().get(1).failures()).extracting(StepError::error)
                .containsExactly("cannot write /full/disk.ndjson: I/O error");
        assertThat(result.success()).isEqualTo(91.67);
    }

    /** A sink whose writes are final keeps what it confirmed; what it took and never wrote is said, not left uncounted. */
    @Test
    void recordsAFinalSinkTookButNeverWroteAreAWarningOfTheSink() throws Exception {
        RunResult result = ingest("count: 5",
                "sink:\n  type: buffering\n  config: {flushFails: true, finalWrites: true}", "successThreshold: 0");
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        StepSummary sink = result.steps().get(1);
        assertThat(sink.records()).isEqualTo(5);
        assertThat(sink.discarded()).isZero();
        assertThat(sink.warningDetails()).containsExactly("buffering: 1 record the sink accepted never reached"
                + " BufferingSink: the run ended before it was written");
    }

    @Test
    void aSinkThatCannotKeepItsOutputAtTheEndFailsTheRunAsTheSinksFailure() throws Exception {
        RunResult result = ingest("count: 2", "sink:\n  type: buffering\n  config: {publishFails: true}",
                "successThreshold: 0");
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).isEqualTo("cannot publish /full/disk.ndjson: I/O error");
        StepSummary sink = result.steps().get(1);
        assertThat(sink.failures()).extracting(StepError::name, StepError::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("buffering", "cannot publish /full/disk.ndjson: I/O error"));
        // source 4 of 4 (100); sink: 4 confirmed, 1 failure (80)
        assertThat(result.success()).isEqualTo(90.0);
    }

    @Test
    void aStepsOwnStatusCountsWhatTheStepRecordsUnderItsOwnRowNotTheSources() throws Exception {
        RunResult result = ingest("count: 4", "sink:\n  type: buffering\n  config: {warnEvery: 3}",
                "successThreshold: 90");
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        StepSummary source = result.steps().get(0);
        StepSummary sink = result.steps().get(1);
        // Every record the source read reaches the sink; every third warns, on the sink's row only.
        assertThat(sink.records()).isEqualTo(source.records());
        assertThat(sink.warnings()).isEqualTo(source.records() / 3);
        assertThat(sink.warningDetails()).first().asString().isEqualTo("record 3: written in part");
        assertThat(source.warnings()).isZero();
    }

    @Test
    void aSuccessfulRunReplacesThePreviousFileAndSaysWhatItHolds() throws Exception {
        Path target = dir.resolve("out/records.ndjson");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old\n");
        RunResult result = ingest("count: 5", fileSink(), "successThreshold: 90");
        assertThat(Files.readAllLines(target)).hasSize(6); // database, schema, 5 tables less b3 (filtered)
        assertThat(result.outputs()).containsExactly(new SinkOutput("file", target.toString(), 6, 0, true));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aStopLetsTheWriteInProgressEndStartsNoOtherAndTheReportCountsWhatReachedTheDestination() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // SIGTERM while the third write is in progress; it goes on once the stop waits for it.
        TestSteps.RecordingSink.beforeWrite = atCall(3,
                () -> stopAndAwaitItWaiting(hooks.stop.get(), "the stop did not wait for the write in progress: "));
        // 20 books: the source has many more records ready than are written before the stop.
        HookedRun run = run(hooks, "count: 20", "sink: {type: recording}");

        assertThat(run.result().state()).isEqualTo(RunState.FAILED);
        assertThat(run.result().fatalError()).startsWith("interrupted");
        // The write in progress ended and was counted; none started after it.
        assertThat(TestSteps.RecordingSink.WRITTEN).hasSize(3);
        assertThat(step(run.result(), "recording").records()).isEqualTo(3);
        JsonNode written = run.report(mapper);
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.at("/steps/1/name").asText()).isEqualTo("recording");
        assertThat(written.at("/steps/1/records").asLong()).isEqualTo(3);
        assertThat(run.messages()).contains("run interrupted; final state failed");
    }

    /** A bulk sink that publishes as its stream is taken: the record published when the stop came is counted, none after. */
    @Test
    void aStopDuringABulkLoadThatPublishesAsItGoesCountsEveryRecordPublished() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // SIGTERM while the third record is being published; it goes on once the stop waits for it.
        TestSteps.PublishingBulkSink.beforePublish = atCall(3,
                () -> stopAndAwaitItWaiting(hooks.stop.get(), "the stop did not wait for the bulk load: "));
        HookedRun run = run(hooks, "count: 20", "stage: {type: collect}\nbulkSink: {type: publishing}");

        assertThat(run.result().state()).isEqualTo(RunState.FAILED);
        assertThat(run.result().fatalError()).startsWith("interrupted");
        assertThat(TestSteps.PublishingBulkSink.PUBLISHED).hasSize(3);
        StepSummary bulk = step(run.result(), "publishing");
        assertThat(bulk.records()).isEqualTo(3);
        assertThat(bulk.discarded()).isZero();
        JsonNode written = run.report(mapper);
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.at("/steps/2/name").asText()).isEqualTo("publishing");
        assertThat(written.at("/steps/2/records").asLong()).isEqualTo(3);
    }

    @Test
    void aStoppedRunsFileSinkCountsWhatItWroteAsDiscardedNotAsWritten() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // Far enough into the run that the file sink has written (and so counted) whole buffers of lines.
        TestSteps.SuffixProcessor.beforeProcess = atCall(1500,
                () -> stopAndAwaitItWaiting(hooks.stop.get(), "the stop did not wait for the run's thread: "));
        Path target = dir.resolve("out/records.ndjson");
        RunResult result = run(hooks, "count: 2000", "processor: {type: suffix}\n" + fileSink()).result();

        assertThat(result.fatalError()).startsWith("interrupted");
        assertThat(target).doesNotExist();
        SinkOutput output = result.outputs().get(0);
        assertThat(output.kept()).isFalse();
        // Not kept: nothing there to count, what was thrown away apart, as the step's row says it.
        assertThat(output.records()).isZero();
        assertThat(output.discarded()).isPositive();
        StepSummary sink = result.steps().get(2);
        assertThat(sink.name()).isEqualTo("file");
        assertThat(sink.records()).isZero();
        assertThat(sink.updatedRecords()).isZero();
        assertThat(sink.discarded()).isEqualTo(output.discarded());
        // Every record the processor passed on is accounted for, the one on its way when the stop came too.
        assertThat(sink.discarded()).isEqualTo(result.steps().get(1).records());
        // The rate is still that of what the run did until the stop.
        assertThat(sink.success()).isEqualTo(100.0);
        JsonNode written = mapper.readTree(dir.resolve("report.json").toFile());
        assertThat(written.at("/steps/2/records").asLong()).isZero();
        assertThat(written.at("/steps/2/discarded").asLong()).isEqualTo(output.discarded());
        assertThat(written.at("/outputs/0/kept").asBoolean(true)).isFalse();
        assertThat(written.at("/outputs/0/records").asLong(-1)).isZero();
        assertThat(written.at("/outputs/0/discarded").asLong()).isEqualTo(output.discarded());
        // Only a sink that discarded something carries the report's own field.
        assertThat(written.at("/steps/0").has("discarded")).isFalse();
    }

    @Test
    void aWriteStillInProgressWhenTheStopTakesTheFinalStateIsNamedInTheReportAsPossiblyUncounted() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // SIGTERM during the third write, which outlasts the stop's wait.
        TestSteps.RecordingSink.beforeWrite = atCall(3, () -> stopAndAwaitItsEnd(hooks.stop.get()));
        HookedRun run = run(hooks, "count: 20", "sink: {type: recording}");

        assertThat(run.result().fatalError()).startsWith("interrupted");
        assertThat(TestSteps.RecordingSink.WRITTEN).hasSize(3);
        StepSummary sink = step(run.result(), "recording");
        assertThat(sink.records()).isEqualTo(2);
        assertThat(sink.warningDetails()).containsExactly("stop: a write was still in progress 1 s after the stop;"
                + " that record may reach RecordingSink without being counted");
        assertThat(run.report(mapper).at("/steps/1/warnings").asLong()).isEqualTo(1);
        // On the console too: the summary may never be printed while that write holds the run's thread.
        assertThat(run.messages()).contains("warning: a write was still in progress");
    }

    @Test
    void aStopThatOutlastsItsWaitWhileNoWriteIsInProgressWarnsOfNone() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // A slow step before the writer (a processor, as a slow read): the stop's wait runs out
        // with the run's thread in no write.
        TestSteps.SuffixProcessor.beforeProcess = atCall(3, () -> stopAndAwaitItsEnd(hooks.stop.get()));
        HookedRun run = run(hooks, "count: 20", "processor: {type: suffix}\nsink: {type: recording}");

        assertThat(run.result().fatalError()).startsWith("interrupted");
        StepSummary sink = step(run.result(), "recording");
        assertThat(sink.records()).isPositive();
        assertThat(sink.warningDetails()).isEmpty();
        assertThat(run.messages()).doesNotContain("warning:");
    }

    @Test
    void aStopWhileTheSinkCompletesLetsTheChangeInProgressEndStartsNoOtherAndEndsTheRunAsStopped() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        // SIGTERM while the third deletion is in progress: the stop must wait for it, not for the run's end.
        TestSteps.DeletingSink.beforeDelete = atCall(3,
                () -> stopAndAwaitItWaiting(hooks.stop.get(), "the stop did not wait for the deletion in progress: "));
        HookedRun run = run(hooks, "count: 5", "sink: {type: deleting}");

        assertThat(TestSteps.DeletingSink.DELETED).containsExactly(1, 2, 3);
        assertThat(run.result().state()).isEqualTo(RunState.FAILED);
        assertThat(run.result().fatalError()).startsWith("interrupted");
        assertThat(step(run.result(), "deleting").warningDetails()).containsExactly("deletions: stopped with 7 left");
        JsonNode written = run.report(mapper);
        assertThat(written.path("state").asText()).isEqualTo("failed");
        assertThat(written.at("/steps/1/warnings").asLong()).isEqualTo(1);
        assertThat(run.messages()).contains("run interrupted; final state failed");
    }

    @Test
    void aStopWhileASinkCompletesWithoutAskingLetsItFinishAndTheRunKeepsItsOwnState() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        TestSteps.DeletingSink.asksStop = false; // as a file sink moving its output into place
        TestSteps.DeletingSink.beforeDelete = atCall(3,
                () -> stopAndAwaitItWaiting(hooks.stop.get(), "the stop did not wait for the completion: "));
        HookedRun run = run(hooks, "count: 5", "sink: {type: deleting}");

        // The sink finished its whole completion, so the run did what its state says: not "interrupted".
        assertThat(TestSteps.DeletingSink.DELETED).hasSize(TestSteps.DeletingSink.DELETIONS);
        assertThat(run.result().state()).isNotEqualTo(RunState.FAILED);
        assertThat(run.result().fatalError()).isNull();
        assertThat(run.report(mapper).path("state").asText()).isEqualTo(run.result().state().value());
        assertThat(run.messages()).doesNotContain("run interrupted");
    }

    /**
     * Once the file sink has renamed its output over the target, the report on disk records that commit (outputs kept,
     * outputCommittedAt) before the final state is written; the final report then holds the outputs without it. The run
     * is held between the two at the final report's write.
     */
    @Test
    void theFileSinksCommitIsInTheReportBeforeTheFinalStateIsWritten() throws Exception {
        Path report = dir.resolve("report.json");
        Path target = dir.resolve("out/records.ndjson");
        java.util.concurrent.CountDownLatch atFinalState = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RunReportWriter.Replacer holding = (file, text) -> {
            written.add(stateOf(text));
            if (mapper.readTree(text).path("state").asText().equals("success")) {
                atFinalState.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            io.metaingest.runtime.files.OutputFiles.replace(file, text);
        };
        LoadedWorkflow workflow = runtime().load(workflow("count: 3", fileSink(), "loggerLevel: INFO"));
        AtomicReference<RunResult> result = new AtomicReference<>();
        Thread run = startRun(reportingTo(holding), workflow, report, result);
        try {
            assertThat(atFinalState.await(30, TimeUnit.SECONDS)).as("the final state's write").isTrue();
            long lines = Files.readAllLines(target).size();
            assertThat(lines).isPositive();
            JsonNode held = mapper.readTree(report.toFile());
            assertThat(held.path("state").asText()).isEqualTo("running");
            assertThat(held.path(RunReportWriter.OUTPUT_COMMITTED_AT).asText()).isNotEmpty();
            assertThat(held.has(RunReportWriter.OUTPUT_COMMITTING)).as("done, no longer under way").isFalse();
            assertThat(held.path("outputs")).singleElement().satisfies(o -> {
                assertThat(o.path("destination").asText()).isEqualTo(target.toString());
                assertThat(o.path("kept").asBoolean()).isTrue();
                assertThat(o.path("records").asLong()).isEqualTo(lines);
            });
            // Announced before the rename, recorded after it, then the final state (a heartbeat may repeat one).
            assertThat(lastThreeStates(written)).containsExactly("running+committing", "running+committed", "success");
        } finally {
            release.countDown();
            run.join(30_000);
        }
        assertThat(result.get().state()).isEqualTo(RunState.SUCCESS);
        JsonNode last = mapper.readTree(report.toFile());
        assertThat(last.path("state").asText()).isEqualTo("success");
        assertThat(last.has(RunReportWriter.OUTPUT_COMMITTED_AT)).isFalse();
        assertThat(last.has(RunReportWriter.OUTPUT_COMMITTING)).isFalse();
        assertThat(last.path("outputs")).singleElement().satisfies(o -> {
            assertThat(o.path("kept").asBoolean()).isTrue();
            assertThat(o.path("records").asLong()).isEqualTo(Files.readAllLines(target).size());
        });
    }

    /**
     * A stage and bulk sink's kept file is recorded as the file sink's is: announced before its rename, recorded after
     * it, then the final state; a kill before that state leaves a report saying the output was replaced.
     */
    @Test
    void theBulkSinksCommitIsInTheReportBeforeTheFinalStateIsWritten() throws Exception {
        Path report = dir.resolve("report.json");
        Path target = dir.resolve("out/usage.ndjson");
        List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        RunReportWriter.Replacer recording = (file, text) -> {
            written.add(stateOf(text));
            io.metaingest.runtime.files.OutputFiles.replace(file, text);
        };
        Path file = Files.writeString(dir.resolve("usage.yaml"), ShelfWorkflows.usagePipeline("Shelf",
                "- {query: \"SELECT * FROM orders\", schema: sales, at: \"2026-03-03T10:00:00Z\", executions: 2}",
                dir.resolve("staging"), "filename: %s, path: %s".formatted(dir.resolve("staging"), target)));
        RunResult result = reportingTo(recording).run(runtime().load(file), Optional.of(report));

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(Files.readAllLines(target)).isNotEmpty();
        assertThat(lastThreeStates(written)).containsExactly("running+committing", "running+committed", "success");
        JsonNode last = mapper.readTree(report.toFile());
        assertThat(last.has(RunReportWriter.OUTPUT_COMMITTING)).isFalse();
        assertThat(last.path("outputs")).singleElement().satisfies(o -> {
            assertThat(o.path("destination").asText()).isEqualTo(target.toString());
            assertThat(o.path("kept").asBoolean()).isTrue();
        });
    }

    @Test
    void aStopWhileTheSinksCommitIsUnderWayWaitsForItAndTheRunEndsWithItsOwnStateAndExitCode() throws Exception {
        // A file sink's commit (synced, moved over the target) does not heed the stop: once it has begun the target
        // is replaced, so the run's own state, and its exit code, are the truth; the stop waits for it.
        RecordingHooks hooks = new RecordingHooks();
        TestSteps.DeletingSink.asksStop = false; // as a file sink moving its output into place
        AtomicReference<Boolean> waited = new AtomicReference<>();
        TestSteps.DeletingSink.beforeDelete = atCall(1, () -> {
            hooks.stop.get().start(); // SIGTERM while the commit is under way
            try {
                waited.set(hooks.commitAwaited.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HookedRun run = run(hooks, "count: 5", "sink: {type: deleting}");

        assertThat(waited.get()).as("the stop waits for the commit").isTrue();
        assertThat(TestSteps.DeletingSink.DELETED).hasSize(TestSteps.DeletingSink.DELETIONS);
        assertThat(run.result().state()).isEqualTo(RunState.SUCCESS);
        assertThat(run.result().endedBy()).isEqualTo(EndedBy.COMPLETED);
        JsonNode written = run.report(mapper);
        assertThat(written.path("state").asText()).isEqualTo("success");
        assertThat(written.path("exitCode").asInt()).isZero();
        // The process is to end with the run's code, not the signal's.
        assertThat(hooks.ended.get()).isZero();
        assertThat(run.messages()).doesNotContain("run interrupted");
    }

    @Test
    void aCommitStillGoingOnWhenTheStopsWaitEndsLeavesTheRunStoppedSayingItsCommitWasLetGoOn() throws Exception {
        // Takes the stop's whole wait for a commit (5 s): a commit that never ends must not hold the process for ever.
        RecordingHooks hooks = new RecordingHooks();
        TestSteps.DeletingSink.asksStop = false;
        // The commit goes on only once the stop has taken the final state.
        TestSteps.DeletingSink.beforeDelete = atCall(1, () -> stopAndAwaitItsEnd(hooks.stop.get()));
        HookedRun run = run(hooks, "count: 5", "sink: {type: deleting}");

        assertThat(hooks.commitAwaited.getCount()).isZero();
        assertThat(run.result().state()).isEqualTo(RunState.FAILED);
        assertThat(run.result().endedBy()).isEqualTo(EndedBy.SIGNAL);
        assertThat(run.result().fatalError()).isEqualTo("interrupted: the process was stopped while the run committed its"
                + " output, which was still going on 5 s later (it was let go on)");
        assertThat(run.result().outputs()).singleElement().satisfies(o -> assertThat(o.kept()).isTrue());
        assertThat(run.report(mapper).path("exitCode").asInt()).isEqualTo(143);
        assertThat(hooks.ended.get()).as("the signal's code stands").isEqualTo(-1);
        assertThat(run.messages()).contains("run interrupted; final state failed");
    }

    @Test
    void aStopAfterTheRunWroteItsFinalReportLeavesItAndTheProcessEndsWithTheRunsExitCode() throws Exception {
        // The stop comes once the output is committed and the report final (the command printing its summary, the
        // server being told): the report must not say success, exit 0 while the process ends with 143.
        RecordingHooks hooks = new RecordingHooks();
        HookedRun run = run(hooks, "count: 5", fileSink());
        assertThat(hooks.ended.get()).as("the run's own end is told before the run returns").isZero();

        stopAndAwaitItsEnd(hooks.stop.get());

        assertThat(run.result().state()).isEqualTo(RunState.SUCCESS);
        JsonNode written = run.report(mapper);
        assertThat(written.path("state").asText()).isEqualTo("success");
        assertThat(written.path("endedBy").asText()).isEqualTo("completed");
        assertThat(written.path("exitCode").asInt()).isZero();
        assertThat(hooks.ended.get()).isZero();
        assertThat(hooks.commitAwaited.getCount()).as("no commit was under way").isOne();
        assertThat(run.messages()).doesNotContain("run interrupted");
    }

    @Test
    void aRunTheStopEndedDoesNotClaimItsOwnEnd() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        TestSteps.SuffixProcessor.beforeProcess = atCall(3, () -> stopAndAwaitItsEnd(hooks.stop.get()));
        RunResult result = run(hooks, "count: 20", "processor: {type: suffix}\nsink: {type: recording}").result();

        assertThat(result.endedBy()).isEqualTo(EndedBy.SIGNAL);
        assertThat(hooks.ended.get()).as("the signal's code stands").isEqualTo(-1);
    }

    @Test
    void aStopWhileTheSourceWaitsOnItsServerEndsTheReadSoTheRunReturnsAndTheCommandPrintsItsSummary() throws Exception {
        // A source whose server never answers (an HTTP connector's call in flight): closing it does
        // not end the wait, and without the run returning the command never prints its summary.
        RecordingHooks hooks = new RecordingHooks();
        ShelfSource.closedWithInterruptPending = true;
        LoadedWorkflow workflow = runtime().load(workflow("count: 5\nhangAfterFirst: true", fileSink(), "successThreshold: 0"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        AtomicReference<RunResult> returned = new AtomicReference<>();
        Thread run = startRun(runner(messages, hooks), workflow, dir.resolve("report.json"), returned);
        awaitWaitingIn(run, "hang");

        hooks.stop.get().start();
        hooks.stop.get().join(30_000);
        run.join(10_000);

        assertThat(run.isAlive()).as("the run's thread still waits on the source after the stop").isFalse();
        // The interrupt that ended the read is cleared before the source's stream is closed.
        assertThat(ShelfSource.closedWithInterruptPending).as("the stream was closed with the stop's interrupt pending").isFalse();
        assertThat(returned.get().fatalError()).startsWith("interrupted");
        assertThat(returned.get().state()).isEqualTo(RunState.FAILED);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("run interrupted; final state failed");
    }

    @Test
    void aStopWhileTheSinkWaitsOnItsServerAtStartEndsTheRunAtOnce() throws Exception {
        // The sink is created under the lock the stop takes: without the stop's interrupt, the stop waited for
        // the sink's server call to time out (metadata-rest's version check: 30 s) before the final state.
        RecordingHooks hooks = new RecordingHooks();
        TestSteps.WaitingSink.waiting = new java.util.concurrent.CountDownLatch(1);
        LoadedWorkflow workflow = runtime().load(workflow("count: 5", "sink: {type: waiting}", "successThreshold: 0"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        AtomicReference<RunResult> returned = new AtomicReference<>();
        Path report = dir.resolve("report.json");
        Thread run = startRun(runner(messages, hooks), workflow, report, returned);
        assertThat(TestSteps.WaitingSink.waiting.await(30, TimeUnit.SECONDS)).as("the sink's constructor waits").isTrue();

        hooks.stop.get().start();
        hooks.stop.get().join(30_000);
        run.join(30_000);

        assertThat(hooks.stop.get().isAlive()).as("the stop still waits for the sink's creation").isFalse();
        assertThat(run.isAlive()).isFalse();
        assertThat(returned.get().state()).isEqualTo(RunState.FAILED);
        assertThat(returned.get().fatalError()).startsWith("interrupted");
        assertThat(returned.get().endedBy()).isEqualTo(EndedBy.SIGNAL);
        assertThat(messages.toString(StandardCharsets.UTF_8)).contains("run interrupted; final state failed");
        assertThat(mapper.readTree(report.toFile()).path("state").asText()).isEqualTo("failed");
    }

    /** What a run with recorded shutdown hooks left: its result, its report's file and the messages it printed. */
    private record HookedRun(RunResult result, Path reportFile, String messages) {
        JsonNode report(ObjectMapper mapper) throws java.io.IOException {
            return mapper.readTree(reportFile.toFile());
        }
    }

    /**
     * Runs {@code count} books through {@code steps} (successThreshold 0) with {@code hooks}, which keep the run's
     * stop (its SIGTERM) for the test to start; waits for a stop begun meanwhile to end.
     */
    private HookedRun run(RecordingHooks hooks, String count, String steps) throws Exception {
        LoadedWorkflow workflow = runtime().load(workflow(count, steps, "successThreshold: 0"));
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        RunResult result = runner(messages, hooks).run(workflow, Optional.of(report));
        hooks.stop.get().join(30_000);
        return new HookedRun(result, report, messages.toString(StandardCharsets.UTF_8));
    }

    /** The runner as the command line makes it: its messages to {@code messages}, the process's hooks {@code hooks}. */
    private WorkflowRunner runner(ByteArrayOutputStream messages, ShutdownHooks hooks) {
        return new WorkflowRunner(mapper, CLOCK, new PrintStream(console), new PrintStream(messages, true), false,
                hooks);
    }

    /** A runner whose report is written through {@code replacer}, its messages unread. */
    private WorkflowRunner reportingTo(RunReportWriter.Replacer replacer) {
        return new WorkflowRunner(mapper, CLOCK, new PrintStream(console),
                new PrintStream(new ByteArrayOutputStream(), true), false, new RecordingHooks(), replacer);
    }

    /** Starts {@code workflow}'s run on a daemon thread of its own (a run that never returns holds nothing up). */
    private static Thread startRun(WorkflowRunner runner, LoadedWorkflow workflow, Path report,
                                   AtomicReference<RunResult> returned) {
        Thread run = new Thread(() -> returned.set(runner.run(workflow, Optional.of(report))), "test-run");
        run.setDaemon(true);
        run.start();
        return run;
    }

    /** A step's hook doing {@code what} at its {@code call}-th call (the stop, started from inside the step). */
    private static IntConsumer atCall(int call, Runnable what) {
        return n -> {
            if (n == call) {
                what.run();
            }
        };
    }

    /** The step of {@code result} named {@code name}. */
    private static StepSummary step(RunResult result, String name) {
        return result.steps().stream().filter(st -> st.name().equals(name)).findFirst().orElseThrow();
    }

    /** A report's state as written, with "+committing" or "+committed" when it says its output's commit. */
    private String stateOf(String report) throws java.io.IOException {
        return mapper.readTree(report).path("state").asText()
                + (report.contains(RunReportWriter.OUTPUT_COMMITTING) ? "+committing" : "")
                + (report.contains(RunReportWriter.OUTPUT_COMMITTED_AT) ? "+committed" : "");
    }

    /** The last three states of {@code written}, a state repeated in a row (a heartbeat's) once. */
    private static List<String> lastThreeStates(List<String> written) {
        List<String> states = new java.util.ArrayList<>();
        written.forEach(w -> {
            if (states.isEmpty() || !states.get(states.size() - 1).equals(w)) {
                states.add(w);
            }
        });
        return states.subList(states.size() - 3, states.size());
    }

    /** Returns once {@code thread} waits in a method named {@code method} (a source blocked on its server). */
    private static void awaitWaitingIn(Thread thread, String method) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(thread.getState() == Thread.State.WAITING
                && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method)))) {
            if (System.nanoTime() > deadline || !thread.isAlive()) {
                throw new AssertionError("the run never reached the hanging read: " + thread.getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Shutdown hooks that keep the run's stop for the test to start, and record what the run tells the process. */
    private static final class RecordingHooks implements ShutdownHooks {
        final AtomicReference<Thread> stop = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger(-1);
        final java.util.concurrent.CountDownLatch commitAwaited = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void add(Thread hook) {
            stop.set(hook);
        }

        @Override
        public void remove(Thread hook) {
        }

        @Override
        public void ranToItsEnd(int exitCode) {
            ended.set(exitCode);
        }

        @Override
        public void awaitingCommit() {
            commitAwaited.countDown();
        }
    }

    /** Starts the stop (a SIGTERM) and returns once it has taken the final state, without this thread. */
    private static void stopAndAwaitItsEnd(Thread hook) {
        hook.start();
        // Called on the run's thread, which the stop may interrupt (to end a read): wait on regardless.
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (hook.isAlive() && System.nanoTime() < deadline) {
            try {
                hook.join(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        assertThat(hook.isAlive()).as("the stop ended").isFalse();
    }

    /** Starts the stop (a SIGTERM) and returns once it waits for the run's thread. */
    private static void stopAndAwaitItWaiting(Thread hook, String failure) {
        hook.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hook.isAlive() && hook.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure + hook.getState());
            }
            Thread.onSpinWait();
        }
    }
}
