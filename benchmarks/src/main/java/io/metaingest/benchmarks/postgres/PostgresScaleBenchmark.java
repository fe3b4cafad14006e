package io.metaingest.benchmarks.postgres;

import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Processes.Measured;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Postgres scale benchmark (see {@code benchmarks/README-postgres.md}). For each table count it
 * creates a database of N relations (20 columns each, a tenth of them views, foreign keys), then
 * times as whole processes, alternating, each run R times: (a) {@code metaingest ingest} of the
 * metadata into the file sink, (b) {@code pg_dump --schema-only} of the server's major version,
 * (c) {@link PerTableExtraction}, which asks the catalog once per table. It prints the medians, the
 * ratios a/b and c/a and the peak RSS of (a) (from {@code /usr/bin/time}).
 *
 * <p>Options: {@code --tables 10000,100000} {@code --runs 3}
 * {@code --ingest "<repo>/metaingest ingest -c"} (the workflow file is appended)
 * {@code --pg-url jdbc:postgresql://host:port/postgres?user=..&password=..} (default: an embedded
 * server) {@code --skip-c-above 20000} (the per-table reference takes minutes at 100,000 tables)
 * {@code --out target/pg-bench} {@code --rtt-ms 2} (measure through a loopback proxy that adds this
 * round-trip time, as a database across a network would) {@code --reuse true} (keep databases that exist).
 */
public final class PostgresScaleBenchmark {

