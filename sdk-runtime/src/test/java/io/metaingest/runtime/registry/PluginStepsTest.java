package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin jar built here contributes a processor and a sink that a workflow names by type. */
class PluginStepsTest {

    @TempDir
    static Path plugins;
    @TempDir
    static Path build;
    @TempDir
    Path dir;

    static Metaingest runtime;

    static final String PROVIDER = """
            package com.acme.steps;

            import io.metaingest.api.*;
            import jakarta.inject.Inject;
            import java.nio.file.*;
            import java.util.*;
            import java.util.stream.Stream;

            public class AcmeSteps implements StepProvider {
                public List<StepSpec<?>> steps() {
                    return List.of(
                            StepSpec.processor("shout", Shout.class, EntityRequest.class, Shout.Config.class,
                                    "/acme/shout.json"),
                            StepSpec.sink("lines", Lines.class, String.class, Lines.Config.class, "/acme/lines.json"),
                            StepSpec.processor("mapify", Mapify.class, EntityRequest.class, Shout.Config.class,
                                    "/acme/shout.json"),
                            StepSpec.processor("tablesaway", TablesAway.class, EntityRequest.class, Shout.Config.class,
                                    "/acme/shout.json"));
                }

                /** Declares entities out, emits a Map (Map.of's JDK-internal class): an author's mistake. */
                public static class Mapify implements Processor<EntityRequest, EntityRequest> {
                    @Inject public Mapify(Shout.Config config) { }
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    public Stream<Result<EntityRequest>> process(EntityRequest e) {
                        return Stream.of((Result) Result.ok(Map.of("name", e.key())));
                    }
                }

                /** Returns an empty stream for tables: an author's mistake (Result.filtered was meant). */
                public static class TablesAway implements Processor<EntityRequest, EntityRequest> {
                    @Inject public TablesAway(Shout.Config config) { }
                    public Stream<Result<EntityRequest>> process(EntityRequest e) {
                        return e instanceof io.metaingest.api.entity.CreateTableRequest ? Stream.empty() : Stream.of(Result.ok(e));
                    }
                }

                public static class Shout implements Processor<EntityRequest, String> {
                    public record Config(String suffix) {}
                    private final Config config;
                    @Inject public Shout(Config config) { this.config = config; }
                    public Stream<Result<String>> process(EntityRequest e) {
                        return Stream.of(Result.ok(e.key().toUpperCase() + config.suffix()));
                    }
                }

                public static class Lines implements Sink<String> {
                    public record Config(String path) {}
                    private final Path path;
                    private final List<String> lines = new ArrayList<>();
                    @Inject public Lines(Config config) { this.path = Path.of(config.path()); }
                    public WriteOutcome write(String line) {
                        lines.add(line + " via " + getClass().getClassLoader().getName());
                        return WriteOutcome.CREATED;
                    }
                    public void flush() throws java.io.IOException { Files.write(path, lines); }
                }
            }
            """;

    static Path location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @BeforeAll
    static void buildPlugin() throws Exception {
        JarBuilder.build(build, plugins.resolve("acme").resolve("acme-steps.jar"),
                Map.of("com.acme.steps.AcmeSteps", PROVIDER),
                Map.of(ServiceSpec.MARKER_RESOURCE, "com.acme.steps.AcmeSteps",
                        "acme/shout.json", """
                                {"type": "object", "additionalProperties": false, "required": ["suffix"],
                                 "properties": {"suffix": {"type": "string", "description": "appended"}}}""",
                        "acme/lines.json", """
                                {"type": "object", "additionalProperties": false, "required": ["path"],
                                 "properties": {"path": {"type": "string", "description": "the file"}}}"""),
                List.of(location(ServiceSpec.class), location(Inject.class)));
        runtime = new Metaingest(ServiceSpecRegistry.discover(PluginStepsTest.class.getClassLoader(), plugins),
                Mappers.standard(), Clock.systemUTC(), Map.<String, String>of()::get);
    }


    /** Runs the shelf's workflow with {@code steps}, its console discarded. */
    private RunResult ingest(String steps) throws Exception {
        return runtime.ingest(workflow(steps), Optional.empty(), new PrintStream(new ByteArrayOutputStream()), false);
    }

