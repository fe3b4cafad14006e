package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns references by FQN (or, for users and teams, by name) into the {@code {id, type}} references
 * OpenMetadata requires for owners and lineage ends. Ids are kept in a bounded least-recently-used
 * cache, which the sink also fills with every entity it writes, so a lineage edge between tables
 * written in the same run costs no look-up. Thread-safe.
 */
public final class ReferenceResolver {

    private final OpenMetadataClient client;
    private final Map<String, String> ids;

    /**
     * Creates a resolver.
     *
     * @param client the server
     * @param capacity how many ids to remember at most
     */
    public ReferenceResolver(OpenMetadataClient client, int capacity) {
        this.client = client;
        int bound = Math.max(1, capacity);
        this.ids = new LinkedHashMap<>(Math.min(bound, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > bound;
            }
        };
    }

    /** Remembers the id of an entity the server just returned. */
    public void remember(String type, String fqn, String id) {
        if (type != null && fqn != null && id != null) {
            synchronized (ids) {
                ids.put(type + ':' + fqn, id);
            }
        }
    }

    /** How many ids are cached (for tests and figures). */
    public int cached() {
        synchronized (ids) {
            return ids.size();
        }
    }

    /**
     * Resolves a JSON entity reference to {@code {id, type}}; a reference that already has an id is
     * returned as it is.
     *
     * @throws OpenMetadataApiException when the server does not know the entity (404) or refuses the look-up
     */
    public ObjectNode resolve(JsonNode reference) throws IOException, OpenMetadataApiException {
        String type = reference.path("type").asText(null);
        if (reference.hasNonNull("id")) {
            return reference.deepCopy();
        }
        String fqn = reference.hasNonNull("fullyQualifiedName") ? reference.get("fullyQualifiedName").asText()
                : reference.path("name").asText(null);
        if (type == null || fqn == null) {
            throw new OpenMetadataApiException(400, "a reference needs a type and a fullyQualifiedName or name: " + reference);
        }
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        resolved.put("id", idOf(type, fqn));
        resolved.put("type", type);
        return resolved;
    }

    /** The id of the entity {@code type} named {@code fqn}, from the cache or the server. */
    public String idOf(String type, String fqn) throws IOException, OpenMetadataApiException {
        String key = type + ':' + fqn;
        synchronized (ids) {
            String cached = ids.get(key);
            if (cached != null) {
                return cached;
            }
        }
        String path = EntityCollections.byName(type, fqn).orElseThrow(() ->
                new OpenMetadataApiException(400, "cannot look up entities of type '" + type + "' by name"));
        JsonNode entity = client.get(path).orElseThrow(() ->
                new OpenMetadataApiException(404, type + " '" + fqn + "' is not on the server (GET " + path + " answered 404)"));
        String id = entity.path("id").asText(null);
        if (id == null) {
            throw new OpenMetadataApiException(502, "GET " + path + " returned an entity without an id");
        }
        remember(type, fqn, id);
        return id;
    }
}
