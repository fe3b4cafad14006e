package io.metaingest.benchmarks.runtime;

import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.TableType;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Runtime overhead and memory of the streaming path: a synthetic source of N tables (20 columns each)
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

    /** The synthetic connector. */
    public static final class SyntheticSpec implements ServiceSpec {
        @Override public String serviceType() { return "Synthetic"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<SyntheticConnection> connectionType() { return SyntheticConnection.class; }
        @Override public String connectionSchema() { return "/schemas/syntheticConnection.json"; }
        @Override public Map<WorkflowKind, Class<? extends Source<?>>> sources() {
            return Map.of(WorkflowKind.METADATA, SyntheticSource.class);
        }
    }

    /**
     * The connection.
     *
     * @param tables how many tables
     */
    public record SyntheticConnection(int tables) {
    }

    /** Generates tables lazily. */
    public static final class SyntheticSource implements Source<CreateTableRequest> {
        private final SyntheticConnection connection;
        private final WorkflowContext context;

        @Inject
        public SyntheticSource(SyntheticConnection connection, WorkflowContext context) {
            this.connection = connection;
            this.context = context;
        }

        @Override
        public Stream<Result<CreateTableRequest>> read() {
            return tables(connection.tables(), context.serviceName()).map(Result::ok);
        }
    }

    static Stream<CreateTableRequest> tables(int count, String service) {
        return IntStream.range(0, count).mapToObj(i -> new CreateTableRequest("t" + i, null, "table " + i,
                TableType.REGULAR, IntStream.rangeClosed(1, 20).mapToObj(c -> Column.of("c" + c, DataType.VARCHAR, c)).toList(),
                null, null, null, service + ".db.s" + (i % 50), null, null, null));
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
        if (result.steps().get(1).records() != n) {
            throw new IllegalStateException("wrote " + result.steps().get(1).records() + " of " + n);
        }
        return seconds;
    }

    private static double timeLoop(Path dir, int n) throws Exception {
        var mapper = Mappers.standard();
        long start = System.nanoTime();
        try (var writer = Files.newBufferedWriter(dir.resolve("loop.ndjson"))) {
            for (CreateTableRequest table : (Iterable<CreateTableRequest>) tables(n, "svc")::iterator) {
                writer.write("{\"entityType\":\"table\",\"entity\":" + mapper.writeValueAsString(table) + "}");
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
