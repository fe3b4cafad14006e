package io.metaingest.openmetadata;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.StopSignal;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
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
 * pipelines, dashboards and dashboard data models), so a schema that was filtered out or never read
 * is never touched; what a filter pattern dropped under a processed parent counts as gone.
 * Every record is observed before it is written, so an entity whose write failed still counts as
 * present at the source and is not deleted.
 *
 * <p>Memory: the emitted names are kept as 64-bit hashes ({@link SeenNames}, at most 16 bytes a
 * name: ~16 MB for a million tables, where strings would take ~100 MB); a hash collision can only
 * keep an entity, never delete an emitted one. Parents (schemas, the service) are few and kept as
 * strings; the server's lists are read one page at a time, and only the entities to delete are
 * held, one parent at a time.
 *
 * <p>What the user must know is recorded in the sink step's own {@link Status}, so the summary, the
 * report and the server's pipeline status say it, not only the log: a list the server refused (a
 * warning: nothing under that parent was judged), a deletion it refused (a failure of that entity:
 * it should be gone and is not), a stop that ended the deletions early (a warning with what is
 * left), and how many entities were marked deleted (a warning line, as the 1.6 status has no
 * field for it). A stop ({@link StopSignal}) is checked before each list and each deletion: once
 * it is asked, no further request starts; the one in flight may finish and is counted.
 */
public final class DeletedEntityMarker {

    private static final Logger LOG = LoggerFactory.getLogger(DeletedEntityMarker.class);

    /** The types listed per schema the run emitted ({@code ?databaseSchema=<fqn>}). */
    private static final List<String> PER_SCHEMA = List.of("table", "storedProcedure");
    /** The types listed per the run's service ({@code ?service=<name>}): a run reads its service in full. */
    private static final List<String> PER_SERVICE = List.of("pipeline", "dashboard", "dashboardDataModel");

    private final OpenMetadataClient client;
    private final MarkDeletedPolicy policy;
    private final Status own;
    private final StopSignal stop;
    /** entity type → parents processed. */
    private final Map<String, Set<String>> parents = new ConcurrentHashMap<>();
    /** entity type → FQNs emitted, as hashes. */
    private final Map<String, SeenNames> seen = new ConcurrentHashMap<>();

    /**
     * Creates a marker for one run.
     *
     * @param serviceName the run's service ({@code source.serviceName}), whose pipelines, dashboards
     *                    and data models the run reads in full; null when there is none
     */
    public DeletedEntityMarker(OpenMetadataClient client, MarkDeletedPolicy policy, String serviceName) {
        this(client, policy, serviceName, new Status(), StopSignal.NEVER);
    }

    /**
     * Creates a marker for one run that records its problems and its count in {@code own} and
     * stops deleting once {@code stop} is asked.
     *
     * @param serviceName the run's service ({@code source.serviceName}), whose pipelines, dashboards
     *                    and data models the run reads in full; null when there is none
     * @param own the sink step's status
     * @param stop the run's stop
     */
    public DeletedEntityMarker(OpenMetadataClient client, MarkDeletedPolicy policy, String serviceName, Status own,
                               StopSignal stop) {
        this.client = client;
        this.policy = policy;
        this.own = own;
        this.stop = stop;
        if (serviceName != null) {
            PER_SERVICE.forEach(type -> parent(type, serviceName));
        }
    }

    /** Notes a record the run emitted (before it is written). */
    public void observe(EntityRequest record) {
        if (record instanceof CreateDatabaseSchemaRequest schema) {
            PER_SCHEMA.forEach(type -> parent(type, schema.key()));
        } else if (policy.marks(record.entityType())) {
            // A create request's key is the FQN the server gives the entity, so it matches the lists.
            see(record.entityType(), record.key());
        }
    }

    /** Whether {@link #markDeleted} would look for anything to delete: the policy marks a type of which the run saw a parent. */
    public boolean wouldMark() {
        return parents.keySet().stream().anyMatch(policy::marks);
    }

