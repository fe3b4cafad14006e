package io.metaingest.testkit.broken;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.testkit.shelf.ShelfSpec;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Connectors that each make one mistake the kit must catch. Each is the shared {@link ShelfSpec}
 * with one thing changed, under its own service type.
 */
public final class BrokenSpecs {

    private BrokenSpecs() {
    }

    /** No public no-arg constructor: the runtime cannot create it. */
    public static final class NoConstructorSpec extends ShelfSpec {
        /** The only constructor takes an argument. */
        public NoConstructorSpec(String unused) {
        }

        @Override public String serviceType() { return "NoConstructor"; }
    }

    /** Claims the service type {@code Duplicate}, like {@link SecondDuplicateSpec}. */
    public static final class FirstDuplicateSpec extends ShelfSpec {
        @Override public String serviceType() { return "Duplicate"; }
    }

    /** Claims the service type {@code Duplicate} too. */
    public static final class SecondDuplicateSpec extends ShelfSpec {
        @Override public String serviceType() { return "Duplicate"; }
    }

    /** Its connection schema is not a valid JSON Schema. */
    public static final class InvalidSchemaSpec extends ShelfSpec {
        @Override public String serviceType() { return "InvalidSchema"; }
    }

    /** Its source starts a thread and never stops it. */
    public static final class LeakedThreadSpec extends ShelfSpec {
        /** Released by the test once the kit has looked, so the thread ends. */
        public static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override public String serviceType() { return "LeakedThread"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, LeakingSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Starts a poller thread on every read. */
    public static final class LeakingSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public LeakingSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
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

    /** Its records differ from run to run. */
    public static final class NondeterministicSpec extends ShelfSpec {
        @Override public String serviceType() { return "Nondeterministic"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, RandomSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Describes each table with a fresh random id. */
    public static final class RandomSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public RandomSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected String describe(String book) {
            return "read as " + UUID.randomUUID();
        }
    }

    /** Its records carry the connection's password. */
    public static final class SecretInRecordsSpec extends ShelfSpec {
        @Override public String serviceType() { return "SecretInRecords"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, TellingSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Describes each table with the shelf's key. */
    public static final class TellingSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TellingSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected String describe(String book) {
            return "opened with " + connection().password().reveal();
        }
    }

    /** Its source ignores the filter patterns. */
    public static final class IgnoredFiltersSpec extends ShelfSpec {
        @Override public String serviceType() { return "IgnoredFilters"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, UnfilteredSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Reads everything whatever the filters say. */
    public static final class UnfilteredSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public UnfilteredSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        protected boolean filters() {
            return false;
        }
    }

    /** Its connection record keeps the password as a plain string, so toString shows it. */
    public static final class PasswordInToStringSpec extends ShelfSpec {
        @Override public String serviceType() { return "PasswordInToString"; }
        @Override public Class<?> connectionType() { return PlainConnection.class; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, PlainSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, PlainSource.class));
        }
        @Override public java.util.Optional<Class<? extends io.metaingest.api.ConnectionTester>> connectionTester() {
            return java.util.Optional.of(PlainTester.class);
        }
    }

    /**
     * A connection without {@link io.metaingest.api.Secret}.
     *
     * @param type the type
     * @param endpoint up or down
     * @param books the books
     * @param password the password, in plain text: the mistake
     */
    public record PlainConnection(String type, String endpoint, java.util.List<String> books, String password) {
    }

    /** Reads the plain connection the way the shelf does. */
    public static final class PlainSource implements Source<EntityRequest> {
        private final ShelfSpec.ShelfSource shelf;

        /** Created by the runtime's injector. */
        @Inject
        public PlainSource(PlainConnection c, DatabaseMetadataConfig config, WorkflowContext context) {
            this.shelf = new ShelfSpec.ShelfSource(new ShelfSpec.Connection(c.type(), c.endpoint(), c.books(),
                    io.metaingest.api.Secret.of(c.password())), config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            return shelf.read();
        }
    }

    /** Tests the plain connection. */
    public static final class PlainTester implements io.metaingest.api.ConnectionTester {
        private final PlainConnection connection;

        /** Created by the runtime's injector. */
        @Inject
        public PlainTester(PlainConnection connection) {
            this.connection = connection;
        }

        @Override
        public java.util.List<String> test() throws io.metaingest.api.ConnectionException {
            if (!"up".equals(connection.endpoint())) {
                throw new io.metaingest.api.ConnectionException(io.metaingest.api.ConnectionException.Reason.UNREACHABLE, "down");
            }
            return java.util.List.of("up");
        }
    }

    /**
     * Its connection schema gives {@code books} a default that the connection record does not apply:
     * a workflow without books would read none, whatever the schema promises.
     */
    public static final class IgnoredDefaultSpec extends ShelfSpec {
        @Override public String serviceType() { return "IgnoredDefault"; }
    }

    /** It declares a processor whose constructor asks for something no binding provides. */
    public static final class UnbuildableStepSpec extends ShelfSpec {
        @Override public String serviceType() { return "UnbuildableStep"; }
        @Override public List<StepSpec<?>> steps() {
            List<StepSpec<?>> steps = new ArrayList<>(sources());
            steps.add(StepSpec.processor("shelf-sorter", ShelfSorter.class, EntityRequest.class,
                    ShelfSorter.Config.class, "/schemas/step/shelf-sorter.json"));
            return steps;
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
    public static final class TimeZoneSpec extends ShelfSpec {
        @Override public String serviceType() { return "TimeZoneChanger"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, TimeZoneSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Sets the default time zone to the server's, as some drivers' examples do. */
    public static final class TimeZoneSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public TimeZoneSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
            return super.read();
        }
    }

    /** Its source raises Jackson's process-wide string limit, for every connector in the JVM. */
    public static final class JacksonDefaultsSpec extends ShelfSpec {
        @Override public String serviceType() { return "JacksonDefaultsChanger"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, JacksonDefaultsSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Overrides Jackson's default read constraints, as a connector reading huge documents might. */
    public static final class JacksonDefaultsSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public JacksonDefaultsSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
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
    public static final class LoggerLevelSpec extends ShelfSpec {
        @Override public String serviceType() { return "LoggerLevelChanger"; }
        @Override protected List<StepSpec<?>> sources() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, LoggerLevelSource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, ShelfSpec.ShelfLineage.class));
        }
    }

    /** Sets a named logger's level through the shared Logback context. */
    public static final class LoggerLevelSource extends ShelfSpec.ShelfSource {
        /** Created by the runtime's injector. */
        @Inject
        public LoggerLevelSource(ShelfSpec.Connection c, DatabaseMetadataConfig config, WorkflowContext context) {
            super(c, config, context);
        }

        @Override
        public Stream<Result<EntityRequest>> read() throws Exception {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.postgresql"))
                    .setLevel(ch.qos.logback.classic.Level.OFF);
            return super.read();
        }
    }
}
