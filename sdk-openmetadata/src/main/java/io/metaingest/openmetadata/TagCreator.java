package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Fqn;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the classification tags an entity carries that the server does not have yet, before the
 * entity: the server refuses an entity tagged with an unknown tag, and a connector's own tags (the
 * Postgres connector's row-level policies, {@code PostgresPolicyTags.<policy>}) exist nowhere else,
 * as OpenMetadata's own connector creates them too. A tag the server has is left as it is; the
 * lookups go through the run's {@link ReferenceResolver}, so a tag is looked up once while it is cached.
 */
final class TagCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TagCreator.class);
    private static final String DESCRIPTION = "Created by metaingest for the tags its sources set on entities.";

    private final OpenMetadataClient client;
    private final ReferenceResolver resolver;
    private final ObjectMapper mapper;

    TagCreator(OpenMetadataClient client, ReferenceResolver resolver, ObjectMapper mapper) {
        this.client = client;
        this.resolver = resolver;
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
            if (!"Classification".equals(tag.path("source").asText()) || fqn.isEmpty()) {
                continue;
            }
            List<String> parts = Fqn.split(fqn);
            if (parts.size() != 2 || onServer("tag", fqn)) {
                continue;
            }
            String classification = parts.get(0);
            if (!onServer("classification", classification)) {
                create("classification", "/v1/classifications", classification,
                        mapper.createObjectNode().put("name", classification).put("description", DESCRIPTION));
            }
            create("tag", "/v1/tags", fqn, mapper.createObjectNode().put("name", parts.get(1))
                    .put("description", DESCRIPTION).put("classification", classification));
        }
    }

    /** Whether the server has it: looked up by name through the resolver, whose cache then holds it. */
    private boolean onServer(String type, String fqn) throws IOException, OpenMetadataApiException {
        try {
            resolver.idOf(type, fqn);
            return true;
        } catch (OpenMetadataApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return false;
        }
    }

    private void create(String type, String collection, String fqn, ObjectNode body)
            throws IOException, OpenMetadataApiException {
        JsonNode created = client.put(collection, body).json();
        resolver.remember(type, fqn, created.path("id").asText(null));
        LOG.info("created {} {} on the server", type, fqn);
    }
}