    /**
     * Soft-deletes what the server has under each processed parent and the run did not emit. A list
     * or a deletion the server refuses is recorded (see the class comment) and the others go on; a
     * stop ends the deletions before the next request.
     *
     * @return the FQNs marked deleted, by entity type
     * @throws OpenMetadataAuthException when the server refuses the token (unchecked: a connection failure)
     * @throws IOException when the server cannot be reached
     */
    public Map<String, List<String>> markDeleted() throws IOException {
        Map<String, List<String>> marked = new TreeMap<>();
        try {
            for (String type : new TreeMap<>(parents).keySet()) {
                if (policy.marks(type)) {
                    markDeleted(type, marked);
                }
            }
        } catch (Stopped e) {
            String left = e.left == 0 ? "" : "; " + e.left + " listed for deletion " + (e.left == 1 ? "was" : "were")
                    + " left live";
            own.outcome(MARKING, "stopped while marking deleted entities" + left
                    + "; a later run that ends normally marks what is left");
        }
        marked.forEach((type, fqns) -> {
            // Not "the source no longer has": a view left out by includeViews: false still exists there.
            LOG.info("marked {} {} deleted, no longer read from the source", fqns.size(),
                    words(type) + (fqns.size() == 1 ? "" : "s"));
            own.outcome(MARKING, "marked " + fqns.size() + " " + words(type) + (fqns.size() == 1 ? "" : "s")
                    + " deleted, no longer read from the source: dropped, or excluded by the workflow's settings"
                    + " (first: " + fqns.get(0) + ")");
        });
        return marked;
    }

    /** An entity type as users read it in a sentence: {@code storedProcedure} as {@code stored procedure}. */
    static String words(String entityType) {
        return entityType.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The name under which mark-deleted lines appear in the sink step's warnings. */
    static final String MARKING = "mark deleted";

    private void markDeleted(String type, Map<String, List<String>> marked) throws IOException {
        String collection = EntityCollections.of(type).orElseThrow();
        SeenNames emitted = seen.getOrDefault(type, new SeenNames());
        String filter = PER_SCHEMA.contains(type) ? "databaseSchema" : "service";
        for (String parent : new TreeSet<>(parents.get(type))) {
            if (stop.stopRequested()) {
                throw new Stopped(0);
            }
            // Collected first (id and name only): deleting while paging must not move the cursor under us.
            List<Listed> missing = new ArrayList<>();
            try {
                client.forEachListed(collection, filter, parent, entity -> {
                    String fqn = entity.path("fullyQualifiedName").asText();
                    if (!emitted.contains(fqn)) {
                        missing.add(new Listed(entity.path("id").asText(), fqn));
                    }
                });
            } catch (OpenMetadataApiException e) {
                // e.g. a schema whose own write was refused: nothing of it can be judged. The step's warning
                // is what users see (summary, report); the log line is for --debug only, not a second copy.
                LOG.debug("could not list the {}s of {} to mark deleted ones: {}", type, parent, e.getMessage());
                own.warning(parent, "could not list its " + words(type) + "s to mark deleted ones, so none was: "
                        + e.getMessage());
                continue;
            } catch (OpenMetadataAuthException e) {
                if (e.status() != 403) {
                    throw e; // the token refused: a connection failure
                }
                own.warning(parent, "could not list its " + words(type) + "s to mark deleted ones, so none was: the ingestion"
                        + " bot may not list them (" + e.answer() + "); " + permissionFix(type, "ViewAll"));
                continue;
            }
            for (int i = 0; i < missing.size(); i++) {
                if (stop.stopRequested()) {
                    throw new Stopped(missing.size() - i);
                }
                String fqn = missing.get(i).fqn();
                try {
                    client.delete(collection + "/" + OpenMetadataClient.segment(missing.get(i).id()));
                    marked.computeIfAbsent(type, k -> new ArrayList<>()).add(fqn);
                } catch (OpenMetadataAuthException e) {
                    if (e.status() != 403) {
                        throw e; // the token refused: a connection failure
                    }
                    // A permission this bot lacks for this entity (a policy on it), not a refused token: it stays live.
                    LOG.debug("could not mark {} {} deleted: {}", type, fqn, e.answer());
                    own.failed(new StepError(fqn, "could not mark this " + words(type) + " deleted: the ingestion bot may not"
                            + " delete it (" + e.answer() + "); " + permissionFix(type, "Delete"), null));
                } catch (OpenMetadataApiException e) {
                    LOG.debug("could not mark {} {} deleted: {}", type, fqn, e.getMessage());
                    if (e.status() == 404) {
                        own.warning(fqn, "not marked deleted: the server no longer has it (deleted meanwhile)");
                    } else {
                        // The run no longer read it, yet it stays live on the server: a failure, not a warning.
                        own.failed(new StepError(fqn, "could not mark this " + words(type) + " deleted: " + e.getMessage(), null));
                    }
                }
            }
        }
    }

    /** How to give the bot what a 403 refused, or do without it. */
    private static String permissionFix(String type, String operation) {
        return "allow the " + operation + " operation on " + words(type) + "s to the ingestion bot's role in OpenMetadata,"
                + " or set " + MarkDeletedPolicy.setting(type) + ": false";
    }

    /** Unwinds the deletions at a stop, carrying how many listed ones were left. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int left;

        Stopped(int left) {
            super("stopped", null, false, false);
            this.left = left;
        }
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
