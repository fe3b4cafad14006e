package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns references by FQN (or, for users and teams, by name) into the {@code {id, type}} references
 * OpenMetadata requires for owners and lineage ends. Ids are kept in a bounded least-recently-used
 * cache, which the sink also fills with every entity it writes, so a lineage edge between tables
 * written in the same run costs no look-up. A name the server answered 404 for is remembered too
 * (same bound), so a database role that owns ten thousand tables but has no user costs one look-up,
 * not ten thousand; writing that entity later in the run replaces the miss. Thread-safe.
 *
 * <p>A table at a lineage end that the exact look-up misses is searched for ignoring case
 * ({@link #resolveLineageEnd}), as OpenMetadata's own lineage finds tables: its search index keeps
 * {@code fullyQualifiedName} lower-cased, so {@code WH.RETAIL.FACT_SALES} from a query finds the
 * table a Postgres service named {@code wh.retail.fact_sales}.
 */
public final class ReferenceResolver {

    private final OpenMetadataClient client;
    private final Map<String, String> ids;
    /** Names the server does not have, with the message of their 404; guarded by {@link #ids}. */
    private final Map<String, String> missing;
    /** Table FQNs already searched for ignoring case without a match; guarded by {@link #ids}. */
    private final Map<String, String> searched;

    /**
     * Creates a resolver.
     *
     * @param client the server
     * @param capacity how many ids to remember at most
     */
    public ReferenceResolver(OpenMetadataClient client, int capacity) {
        this.client = client;
        int bound = Math.max(1, capacity);
        this.ids = bounded(bound);
        this.missing = bounded(bound);
        this.searched = bounded(bound);
    }

    private static Map<String, String> bounded(int bound) {
        return new LinkedHashMap<>(Math.min(bound, 1024), 0.75f, true) {
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
                missing.remove(type + ':' + fqn);
            }
        }
    }

    /**
     * Throws again the 404 remembered for {@code type fqn}, so a name the server lacks costs one
     * look-up whichever read found it missing; returns when none is remembered.
     */
    public void throwIfMissing(String type, String fqn) throws OpenMetadataApiException {
        synchronized (ids) {
            String miss = missing.get(type + ':' + fqn);
            if (miss != null) {
                throw new OpenMetadataApiException(404, miss);
            }
        }
    }

    /**
     * Remembers that the server does not have {@code type fqn} (learnt by a read of the caller's,
     * e.g. a table's latest profile) and returns the 404 to throw.
     *
     * @param why what the server answered, e.g. {@code GET /v1/... answered 404}
     */
    public OpenMetadataApiException missing(String type, String fqn, String why) {
        String message = type + " '" + fqn + "' is not on the server (" + why + ")";
        synchronized (ids) {
            ids.remove(type + ':' + fqn);
            missing.put(type + ':' + fqn, message);
        }
        return new OpenMetadataApiException(404, message);
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

    /**
     * The id of the entity {@code type} named {@code fqn}, from the cache or the server.
     *
     * @throws OpenMetadataApiException 404 when the server does not have it (asked once while remembered)
     */
    public String idOf(String type, String fqn) throws IOException, OpenMetadataApiException {
        String key = type + ':' + fqn;
        synchronized (ids) {
            String cached = ids.get(key);
            if (cached != null) {
                return cached;
            }
        }
        throwIfMissing(type, fqn);
        String path = EntityCollections.byName(type, fqn).orElseThrow(() ->
                new OpenMetadataApiException(400, "cannot look up entities of type '" + type + "' by name"));
        Optional<JsonNode> found = client.get(path);
        if (found.isEmpty()) {
            throw missing(type, fqn, "GET " + path + " answered 404");
        }
        JsonNode entity = found.get();
        String id = entity.path("id").asText(null);
        if (id == null) {
            throw new OpenMetadataApiException(502, "GET " + path + " returned an entity without an id");
        }
        remember(type, fqn, id);
        return id;
    }

    /**
     * {@link #resolve} for a lineage end: a table the exact look-up misses is searched for by its FQN
     * ignoring case, and taken when exactly one table matches (none, or several differing only in
     * case, keep the 404, saying so). Searched once per name while remembered.
     *
     * @throws OpenMetadataApiException 404 when no single table matches, or when the server refuses a look-up
     */
    public ObjectNode resolveLineageEnd(JsonNode reference) throws IOException, OpenMetadataApiException {
        try {
            return resolve(reference);
        } catch (OpenMetadataApiException e) {
            String fqn = reference.path("fullyQualifiedName").asText(null);
            if (e.status() != 404 || !"table".equals(reference.path("type").asText()) || fqn == null) {
                throw e;
            }
            synchronized (ids) {
                if (searched.containsKey(fqn)) {
                    throw e;
                }
            }
            List<JsonNode> matches = tablesIgnoringCase(fqn);
            if (matches.size() != 1) {
                String why = matches.isEmpty() ? "no table matches it ignoring case"
                        : matches.size() + " tables match it ignoring case ("
                        + String.join(", ", matches.stream().map(m -> m.path("fullyQualifiedName").asText()).toList())
                        + "): name the one meant exactly";
                synchronized (ids) {
                    searched.put(fqn, why);
                }
                throw missing("table", fqn, "GET " + EntityCollections.byName("table", fqn).orElseThrow()
                        + " answered 404; " + why);
            }
            String id = matches.get(0).path("id").asText();
            remember("table", fqn, id);
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            resolved.put("id", id);
            resolved.put("type", "table");
            return resolved;
        }
    }

    /** The tables whose FQN equals {@code fqn} ignoring case, from the server's search index. */
    private List<JsonNode> tablesIgnoringCase(String fqn) throws IOException, OpenMetadataApiException {
        // A phrase on the keyword field: the index's lowercase normalizer applies to it, wildcards do not.
        String phrase = '"' + fqn.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        Optional<JsonNode> answer = client.get("/v1/search/query", Map.of("q", "fullyQualifiedName:" + phrase,
                "index", "table_search_index", "from", "0", "size", "10"));
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode hit : answer.map(a -> a.path("hits").path("hits")).orElse(JsonNodeFactory.instance.arrayNode())) {
            JsonNode source = hit.path("_source");
            if (source.path("fullyQualifiedName").asText("").equalsIgnoreCase(fqn) && source.hasNonNull("id")
                    && !source.path("deleted").asBoolean()) {
                matches.add(source);
            }
        }
        return matches;
    }
}