    private PostgresScaleBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int[] sizes = Arrays.stream(opts.getOrDefault("tables", "10000").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        long skipCAbove = Long.parseLong(opts.getOrDefault("skip-c-above", "20000"));
        Path out = Path.of(opts.getOrDefault("out", "target/pg-bench")).toAbsolutePath();
        Files.createDirectories(out);
        String ingest = opts.getOrDefault("ingest", Path.of("metaingest").toAbsolutePath() + " ingest -c");
        double rttMillis = Double.parseDouble(opts.getOrDefault("rtt-ms", "0"));
        boolean reuse = Boolean.parseBoolean(opts.getOrDefault("reuse", "false"));

        EmbeddedPostgres embedded = null;
        String host;
        int port;
        String user;
        String password;
        if (opts.containsKey("pg-url")) {
            java.net.URI uri = java.net.URI.create(opts.get("pg-url").substring("jdbc:".length()));
            host = uri.getHost();
            port = uri.getPort() < 0 ? 5432 : uri.getPort();
            user = param(uri.getQuery(), "user");
            password = param(uri.getQuery(), "password");
        } else {
            // pg_dump holds a lock per table in one transaction: room for 100,000+ tables.
            embedded = embeddedServer().start();
            host = "localhost";
            port = embedded.getPort();
            user = "postgres";
            password = "postgres";
        }
        try {
            String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
            int major = serverMajor(admin, user, password);
            String pgDump = pgDump(major);
            System.out.printf(Locale.ROOT, "server major %d, pg_dump %s%n", major, pgDump);
            List<String> report = new ArrayList<>();
            Map<Integer, Long> rssBySize = new LinkedHashMap<>();
            // All three measured processes go through the same proxy when a round-trip time is asked for.
            LatencyProxy proxy = rttMillis > 0 ? LatencyProxy.start(host, port, rttMillis) : null;
            String mhost = proxy != null ? "127.0.0.1" : host;
            int mport = proxy != null ? proxy.port() : port;
            if (proxy != null) {
                System.out.printf(Locale.ROOT, "measuring through a proxy adding %.1f ms per round trip%n", rttMillis);
            }
            for (int n : sizes) {
                String db = "bench_" + n;
                long t0 = System.nanoTime();
                if (reuse && exists(admin, user, password, db)) {
                    System.out.printf(Locale.ROOT, "reusing %s%n", db);
                } else {
                    createDatabase(admin, user, password, db, n);
                    System.out.printf(Locale.ROOT, "created %s with %,d relations in %.1f s%n", db, n,
                            (System.nanoTime() - t0) / 1e9);
                }
                Path yaml = workflow(out, db, mhost + ":" + mport, user, password);
                String url = "jdbc:postgresql://" + mhost + ":" + mport + "/" + db;
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                List<Double> c = new ArrayList<>();
                long peakRss = 0;
                for (int r = 0; r < runs; r++) {
                    Measured ma = run(out, List.of("bash", "-c", ingest + " " + yaml), Map.of());
                    a.add(ma.seconds());
                    peakRss = Math.max(peakRss, ma.maxRssKb());
                    b.add(run(out, List.of(pgDump, "--schema-only", "-h", mhost, "-p", Integer.toString(mport), "-U", user,
                            "-d", db, "-f", "/dev/null"), Map.of("PGPASSWORD", password)).seconds());
                    if (n <= skipCAbove) {
                        c.add(run(out, List.of(javaBin(), "-cp", System.getProperty("java.class.path"),
                                PerTableExtraction.class.getName(), url, user, password), Map.of()).seconds());
                    }
                }
                long records = Files.lines(out.resolve(db + ".ndjson")).count();
                rssBySize.put(n, peakRss);
                String line = String.format(Locale.ROOT,
                        "N=%,d: records=%,d  a(metaingest)=%.2fs  b(pg_dump)=%.2fs  c(per-table)=%s  a/b=%.2f  c/a=%s"
                                + "  peakRSS(a)=%,d MB",
                        n, records, median(a), median(b), c.isEmpty() ? "skipped" : String.format(Locale.ROOT, "%.2fs", median(c)),
                        median(a) / median(b), c.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.1f", median(c) / median(a)),
                        peakRss / 1024);
                System.out.println(line);
                report.add(line);
            }
            if (rssBySize.size() > 1) {
                List<Long> rss = new ArrayList<>(rssBySize.values());
                String line = String.format(Locale.ROOT, "peak RSS ratio (largest/smallest N) = %.2f",
                        (double) rss.get(rss.size() - 1) / rss.get(0));
                System.out.println(line);
                report.add(line);
            }
            Files.write(out.resolve("report.txt"), report);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The embedded server's settings: room for pg_dump's lock per table, no durability (a benchmark). */
    static EmbeddedPostgres.Builder embeddedServer() {
        return EmbeddedPostgres.builder().setServerConfig("max_locks_per_transaction", "8192")
                .setServerConfig("max_connections", "30").setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off")
                .setServerConfig("shared_buffers", "256MB");
    }

    private static Measured run(Path out, List<String> command, Map<String, String> env) throws Exception {
        return Processes.run(command, env, out.resolve("last-process.log"));
    }

    private static double median(List<Double> values) {
        return Processes.median(values);
    }

    /**
     * N relations in schemas of 1,000: 20 columns each, every tenth a view over the previous table,
     * each other table with a foreign key to the first table of its schema.
     */
    static void createDatabase(String admin, String user, String password, String db, int n) throws SQLException {
        createDatabase(admin, user, password, db, n, 1);
    }

    /**
     * {@link #createDatabase(String, String, String, String, int)} with {@code builders} connections
     * building different schemas at once (a schema's tables lock its first table, the target of
     * their foreign keys, so two builders never share a schema).
     */
    static void createDatabase(String admin, String user, String password, String db, int n, int builders)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(admin, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db);
            s.execute("CREATE DATABASE " + db);
        }
        String url = admin.substring(0, admin.lastIndexOf('/') + 1) + db;
        List<java.util.concurrent.Future<Void>> parts = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(builders);
        try {
            for (int b = 0; b < builders; b++) {
                int first = b;
                parts.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                        for (int schema = first; schema * 1000 < n; schema += builders) {
                            for (int start = schema * 1000; start < Math.min((schema + 1) * 1000, n); start += 500) {
                                s.execute(relations(start, Math.min(start + 500, n) - 1));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<Void> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while building " + db, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** One transaction creating relations {@code from..to} (within one schema; the first of a schema creates it). */
    private static String relations(int from, int to) {
        return String.format(Locale.ROOT, """
                DO $$
                DECLARE i int; sch text; prev text;
                BEGIN
                  FOR i IN %d..%d LOOP
                    sch := 's' || (i / 1000);
                    IF i %% 1000 = 0 THEN
                      EXECUTE format('CREATE SCHEMA %%I', sch);
                    END IF;
                    IF i %% 10 = 9 THEN
                      prev := format('%%I.%%I', sch, 't' || (i - 1));
                      EXECUTE format('CREATE VIEW %%I.%%I AS SELECT * FROM %%s', sch, 'v' || i, prev);
                      EXECUTE format('COMMENT ON VIEW %%I.%%I IS %%L', sch, 'v' || i, 'view ' || i);
                    ELSE
                      EXECUTE format('CREATE TABLE %%I.%%I (id bigint PRIMARY KEY, parent_id bigint %%s,'
                        || ' name varchar(100) NOT NULL, code char(8), amount numeric(12,2), ratio double precision,'
                        || ' qty integer DEFAULT 0, small smallint, flag boolean, created timestamptz DEFAULT now(),'
                        || ' day date, note text, tags text[], doc jsonb, uid uuid, ip inet, span interval,'
                        || ' raw bytea, t time, big bigint)',
                        sch, 't' || i,
                        CASE WHEN i %% 1000 = 0 THEN '' ELSE format('REFERENCES %%I.t%%s (id)', sch, (i / 1000) * 1000) END);
                      EXECUTE format('COMMENT ON TABLE %%I.%%I IS %%L', sch, 't' || i, 'table ' || i);
                    END IF;
                  END LOOP;
                END $$""", from, to);
    }

    static Path workflow(Path out, String db, String hostPort, String user, String password) throws IOException {
        return workflow(out, db, db, hostPort, user, password, null);
    }

    /**
     * The metadata workflow into the file sink {@code <out>/<name>.ndjson}; with {@code allDatabasesMatching}
     * it reads every database whose name matches that regex ({@code ingestAllDatabases}), else only {@code db}.
     */
    static Path workflow(Path out, String name, String db, String hostPort, String user, String password,
                         String allDatabasesMatching) throws IOException {
        Path yaml = out.resolve(name + ".yaml");
        String all = allDatabasesMatching == null ? "" : "      ingestAllDatabases: true\n";
        String filter = allDatabasesMatching == null ? ""
                : "      databaseFilterPattern:\n        includes: [\"" + allDatabasesMatching + "\"]\n";
        Files.writeString(yaml, "source:\n  type: postgres\n  serviceName: bench\n  serviceConnection:\n    config:\n"
                + "      type: Postgres\n      hostPort: \"" + hostPort + "\"\n      username: \"" + user + "\"\n"
                + "      authType:\n        password: \"" + password + "\"\n      database: \"" + db + "\"\n" + all
                + "  sourceConfig:\n    config:\n      type: DatabaseMetadata\n" + filter
                + "sink:\n  type: file\n  config:\n    path: \"" + out.resolve(name + ".ndjson") + "\"\n"
                + "workflowConfig:\n  loggerLevel: WARN\n  successThreshold: 90\n", StandardCharsets.UTF_8);
        return yaml;
    }

    static int serverMajor(String url, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        }
    }

    /** The pg_dump of the server's major version (Debian installs them side by side). */
    static String pgDump(int major) {
        File debian = new File("/usr/lib/postgresql/" + major + "/bin/pg_dump");
        if (debian.canExecute()) {
            return debian.getPath();
        }
        System.out.printf(Locale.ROOT, "WARNING: no pg_dump %d found; using the one on PATH (a newer pg_dump can"
                + " dump an older server, but the comparison is then not like for like)%n", major);
        return "pg_dump";
    }

    private static String javaBin() {
        return Processes.javaBin();
    }

    private static String param(String query, String name) {
        for (String kv : query == null ? new String[0] : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static boolean exists(String admin, String user, String password, String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin, user, password);
             var ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return opts;
    }
}
