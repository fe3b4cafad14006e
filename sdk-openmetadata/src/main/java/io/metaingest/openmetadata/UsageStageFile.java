package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.UsageRequest;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file the {@code table-usage} stage writes and the {@code metadata-usage} bulk sink reads:
 * {@code <filename>/table-usage.ndjson}, one {@code {"entityType": ..., "entity": ...}} line per
 * usage count or query, the line format of the {@code file} sink.
 */
final class UsageStageFile {

    private static final String NAME = "table-usage.ndjson";

    private UsageStageFile() {
    }

    /** The file inside the folder named by the steps' {@code filename}. */
    static Path in(String folder) {
        return Path.of(folder).resolve(NAME);
    }

    /** One line for a record. */
    static String line(ObjectMapper mapper, EntityRequest record) throws IOException {
        return "{\"entityType\":" + mapper.writeValueAsString(record.entityType()) + ",\"entity\":"
                + mapper.writeValueAsString(record) + "}";
    }

    /** The record of a line: a {@link UsageRequest} or a {@link CreateQueryRequest}. */
    static EntityRequest read(ObjectMapper mapper, String line) throws IOException {
        JsonNode node = mapper.readTree(line);
        JsonNode entity = node.path("entity");
        return switch (node.path("entityType").asText()) {
            case "usage" -> mapper.treeToValue(entity, UsageRequest.class);
            case "query" -> mapper.treeToValue(entity, CreateQueryRequest.class);
            default -> throw new IOException("not a usage or query line: " + node.path("entityType").asText());
        };
    }
}
