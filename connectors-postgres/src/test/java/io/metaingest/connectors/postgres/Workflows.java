package io.metaingest.connectors.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Workflow files of the Postgres connector, as the tests write them, and the runtime that loads and runs them as
 * {@code metaingest validate} and {@code ingest} do.
 */
final class Workflows {

    private Workflows() {
    }

    /** A runtime with the Postgres connector only, on the real clock, with no environment variable set. */
    static Metaingest runtime() {
        return runtime(Clock.systemUTC(), Map.of());
    }

    /** A runtime with the Postgres connector only, on {@code clock}, whose {@code ${NAME}}s are read from {@code env}. */
    static Metaingest runtime(Clock clock, Map<String, String> env) {
        return new Metaingest(ServiceSpecRegistry.of(new PostgresSpec()), Mappers.standard(), clock, env::get);
    }

    /** Runs {@code workflow} without a report, its console and messages discarded. */
    static RunResult ingest(Metaingest runtime, Path workflow) throws Exception {
        return ingest(runtime, workflow, false);
    }

    /** As {@link #ingest}, logging at DEBUG whatever the workflow says (as {@code ingest --debug}). */
    static RunResult ingestAtDebug(Metaingest runtime, Path workflow) throws Exception {
        return ingest(runtime, workflow, true);
    }

    private static RunResult ingest(Metaingest runtime, Path workflow, boolean debug) throws Exception {
        return runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.empty(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false, debug));
    }

    /** The lines of an NDJSON file (a file sink's, a bulk sink's), parsed, in order. */
    static List<JsonNode> lines(Path ndjson) throws IOException {
        return Mappers.standard().readerFor(JsonNode.class).<JsonNode>readValues(ndjson.toFile()).readAll();
    }

    /** {@code database} of the test server as a flow-style {@code serviceConnection.config}. */
    static String connection(TestPg pg, String database) {
        return connection(pg.hostPort(), pg.user(), pg.password(), database, "");
    }

    /**
     * A flow-style {@code serviceConnection.config} signing in with a password; {@code more} is its further keys,
     * each written {@code , key: value}, or empty.
     */
    static String connection(String hostPort, String user, String password, String database, String more) {
        return "{type: Postgres, hostPort: \"%s\", username: \"%s\", authType: {password: \"%s\"}, database: %s%s}"
                .formatted(hostPort, user, password, database, more);
    }

    /** A workflow's {@code source} section: of {@code type}, on {@code connection} (flow style) and {@code sourceConfig}. */
    static String source(String type, String serviceName, String connection, String sourceConfig) {
        return """
                source:
                  type: %s
                  serviceName: %s
                  serviceConnection:
                    config: %s
                  sourceConfig:
                    config: %s
                """.formatted(type, serviceName, connection, sourceConfig);
    }

    /**
     * The start of a workflow's {@code source} section as OpenMetadata 1.6's documentation writes it (block style,
     * service local_postgres), on {@code database} of the test server, ending at {@code sourceConfig.config:}: the
     * lines that follow are that config's, indented by six spaces.
     */
    static String documentedSource(String type, TestPg pg, String database) {
        return """
                source:
                  type: %s
                  serviceName: local_postgres
                  serviceConnection:
                    config:
                      type: Postgres
                      username: %s
                      authType:
                        password: %s
                      hostPort: %s
                      database: %s
                  sourceConfig:
                    config:
                """.formatted(type, pg.user(), pg.password(), pg.hostPort(), database);
    }

    /**
     * {@code dir/pg.yaml}: a metadata workflow of a server that is never reached (db:5432), for what loading it says;
     * {@code connection} holds the lines of its connection after {@code hostPort}.
     */
    static Path unreachedMetadata(Path dir, String connection, String sourceConfig) throws IOException {
        return Files.writeString(dir.resolve("pg.yaml"), """
                source:
                  type: postgres
                  serviceName: pg
                  serviceConnection:
                    config:
                      type: Postgres
                      hostPort: db:5432
                %s
                  sourceConfig: {config: %s}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(connection.indent(6).stripTrailing(), sourceConfig, dir.resolve("out.ndjson")));
    }

    /**
     * {@code file}: a test suite workflow {@code suite} whose TestSuite config holds {@code config} (its
     * serviceConnections among them), running {@code testCases} (a YAML list) into a file sink at {@code out}.
     */
    static Path testSuite(Path file, String suite, String config, String testCases, Path out) throws IOException {
        return Files.writeString(file, """
                source:
                  type: testsuite
                  serviceName: %s
                  sourceConfig:
                    config:
                      type: TestSuite
                %s
                processor:
                  type: orm-test-runner
                  config:
                    testCases:
                %s
                sink: {type: file, config: {path: "%s"}}
                """.formatted(suite, config.indent(6).stripTrailing(), testCases.indent(6).stripTrailing(), out));
    }

    /** One entry of a test suite's {@code serviceConnections}, on {@code connection} (flow style). */
    static String suiteService(String name, String connection) {
        return """
                - serviceName: %s
                  serviceConnection:
                    config: %s
                """.formatted(name, connection);
    }
}
