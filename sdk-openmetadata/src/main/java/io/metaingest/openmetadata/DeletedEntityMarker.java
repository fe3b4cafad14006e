package io.metaingest.openmetadata;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenMetadata's deleted-entity handling: after a run that did not fail, soft-deletes the entities
 * the server has under a parent this run processed but that this run did not emit. The parents are
 * the schemas the run emitted (for tables and stored procedures) and the run's service (for
 * pipelines and dashboards), so a schema that was filtered out or never read is never touched.
 * Every record is observed before it is written, so an entity whose write failed still counts as
 * present at the source and is not deleted.
 *
 * <p>Memory: the emitted names are kept as 64-bit hashes ({@link SeenNames}, at most 16 bytes a
 * name: ~16 MB for a million tables, where strings would take ~100 MB); a hash collision can only
 * keep an entity, never delete an emitted one. Parents (schemas, the service) are few and kept as
 * strings; the server's lists are read one page at a time, and only the entities to delete are
 * held, one parent at a time.
 */
public final class DeletedEntityMarker {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedEntityMarker.class);

    /** How an entity type is scoped: the parent's list filter. */
    private static final Map<String, String> FILTER = Map.of(
            "table", "databaseSchema",
            "storedProcedure", "databaseSchema",
            "pipeline", "service",
            "dashboard", "service");

    private final OpenMetadataClient client;
    private final MarkDeletedPolicy policy;
    /** entity type → parents processed. */
    private final Map<String, Set<String>> parents = new ConcurrentHashMap<>();
    /** entity type → FQNs emitted, as hashes. */
    private final Map<String, SeenNames> seen = new ConcurrentHashMap<>();

    /**
     * Creates a marker for one run.
     *
     * @param serviceName the run's service ({@code source.serviceName}), whose pipelines and
     *                    dashboards the run reads in full; null when there is none
     */
    public DeletedEntityMarker(OpenMetadataClient client, MarkDeletedPolicy policy, String serviceName) {
        this.client = client;
        this.policy = policy;
        if (serviceName != null) {
            parent("pipeline", serviceName);
            parent("dashboard", serviceName);
        }
    }

    /** Notes a record the run emitted (before it is written). */
    public void observe(EntityRequest record) {
        if (record instanceof CreateDatabaseSchemaRequest schema) {
            parent("table", schema.key());
            parent("storedProcedure", schema.key());
        } else if (record instanceof CreateTableRequest table) {
            see("table", table.key());
        } else if (record instanceof CreateStoredProcedureRequest procedure) {
            see("storedProcedure", procedure.key());
        } else if (record instanceof CreatePipelineRequest pipeline) {
            see("pipeline", pipeline.key());
        } else if (record instanceof CreateDashboardRequest dashboard) {
            see("dashboard", dashboard.key());
        }
    }

    /** Whether {@link #markDeleted} would look for anything to delete: the policy marks a type of which the run saw a parent. */
    public boolean wouldMark() {
        return parents.keySet().stream().anyMatch(policy::marks);
    }

    /**
     * Soft-deletes what the server has under each processed parent and the run did not emit. A list
     * or a deletion the server refuses is logged and the others go on.
     *
     * @return the FQNs marked deleted, by entity type
     * @throws OpenMetadataAuthException when the server refuses the token (unchecked: a connection failure)
     * @throws IOException when the server cannot be reached
     */
    public Map<String, List<String>> markDeleted() throws IOException {
        Map<String, List<String>> marked = new TreeMap<>();
        for (String type : new TreeMap<>(parents).keySet()) {
            if (!policy.marks(type)) {
                continue;
            }
            String collection = EntityCollections.of(type).orElseThrow();
            SeenNames emitted = seen.getOrDefault(type, new SeenNames());
            for (String parent : new TreeSet<>(parents.get(type))) {
                // Collected first (id and name only): deleting while paging must not move the cursor under us.
                List<Listed> missing = new ArrayList<>();
                try {
                    client.forEachListed(collection, FILTER.get(type), parent, entity -> {
                        String fqn = entity.path("fullyQualifiedName").asText();
                        if (!emitted.contains(fqn)) {
                            missing.add(new Listed(entity.path("id").asText(), fqn));
                        }
                    });
                } catch (OpenMetadataApiException e) {
                    // e.g. a schema whose own write was refused: nothing of it can be judged
                    LOG.warn("could not list the {}s of {} to mark deleted ones: {}", type, parent, e.getMessage());
                    continue;
                }
                for (Listed entity : missing) {
                    String fqn = entity.fqn();
                    try {
                        client.delete(collection + "/" + OpenMetadataClient.segment(entity.id()));
                        marked.computeIfAbsent(type, k -> new ArrayList<>()).add(fqn);
                    } catch (OpenMetadataApiException e) {
                        LOG.warn("could not mark {} {} deleted: {}", type, fqn, e.getMessage());
                    }
                }
            }
        }
        marked.forEach((type, fqns) -> LOG.info("marked {} {} entities deleted that the source no longer has",
                fqns.size(), type));
        return marked;
    }

    /** A listed entity the run did not emit. */
    private record Listed(String id, String fqn) {
    }

    private void parent(String type, String parentFqn) {
        if (policy.marks(type)) {
            parents.computeIfAbsent(type, k -> ConcurrentHashMap.newKeySet()).add(parentFqn);
        }
    }

    private void see(String type, String fqn) {
        if (policy.marks(type)) {
            seen.computeIfAbsent(type, k -> new SeenNames()).add(fqn);
        }
    }
}
