package io.metaingest.benchmarks.profiler;

import io.metaingest.benchmarks.BenchmarkSupport;
import io.metaingest.connectors.postgres.PostgresSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Postgres profiler against the same work done column by column, the way per-column profilers
 * issue it. A database of {@code --tables} tables of {@code --rows} rows (eight columns: bigint,
 * numeric, float8, text, varchar, date, timestamptz, boolean) is profiled, alternating, {@code --runs}
 * times each:
 * <ul>
 *   <li>(a) the Profiler workflow (whole tables, {@code threadCount} 1 so both use one connection)
 *   through the runtime into a file sink: one aggregate statement per table;</li>
 *   <li>(b) a hand-written JDBC loop computing the same metrics with a row count per table, then per
 *   column one aggregate statement and one unique-count statement.</li>
 * </ul>
 * It prints the medians and b/a. Run: {@code ProfilerBenchmark [--tables 1000] [--rows 10000] [--runs 3]
 * [--pg-url jdbc:postgresql://host:port/postgres?user=..&password=..] [--out dir]}.
 */
public final class ProfilerBenchmark {

    private static final String DATABASE = "profiler_bench";
    /** The columns of every table and, per column, the per-column statement (b) runs. */
    private static final String[][] COLUMNS = {
        {"id", "bigint", "number"}, {"amount", "numeric(12, 2)", "number"}, {"ratio", "float8", "number"},
        {"label", "text", "text"}, {"code", "varchar(20)", "text"}, {"day", "date", "time"},
        {"at", "timestamptz", "time"}, {"ok", "boolean", "plain"},
    };

    private ProfilerBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int tables = Integer.parseInt(option(args, "--tables", "1000"));
        int rows = Integer.parseInt(option(args, "--rows", "10000"));
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        String pgUrl = option(args, "--pg-url", null);
        Path out = Path.of(option(args, "--out", "target/profiler-bench"));
        Files.createDirectories(out);
        BenchmarkSupport.quietLogging();
        EmbeddedPostgres embedded = null;
        try {
            String hostPort;
            String user;
            String password;
            if (pgUrl != null) {
                URI uri = URI.create(pgUrl.substring("jdbc:".length()));
                hostPort = uri.getHost() + ":" + uri.getPort();
                user = query(uri.getQuery(), "user");
                password = query(uri.getQuery(), "password");
            } else {
                embedded = EmbeddedPostgres.builder().start();
                hostPort = "localhost:" + embedded.getPort();
                user = "postgres";
                password = "postgres";
            }
            String url = "jdbc:postgresql://" + hostPort + "/";
            long created = System.nanoTime();
            createDatabase(url, user, password, tables, rows);
            System.out.printf("created %d tables of %d rows in %.1f s%n", tables, rows, seconds(created));
            Path workflow = writeWorkflow(out, hostPort, user, password);
            Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new PostgresSpec()), Mappers.standard(),
                    Clock.systemUTC(), Map.<String, String>of()::get);
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            long statementsB = 0;
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                RunResult result = runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.empty(),
                        new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                        false, false));
                a.add(seconds(start));
                if (result.fatalError() != null || result.steps().get(0).records() != tables) {
                    throw new IllegalStateException("the profiler run failed: " + result.fatalError() + " "
                            + result.steps());
                }
                start = System.nanoTime();
                statementsB = columnByColumn(url + DATABASE, user, password, tables);
                b.add(seconds(start));
                System.out.printf("run %d: a %.2f s, b %.2f s%n", run + 1, a.get(run), b.get(run));
            }
            double medianA = median(a);
            double medianB = median(b);
            String report = String.format("tables %d x rows %d, %d runs: (a) one statement per table %.2f s (%d"
                    + " statements); (b) column by column %.2f s (%d statements); b/a = %.2f%n", tables, rows, runs,
                    medianA, tables, medianB, statementsB, medianB / medianA);
            System.out.print(report);
            Files.writeString(out.resolve("report.txt"), report);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void createDatabase(String url, String user, String password, int tables, int rows)
            throws Exception {
        try (Connection c = DriverManager.getConnection(url + "postgres", user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        try (Connection c = DriverManager.getConnection(url + DATABASE, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA bench");
            for (int t = 0; t < tables; t++) {
                s.execute("CREATE TABLE bench.t" + t + " AS SELECT g::bigint AS id, (g % 997 * 1.25)::numeric(12, 2)"
                        + " AS amount, random() AS ratio, md5(g::text) AS label, ('C' || (g % 50))::varchar(20) AS code,"
                        + " DATE '2020-01-01' + g % 1500 AS day, TIMESTAMPTZ '2020-01-01 00:00Z' + g * INTERVAL '1 minute'"
                        + " AS at, g % 3 = 0 AS ok FROM generate_series(1, " + rows + ") g");
            }
            s.execute("VACUUM ANALYZE");
        }
    }

    private static Path writeWorkflow(Path out, String hostPort, String user, String password) throws Exception {
        Path file = out.resolve("profiler.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  serviceName: bench
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: "%s"
                      username: "%s"
                      authType:
                        password: "%s"
                      database: %s
                  sourceConfig:
                    config:
                      type: Profiler
                      schemaFilterPattern:
                        includes: ["^bench$"]
                      threadCount: 1
                processor:
                  type: orm-profiler
                  config: {}
                sink:
                  type: file
                  config:
                    path: "%s"
                workflowConfig:
                  loggerLevel: WARN
                """.formatted(hostPort, user, password, DATABASE, out.toAbsolutePath().resolve("profiles.ndjson")));
        return file;
    }

    /** (b): the same metrics, one statement per table for the row count and two per column. */
    private static long columnByColumn(String url, String user, String password, int tables) throws Exception {
        long statements = 0;
        long checksum = 0;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            c.setReadOnly(true);
            for (int t = 0; t < tables; t++) {
                String table = "bench.t" + t;
                checksum += single(s, "SELECT count(*) FROM " + table);
                statements++;
                for (String[] column : COLUMNS) {
                    String col = column[0];
                    String metrics = switch (column[2]) {
                        case "number" -> ", min(" + col + "), max(" + col + "), avg(" + col + "), sum(" + col
                                + "), stddev_pop(" + col + "::float8)";
                        case "text" -> ", min(char_length(" + col + ")), max(char_length(" + col + "))";
                        case "time" -> ", min(" + col + "), max(" + col + ")";
                        default -> "";
                    };
                    checksum += single(s, "SELECT count(" + col + "), count(DISTINCT " + col + ")" + metrics
                            + " FROM " + table);
                    checksum += single(s, "SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + col
                            + " IS NOT NULL GROUP BY " + col + " HAVING count(*) = 1) u");
                    statements += 2;
                }
            }
        }
        if (checksum <= 0) {
            throw new IllegalStateException("the column-by-column reference read nothing");
        }
        return statements;
    }

    private static long single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String option(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    private static String query(String query, String name) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
