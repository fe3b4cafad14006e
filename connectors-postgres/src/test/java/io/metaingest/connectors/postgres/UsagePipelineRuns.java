package io.metaingest.connectors.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * OpenMetadata's usage pipeline (postgres-usage → query-parser → table-usage → metadata-usage) on a test
 * database, publishing to a stand-in server seeded with that database's schema and tables.
 */
final class UsagePipelineRuns {

    static final String SERVICE = "local_postgres";

    private UsagePipelineRuns() {
    }

    /**
     * A stand-in server holding the service, {@code db}, its schema {@code schema} and {@code tables} (each
     * with its INT columns, in order), as a metadata run would have left them.
     */
    static OpenMetadataStandIn seeded(ObjectMapper mapper, String token, String db, String schema,
                                      Map<String, java.util.List<String>> tables) throws java.io.IOException {
        OpenMetadataStandIn server = new OpenMetadataStandIn(token);
        server.seed("databaseService", SERVICE, mapper.createObjectNode().put("name", SERVICE));
        server.seed("database", SERVICE + "." + db, mapper.createObjectNode().put("name", db));
        server.seed("databaseSchema", SERVICE + "." + db + "." + schema, mapper.createObjectNode().put("name", schema));
        tables.forEach((name, columns) -> {
            ObjectNode table = mapper.createObjectNode().put("name", name);
            for (String column : columns) {
                table.withArray("columns").addObject().put("name", column).put("dataType", "INT");
            }
            server.seed("table", SERVICE + "." + db + "." + schema + "." + name, table);
        });
        return server;
    }

    /**
     * Runs the usage pipeline on {@code db}, staging in {@code dir}/staging and publishing to {@code server}, or
     * with {@code path} writing the bulk sink's NDJSON there.
     */
    static RunResult run(Metaingest runtime, TestPg pg, String db, Path dir, OpenMetadataStandIn server, String token,
                         String path) throws Exception {
        Path file = dir.resolve("usage.yaml");
        Files.writeString(file, """
                source:
                  type: postgres-usage
                  serviceName: %s
                  serviceConnection:
                    config: {type: Postgres, username: %s, authType: {password: %s}, hostPort: %s, database: %s}
                  sourceConfig: {config: {type: DatabaseUsage}}
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: %s}}
                bulkSink: {type: metadata-usage, config: {filename: %s%s}}
                %s""".formatted(SERVICE, pg.user(), pg.password(), pg.hostPort(), db, dir.resolve("staging"),
                dir.resolve("staging"), path == null ? "" : ", path: " + path, server.workflowConfigYaml(token)));
        return runtime.ingest(file, new Metaingest.IngestOptions(Optional.empty(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false, false));
    }
}
