package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drill: SIGTERM at six points of a 20,000-table PostgreSQL run (real CLI in a child JVM,
 * embedded server), plus one run left to finish. After each: the report is final, the file a user
 * finds is either the previous output untouched (a stopped run keeps nothing) or exactly the lines
 * the report counts, every line whole, and no temporary file is left.
 */
class SigtermDrillTest {

    private static final int TABLES = 20_000;
    private static final String PREVIOUS = "{\"previous\":\"output\"}\n";

    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildDatabase() throws Exception {
        long started = System.nanoTime();
        // Durability is not under test here; without fsync the 20,000 tables are created much faster.
        server = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off").setServerConfig("full_page_writes", "off").start();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE drill");
        }
        // Committed in batches: creating 20,000 tables in one transaction runs out of lock memory.
        try (Connection c = connect("drill"); Statement s = c.createStatement()) {
            for (int batch = 0; batch < TABLES; batch += 500) {
                StringBuilder sql = new StringBuilder();
                for (int i = batch; i < batch + 500; i++) {
                    sql.append("CREATE TABLE t").append(i).append(" (id int NOT NULL, name text, at timestamptz);");
                }
                s.execute(sql.toString());
            }
        }
        System.out.printf("SigtermDrillTest: %,d tables built in %d ms%n", TABLES, (System.nanoTime() - started) / 1_000_000);
    }

    private static Connection connect(String database) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.getPort() + "/" + database, "postgres", "");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private Path workflow(Path target) throws Exception {
        Path file = dir.resolve("drill.yaml");
        Files.writeString(file, """
                source:
                  type: postgres
                  serviceName: drill_pg
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: %s
                      username: %s
                      authType: {password: %s}
                      database: drill
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                """.formatted("localhost:" + server.getPort(), "postgres", "unused-with-trust", target));
        return file;
    }

    /** The stop points: SIGTERM once stderr shows such a line (the run logs at DEBUG). */
    private static List<Predicate<String>> stopPoints() {
        List<Predicate<String>> points = new ArrayList<>();
        points.add(line -> line.contains("postgres: source config")); // before connecting
        points.add(line -> line.contains("postgres: reading"));        // connected, nothing written
        for (int drains : new int[] {1, 10, 40}) {                      // mid-run, after N buffer writes
            int[] seen = {0};
            points.add(line -> line.contains("file sink:") && line.contains("lines written") && ++seen[0] == drains);
        }
        points.add(line -> line.contains("postgres: finished in"));    // source done, sink ending
        return points;
    }

    @Test
    void sigtermAtSixPointsNeverLosesOrTearsARecord() throws Exception {
        Path target = dir.resolve("out/tables.ndjson");
        Files.createDirectories(target.getParent());
        Path report = dir.resolve("report.json");
        int runs = 0;
        int faults = 0;
        long lost = 0;
        for (Predicate<String> point : stopPoints()) {
            Files.writeString(target, PREVIOUS);
            Files.deleteIfExists(report);
            try (ChildCli cli = ChildCli.start(dir, null, "--debug", "ingest", "-c", workflow(target).toString(),
                    "--report", report.toString())) {
                runs++;
                if (cli.awaitErr(point)) {
                    cli.terminate();
                    faults++;
                }
                cli.exitCode();
                lost += check(target, report, String.join("\n", cli.errLines().subList(
                        Math.max(0, cli.errLines().size() - 5), cli.errLines().size())));
            }
        }
        // And one run left alone: the file then holds exactly what the report says.
        Files.writeString(target, PREVIOUS);
        try (ChildCli cli = ChildCli.start(dir, null, "ingest", "-c", workflow(target).toString(),
                "--report", report.toString())) {
            runs++;
            assertThat(cli.exitCode()).as(String.join("\n", cli.errLines())).isZero();
            JsonNode json = new ObjectMapper().readTree(report.toFile());
            assertThat(json.get("state").asText()).isEqualTo("success");
            assertThat(json.at("/outputs/0/records").asLong()).isGreaterThan(TABLES);
            lost += check(target, report, "complete run");
        }
        assertThat(faults).isGreaterThanOrEqualTo(5);
        assertThat(lost).isZero();
        DrillFigures.record("SIGTERM on " + TABLES + " tables (" + runs + " runs)", faults, lost);
    }

    /** Checks what a run left; returns the records the report claims that the file does not hold. */
    private static long check(Path target, Path report, String context) throws Exception {
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        String state = json.get("state").asText();
        assertThat(state).as(context).isIn("failed", "success");
        String content = Files.readString(target);
        assertThat(content).as("no torn line").endsWith("\n");
        List<String> lines = content.lines().toList();
        ObjectMapper mapper = new ObjectMapper();
        for (String line : lines) {
            mapper.readTree(line); // every line is whole JSON
        }
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(target);
        }
        JsonNode steps = json.get("steps");
        assertThat(steps.get(steps.size() - 1).get("records").asLong())
                .as("the sink never counts more records than the source read (no processor here)")
                .isLessThanOrEqualTo(steps.get(0).get("records").asLong());
        if (state.equals("failed")) {
            assertThat(json.get("fatalError").asText()).as(context).startsWith("interrupted");
            assertThat(content).as("a stopped run keeps the previous output").isEqualTo(PREVIOUS);
            assertThat(json.at("/outputs/0/kept").asBoolean(false)).isFalse();
            assertThat(json.at("/outputs/0/records").asLong(-1)).as("a discarded output counts no records").isZero();
            return 0;
        }
        long claimed = json.at("/outputs/0/records").asLong();
        assertThat((long) lines.size()).as("report's written count equals the file's lines").isEqualTo(claimed);
        return Math.max(0, claimed - lines.size());
    }
}