    /** Runs the shelf's records through processor {@code type} into a file sink. */
    private RunResult processedIntoFile(String type) throws Exception {
        return ingest("""
                processor: {type: %s, config: {suffix: "!"}}
                sink: {type: file, config: {path: "%s"}}""".formatted(type, dir.resolve("out.ndjson")));
    }
    private Path workflow(String steps) throws Exception {
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: svc
                  serviceConnection: {config: {type: Shelf, hostPort: "shelf:1", count: 2}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                %s
                """.formatted(steps));
        return file;
    }

    @Test
    void aWorkflowUsesThePluginsProcessorAndSinkByTypeName() throws Exception {
        Path out = dir.resolve("shouted.txt");
        RunResult result = ingest("""
                processor: {type: shout, config: {suffix: "!"}}
                sink: {type: lines, config: {path: "%s"}}""".formatted(out));

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("shelf", "shout", "lines");
        assertThat(Files.readAllLines(out)).containsExactly("SVC.SHELF! via plugin-acme", "SVC.SHELF.MAIN! via plugin-acme",
                "SVC.SHELF.MAIN.B1! via plugin-acme", "SVC.SHELF.MAIN.B2! via plugin-acme");
        assertThat(runtime.registry().findStep(StepKind.SINK, "lines", "Shelf")).get()
                .satisfies(step -> {
                    assertThat(step.origin()).isEqualTo("plugin acme");
                    assertThat(step.spec().stepClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
                });
    }

    @Test
    void thePluginsConfigSchemaIsEnforced() throws Exception {
        io.metaingest.runtime.config.InvalidConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.metaingest.runtime.config.InvalidConfigException.class,
                () -> runtime.load(workflow("processor: {type: shout, config: {sufix: x}}\nsink: {type: console}")));
        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                "processor.config.sufix: unknown field; did you mean 'suffix'?");
    }

    @Test
    void aRecordOfAnotherTypeIsARecordedFailureNamingBothTypes() throws Exception {
        // The shelf source emits a database, a schema and tables; the plugin's sink accepts strings only.
        RunResult result = ingest("sink: {type: lines, config: {path: \"%s\"}}".formatted(dir.resolve("x.txt")));
        StepSummary sink = result.steps().get(1);
        assertThat(sink.errors()).isEqualTo(4);
        assertThat(sink.failures().get(0).error()).isEqualTo("sink 'lines' accepts String records, not"
                + " CreateDatabaseRequest, which source 'shelf' emitted; make source 'shelf' emit String records (or add a"
                + " processor that turns CreateDatabaseRequest into String)");
    }

    @Test
    void aProcessorEmittingAnotherTypeThanItDeclaresIsNamedWithThePublicTypeAndTheFixAimedAtIt() throws Exception {
        RunResult result = processedIntoFile("mapify");

        StepSummary processor = result.steps().get(1);
        StepSummary sink = result.steps().get(2);
        // Counted where it was refused, as OpenMetadata 1.6 counts it: the processor did emit 4 records.
        assertThat(processor.records()).isEqualTo(4);
        assertThat(processor.errors()).isZero();
        assertThat(sink.errors()).isEqualTo(4);
        assertThat(sink.failures().get(0).error()).isEqualTo("sink 'file' accepts EntityRequest records, not Map,"
                + " which processor 'mapify' emitted; make processor 'mapify' emit EntityRequest records (its declared"
                + " output type)");
        assertThat(result.success()).as("the counts as before: the sink's 4 failures").isEqualTo(73.33);
    }

    @Test
    void aProcessorReturningNoResultForRecordsIsWarnedOfOnceWithTheirNamesAndTheCountsStay() throws Exception {
        RunResult result = processedIntoFile("tablesaway");

        StepSummary processor = result.steps().get(1);
        assertThat(result.steps().get(2).records()).isEqualTo(2);
        assertThat(processor.records()).isEqualTo(2);
        assertThat(processor.filtered()).isZero();
        assertThat(processor.warningDetails()).containsExactly("tablesaway: processor 'tablesaway' returned no result"
                + " for 2 records (svc.shelf.main.b1, svc.shelf.main.b2), so they were neither written nor counted as"
                + " filtered; return Result.filtered(name, reason) to drop a record (a database, schema, table or"
                + " stored procedure is named by its fully qualified name), or Result.ok(record) to pass it on");
        assertThat(result.success()).isEqualTo(100.0);
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
    }
}
