package io.metaingest.benchmarks.postgres;

import io.metaingest.benchmarks.BenchmarkSupport;
import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Row;
import io.metaingest.benchmarks.postgres.PeersBenchmark.Run;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark 6 of issue 16: PostgreSQL at 1,000,000 relations, {@code metaingest ingest} against
 * {@code pg_dump --schema-only}, as whole processes measured like {@link PeersBenchmark} (wall, client
 * CPU and peak RSS from {@code /usr/bin/time}, server CPU from {@link ServerCpu}).
 *
 * <p>The relations are {@code --databases} databases of {@code --template} relations each on one
 * embedded server: the first ({@code m1_db00}) is built by {@link PostgresScaleBenchmark#createDatabase}
 * with {@code --builders} connections, the others are file copies of it ({@code CREATE DATABASE ..
 * TEMPLATE m1_db00 STRATEGY FILE_COPY}). With {@code --databases 1 --template 1000000} it is one
 * database. metaingest reads them all in one run ({@code ingestAllDatabases} with a database filter);
 * pg_dump dumps one database per process, so it runs once per database, in turn: its times and CPU are
 * summed, its RSS is the largest. A database of {@code --reference} relations, built and measured the
 * same way on the same server in the same run, gives the RSS figure the target compares against.
 *
 * <p>Options: {@code --work target/bench} (the server's data lives in {@code <work>/million/pgdata}
 * and is reused by a later run) {@code --template 100000} {@code --databases 10} {@code --reference 10000}
 * {@code --builders 2} {@code --min-free-gb 15} (no clone leaves less free disk than this)
 * {@code --ingest "<repo>/metaingest ingest -c"} {@code --phase build|measure|all|ingest|peers} ({@code ingest}: the
 * 10,000 and the million by metaingest only, no pg_dump; {@code peers}: benchmark 5's per-table
 * extraction and SchemaCrawler on the 100,000-relation template, {@code --schemacrawler <folder of its
 * jars>}, {@code --peer-limit-min 30})
 * {@code --clean-up false} (delete the data directory at the end).
 */
public final class MillionRelationsBenchmark {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String PREFIX = "m1_db";
    private static final String REFERENCE_PREFIX = "m1_ref_";

    private MillionRelationsBenchmark() {
    }

    /** What to build and measure. */
    record Plan(int template, int databases, int reference, int builders, long minFreeBytes, String ingest, String phase,
                boolean cleanUp, Path schemaCrawler, int peerLimitMinutes) {
        long relations() {
            return (long) template * databases;
        }

        String database(int i) {
            return String.format(Locale.ROOT, PREFIX + "%02d", i);
        }
    }

    /** Prints the rows. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        measure(Path.of(o.getOrDefault("work", "target/bench")).toAbsolutePath(),
                plan(o, Path.of("metaingest").toAbsolutePath() + " ingest -c")).forEach(System.out::println);
    }

    /** The plan from the command line's options; {@code defaultIngest} unless {@code --ingest} says otherwise. */
    public static Plan plan(Map<String, String> o, String defaultIngest) {
        return new Plan(Integer.parseInt(o.getOrDefault("template", "100000")),
                Integer.parseInt(o.getOrDefault("databases", "10")), Integer.parseInt(o.getOrDefault("reference", "10000")),
                Integer.parseInt(o.getOrDefault("builders", "2")),
                Long.parseLong(o.getOrDefault("min-free-gb", "15")) << 30, o.getOrDefault("ingest", defaultIngest),
                o.getOrDefault("phase", "all"),
                Boolean.parseBoolean(o.getOrDefault("clean-up", "false")),
                o.containsKey("schemacrawler") ? Path.of(o.get("schemacrawler")) : null,
                Integer.parseInt(o.getOrDefault("peer-limit-min", PeersBenchmark.LIMIT_MINUTES)));
    }

    /** Builds what is missing, measures (unless {@code --phase build}) and returns the table's rows. */
    public static List<Row> measure(Path work, Plan plan) throws Exception {
        Path home = work.resolve("million");
        Path out = home.resolve("out");
        Files.createDirectories(out);
        Path data = home.resolve("pgdata");
        List<Row> rows = new ArrayList<>();
        try (EmbeddedPostgres pg = server(plan).setDataDirectory(data).setCleanDataDirectory(false).start()) {
            String admin = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            rows.addAll(build(admin, data, plan));
            if (plan.phase().equals("peers")) {
                rows.addAll(peers(admin, pg.getPort(), out, plan));
            } else if (!plan.phase().equals("build")) {
                rows.addAll(compare(admin, pg.getPort(), out, plan));
            }
        }
        if (plan.cleanUp()) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.err.println("deleted " + home);
        }
        return rows;
    }

    /**
     * The harness's server with room for pg_dump to lock every relation of the largest database in one
     * transaction (locks ≤ max_locks_per_transaction × max_connections), autovacuum off (nothing is
     * ever updated; {@code createDatabase} analyzes), and checkpoints spaced for the build.
     */
    static EmbeddedPostgres.Builder server(Plan plan) {
        int locks = Math.max(8192, (int) Math.ceil(Math.max(plan.template(), plan.reference()) * 1.2 / 30));
        return PostgresScaleBenchmark.embeddedServer().setServerConfig("max_locks_per_transaction", Integer.toString(locks))
                .setServerConfig("autovacuum", "off").setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "1h").setServerConfig("shared_buffers", "1GB")
                .setPGStartupWait(Duration.ofMinutes(5));
    }

    private static List<Row> build(String admin, Path data, Plan plan) throws Exception {
        List<Row> rows = new ArrayList<>();
        String reference = REFERENCE_PREFIX + plan.reference();
        double referenceSeconds = buildOnce(admin, reference, plan.reference(), plan.builders());
        double templateSeconds = buildOnce(admin, plan.database(0), plan.template(), plan.builders());
        long templateBytes = databaseBytes(admin, plan.database(0));
        double cloneSeconds = 0;
        int cloned = 0;
        for (int i = 1; i < plan.databases(); i++) {
            String db = plan.database(i);
            if (PostgresScaleBenchmark.exists(admin, USER, PASSWORD, db)) {
                continue;
            }
            long free = Files.getFileStore(data).getUsableSpace();
            if (free - templateBytes < plan.minFreeBytes()) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s would leave %,d MB free, under the %,d MB"
                        + " asked for: free disk or ask for fewer --databases", db, (free - templateBytes) >> 20,
                        plan.minFreeBytes() >> 20));
            }
            long t0 = System.nanoTime();
            sql(admin, "CREATE DATABASE " + db + " TEMPLATE " + plan.database(0) + " STRATEGY FILE_COPY");
            double s = (System.nanoTime() - t0) / 1e9;
            cloneSeconds += s;
            cloned++;
            System.err.printf(Locale.ROOT, "cloned %s in %.0f s, %,d MB free%n", db, s,
                    Files.getFileStore(data).getUsableSpace() >> 20);
        }
        long total = 0;
        for (int i = 0; i < plan.databases(); i++) {
            total += databaseBytes(admin, plan.database(i));
        }
        rows.add(Row.info(String.format(Locale.ROOT, "6 build: %,d relations as %d database(s) of %,d", plan.relations(),
                plan.databases(), plan.template()), String.format(Locale.ROOT,
                "template %s, %d clones in %.0f s (%s each), %,d MB of databases (%,d MB each), reference %,d relations %s",
                templateSeconds < 0 ? "reused" : String.format(Locale.ROOT, "built in %.0f s (%.0f relations/s, %d builders)",
                        templateSeconds, plan.template() / templateSeconds, plan.builders()),
                cloned, cloneSeconds, cloned == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f s", cloneSeconds / cloned),
                total >> 20, templateBytes >> 20, plan.reference(),
                referenceSeconds < 0 ? "reused" : String.format(Locale.ROOT, "built in %.0f s", referenceSeconds)), ""));
        return rows;
    }

    /** Builds {@code db} unless it exists; built under another name and renamed, so a stopped build is never reused. */
    private static double buildOnce(String admin, String db, int relations, int builders) throws Exception {
        if (PostgresScaleBenchmark.exists(admin, USER, PASSWORD, db)) {
            System.err.printf(Locale.ROOT, "reusing %s%n", db);
            return -1;
        }
        long t0 = System.nanoTime();
        PostgresScaleBenchmark.createDatabase(admin, USER, PASSWORD, db + "_building", relations, builders);
        sql(admin, "ALTER DATABASE " + db + "_building RENAME TO " + db);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "built %s (%,d relations) in %.0f s, %.0f relations/s%n", db, relations, seconds,
                relations / seconds);
        return seconds;
    }

    /**
     * Benchmark 5's slow peers at the template's size (100,000 relations), which its own harness does
     * not reach: metaingest, the per-table extraction and SchemaCrawler on the template database, each
     * once, SchemaCrawler within a time limit (it took 5–11 minutes and 3.9 GB at 10,000 relations).
     */
    private static List<Row> peers(String admin, int port, Path out, Plan plan) throws Exception {
        ServerCpu server = new ServerCpu(PeersBenchmark.postmasterPid(admin));
        String db = plan.database(0);
        String size = String.format(Locale.ROOT, "5 peers %,d relations", plan.template());
        Path yaml = PostgresScaleBenchmark.workflow(out, db, "localhost:" + port, USER, PASSWORD);
        Processes.run(List.of("bash", "-c", plan.ingest() + " " + yaml), Map.of(), out.resolve("last-process.log"));
        Run ingest = report(PeersBenchmark.measure(server, "metaingest", List.of("bash", "-c", plan.ingest() + " " + yaml),
                Map.of(), out, () -> PeersBenchmark.metaingestExtracted(out.resolve(db + ".ndjson"))));
        Files.delete(out.resolve(db + ".ndjson"));
        List<Row> rows = new ArrayList<>();
        String url = "jdbc:postgresql://localhost:" + port + "/" + db;
        rows.add(peerRow(size, ingest, report(PeersBenchmark.limited(PeersBenchmark.PER_TABLE, plan.peerLimitMinutes(), out,
                prefix -> PeersBenchmark.perTable(server, url, out, prefix),
                () -> PeersBenchmark.perTableProgress(out, plan.template())))));
        if (plan.schemaCrawler() != null) {
            rows.add(peerRow(size, ingest, report(PeersBenchmark.limited(PeersBenchmark.SCHEMACRAWLER,
                    plan.peerLimitMinutes(), out,
                    prefix -> PeersBenchmark.schemaCrawler(server, plan.schemaCrawler(), port, db, out, prefix), () -> ""))));
        }
        rows.add(Row.info(size + ": metaingest extracted", ingest.extracted(), ""));
        return rows;
    }

    private static Row peerRow(String size, Run ingest, Run peer) {
        double ratio = peer.seconds() / ingest.seconds();
        return Row.judged(size + ": vs " + peer.tool(), ingest.figures(), peer.figures()
                + (peer.finished() ? "; extracted " + peer.extracted() : ""), ratio, PeersBenchmark.peerTarget(peer),
                ratio >= PeersBenchmark.PEER_FACTOR);
    }

    private static List<Row> compare(String admin, int port, Path out, Plan plan) throws Exception {
        String pgDump = PostgresScaleBenchmark.pgDump(PostgresScaleBenchmark.serverMajor(admin, USER, PASSWORD));
        ServerCpu server = new ServerCpu(PeersBenchmark.postmasterPid(admin));
        String hostPort = "localhost:" + port;
        String loadBefore = BenchmarkSupport.loadAverage();

        String reference = REFERENCE_PREFIX + plan.reference();
        Path refYaml = PostgresScaleBenchmark.workflow(out, reference, hostPort, USER, PASSWORD);
        // Warm-up, not measured: the launcher's first ingest records its class-data archive.
        Processes.run(List.of("bash", "-c", plan.ingest() + " " + refYaml), Map.of(), out.resolve("last-process.log"));
        Run refIngest = report(PeersBenchmark.measure(server, "metaingest", List.of("bash", "-c", plan.ingest() + " " + refYaml),
                Map.of(), out, () -> PeersBenchmark.metaingestExtracted(out.resolve(reference + ".ndjson"))));

        String all = "million";
        Path yaml = PostgresScaleBenchmark.workflow(out, all, plan.database(0), hostPort, USER, PASSWORD,
                "^" + PREFIX + "[0-9]+$");
        Run ingest = report(PeersBenchmark.measure(server, "metaingest", List.of("bash", "-c", plan.ingest() + " " + yaml),
                Map.of(), out, () -> PeersBenchmark.metaingestExtracted(out.resolve(all + ".ndjson"))));
        long ndjsonMb = Files.size(out.resolve(all + ".ndjson")) >> 20;
        Files.delete(out.resolve(all + ".ndjson"));
        String size = String.format(Locale.ROOT, "6 %,d relations (%d database(s) of %,d)", plan.relations(), plan.databases(),
                plan.template());
        if (plan.phase().equals("ingest")) {
            // Only metaingest again, e.g. with other JVM options in --ingest: the references are the last full run's.
            return List.of(Row.info(size + ": metaingest alone, " + plan.ingest(), ingest.figures(), "reference 10,000: "
                    + refIngest.figures()), Row.info("6 load average", "before " + loadBefore + ", after "
                    + BenchmarkSupport.loadAverage(), ""));
        }

        Run refDump = report(dump(server, pgDump, port, out, reference));
        double wall = 0;
        double clientCpu = 0;
        double serverCpu = 0;
        long rss = 0;
        Set<String> extracted = new LinkedHashSet<>();
        for (int i = 0; i < plan.databases(); i++) {
            Run one = report(dump(server, pgDump, port, out, plan.database(i)));
            wall += one.seconds();
            clientCpu += one.clientCpu();
            serverCpu += one.serverCpu();
            rss = Math.max(rss, one.rssMb());
            extracted.add(one.extracted());
        }
        Run dumps = new Run("pg_dump", wall, clientCpu, serverCpu, rss, plan.databases() + " dumps, each: "
                + String.join(" / ", extracted));
        String loadAfter = BenchmarkSupport.loadAverage();
        double ratio = ingest.seconds() / dumps.seconds();
        double rssRatio = (double) ingest.rssMb() / refIngest.rssMb();
        List<Row> rows = new ArrayList<>();
        rows.add(Row.judged(size + ": vs pg_dump", ingest.figures(), dumps.figures()
                + (plan.databases() > 1 ? " (sum of " + plan.databases() + " runs, largest RSS)" : ""), ratio,
                "metaingest/pg_dump < 1 (faster than pg_dump)", ratio < 1));
        rows.add(Row.judged(size + ": metaingest peak RSS vs " + String.format(Locale.ROOT, "%,d", plan.reference()),
                ingest.rssMb() + " MB", String.format(Locale.ROOT, "%,d relations, same server and run: %s", plan.reference(),
                        refIngest.figures()), rssRatio, "<= 1.5", rssRatio <= 1.5));
        rows.add(Row.info(size + ": metaingest extracted", ingest.extracted() + ", " + ndjsonMb + " MB of NDJSON", ""));
        rows.add(Row.info(size + ": pg_dump extracted", dumps.extracted(), ""));
        rows.add(Row.info(String.format(Locale.ROOT, "6 %,d relations (reference): metaingest vs pg_dump", plan.reference()),
                refIngest.figures(), refDump.figures()));
        rows.add(Row.info("6 load average", "before " + loadBefore + ", after " + loadAfter, ""));
        return rows;
    }

    /** pg_dump of one database to a file that is counted, then deleted (a million relations' DDL is ~1 GB). */
    private static Run dump(ServerCpu server, String pgDump, int port, Path out, String db) throws Exception {
        Path sql = out.resolve(db + ".sql");
        try {
            return PeersBenchmark.measure(server, "pg_dump", List.of(pgDump, "--schema-only", "-h", "localhost", "-p",
                    Integer.toString(port), "-U", USER, "-d", db, "-f", sql.toString()), Map.of("PGPASSWORD", PASSWORD), out,
                    () -> PeersBenchmark.pgDumpExtracted(sql));
        } finally {
            Files.deleteIfExists(sql);
        }
    }

    private static Run report(Run run) {
        System.err.println(run);
        return run;
    }

    private static long databaseBytes(String admin, String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD);
             var ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sql(String admin, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
