package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings that work but not as meant are the loaded workflow's warnings, so {@code validate} (which loads the file
 * and connects nowhere) says them as a run does: a database filter without ingestAllDatabases, and a lock_timeout
 * not below statement_timeout. A run says each once, at its start and in its report.
 */
class SettingWarningsTest {

    private static final String UNAPPLIED = "source.sourceConfig.config.databaseFilterPattern: not applied: it chooses"
            + " among the server's databases only with source.serviceConnection.config.ingestAllDatabases: true (as in"
            + " OpenMetadata), and this run reads the configured database %s; set ingestAllDatabases, or remove the pattern";
    private static final String LOCK = "source.serviceConnection.config.connectionArguments.lock_timeout: lock_timeout"
            + " 600000 ms is not below statement_timeout 300000 ms (metaingest's default), so a catalog query waiting for"
            + " a lock another session holds is cancelled at statement_timeout and its database fails, instead of being"
            + " read past the lock: lower lock_timeout, or raise statement_timeout with"
            + " source.serviceConnection.config.connectionArguments.options: \"-c statement_timeout=20min\"";

    @TempDir
    Path dir;

    private Path workflow(String hostPort, String database, String password, String kind, String connectionExtra,
                          String sourceConfigExtra) throws Exception {
        return Files.writeString(dir.resolve(kind + ".yaml"), """
                source:
                  type: %s
                  serviceName: pg
                  serviceConnection:
                    config: {type: Postgres, hostPort: "%s", username: u, authType: {password: "%s"}, database: %s%s}
                  sourceConfig: {config: {type: %s%s}}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(kind.equals("DatabaseMetadata") ? "postgres" : kind.equals("DatabaseLineage")
                        ? "postgres-lineage" : "postgres-usage", hostPort, password, database, connectionExtra, kind,
                sourceConfigExtra, dir.resolve(kind + ".ndjson")));
    }

    private static Metaingest runtime(Map<String, String> env) {
        return Workflows.runtime(Clock.systemUTC(), env);
    }

    @Test
    void validateSaysTheWarningsOfTheSettingsAloneWithoutConnecting() throws Exception {
        String filter = ", databaseFilterPattern: {excludes: [\"^shop$\"]}";
        Metaingest runtime = runtime(Map.of());
        // The host is a closed port: loading connects nowhere.
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseMetadata", "", filter)).warnings())
                .containsExactly(UNAPPLIED.formatted("shop"));
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseLineage", "", filter)).warnings())
                .containsExactly(UNAPPLIED.formatted("shop"));
        // Applied with ingestAllDatabases; usage has no database filter to warn of.
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseMetadata", ", ingestAllDatabases: true",
                filter)).warnings()).isEmpty();
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseUsage", "", "")).warnings()).isEmpty();

        String lock = ", connectionArguments: {lock_timeout: 10min}";
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseMetadata", lock, "")).warnings())
                .containsExactly(LOCK);
        // Only the metadata run reads the catalog under those locks.
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseLineage", lock, "")).warnings()).isEmpty();
        assertThat(runtime.load(workflow("127.0.0.1:1", "shop", "pass-w0rd", "DatabaseMetadata",
                ", connectionArguments: {lock_timeout: 10min, options: \"-c statement_timeout=20min\"}", "")).warnings())
                .as("the fix it suggests clears it").isEmpty();
    }

    @Test
    void aRunSaysEachOnceAtItsStartAndInItsReport() throws Exception {
        TestPg pg = TestPg.get();
        pg.database("setting_warnings", true, "CREATE TABLE t (id int);");
        Path report = dir.resolve("report.json");
        Path file = workflow(pg.hostPort(), "setting_warnings", "${PG_PASSWORD}", "DatabaseMetadata",
                ", username: " + pg.user() + ", connectionArguments: {lock_timeout: 10min}",
                ", databaseFilterPattern: {includes: [\"^nothing$\"]}");
        Files.writeString(file, Files.readString(file).replace("username: u, ", ""));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunResult result = runtime(Map.of("PG_PASSWORD", pg.password())).ingest(file, new Metaingest.IngestOptions(
                Optional.of(report), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, true));

        String messages = err.toString(StandardCharsets.UTF_8);
        assertThat(result.steps().get(0).records()).as(messages).isPositive();
        String unapplied = UNAPPLIED.formatted("setting_warnings");
        assertThat(messages.split("\n")).filteredOn(l -> l.contains("databaseFilterPattern: not applied"))
                .containsExactly("warning: " + unapplied);
        assertThat(messages.split("\n")).filteredOn(l -> l.contains("is not below statement_timeout"))
                .containsExactly("warning: " + LOCK);
        JsonNode written = Mappers.standard().readTree(report.toFile());
        assertThat(written.path("warnings").toString()).contains("not applied: it chooses", "is not below statement_timeout");
        assertThat(result.warnings()).containsSubsequence(LOCK, unapplied);
    }
}
