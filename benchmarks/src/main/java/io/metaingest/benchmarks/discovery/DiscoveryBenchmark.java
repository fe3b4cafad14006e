package io.metaingest.benchmarks.discovery;

import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Row;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark 2, discovery at scale: 50 and 200 generated plugin folders ({@link GeneratedJars}) with
 * 100 unrelated jars on the class path, found by metaingest's registry and by
 * {@link java.util.ServiceLoader} (one class loader per folder), each as a whole process
 * ({@link DiscoveryProbe}), alternating, medians of {@code runs}. Target: registry / ServiceLoader
 * ≤ 1.5 at 200 plugins; the growth from 50 to 200 is printed for both.
 */
public final class DiscoveryBenchmark {

    private static final int UNRELATED = 100;

    private DiscoveryBenchmark() {
    }

    /** Prints the rows: {@code DiscoveryBenchmark <runtime lib dir> <work dir> [runs]}. */
    public static void main(String[] args) throws Exception {
        measure(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5).forEach(System.out::println);
    }

    /**
     * Measures and returns the table's rows.
     *
     * @param runtimeLib the distribution's {@code lib} folder: the runtime and its libraries, no connector
     */
    public static List<Row> measure(Path runtimeLib, Path work, int runs) throws Exception {
        Path root = work.resolve("discovery-jars");
        GeneratedJars.write(root, 200, UNRELATED);
        List<String> classPath = new ArrayList<>();
        classPath.add(runtimeLib + "/*");
        // This module's classes (the probe), wherever the harness runs from.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("benchmarks")) {
                classPath.add(entry);
            }
        }
        try (Stream<Path> jars = Files.list(root.resolve("unrelated"))) {
            jars.sorted().forEach(j -> classPath.add(j.toString()));
        }
        String cp = String.join(File.pathSeparator, classPath);
        Path log = work.resolve("discovery.log");
        Map<Integer, double[]> medians = new java.util.LinkedHashMap<>();
        for (int n : List.of(50, 200)) {
            Path dir = work.resolve("discovery-plugins-" + n);
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                for (int k = 0; k < n; k++) {
                    Files.createSymbolicLink(dir.resolve("plugin-" + k), root.resolve("plugins/plugin-" + k));
                }
            }
            List<Double> registry = new ArrayList<>();
            List<Double> serviceLoader = new ArrayList<>();
            List<Double> registryCpu = new ArrayList<>();
            List<Double> serviceLoaderCpu = new ArrayList<>();
            for (int r = 0; r < runs + 1; r++) {
                Processes.Measured a = probe(cp, "registry", dir, n, log);
                Processes.Measured b = probe(cp, "serviceloader", dir, n, log);
                if (r > 0) { // the first round warms the page cache
                    registry.add(a.seconds());
                    serviceLoader.add(b.seconds());
                    registryCpu.add(a.cpuSeconds());
                    serviceLoaderCpu.add(b.cpuSeconds());
                }
            }
            medians.put(n, new double[] {Processes.median(registry), Processes.median(serviceLoader),
                    Processes.median(registryCpu), Processes.median(serviceLoaderCpu)});
        }
        double[] small = medians.get(50);
        double[] large = medians.get(200);
        List<Row> rows = new ArrayList<>();
        rows.add(Row.judged("2 discovery: 200 plugins + 100 unrelated jars (wall)",
                String.format(Locale.ROOT, "registry %.2f s wall (%.2f s CPU)", large[0], large[2]),
                String.format(Locale.ROOT, "ServiceLoader %.2f s wall (%.2f s CPU)", large[1], large[3]), large[0] / large[1],
                "<= 1.5", large[0] / large[1] <= 1.5));
        rows.add(Row.judged("2 discovery: 200 plugins + 100 unrelated jars (CPU)",
                String.format(Locale.ROOT, "registry %.2f s CPU", large[2]),
                String.format(Locale.ROOT, "ServiceLoader %.2f s CPU", large[3]), large[2] / large[3], "<= 1.5",
                large[2] / large[3] <= 1.5));
        rows.add(Row.info("2 discovery: growth 50 -> 200 plugins",
                String.format(Locale.ROOT, "registry %.2f -> %.2f s (x%.2f)", small[0], large[0], large[0] / small[0]),
                String.format(Locale.ROOT, "ServiceLoader %.2f -> %.2f s (x%.2f)", small[1], large[1], large[1] / small[1])));
        return rows;
    }

    private static Processes.Measured probe(String cp, String mode, Path dir, int expected, Path log) throws Exception {
        return Processes.run(List.of(Processes.javaBin(), "-XX:+UseSerialGC", "-cp", cp, DiscoveryProbe.class.getName(),
                mode, dir.toString(), Integer.toString(expected)), Map.of(), log);
    }
}
