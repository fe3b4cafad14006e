package io.metaingest.benchmarks.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Row;
import io.metaingest.benchmarks.synthetic.PluginJar;
import io.metaingest.benchmarks.synthetic.SyntheticSource;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark 3, memory: the synthetic source of N tables of 20 columns (one database, a schema per
 * 1,000 tables) run by a whole {@code metaingest ingest} process with {@code -Xmx128m}, once into
 * the file sink and once into the {@code metadata-rest} sink against the local OpenMetadata stand-in
 * (lean mode, in this JVM), with the run report written. The stand-in holds {@value #GONE} tables the
 * source does not emit, so the end of the REST run lists every table of every schema and marks those
 * deleted. Prints the peak RSS of the process over its whole life (from {@code /usr/bin/time}),
 * after checking that every record arrived and that exactly the missing tables were marked deleted.
 */
public final class MemoryBenchmark {

    private static final int GONE = 10;
    private static final String TOKEN = "bench-token";

    private MemoryBenchmark() {
    }

    /** Prints the rows: {@code MemoryBenchmark <metaingest launcher> <work> <file tables> <rest tables>}. */
    public static void main(String[] args) throws Exception {
        measure(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]))
                .forEach(System.out::println);
    }

    /** Measures and returns the table's rows. */
    public static List<Row> measure(Path launcher, Path work, int fileTables, int restTables) throws Exception {
        Path dir = work.resolve("memory");
        Files.createDirectories(dir);
        Path plugins = PluginJar.write(dir.resolve("plugins"));
        List<Row> rows = new ArrayList<>();
        if (fileTables > 0) {
            Path out = dir.resolve("tables.ndjson");
            Path yaml = workflow(dir, "file", fileTables, "sink: {type: file, config: {path: \"" + out + "\"}}\n"
                    + "workflowConfig: {loggerLevel: WARN}\n");
            Processes.Measured m = ingest(launcher, plugins, yaml, dir);
            long lines;
            try (Stream<String> all = Files.lines(out)) {
                lines = all.count();
            }
            long expected = expectedRecords(fileTables);
            if (lines != expected) {
                throw new IllegalStateException("the file holds " + lines + " records, expected " + expected);
            }
            rows.add(row("file sink", fileTables, m));
        }
        if (restTables > 0) {
            try (OpenMetadataStandIn server = new OpenMetadataStandIn(TOKEN)) {
                server.lean();
                ObjectMapper mapper = new ObjectMapper();
                server.seed("databaseService", "synthetic", mapper.createObjectNode().put("name", "synthetic")
                        .put("serviceType", "Synthetic"));
                server.seed("database", "synthetic.db", mapper.createObjectNode().put("name", "db").put("service", "synthetic"));
                server.seed("databaseSchema", "synthetic.db.s0", mapper.createObjectNode().put("name", "s0")
                        .put("database", "synthetic.db"));
                for (int g = 0; g < GONE; g++) {
                    server.seed("table", "synthetic.db.s0.gone" + g, mapper.createObjectNode().put("name", "gone" + g)
                            .put("databaseSchema", "synthetic.db.s0"));
                }
                Path yaml = workflow(dir, "rest", restTables, """
                        sink: {type: metadata-rest, config: {}}
                        workflowConfig:
                          loggerLevel: WARN
                          openMetadataServerConfig:
                            hostPort: %s
                            authProvider: openmetadata
                            securityConfig: {jwtToken: %s}
                        """.formatted(server.hostPort(), TOKEN));
                Processes.Measured m = ingest(launcher, plugins, yaml, dir);
                int tables = server.count("table");
                List<String> deleted = server.deleted("table");
                if (tables != restTables + GONE || deleted.size() != GONE) {
                    throw new IllegalStateException("the stand-in holds " + tables + " tables, " + deleted.size()
                            + " marked deleted; expected " + (restTables + GONE) + " and " + GONE);
                }
                rows.add(row("metadata-rest sink (" + GONE + " marked deleted)", restTables, m));
            }
        }
        return rows;
    }

    private static Row row(String what, int tables, Processes.Measured m) {
        return Row.judged(String.format(Locale.ROOT, "3 memory: %,d tables x 20 columns, %s, -Xmx128m", tables, what),
                String.format(Locale.ROOT, "completed in %.0f s, peak RSS %d MB", m.seconds(), m.rssMb()),
                "heap limit 128 MB", m.rssMb() / 128.0, "completes", true);
    }

    private static long expectedRecords(int tables) {
        return 1 + (tables + SyntheticSource.TABLES_PER_SCHEMA - 1) / SyntheticSource.TABLES_PER_SCHEMA + tables;
    }

    private static Processes.Measured ingest(Path launcher, Path plugins, Path yaml, Path dir) throws Exception {
        return Processes.run(List.of(launcher.toString(), "--plugins", plugins.toString(), "ingest", "-c", yaml.toString(),
                "--report", dir.resolve(yaml.getFileName() + ".report.json").toString()),
                Map.of("METAINGEST_JAVA_OPTS", "-Xmx128m"), dir.resolve(yaml.getFileName() + ".log"));
    }

    private static Path workflow(Path dir, String name, int tables, String rest) throws Exception {
        Path yaml = dir.resolve(name + ".yaml");
        Files.writeString(yaml, """
                source:
                  type: synthetic
                  serviceName: synthetic
                  serviceConnection: {config: {type: Synthetic, tables: %d}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                """.formatted(tables) + rest);
        return yaml;
    }
}
