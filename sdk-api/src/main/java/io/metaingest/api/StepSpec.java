package io.metaingest.api;

import io.metaingest.api.config.SourceConfigType;

/**
 * The declaration of one step type: the {@code type} name a workflow uses, the record its
 * {@code config} is bound to with the JSON Schema that validates it, and the class the runtime's
 * injector creates (through its {@code @jakarta.inject.Inject} constructor, where the config record
 * can be asked for like any other dependency). Every step is declared this way, a connector's sources
 * included. Create one with the factory of its role:
 *
 * <pre>{@code
 * StepSpec.source(SourceConfigType.DATABASE_METADATA, PostgresMetadataSource.class)
 * StepSpec.sink("file", FileSink.class, Object.class, FileSinkConfig.class, "/schemas/sink/file.json")
 * }</pre>
 *
 * <p>Processors, stages and sinks name the record type they accept: a record of another type
 * reaching them is a recorded failure naming both types, never a {@link ClassCastException} deep in
 * the step.
 *
 * @param <S> the step interface of the role ({@link Processor}, {@link Stage}, {@link BulkSink}, {@link Sink})
 */
public sealed interface StepSpec<S extends AutoCloseable>
        permits StepSpec.SourceSpec, StepSpec.ProcessorSpec, StepSpec.StageSpec, StepSpec.BulkSinkSpec,
        StepSpec.SinkSpec {

    /** The workflow file's key of each role. */
    enum Role {
        /** {@code source}: a connector's reader for one workflow kind. */
        SOURCE("source"),
        /** {@code processor}. */
        PROCESSOR("processor"),
        /** {@code stage}. */
        STAGE("stage"),
        /** {@code bulkSink}. */
        BULK_SINK("bulkSink"),
        /** {@code sink}. */
        SINK("sink");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        /** The key in the workflow file, e.g. {@code bulkSink}. */
        public String key() {
            return key;
        }
    }

    /** The role. */
    Role role();

    /** The {@code type} a workflow names, e.g. {@code file} or {@code query-parser}. */
    String type();

    /** The class the injector creates. */
    Class<?> stepClass();

    /** The record bound from the step's {@code config} (an empty record when it takes none). */
    Class<? extends Record> configType();

    /**
     * The config's JSON Schema, as {@link #stepClass()}{@code .getResource} finds it: write it from the
     * jar's root with a leading slash ({@code /schemas/my-sink.json}); without one it is looked up
     * beside the step class, in its package's folder.
     */
    String configSchema();

    /**
     * A connector's source for the workflows whose {@code sourceConfig.config.type} is {@code configType}
     * (which also fixes the workflow kind and the config record the source may ask for). Only a
     * {@link ServiceSpec} declares sources; {@link WorkflowKind#METADATA} is required.
     */
    static <P extends Source<?>> StepSpec<Source<?>> source(SourceConfigType configType, Class<P> stepClass) {
        return new SourceSpec<>(configType, stepClass);
    }

    /** A processor transforming records of type {@code I}. */
    static <I, P extends Processor<I, ?>> StepSpec<Processor<Object, ?>> processor(
            String type, Class<P> stepClass, Class<I> accepts, Class<? extends Record> configType, String configSchema) {
        return new ProcessorSpec<>(type, stepClass, accepts, configType, configSchema);
    }

    /** The first half of a two-phase write, staging records of type {@code T}. */
    static <T, P extends Stage<T>> StepSpec<Stage<Object>> stage(
            String type, Class<P> stepClass, Class<T> accepts, Class<? extends Record> configType, String configSchema) {
        return new StageSpec<>(type, stepClass, accepts, configType, configSchema);
    }

    /** The second half of a two-phase write. */
    static <P extends BulkSink<?>> StepSpec<BulkSink<?>> bulkSink(
            String type, Class<P> stepClass, Class<? extends Record> configType, String configSchema) {
        return new BulkSinkSpec<>(type, stepClass, configType, configSchema);
    }

    /** A sink writing records of type {@code T}. */
    static <T, P extends Sink<T>> StepSpec<Sink<Object>> sink(
            String type, Class<P> stepClass, Class<T> accepts, Class<? extends Record> configType, String configSchema) {
        return new SinkSpec<>(type, stepClass, accepts, configType, configSchema);
    }

    /**
     * Views an instance of {@link #stepClass()} (as created by the injector) as the role's interface
     * over any record; records of a type the step does not accept fail with a clear message.
     */
    S adapt(Object instance);

    /**
     * A source declaration; see {@link #source}. Its {@code type} is the {@code sourceConfig.config.type}
     * it reads for, and its config schema is the runtime's schema of that OpenMetadata config.
     */
    record SourceSpec<P extends Source<?>>(SourceConfigType sourceConfigType, Class<P> stepClass)
            implements StepSpec<Source<?>> {
        /** Rejects missing parts. */
        public SourceSpec {
            java.util.Objects.requireNonNull(sourceConfigType, "the SourceConfigType of a source");
            java.util.Objects.requireNonNull(stepClass, "the class of the " + sourceConfigType.typeName() + " source");
        }

        /** The workflow kind this source serves. */
        public WorkflowKind kind() {
            return sourceConfigType.kind();
        }

        @Override
        public Role role() {
            return Role.SOURCE;
        }

        @Override
        public String type() {
            return sourceConfigType.typeName();
        }

        @Override
        public Class<? extends Record> configType() {
            return sourceConfigType.recordType();
        }

        @Override
        public String configSchema() {
            return "/schemas/sourceConfig/" + sourceConfigType.typeName() + ".json";
        }

        @Override
        public Source<?> adapt(Object instance) {
            return stepClass.cast(instance);
        }
    }

    /** A processor declaration; see {@link #processor}. */
    record ProcessorSpec<I, P extends Processor<I, ?>>(String type, Class<P> stepClass, Class<I> accepts,
            Class<? extends Record> configType, String configSchema) implements StepSpec<Processor<Object, ?>> {
        /** Rejects missing parts. */
        public ProcessorSpec {
            StepChecks.require(type, stepClass, accepts, configType, configSchema);
        }

        @Override
        public Role role() {
            return Role.PROCESSOR;
        }

        @Override
        public Processor<Object, ?> adapt(Object instance) {
            Processor<I, ?> processor = stepClass.cast(instance);
            return StepChecks.processor(processor, accepts, type);
        }
    }

    /** A stage declaration; see {@link #stage}. */
    record StageSpec<T, P extends Stage<T>>(String type, Class<P> stepClass, Class<T> accepts,
            Class<? extends Record> configType, String configSchema) implements StepSpec<Stage<Object>> {
        /** Rejects missing parts. */
        public StageSpec {
            StepChecks.require(type, stepClass, accepts, configType, configSchema);
        }

        @Override
        public Role role() {
            return Role.STAGE;
        }

        @Override
        public Stage<Object> adapt(Object instance) {
            P stage = stepClass.cast(instance);
            return new Stage<>() {
                @Override
                public void stage(Object record) throws Exception {
                    stage.stage(StepChecks.accepted(accepts, record, type));
                }

                @Override
                public void close() throws Exception {
                    stage.close();
                }
            };
        }
    }

    /** A bulk sink declaration; see {@link #bulkSink}. */
    record BulkSinkSpec<P extends BulkSink<?>>(String type, Class<P> stepClass, Class<? extends Record> configType,
            String configSchema) implements StepSpec<BulkSink<?>> {
        /** Rejects missing parts. */
        public BulkSinkSpec {
            StepChecks.require(type, stepClass, Object.class, configType, configSchema);
        }

        @Override
        public Role role() {
            return Role.BULK_SINK;
        }

        @Override
        public BulkSink<?> adapt(Object instance) {
            return stepClass.cast(instance);
        }
    }

    /** A sink declaration; see {@link #sink}. */
    record SinkSpec<T, P extends Sink<T>>(String type, Class<P> stepClass, Class<T> accepts,
            Class<? extends Record> configType, String configSchema) implements StepSpec<Sink<Object>> {
        /** Rejects missing parts. */
        public SinkSpec {
            StepChecks.require(type, stepClass, accepts, configType, configSchema);
        }

        @Override
        public Role role() {
            return Role.SINK;
        }

        @Override
        public Sink<Object> adapt(Object instance) {
            P sink = stepClass.cast(instance);
            return new Sink<>() {
                @Override
                public WriteOutcome write(Object record) throws Exception {
                    return sink.write(StepChecks.accepted(accepts, record, type));
                }

                @Override
                public long confirmed() {
                    return sink.confirmed();
                }

                @Override
                public void flush() throws Exception {
                    sink.flush();
                }

                @Override
                public boolean complete(boolean keep) throws Exception {
                    return sink.complete(keep);
                }

                @Override
                public boolean writesAreFinal() {
                    return sink.writesAreFinal();
                }

                @Override
                public String destination() {
                    return sink.destination();
                }

                @Override
                public void close() throws Exception {
                    sink.close();
                }
            };
        }
    }
}
