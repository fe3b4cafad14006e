package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.demo.DemoDatabase;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metaingest test-connection} on the real Postgres connector when grant checks fail: the checks
 * that passed are still printed as {@code ok:} lines on standard output, and each check that failed is
 * its own line on standard error.
 */
class TestConnectionChecksCliTest {

    private static final String PASSWORD = "partial-Secret-42";
    private static DemoDatabase database;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        database = DemoDatabase.startEmpty();
        // No pg_stat_statements in this database; a role without USAGE on schema hidden.
        database.execute("postgres", "CREATE DATABASE grants_db");
        database.execute("grants_db", """
                CREATE ROLE mi_partial LOGIN PASSWORD '%s';
                CREATE SCHEMA sales;
                CREATE SCHEMA hidden;
                CREATE TABLE sales.orders (id int);
                CREATE TABLE hidden.payroll (id int);
                GRANT USAGE ON SCHEMA sales TO mi_partial;
                GRANT SELECT ON sales.orders, hidden.payroll TO mi_partial;
                """.formatted(PASSWORD));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                plugins -> new Metaingest(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), plugins),
                        Mappers.standard(), Clock.systemUTC(), Map.<String, String>of()::get)), args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path workflow(String name, String sourceType, String sourceConfig, String steps) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                source:
                  type: %s
                  serviceName: local_postgres
                  serviceConnection:
                    config: {type: Postgres, hostPort: "%s", username: mi_partial, authType: {password: "%s"}, database: grants_db}
                  sourceConfig:
                    config: {type: %s}
                %s
                """.formatted(sourceType, database.hostPort(), PASSWORD, sourceConfig, steps));
    }

    @Test
    void aProfilerWorkflowPrintsTheChecksThatPassedBeforeTheFailure() throws Exception {
        Path file = workflow("profiler", "postgres", "Profiler", "processor: {type: orm-profiler, config: {}}\n"
                + "sink: {type: file, config: {path: \"" + dir.resolve("profiles.ndjson") + "\"}}");

        Result result = run("test-connection", "-c", file.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        // No word of pg_stat_statements: the profiler does not read it.
        assertThat(result.out().lines().toList()).hasSize(4).satisfiesExactly(
                l -> assertThat(l).isEqualTo("ok: connected to database \"grants_db\" at " + database.hostPort()
                        + " as \"mi_partial\""),
                l -> assertThat(l).startsWith("ok: server version "),
                l -> assertThat(l).startsWith("ok: can read the catalog ("),
                l -> assertThat(l).isEqualTo("ok: can SELECT from all 2 tables the workflow reads, once it has USAGE"
                        + " on schema hidden"));
        assertThat(result.err().lines().toList()).containsExactly("connection failed (permission): user \"mi_partial\""
                + " has no USAGE on schema hidden in database \"grants_db\", which the profiler needs to read their"
                + " tables: run GRANT USAGE ON SCHEMA hidden TO mi_partial");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD).doesNotContain("connection ok");
    }

    @Test
    void aUsageWorkflowWarnsOfTheMissingUsageAsItsRunDoesAndFailsOnTheQueryLog() throws Exception {
        Path file = workflow("usage", "postgres-usage", "DatabaseUsage",
                "sink: {type: file, config: {path: \"" + dir.resolve("usage.ndjson") + "\"}}");

        Result result = run("test-connection", "-c", file.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        // The missing USAGE is a warning, as in the usage run, which goes on without those queries.
        assertThat(result.out().lines().toList()).hasSize(4).satisfies(lines -> {
            assertThat(lines.subList(0, 3)).allSatisfy(l -> assertThat(l).startsWith("ok: "));
            assertThat(lines.get(3)).isEqualTo("warning: no USAGE on schema hidden in database \"grants_db\", so"
                    + " queries that name its tables without the schema are left out of usage: run GRANT USAGE ON"
                    + " SCHEMA hidden TO mi_partial");
        });
        assertThat(result.err().lines().toList()).singleElement().asString().startsWith("connection failed"
                + " (not_found): usage needs pg_stat_statements in database \"grants_db\"");
        assertThat(result.out() + result.err()).doesNotContain(PASSWORD);
    }
}
