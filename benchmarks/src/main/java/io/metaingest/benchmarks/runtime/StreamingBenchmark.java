package io.metaingest.benchmarks.runtime;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.benchmarks.synthetic.SyntheticConnection;
import io.metaingest.benchmarks.synthetic.SyntheticSource;
import io.metaingest.benchmarks.synthetic.SyntheticSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runtime overhead and memory of the streaming path: the {@link SyntheticSpec} source of N tables (20 columns each)
 * through the file sink, at N and 10·N, compared with a hand-written loop that serialises the same
 * records straight to the same kind of file. Prints records/s, the ratio runtime/loop and the peak
 * heap after GC at both sizes (it should not grow with N).
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am package -Dmaven.test.skip=true} then
 * {@code java -Xmx256m -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:$(cat benchmarks/target/cp.txt)"
 * io.metaingest.benchmarks.runtime.StreamingBenchmark 100000} (build cp.txt with
 * {@code mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/cp.txt}).
 */
public final class StreamingBenchmark {

    private StreamingBenchmark() {
    }

    /** What the synthetic source emits for n tables: the database, a schema per 1,000 tables, the tables. */
    static Stream<EntityRequest> records(int n, String service) {
        return new SyntheticSource(new SyntheticConnection(n), new WorkflowContext(service, "synthetic", WorkflowKind.METADATA, "bench")).read().map(r -> ((Result.Ok<EntityRequest>) r).record());
    }

    public static void main(String[] args) throws Exception {
        int base = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("metaingest-streaming-");
        Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new SyntheticSpec()),
                Mappers.standard(), Clock.systemUTC(), System::getenv);
        for (int n : List.of(base / 10, base, base * 10)) { // the first size warms the JIT up
            double runtimeSeconds = timeRuntime(runtime, dir, n);
            long runtimePeak = peakHeapAfterGc();
            double loopSeconds = timeLoop(dir, n);
            System.out.printf("n=%,d tables: runtime %.2f s (%,.0f rec/s), hand-written loop %.2f s, ratio %.2f, "
                    + "old-gen in use after the last GC %d MiB%n", n, runtimeSeconds, n / runtimeSeconds, loopSeconds,
                    runtimeSeconds / loopSeconds, runtimePeak / (1024 * 1024));
        }
    }

    private static double timeRuntime(Metaingest runtime, Path dir, int n) throws Exception {
        Path workflow = dir.resolve("w.yaml");
        Files.writeString(workflow, """
                source:
                  type: synthetic
                  serviceName: svc
                  serviceConnection: {config: {type: Synthetic, tables: %d}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(n, dir.resolve("runtime.ndjson")));
        resetPeaks();
        long start = System.nanoTime();
        RunResult result = runtime.ingest(workflow, Optional.empty(), new PrintStream(OutputStream.nullOutputStream()), false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long expected = records(n, "svc").count();
        if (result.steps().get(1).records() != expected) {
            throw new IllegalStateException("wrote " + result.steps().get(1).records() + " of " + expected);
        }
        return seconds;
    }

    private static double timeLoop(Path dir, int n) throws Exception {
        var mapper = Mappers.standard();
        long start = System.nanoTime();
        try (var writer = Files.newBufferedWriter(dir.resolve("loop.ndjson"))) {
            for (EntityRequest entity : (Iterable<EntityRequest>) records(n, "svc")::iterator) {
                writer.write("{\"entityType\":\"" + entity.entityType() + "\",\"entity\":" + mapper.writeValueAsString(entity) + "}");
                writer.newLine();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapAfterGc() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().toLowerCase().contains("old")
                    && pool.getCollectionUsage() != null) {
                peak = Math.max(peak, pool.getCollectionUsage().getUsed());
            }
        }
        return peak;
    }
}
