package io.metaingest.benchmarks.postgres;

import io.metaingest.benchmarks.Processes;
import io.metaingest.benchmarks.Row;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Benchmark 5, peers (6, a million relations, is {@link MillionRelationsBenchmark}): the same
 * PostgreSQL databases (built by {@link PostgresScaleBenchmark#createDatabase}) extracted, as whole
 * processes in the same run, by metaingest ({@code ingest} into the file sink), SchemaCrawler ({@code schemacrawler.Main} at
 * {@code --info-level=detailed}), the inspector-style {@link PerTableExtraction} and
 * {@code pg_dump --schema-only}. For each: wall time, client CPU and peak RSS (from
 * {@code /usr/bin/time}), server CPU ({@link ServerCpu}), and what it extracted. The server is an
 * embedded PostgreSQL kept in {@code <work>/pgdata}, so a database is built once and reused.
 *
 * <p>Options: {@code --sizes 1000,10000,100000} {@code --runs 1} {@code --work target/bench}
 * {@code --ingest "<repo>/metaingest ingest -c"} {@code --schemacrawler <folder of its jars>}
 * {@code --slow-max 10000} (SchemaCrawler and the per-table extraction run only up to this size)
 * {@code --peer-limit-min 30} (each of their runs is stopped there; the time waited is then a lower bound).
 */
public final class PeersBenchmark {

    /** The per-table extraction's output: one line per relation done. */
    static final String PER_TABLE_LOG = "per-table.log";

    /** How many times slower than metaingest a slow peer must be (issue 16: at 10,000 relations and above). */
    static final double PEER_FACTOR = 20;

    /** The slow peers' default time limit per run, in minutes ({@code --peer-limit-min}). */
    public static final String LIMIT_MINUTES = "30";

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";

    private PeersBenchmark() {
    }

    /** Prints the rows. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        measure(Arrays.stream(o.getOrDefault("sizes", "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray(),
                Integer.parseInt(o.getOrDefault("runs", "1")), Path.of(o.getOrDefault("work", "target/bench")).toAbsolutePath(),
                o.getOrDefault("ingest", Path.of("metaingest").toAbsolutePath() + " ingest -c"),
                o.containsKey("schemacrawler") ? Path.of(o.get("schemacrawler")) : null,
                Integer.parseInt(o.getOrDefault("slow-max", "10000")),
                Integer.parseInt(o.getOrDefault("peer-limit-min", LIMIT_MINUTES))).forEach(System.out::println);
    }

    /** What one tool did once. */
    record Run(String tool, double seconds, double clientCpu, double serverCpu, long rssMb, String extracted,
               boolean finished) {
        Run(String tool, double seconds, double clientCpu, double serverCpu, long rssMb, String extracted) {
            this(tool, seconds, clientCpu, serverCpu, rssMb, extracted, true);
        }

        String figures() {
            return finished ? String.format(Locale.ROOT, "%.2f s wall, CPU %.1f s client + %.1f s server, %d MB", seconds,
                    clientCpu, serverCpu, rssMb) : extracted;
        }
    }

    /** A slow peer's command line, given what goes before it (a time limit or nothing). */
    interface Peer {
        Run run(List<String> prefix) throws Exception;
    }

    /**
     * Runs a slow peer within {@code limitMinutes} (0: no limit). Past the limit, or when it fails on
     * its own (e.g. out of memory), the run is not finished: its seconds are the time waited, a lower
     * bound of what it would have taken, and its extracted text says why it stopped and how far it got.
     */
    static Run limited(String tool, int limitMinutes, Path out, Peer peer, Extracted progress) throws Exception {
        long t0 = System.nanoTime();
        try {
            return peer.run(limitMinutes > 0 ? List.of("timeout", Integer.toString(limitMinutes * 60)) : List.of());
        } catch (IllegalStateException e) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            String done = progress.describe();
            String why = e.getMessage().startsWith("exit 124")
                    ? String.format(Locale.ROOT, "not finished after %.0f s (stopped at the %d min limit)", seconds, limitMinutes)
                    : String.format(Locale.ROOT, "failed after %.0f s: %s; last line: %s", seconds, e.getMessage(),
                            lastLine(out.resolve("last-process.log")));
            return new Run(tool, seconds, 0, 0, 0, done.isEmpty() ? why : why + "; " + done, false);
        }
    }

    /** Measures and returns the table's rows. */
    public static List<Row> measure(int[] sizes, int runs, Path work, String ingest, Path schemaCrawlerLib, int slowMax,
                                    int limitMinutes) throws Exception {
        Path out = work.resolve("peers");
        Files.createDirectories(out);
        Path data = work.resolve("pgdata");
        List<Row> rows = new ArrayList<>();
        try (EmbeddedPostgres pg = PostgresScaleBenchmark.embeddedServer().setDataDirectory(data)
                .setCleanDataDirectory(false).start()) {
            int port = pg.getPort();
            String admin = "jdbc:postgresql://localhost:" + port + "/postgres";
            String pgDump = PostgresScaleBenchmark.pgDump(PostgresScaleBenchmark.serverMajor(admin, USER, PASSWORD));
            ServerCpu server = new ServerCpu(postmasterPid(admin));
            for (int n : sizes) {
                String db = "peers_" + n;
                if (!PostgresScaleBenchmark.exists(admin, USER, PASSWORD, db)) {
                    // Built under another name and renamed when complete, so a stopped build is never reused.
                    long t0 = System.nanoTime();
                    PostgresScaleBenchmark.createDatabase(admin, USER, PASSWORD, db + "_building", n);
                    try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD); Statement s = c.createStatement()) {
                        s.execute("ALTER DATABASE " + db + "_building RENAME TO " + db);
                    }
                    System.err.printf(Locale.ROOT, "created %s in %.0f s%n", db, (System.nanoTime() - t0) / 1e9);
                }
                Path yaml = PostgresScaleBenchmark.workflow(out, db, "localhost:" + port, USER, PASSWORD);
                String url = "jdbc:postgresql://localhost:" + port + "/" + db;
                Map<String, List<Run>> byTool = new LinkedHashMap<>();
                if (n == sizes[0]) {
                    // Warm-up, not measured: the launcher's first ingest records its class-data archive.
                    Processes.run(List.of("bash", "-c", ingest + " " + yaml), Map.of(), out.resolve("last-process.log"));
                }
                for (int r = 0; r < runs; r++) {
                    add(byTool, measure(server, "metaingest", List.of("bash", "-c", ingest + " " + yaml), Map.of(), out,
                            () -> metaingestExtracted(out.resolve(db + ".ndjson"))));
                    Path dump = out.resolve(db + ".sql");
                    add(byTool, measure(server, "pg_dump", List.of(pgDump, "--schema-only", "-h", "localhost", "-p",
                            Integer.toString(port), "-U", USER, "-d", db, "-f", dump.toString()),
                            Map.of("PGPASSWORD", PASSWORD), out, () -> pgDumpExtracted(dump)));
                    if (n <= slowMax) {
                        int relations = n;
                        add(byTool, limited(PER_TABLE, limitMinutes, out, prefix -> perTable(server, url, out, prefix),
                                () -> perTableProgress(out, relations)));
                        if (schemaCrawlerLib != null) {
                            add(byTool, limited(SCHEMACRAWLER, limitMinutes, out,
                                    prefix -> schemaCrawler(server, schemaCrawlerLib, port, db, out, prefix), () -> ""));
                        }
                    }
                }
                rows.addAll(rows(n, byTool));
            }
        }
        return rows;
    }

    /** The inspector-style extraction of the database at {@code url}; {@code prefix} goes before its command. */
    static Run perTable(ServerCpu server, String url, Path out, List<String> prefix) throws Exception {
        Path log = out.resolve(PER_TABLE_LOG);
        String java = Processes.javaBin() + " -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path") + "' "
                + PerTableExtraction.class.getName() + " " + url + " " + USER + " " + PASSWORD + " > " + log;
        return measure(server, PER_TABLE, List.of("bash", "-c", String.join(" ", prefix) + " " + java), Map.of(), out,
                () -> lastLine(log));
    }

    /** The target a slow peer's ratio is judged against; a run stopped at the limit gives a lower bound. */
    static String peerTarget(Run peer) {
        return String.format(Locale.ROOT, "peer/metaingest >= %.0f", PEER_FACTOR) + (peer.finished() ? "" : " (a lower bound)");
    }

    /** How far a stopped per-table extraction got: it writes one line per relation done. */
    static String perTableProgress(Path out, long relations) throws IOException {
        try (Stream<String> lines = Files.lines(out.resolve(PER_TABLE_LOG))) {
            return String.format(Locale.ROOT, "%,d of %,d relations done", lines.count(), relations);
        }
    }

    /** SchemaCrawler at its detailed info level on {@code db}; {@code prefix} goes before its command (e.g. a time limit). */
    static Run schemaCrawler(ServerCpu server, Path lib, int port, String db, Path out, List<String> prefix) throws Exception {
        Path report = out.resolve(db + "-schemacrawler.txt");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Processes.javaBin(), "-cp", lib + "/*", "schemacrawler.Main", "--server=postgresql",
                "--host=localhost", "--port=" + port, "--database=" + db, "--user=" + USER, "--password=" + PASSWORD,
                "--info-level=detailed", "--command=details", "--output-format=text", "--output-file=" + report));
        return measure(server, SCHEMACRAWLER, command, Map.of(), out, () -> schemaCrawlerExtracted(report));
    }

    static final String PER_TABLE = "per-table (inspector queries)";
    static final String SCHEMACRAWLER = "SchemaCrawler detailed";

    interface Extracted {
        String describe() throws IOException;
    }

    private static void add(Map<String, List<Run>> byTool, Run run) {
        System.err.println(run);
        byTool.computeIfAbsent(run.tool(), k -> new ArrayList<>()).add(run);
    }

    static Run measure(ServerCpu server, String tool, List<String> command, Map<String, String> env, Path out,
                               Extracted extracted) throws Exception {
        Map<Long, Long> before = server.read();
        Processes.Measured m = Processes.run(command, env, out.resolve("last-process.log"));
        server.awaitBackendsGone(before.keySet());
        Map<Long, Long> after = server.read();
        return new Run(tool, m.seconds(), m.cpuSeconds(), ServerCpu.seconds(before, after), m.rssMb(), extracted.describe());
    }

    /** The median run of each tool (by wall time) against metaingest's. */
    private static List<Row> rows(int n, Map<String, List<Run>> byTool) {
        List<Row> rows = new ArrayList<>();
        Run mi = median(byTool.get("metaingest"));
        String size = String.format(Locale.ROOT, "%,d relations", n);
        for (Map.Entry<String, List<Run>> e : byTool.entrySet()) {
            Run peer = median(e.getValue());
            if (e.getKey().equals("metaingest")) {
                if (n <= 1_000) {
                    rows.add(Row.judged("5 peers " + size + ": metaingest wall", mi.figures(), "1 s", mi.seconds(),
                            "< 1 s (ratio to 1 s)", mi.seconds() < 1.0));
                }
                continue;
            }
            double ratio = e.getKey().equals("pg_dump") ? mi.seconds() / peer.seconds() : peer.seconds() / mi.seconds();
            String target = e.getKey().equals("pg_dump") ? "metaingest/pg_dump <= 0.5" : peerTarget(peer);
            boolean ok = e.getKey().equals("pg_dump") ? ratio <= 0.5 : ratio >= PEER_FACTOR;
            rows.add(n >= 10_000
                    ? Row.judged("5 peers " + size + ": vs " + e.getKey(), mi.figures(), peer.figures(), ratio, target, ok)
                    : new Row("5 peers " + size + ": vs " + e.getKey(), mi.figures(), peer.figures(),
                            String.format(Locale.ROOT, "%.2f", ratio), target + " (applies from 10,000)", ""));
        }
        for (Map.Entry<String, List<Run>> e : byTool.entrySet()) {
            rows.add(Row.info("5 peers " + size + ": " + e.getKey() + " extracted", median(e.getValue()).extracted(), ""));
        }
        return rows;
    }

    private static Run median(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
        return sorted.get(sorted.size() / 2);
    }

    static long postmasterPid(String admin) throws Exception {
        try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return ServerCpu.parentOf(rs.getLong(1));
        }
    }

    static String metaingestExtracted(Path ndjson) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        long columns = 0;
        try (Stream<String> lines = Files.lines(ndjson)) {
            for (String line : (Iterable<String>) lines::iterator) {
                int at = line.indexOf("\"entityType\":\"");
                String type = at < 0 ? "?" : line.substring(at + 14, line.indexOf('"', at + 14));
                counts.merge(type, 1L, Long::sum);
                columns += count(line, "\"dataType\":");
            }
        }
        return "NDJSON records " + counts + ", " + columns + " column entries (types, lengths, comments, constraints)";
    }

    static String pgDumpExtracted(Path sql) throws IOException {
        long tables;
        long views;
        long constraints;
        try (Stream<String> lines = Files.lines(sql)) {
            List<String> all = lines.toList();
            tables = all.stream().filter(l -> l.startsWith("CREATE TABLE")).count();
            views = all.stream().filter(l -> l.startsWith("CREATE VIEW")).count();
            constraints = all.stream().filter(l -> l.contains("ADD CONSTRAINT")).count();
        }
        return String.format(Locale.ROOT, "DDL script: %d CREATE TABLE, %d CREATE VIEW, %d ADD CONSTRAINT, %d MB",
                tables, views, constraints, Files.size(sql) >> 20);
    }

    private static String schemaCrawlerExtracted(Path report) throws IOException {
        long lines;
        try (Stream<String> all = Files.lines(report)) {
            lines = all.count();
        }
        return String.format(Locale.ROOT, "text report of %,d lines, %d MB (tables, columns, indexes, keys, "
                + "definitions)", lines, Files.size(report) >> 20);
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
