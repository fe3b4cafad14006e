package io.metaingest.benchmarks.startup;

import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Processes.Measured;
import io.metaingest.benchmarks.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark 4, start-up: {@code metaingest connectors list} and {@code metaingest validate -c} (a
 * Postgres workflow) as whole processes of the built distribution, against {@code java -version}
 * of the same JVM, alternating, medians of {@code runs}: wall time, CPU time (on a loaded machine
 * the wall time is mostly waiting for a core) and peak RSS. There is no target in the issue.
 *
 * <p>Measured as a user runs them after a first ingest: the launcher records its class-data archive
 * during the first successful {@code ingest} or {@code demo} after a build, and a command run before
 * that loads every class from the jars (about three times slower). So one {@code demo}, not measured,
 * runs first; it records the archive when it is missing and changes nothing when it is there.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    /** Prints the rows: {@code StartupBenchmark <metaingest launcher> <work dir> [runs]}. */
    public static void main(String[] args) throws Exception {
        measure(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 5).forEach(System.out::println);
    }

    /** Measures and returns the table's rows. */
    public static List<Row> measure(Path launcher, Path work, int runs) throws Exception {
        Files.createDirectories(work);
        Path workflow = work.resolve("validate.yaml");
        Files.writeString(workflow, """
                source:
                  type: postgres
                  serviceName: local_postgres
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: localhost:5432
                      username: bench
                      authType: {password: bench}
                      database: bench
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: file, config: {path: "%s"}}
                workflowConfig: {loggerLevel: WARN}
                """.formatted(work.resolve("unused.ndjson")));
        Path log = work.resolve("startup.log");
        Processes.run(List.of(launcher.toString(), "demo", "--out", work.resolve("demo-out").toString()), Map.of(), log);
        List<String> java = List.of(Processes.javaBin(), "-version");
        List<String> list = List.of(launcher.toString(), "connectors", "list");
        List<String> validate = List.of(launcher.toString(), "validate", "-c", workflow.toString());
        Map<String, List<Double>> seconds = Map.of("java", new ArrayList<>(), "list", new ArrayList<>(), "validate", new ArrayList<>());
        Map<String, List<Double>> rss = Map.of("java", new ArrayList<>(), "list", new ArrayList<>(), "validate", new ArrayList<>());
        Map<String, List<Double>> cpu = Map.of("java", new ArrayList<>(), "list", new ArrayList<>(), "validate", new ArrayList<>());
        for (int r = 0; r < runs + 1; r++) {
            for (Map.Entry<String, List<String>> command : Map.of("java", java, "list", list, "validate", validate).entrySet()) {
                Measured m = Processes.run(command.getValue(), Map.of(), log);
                if (r > 0) { // the first round warms the page cache
                    seconds.get(command.getKey()).add(m.seconds());
                    rss.get(command.getKey()).add((double) m.rssMb());
                    cpu.get(command.getKey()).add(m.cpuSeconds());
                }
            }
        }
        double reference = Processes.median(seconds.get("java"));
        double referenceCpu = Processes.median(cpu.get("java"));
        String ref = String.format(Locale.ROOT, "java -version %.2f s wall, %.2f s CPU, %.0f MB", reference, referenceCpu,
                Processes.median(rss.get("java")));
        List<Row> rows = new ArrayList<>();
        for (String command : List.of("list", "validate")) {
            double s = Processes.median(seconds.get(command));
            double c = Processes.median(cpu.get(command));
            rows.add(new Row("4 start-up: " + (command.equals("list") ? "connectors list" : "validate"),
                    String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU, %.0f MB RSS", s, c, Processes.median(rss.get(command))),
                    ref, String.format(Locale.ROOT, "wall %.1f, CPU %.1f", s / reference, c / referenceCpu), "(none)", ""));
        }
        return rows;
    }
}
