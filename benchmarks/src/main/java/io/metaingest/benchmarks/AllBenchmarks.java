package io.metaingest.benchmarks;

import io.metaingest.benchmarks.discovery.DiscoveryBenchmark;
import io.metaingest.benchmarks.memory.MemoryBenchmark;
import io.metaingest.benchmarks.postgres.MillionRelationsBenchmark;
import io.metaingest.benchmarks.postgres.PeersBenchmark;
import io.metaingest.benchmarks.runtime.LauncherJvmOptions;
import io.metaingest.benchmarks.runtime.RuntimeOverheadBenchmark;
import io.metaingest.benchmarks.startup.StartupBenchmark;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The one command of the benchmarks ({@code benchmarks/run}, see the README): runs the benchmarks
 * of issue 16 and prints one table, each figure beside its reference measured in the same run, its
 * ratio, its target and whether the target was met, headed by the date, the machine and its load.
 * Each part also works alone through its own class.
 *
 * <p>Options: {@code --only runtime,discovery,memory,startup,peers,million} (all but {@code million}, which
 * builds a million relations, by default; its options are {@link MillionRelationsBenchmark}'s) {@code --repo <checkout>}
 * {@code --work <folder>} (default {@code <repo>/target/bench}) {@code --memory-tables 1000000}
 * {@code --rest-tables 1000000} {@code --peer-sizes 1000,10000} {@code --slow-max 10000}
 * {@code --runs 3} (start-up and discovery repetitions) {@code --peer-runs 1}.
 */
public final class AllBenchmarks {

    private AllBenchmarks() {
    }

    /** Runs and prints. */
    public static void main(String[] args) throws Exception {
        BenchmarkSupport.quietAllLogging();
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path repo = Path.of(o.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        Path work = Path.of(o.getOrDefault("work", repo.resolve("target/bench").toString())).toAbsolutePath();
        Files.createDirectories(work);
        Set<String> only = Set.of(o.getOrDefault("only", "runtime,discovery,memory,startup,peers").split(","));
        Path launcher = repo.resolve("cli/target/metaingest/bin/metaingest");
        int runs = Integer.parseInt(o.getOrDefault("runs", "3"));
        String loadBefore = BenchmarkSupport.loadAverage();
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        if (only.contains("runtime")) {
            rows.addAll(runtime(launcher));
        }
        if (only.contains("discovery")) {
            rows.addAll(DiscoveryBenchmark.measure(launcher.getParent().resolveSibling("lib"), work, runs));
        }
        if (only.contains("memory")) {
            rows.addAll(MemoryBenchmark.measure(launcher, work, Integer.parseInt(o.getOrDefault("memory-tables", "1000000")),
                    Integer.parseInt(o.getOrDefault("rest-tables", "1000000"))));
        }
        if (only.contains("startup")) {
            rows.addAll(StartupBenchmark.measure(launcher, work, runs));
        }
        if (only.contains("peers")) {
            Path schemaCrawler = repo.resolve("benchmarks/schemacrawler/target/lib");
            rows.addAll(PeersBenchmark.measure(
                    Arrays.stream(o.getOrDefault("peer-sizes", "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(o.getOrDefault("peer-runs", "1")), work, launcher + " ingest -c",
                    Files.isDirectory(schemaCrawler) ? schemaCrawler : null, Integer.parseInt(o.getOrDefault("slow-max", "10000")),
                    Integer.parseInt(o.getOrDefault("peer-limit-min", PeersBenchmark.LIMIT_MINUTES))));
        }
        if (only.contains("million")) {
            Path schemaCrawler = repo.resolve("benchmarks/schemacrawler/target/lib");
            if (Files.isDirectory(schemaCrawler)) {
                o.putIfAbsent("schemacrawler", schemaCrawler.toString());
            }
            rows.addAll(MillionRelationsBenchmark.measure(work, MillionRelationsBenchmark.plan(o, launcher + " ingest -c")));
        }
        String table = table(rows, started, loadBefore, BenchmarkSupport.loadAverage());
        System.out.print(table);
        Files.writeString(work.resolve("results.md"), table);
    }

    /**
     * Benchmark 1 through JMH with the gc profiler: throughput ratio and bytes per record, in the same
     * JVM state (judged: the "in the same JVM") and in JVMs that ran only what they measure;
     * each with the JVM options the launcher gives a user's run (its quick JIT and serial collector,
     * read from the built launcher) and with the JVM's defaults (the optimising JIT, as when the
     * runtime is embedded in another JVM: the test kit, an orchestrator's process).
     */
    private static List<Row> runtime(Path launcher) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> launcherOptions = new ArrayList<>(List.of("-Xmx1g"));
        launcherOptions.addAll(LauncherJvmOptions.read(launcher));
        rows.addAll(runtime("launcher's JVM options", launcherOptions));
        rows.addAll(runtime("JVM defaults", null));
        return rows;
    }

    /** One configuration; {@code jvmOptions} null keeps the benchmark's own (annotated) options. */
    private static List<Row> runtime(String configuration, List<String> jvmOptions) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(RuntimeOverheadBenchmark.class.getName() + "\\.(runtime|handWrittenLoop)$")
                .addProfiler(GCProfiler.class).verbosity(VerboseMode.SILENT);
        if (jvmOptions != null) {
            options.jvmArgsAppend(jvmOptions.toArray(String[]::new));
        }
        Map<String, double[]> byCase = new LinkedHashMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            byCase.put(method + "/" + r.getParams().getParam("jvm"), new double[] {r.getPrimaryResult().getScore(),
                    r.getPrimaryResult().getScoreError(), r.getSecondaryResults().get("gc.alloc.rate.norm").getScore()});
        }
        List<Row> rows = new ArrayList<>();
        for (String jvm : List.of("shared", "fresh")) {
            double[] rt = byCase.get("runtime/" + jvm);
            double[] loop = byCase.get("handWrittenLoop/" + jvm);
            double ratio = rt[0] / loop[0];
            String state = configuration + ", " + (jvm.equals("shared") ? "same JVM state" : "each in a JVM that ran only itself");
            String records = String.format(Locale.ROOT, "%,.0f rec/s (±%,.0f)", rt[0], rt[1]);
            String reference = String.format(Locale.ROOT, "same steps, hand-written loop %,.0f rec/s (±%,.0f)",
                    loop[0], loop[1]);
            String name = "1 runtime (" + state + "): 10M small records, source -> processor (2 functions) -> discarding sink";
            rows.add(jvm.equals("shared") ? Row.judged(name, records, reference, ratio, ">= 0.95", ratio >= 0.95)
                    : new Row(name, records, reference, String.format(Locale.ROOT, "%.2f", ratio), "", ""));
            rows.add(Row.judged("1 runtime (" + state + "): bytes allocated per record",
                    String.format(Locale.ROOT, "%.0f B", rt[2]), String.format(Locale.ROOT, "hand-written loop %.0f B", loop[2]),
                    rt[2] / loop[2], "nothing per record from the runtime (ratio <= 1.0)", rt[2] <= loop[2] + 0.5));
        }
        return rows;
    }

    private static String table(List<Row> rows, Instant started, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder();
        long ramGb = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() >> 30;
        out.append(String.format(Locale.ROOT, "metaingest benchmarks, started %s; %d cores, %d GB RAM, Java %s; "
                + "load average before: %s, after: %s%n%n", started, Runtime.getRuntime().availableProcessors(), ramGb,
                System.getProperty("java.version"), loadBefore, loadAfter));
        out.append("| benchmark | metaingest | reference (same run) | ratio | target | verdict |\n");
        out.append("|---|---|---|---:|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(String.join(" | ", r.benchmark(), r.measured(), r.reference(), r.ratio(), r.target(),
                    r.verdict())).append(" |\n");
        }
        return out.toString();
    }
}
