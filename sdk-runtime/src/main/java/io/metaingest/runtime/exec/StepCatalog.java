package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.BulkSink;
import io.metaingest.api.Processor;
import io.metaingest.api.Sink;
import io.metaingest.api.Stage;
import io.metaingest.runtime.sink.ConsoleSink;
import io.metaingest.runtime.sink.FileSink;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The processor, sink, stage and bulk-sink types a workflow may name, each with the JSON Schema of
 * its {@code config} and a factory. Immutable; {@link #builtIn()} has the {@code file} and
 * {@code console} sinks.
 */
public final class StepCatalog {

    /** The four step roles that are configured by type in a workflow file. */
    public enum Role {
        /** {@code processor}. */
        PROCESSOR("processor"),
        /** {@code sink}. */
        SINK("sink"),
        /** {@code stage}. */
        STAGE("stage"),
        /** {@code bulkSink}. */
        BULK_SINK("bulkSink");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        /** The workflow file's key for this role. */
        public String key() {
            return key;
        }
    }

    /**
     * Creates a step from its {@code config}.
     *
     * @param <S> the step interface
     */
    @FunctionalInterface
    public interface StepFactory<S> {
        /** Creates the step; {@code config} has been validated against the type's schema. */
        S create(JsonNode config, StepEnvironment environment) throws Exception;
    }

    /**
     * A step type.
     *
     * @param name the {@code type} value
     * @param schemaResource classpath resource of the config's JSON Schema
     * @param factory creates the step
     */
    public record StepType(String name, String schemaResource, StepFactory<?> factory) {
    }

    private final Map<Role, Map<String, StepType>> types;

    private StepCatalog(Map<Role, Map<String, StepType>> types) {
        this.types = types;
    }

    /** The runtime's own steps: the {@code file} and {@code console} sinks. */
    public static StepCatalog builtIn() {
        Map<Role, Map<String, StepType>> types = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            types.put(role, new TreeMap<>());
        }
        StepCatalog catalog = new StepCatalog(types);
        catalog.types.get(Role.SINK).put("file", new StepType("file", "/schemas/sink/file.json",
                (StepFactory<Sink<Object>>) (config, env) ->
                        new FileSink(Path.of(config.path("path").asText()), env.mapper(), env.masker())));
        catalog.types.get(Role.SINK).put("console", new StepType("console", "/schemas/sink/console.json",
                (StepFactory<Sink<Object>>) (config, env) ->
                        new ConsoleSink(env.console(), env.mapper(), env.masker(), env.terminal())));
        return catalog;
    }

    /** A copy with one more step type. */
    public StepCatalog with(Role role, StepType type) {
        Map<Role, Map<String, StepType>> copy = new LinkedHashMap<>();
        types.forEach((r, m) -> copy.put(r, new TreeMap<>(m)));
        copy.get(role).put(type.name(), type);
        return new StepCatalog(copy);
    }

    /** Looks a type up. */
    public Optional<StepType> find(Role role, String name) {
        return Optional.ofNullable(types.get(role).get(name));
    }

    /** The names of a role's types. */
    public java.util.Set<String> names(Role role) {
        return types.get(role).keySet();
    }

    /** Creates a processor. */
    @SuppressWarnings("unchecked")
    public Processor<Object, Object> processor(StepType type, JsonNode config, StepEnvironment env) throws Exception {
        return (Processor<Object, Object>) type.factory().create(config, env);
    }

    /** Creates a sink. */
    @SuppressWarnings("unchecked")
    public Sink<Object> sink(StepType type, JsonNode config, StepEnvironment env) throws Exception {
        return (Sink<Object>) type.factory().create(config, env);
    }

    /** Creates a stage. */
    @SuppressWarnings("unchecked")
    public Stage<Object> stage(StepType type, JsonNode config, StepEnvironment env) throws Exception {
        return (Stage<Object>) type.factory().create(config, env);
    }

    /** Creates a bulk sink. */
    @SuppressWarnings("unchecked")
    public BulkSink<Object> bulkSink(StepType type, JsonNode config, StepEnvironment env) throws Exception {
        return (BulkSink<Object>) type.factory().create(config, env);
    }
}
