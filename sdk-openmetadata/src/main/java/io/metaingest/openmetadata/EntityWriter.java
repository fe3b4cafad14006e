package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.SkippedRecordException;
import io.metaingest.api.Status;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.UsageRequest;
import io.metaingest.api.quality.TestCaseResultRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one record with the endpoint OpenMetadata has for it: create requests with
 * {@code PUT /v1/<collection>} (201 created, 200 updated), lineage with {@code PUT /v1/lineage},
 * a pipeline status with {@code PUT /v1/pipelines/{fqn}/status}, usage with
 * {@code POST /v1/usage/{type}/name/{fqn}} (which replaces the day's count), a test case result as {@link TestCaseResultWriter} does;
 * table profiles, sample data, joins and column tags through {@link TableDataWriter}. References the
 * server requires as ids (owners, the
 * tables a query is used in, lineage ends and the lineage's pipeline) are resolved first; parents
 * and a dashboard's charts stay FQNs, as the create requests define them. An owner, reviewer or
 * expert the server does not know (a database role with no OpenMetadata user, say) is left out
 * with a warning, as OpenMetadata's ingestion does, rather than failing the entity.
 */
public final class EntityWriter {

    /** Fields of create requests that hold lists of entity references the server needs ids for. */
    private static final List<String> REFERENCE_LISTS = List.of("owners", "queryUsedIn", "reviewers", "experts");
    /** Of those, the lists of people: an unknown one is dropped, not the entity's failure. */
    private static final Set<String> PEOPLE = Set.of("owners", "reviewers", "experts");
    private static final Logger LOG = LoggerFactory.getLogger(EntityWriter.class);

    private final OpenMetadataClient client;
    private final TagCreator tags;
    private final ReferenceResolver resolver;
    private final ObjectMapper mapper;
    private final TestCaseResultWriter testCaseResults;
    private final TableDataWriter tableData;
    /** The sink step's status: an owner left out is a warning there, one per name (see {@link #sumUpPeopleLeftOut}). */
    private final Status warnings;
    /**
     * The people left out so far, by field and name, in the order first met: the log names each once,
     * and the step counts each once, with the number of entities it was left out of.
     */
    private final Map<String, LeftOut> peopleLeftOut = Collections.synchronizedMap(new LinkedHashMap<>());

    /** A person the server does not know: the field naming them, the first entity, how many entities. */
    private record LeftOut(String field, String who, String firstEntity, LongAdder entities) {
    }

    /**
     * Creates a writer.
     *
     * @param warnings the sink step's status, where owners left out are counted as warnings
     */
    public EntityWriter(OpenMetadataClient client, ReferenceResolver resolver, ObjectMapper mapper, Status warnings) {
        this.client = client;
        this.warnings = warnings;
        this.resolver = resolver;
        ObjectMapper bodies = RequestBodies.mapper(mapper); // bodies built here keep their numbers as written
        this.mapper = bodies;
        this.testCaseResults = new TestCaseResultWriter(client, bodies);
        this.tableData = new TableDataWriter(client, resolver, bodies);
        this.tags = new TagCreator(client, resolver, bodies);
    }

    /** The writer of profiles, sample data, joins, column tags and life cycles of existing tables. */
    TableDataWriter tableData() {
        return tableData;
    }

    /**
     * Writes a record.
     *
     * @return CREATED for a new entity, UPDATED for an existing one; lineage, statuses and usage,
     *         for which the server does not say, count as CREATED
     * @throws OpenMetadataApiException the server refused this record (its message included)
     * @throws OpenMetadataAuthException the server refused the token, or the bot's role lacks a permission (403)
     */
    public WriteOutcome write(EntityRequest record) throws IOException, OpenMetadataApiException, SkippedRecordException {
        if (TableDataWriter.handles(record)) {
            return tableData.write(record);
        }
        if (record instanceof AddLineageRequest lineage) {
            client.put("/v1/lineage", lineageBody(lineage));
            return WriteOutcome.CREATED;
        }
        if (record instanceof AddPipelineStatusRequest status) {
            client.put("/v1/pipelines/" + OpenMetadataClient.segment(status.pipelineFqn()) + "/status",
                    status.pipelineStatus());
            return WriteOutcome.CREATED;
        }
        if (record instanceof TestCaseResultRequest result) {
            return testCaseResults.write(result);
        }
        if (record instanceof UsageRequest usage) {
            ObjectNode body = mapper.createObjectNode();
            body.put("date", usage.date());
            body.put("count", usage.count());
            // POST, not PUT: OpenMetadata's PUT adds the count to the day's, so a rerun, or a retry of a call
            // whose answer was lost, would count the day twice; POST replaces it.
            client.post("/v1/usage/" + usage.entity().type() + "/name/"
                    + OpenMetadataClient.segment(usage.entity().fullyQualifiedName()), body);
            return WriteOutcome.CREATED;
        }
        return createOrUpdate(record.entityType(), record.key(), mapper.valueToTree(record));
    }

    /** {@code PUT} a create request to its collection, after resolving its reference lists. */
    public WriteOutcome createOrUpdate(String entityType, ObjectNode body) throws IOException, OpenMetadataApiException {
        return createOrUpdate(entityType, null, body);
    }

    /**
     * {@code PUT} a create request to its collection, after resolving its reference lists.
     *
     * @param fqn the entity's FQN, to confirm a write whose 2xx answer cannot be read; null: such a
     *            write is a failure
     */
    public WriteOutcome createOrUpdate(String entityType, String fqn, ObjectNode body)
            throws IOException, OpenMetadataApiException {
        String collection = EntityCollections.of(entityType).orElseThrow(() ->
                new OpenMetadataApiException(400, "the metadata-rest sink cannot write entities of type '" + entityType + "'"));
        String entity = fqn != null ? fqn : body.path("name").asText();
        // Counted once the entity is written: an entity the server refused left nobody out of anything.
        List<Unknown> unknown = new java.util.ArrayList<>();
        for (String field : REFERENCE_LISTS) {
            if (body.get(field) instanceof ArrayNode references) {
                ArrayNode resolved = mapper.createArrayNode();
                for (JsonNode reference : references) {
                    if (PEOPLE.contains(field)) {
                        Optional<ObjectNode> person = person(field, reference);
                        if (person.isPresent()) {
                            resolved.add(person.get());
                        } else {
                            unknown.add(new Unknown(field, reference));
                        }
                    } else {
                        resolved.add(resolver.resolve(reference));
                    }
                }
                body.set(field, resolved);
            }
        }
        if ("query".equals(entityType)) {
            usersOrUsedBy(body);
        }
        tags.ensureTagsOf(body);
        OpenMetadataClient.Answer answer = client.put(collection, body);
        JsonNode written = answer.readable() ? answer.json() : confirmed(entityType, fqn, collection, answer);
        resolver.remember(entityType, written.path("fullyQualifiedName").asText(null), written.path("id").asText(null));
        for (Unknown person : unknown) {
            leftOut(person.field(), person.reference(), entity);
        }
        return answer.created() ? WriteOutcome.CREATED : WriteOutcome.UPDATED;
    }

    /**
     * A query's {@code users} are OpenMetadata users, which the server looks up and refuses the whole query
     * for when one is missing (404); a query log names database roles, most of which are no OpenMetadata
     * user. So each name the server has no user of moves to {@code usedBy}, the field OpenMetadata keeps for
     * people it does not know (asked once per name while the resolver remembers it).
     */
    private void usersOrUsedBy(ObjectNode body) throws IOException, OpenMetadataApiException {
        if (!(body.get("users") instanceof ArrayNode users)) {
            return;
        }
        ArrayNode known = mapper.createArrayNode();
        ArrayNode usedBy = body.get("usedBy") instanceof ArrayNode given ? given : mapper.createArrayNode();
        for (JsonNode user : users) {
            try {
                resolver.idOf("user", user.asText());
                known.add(user);
            } catch (OpenMetadataApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                usedBy.add(user);
            }
        }
        body.set("users", known);
        if (!usedBy.isEmpty()) {
            body.set("usedBy", usedBy);
        }
    }

    /**
     * The entity a 2xx with an unreadable body (cut short by a proxy or the network) answered: the
     * server accepted the write, so the entity is read back by name rather than recorded as a
     * failure; a warning says so. Not there (a proxy's page, not the server's answer): the write's failure.
     */
    private JsonNode confirmed(String entityType, String fqn, String collection, OpenMetadataClient.Answer answer)
            throws IOException, OpenMetadataApiException {
        String unreadable = "PUT " + collection + " answered " + answer.status() + " with a body that cannot be read";
        Optional<JsonNode> stored = fqn == null ? Optional.empty()
                : client.get(EntityCollections.byName(entityType, fqn).orElseThrow());
        if (stored.isEmpty()) {
            throw new OpenMetadataApiException(502, unreadable + (fqn == null ? "" : ", and the server does not have "
                    + entityType + " " + fqn) + "; check proxies between here and the server");
        }
        String message = unreadable + "; the server has it, so it counts as written";
        LOG.warn("{}: {}", fqn, message);
        warnings.warning(fqn, message);
        return stored.get();
    }

    /**
     * Counts one warning on the sink's step per owner, reviewer or expert left out, naming how many
     * entities it was left out of (a database role owning 48 tables is one thing to fix, not 48); once,
     * when the sink ends, as a warning that sums up the step (always kept in the report).
     */
    void sumUpPeopleLeftOut() {
        List<LeftOut> all;
        synchronized (peopleLeftOut) {
            all = List.copyOf(peopleLeftOut.values());
            peopleLeftOut.clear();
        }
        for (LeftOut person : all) {
            long entities = person.entities().sum();
            // Named by the first entity, as the step's other warnings are named by theirs.
            warnings.outcome(person.firstEntity(), singular(person.field()) + " " + person.who()
                    + " is not a user or team in OpenMetadata: left out of this entity"
                    + (entities == 1 ? "" : " and " + (entities - 1) + " more") + ";" + fix(person.field()));
        }
    }

    private static String singular(String field) {
        return field.substring(0, field.length() - 1); // owners, reviewers, experts
    }

    private static String fix(String field) {
        return " create it in OpenMetadata" + (field.equals("owners") ? " (or leave includeOwners off)" : "") + " to keep it";
    }

    /** A person of an entity's {@code field} the server knows under no user or team. */
    private record Unknown(String field, JsonNode reference) {
    }

    /**
     * An owner, reviewer or expert, resolved; a user name the server does not have is asked for as
     * a team (OpenMetadata's ingestion looks owners up as a user, then as a team). Empty when it has it
     * under neither: the entity is written without it ({@link #leftOut}).
     */
    private Optional<ObjectNode> person(String field, JsonNode reference) throws IOException, OpenMetadataApiException {
        try {
            return Optional.of(resolver.resolve(reference));
        } catch (OpenMetadataApiException asNamed) {
            if (asNamed.status() != 404) {
                throw asNamed;
            }
            String name = reference.path("name").asText(null);
            if ("user".equals(reference.path("type").asText()) && name != null && !reference.hasNonNull("id")) {
                try {
                    return Optional.of(resolver.resolve(JsonNodeFactory.instance.objectNode()
                            .put("type", "team").put("name", name)));
                } catch (OpenMetadataApiException asTeam) {
                    if (asTeam.status() != 404) {
                        throw asTeam;
                    }
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A person left out of an entity the server wrote, logged once per name and counted once per name when the
     * sink ends ({@link #sumUpPeopleLeftOut}). {@code entity} is its FQN (a bare name would not say which of
     * several schemas' {@code t1} it is), or its name when the caller has none.
     */
    private void leftOut(String field, JsonNode reference, String entity) {
        String name = reference.path("name").asText(null);
        String who = name != null ? "'" + name + "'" : reference.toString();
        LeftOut leftOut = peopleLeftOut.computeIfAbsent(field + " " + who, k -> {
            LOG.warn("{}: {} {} left out: the server has no user or team of that name;{} (one warning when the"
                    + " sink ends, with the number of entities)", entity, field, who, fix(field));
            return new LeftOut(field, who, entity, new LongAdder());
        });
        leftOut.entities().increment();
    }

    /**
     * An end of a lineage edge, resolved (a table by its FQN ignoring case if need be); one the server
     * does not have leaves the edge out (a warning), as OpenMetadata's own connectors do: the
     * warehouse's service may not be ingested yet.
     */
    private JsonNode lineageEnd(JsonNode reference) throws IOException, OpenMetadataApiException, SkippedRecordException {
        try {
            return resolver.resolveLineageEnd(reference);
        } catch (OpenMetadataApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            // Missing because its service is not ingested yet, or because a metadata run failed to publish it.
            throw new SkippedRecordException("lineage left out: " + e.getMessage() + "; it is written once the"
                    + " server has that entity (ingest its service, or see why its metadata run left it out)");
        }
    }

    private ObjectNode lineageBody(AddLineageRequest lineage)
            throws IOException, OpenMetadataApiException, SkippedRecordException {
        ObjectNode body = mapper.valueToTree(lineage);
        ObjectNode edge = (ObjectNode) body.get("edge");
        edge.set("fromEntity", lineageEnd(edge.get("fromEntity")));
        edge.set("toEntity", lineageEnd(edge.get("toEntity")));
        if (edge.get("lineageDetails") instanceof ObjectNode details && details.hasNonNull("pipeline")) {
            details.set("pipeline", resolver.resolve(details.get("pipeline")));
        }
        return body;
    }
}
