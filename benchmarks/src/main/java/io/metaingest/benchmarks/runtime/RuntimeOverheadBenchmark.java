package io.metaingest.benchmarks.runtime;

import io.metaingest.api.Result;
import io.metaingest.benchmarks.synthetic.ReadingsSpec;
import io.metaingest.benchmarks.synthetic.ReadingsSpec.Reading;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark 1, runtime overhead: {@value #RECORDS} small records through source → two
 * transformations → a discarding sink, by the runtime (a loaded workflow run by
 * {@link Metaingest#run}: injector, statuses, confirmed writes, the run's result) and by a
 * hand-written loop driving the same three step objects (the reference: what the steps cost without
 * the runtime). A third figure, {@link #plainFunctions}, applies the two functions in a bare loop
 * with no step objects at all, for scale: there the JIT can remove every allocation.
 * One JMH operation is one record, so the score is records per second and the gc profiler's
 * {@code gc.alloc.rate.norm} is bytes allocated per record. The annotated fork options are the JVM's
 * defaults (the optimising JIT); {@code benchmarks/run} also runs it with the launcher's options
 * ({@link LauncherJvmOptions}), which is how a user's run executes the runtime.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class RuntimeOverheadBenchmark {

    /** Records per invocation. */
    public static final int RECORDS = 10_000_000;

    /**
     * {@code shared}: before measuring, each fork runs the runtime once and the loop once, so both are
     * measured in the same JVM state (the "in the same JVM"): the JDK's shared stream code has
     * seen both callers. {@code fresh}: each fork has only ever run what it measures, which favours
     * the loop, whose JVM has run nothing else.
     */
    @Param({"shared", "fresh"})
    public String jvm;

    private Metaingest runtime;
    private LoadedWorkflow workflow;
    private final PrintStream discard = new PrintStream(OutputStream.nullOutputStream());

    /** Loads the workflow once; each invocation runs it. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        runtime = new Metaingest(ServiceSpecRegistry.of(new ReadingsSpec()), Mappers.standard(), Clock.systemUTC(),
                Map.<String, String>of()::get);
        Path file = Files.createTempFile("readings", ".yaml");
        Files.writeString(file, """
                source:
                  type: readings
                  serviceName: readings
                  serviceConnection: {config: {type: Readings, records: %d}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                processor: {type: calibrate-and-label, config: {}}
                sink: {type: discard, config: {}}
                workflowConfig: {loggerLevel: WARN}
                """.formatted(RECORDS));
        workflow = runtime.load(file);
        Files.delete(file);
        if (jvm.equals("shared")) {
            runtime();
            handWrittenLoop();
        }
    }

    /** The runtime. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long runtime() {
        RunResult result = runtime.run(workflow, Optional.empty(), discard, false);
        long written = result.steps().get(result.steps().size() - 1).records();
        if (written != RECORDS) {
            throw new IllegalStateException("the sink counted " + written + " of " + RECORDS + ": " + result.fatalError());
        }
        return ReadingsSpec.DiscardingSink.last;
    }

    /** The same source, processor and sink objects, wired by a hand-written loop that counts what it wrote. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long handWrittenLoop() {
        ReadingsSpec.ReadingsSource source = new ReadingsSpec.ReadingsSource(new ReadingsSpec.ReadingsConnection(RECORDS));
        ReadingsSpec.CalibrateAndLabel processor = new ReadingsSpec.CalibrateAndLabel();
        long[] written = {0};
        try (ReadingsSpec.DiscardingSink sink = new ReadingsSpec.DiscardingSink();
             Stream<Result<Reading>> records = source.read()) {
            records.forEach(result -> {
                if (result instanceof Result.Ok<Reading> ok) {
                    processor.process(ok.record()).forEach(output -> {
                        if (output instanceof Result.Ok<Reading> processed) {
                            sink.write(processed.record());
                            written[0]++;
                        }
                    });
                }
            });
        }
        if (written[0] != RECORDS) {
            throw new IllegalStateException("wrote " + written[0]);
        }
        return ReadingsSpec.DiscardingSink.last;
    }

    /** The two functions in a bare loop: no steps, no streams. */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void plainFunctions(Blackhole blackhole) {
        long sum = 0;
        for (long i = 0; i < RECORDS; i++) {
            sum += ReadingsSpec.label(ReadingsSpec.calibrate(ReadingsSpec.reading(i))).value();
        }
        blackhole.consume(sum);
    }
}
