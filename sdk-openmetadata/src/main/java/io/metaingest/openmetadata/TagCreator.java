package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Fqn;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the classification tags an entity carries that the server does not have yet, before the
 * entity: the server refuses an entity tagged with an unknown tag, and a connector's own tags (the
 * Postgres connector's row-level policies, {@code PostgresPolicyTags.<policy>}) exist nowhere else,
 * as OpenMetadata's own connector creates them too. A tag the server has is left as it is; each tag
 * is looked up once per run.
 */
final class TagCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TagCreator.class);
    private static final String DESCRIPTION = "Created by metaingest for the tags its sources set on entities.";

    private final OpenMetadataClient client;
    private final ObjectMapper mapper;
    private final Set<String> present = ConcurrentHashMap.newKeySet();

    TagCreator(OpenMetadataClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** Makes sure of every classification tag in the entity's and its columns' {@code tags}. */
    void ensureTagsOf(JsonNode entity) throws IOException, OpenMetadataApiException {
        ensure(entity.get("tags"));
        if (entity.get("columns") != null) {
            for (JsonNode column : entity.get("columns")) {
                ensure(column.get("tags"));
            }
        }
    }

    private void ensure(JsonNode tags) throws IOException, OpenMetadataApiException {
        if (tags == null || !tags.isArray()) {
            return;
        }
        for (JsonNode tag : tags) {
            String fqn = tag.path("tagFQN").asText("");
            if (!"Classification".equals(tag.path("source").asText()) || fqn.isEmpty() || present.contains(fqn)) {
                continue;
            }
            List<String> parts = Fqn.split(fqn);
            if (parts.size() == 2 && client.get("/v1/tags/name/" + OpenMetadataClient.segment(fqn)).isEmpty()) {
                String classification = parts.get(0);
                if (present.add(classification)
                        && client.get("/v1/classifications/name/" + OpenMetadataClient.segment(classification)).isEmpty()) {
                    ObjectNode body = mapper.createObjectNode().put("name", classification).put("description", DESCRIPTION);
                    client.put("/v1/classifications", body);
                    LOG.info("created classification {} on the server", classification);
                }
                ObjectNode body = mapper.createObjectNode().put("name", parts.get(1)).put("description", DESCRIPTION)
                        .put("classification", classification);
                client.put("/v1/tags", body);
                LOG.info("created tag {} on the server", fqn);
            }
            present.add(fqn);
        }
    }
}
