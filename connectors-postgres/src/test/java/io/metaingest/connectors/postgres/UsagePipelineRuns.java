package io.metaingest.connectors.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenMetadata's usage pipeline (postgres-usage → query-parser → table-usage → metadata-usage) on a test
 * database, publishing to a stand-in server seeded with that database's schema and tables.
 */
final class UsagePipelineRuns {

    static final String SERVICE = "local_postgres";
    /** The ingestion bot's token the stand-in server expects. */
    static final String TOKEN = "eyJ.bot.token";

    private UsagePipelineRuns() {
    }

    /**
     * A stand-in server holding the service, {@code db}, its schema {@code schema} and {@code tables} (each
     * with its INT columns, in order), as a metadata run would have left them.
     */
    static OpenMetadataStandIn seeded(String db, String schema, Map<String, List<String>> tables)
            throws java.io.IOException {
        ObjectMapper mapper = Mappers.standard();
        OpenMetadataStandIn server = new OpenMetadataStandIn(TOKEN);
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
     * Runs the usage pipeline on {@code db} on the day of {@link UsagePipelineTest#CLOCK}, staging in
     * {@code dir}/staging and publishing to {@code server}, or with {@code path} writing the bulk sink's NDJSON there.
     */
    static RunResult run(TestPg pg, String db, Path dir, OpenMetadataStandIn server, String path) throws Exception {
        Path file = Files.writeString(dir.resolve("usage.yaml"),
                Workflows.source("postgres-usage", SERVICE, Workflows.connection(pg, db), "{type: DatabaseUsage}") + """
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: %s}}
                bulkSink: {type: metadata-usage, config: {filename: %s%s}}
                %s""".formatted(dir.resolve("staging"), dir.resolve("staging"), path == null ? "" : ", path: " + path,
                server.workflowConfigYaml(TOKEN)));
        return Workflows.ingest(Workflows.runtime(UsagePipelineTest.CLOCK, Map.of()), file);
    }
}
