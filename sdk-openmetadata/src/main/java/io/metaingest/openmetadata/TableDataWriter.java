package io.metaingest.openmetadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Fqn;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.SkippedRecordException;
import io.metaingest.api.entity.ColumnTagsRequest;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableLifeCycleRequest;
import io.metaingest.api.entity.TableSampleData;
import io.metaingest.api.entity.TagLabel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes what the profiler and auto-classification workflows find about an existing table, by the
 * table's id (looked up by FQN): a profile with {@code PUT /v1/tables/{id}/tableProfile} (body: the
 * {@code CreateTableProfileRequest} without {@code table}), sample rows with
 * {@code PUT /v1/tables/{id}/sampleData} (body: the {@code tableData}), the columns its columns were
 * joined with on a day with {@code PUT /v1/tables/{id}/joins} (body: the {@code TableJoins} without
 * {@code table}; refused for a column the server's tables lack, those joins are left out and the rest
 * sent once more), and column tags the way
 * OpenMetadata's ingestion client applies them: the table is read with its columns and tags, and a
 * JSON Patch adds each tag a column does not carry yet ({@code PATCH /v1/tables/{id}}); a table
 * that already has every tag is not patched. A classification tag goes only to a column without a tag of
 * its classification, as OpenMetadata's auto-classification skips a column that has a PII tag: a column
 * tagged {@code PII.NonSensitive} keeps that tag, and gets no {@code PII.Sensitive}. A table's life cycle,
 * found by the usage workflow, is sent as OpenMetadata's ingestion client sends it, {@code PATCH
 * /v1/tables/{id}} with {@code [{"op": "add", "path": "/lifeCycle", "value": <lifeCycle>}]}, its users
 * looked up by name (a name the server has no user of is sent as {@code accessedByAProcess}); but only
 * its aspects later than the server's (read with {@code fields=lifeCycle}), each as {@code add
 * /lifeCycle/<aspect>} when the table has a life cycle already, and nothing when none is later, so a
 * rerun of an older period never moves the stored life cycle back in time.
 *
 * <p>The profile endpoint answers 200 with the table whether or not it had a profile, so before the
 * {@code PUT} the writer asks {@code GET /v1/tables/{fqn}/tableProfile/latest?includeColumnProfile=false}:
 * a table without a {@code profile} gets its first one, counted as created ({@code records}); any
 * later profile is an update ({@code updated_records}). That one read also answers the table's id,
 * which the resolver remembers, so a profile costs one {@code GET} and one {@code PUT} per table.
 * ({@code GET /v1/tables/name/{fqn}?fields=profile} would not do: OpenMetadata 1.6 accepts the field
 * name but fills {@code profile} only on the {@code /tableProfile/latest} endpoint.) Sample data and
 * column tags change a table that exists: updates.
 */
public final class TableDataWriter {

    private final OpenMetadataClient client;
    private final ReferenceResolver resolver;
    private final ObjectMapper mapper;
    /**
     * Stored life cycles read by {@link #lookUpTable}, by table FQN, until the table's life cycle is
     * written (a missing node: the table has none). Guarded by itself.
     */
    private final Map<String, JsonNode> lifeCyclesRead = new HashMap<>();

    /** Creates a writer. */
    public TableDataWriter(OpenMetadataClient client, ReferenceResolver resolver, ObjectMapper mapper) {
        this.client = client;
        this.resolver = resolver;
        this.mapper = RequestBodies.mapper(mapper); // profiles and sample rows keep their numbers as read
    }

    /** Whether this writer handles {@code record}. */
    public static boolean handles(EntityRequest record) {
        return record instanceof CreateTableProfileRequest || record instanceof TableSampleData
                || record instanceof ColumnTagsRequest || record instanceof TableJoinsRequest
                || record instanceof TableLifeCycleRequest;
    }

    /**
     * Writes one of the records {@link #handles} accepts.
     *
     * @return CREATED for a table's first profile and for joins (which the server does not tell apart), else
     *         UPDATED: these records change a table that exists
     * @throws OpenMetadataApiException the table is unknown (404), a column is not the table's (400), or
     *         the server refused the call
     * @throws SkippedRecordException joins naming columns the server's tables lack: those were left out
     *         (the message names them), the others sent; or a {@link NothingNewerException}: a life cycle
     *         none of whose aspects is later than the server's, not sent
     */
    public WriteOutcome write(EntityRequest record) throws IOException, OpenMetadataApiException, SkippedRecordException {
        if (record instanceof CreateTableProfileRequest profile) {
            ObjectNode body = mapper.valueToTree(profile);
            body.remove("table");
            String fqn = profile.table().fullyQualifiedName();
            boolean first = !hadProfile(fqn); // also resolves the id, or throws the table's 404
            client.put(tablePath(fqn) + "/tableProfile", body);
            return first ? WriteOutcome.CREATED : WriteOutcome.UPDATED;
        } else if (record instanceof TableSampleData sample) {
            client.put(tablePath(sample.table().fullyQualifiedName()) + "/sampleData", sample.sampleData());
        } else if (record instanceof ColumnTagsRequest tags) {
            tag(tags);
        } else if (record instanceof TableLifeCycleRequest lifeCycle) {
            patchLifeCycle(lifeCycle);
        } else if (record instanceof TableJoinsRequest joins) {
            String path = tablePath(joins.table().fullyQualifiedName()) + "/joins";
            try {
                client.put(path, joinsBody(joins));
            } catch (OpenMetadataApiException e) {
                // A column the server's tables lack (dropped since the query ran) refuses the whole day's
                // joins: send those of the columns it has, once.
                // (400: a column of a known table; 404: a joined table the server does not have.)
                List<String> leftOut = new ArrayList<>();
                TableJoinsRequest known = e.status() == 400 || e.status() == 404 ? knownColumnsOnly(joins, leftOut) : joins;
                if (leftOut.isEmpty()) {
                    throw e;
                }
                if (!known.columnJoins().isEmpty()) {
                    client.put(path, joinsBody(known));
                }
                throw new SkippedRecordException("joins with columns the server's tables do not have (dropped since"
                        + " the query ran, say) were left out: " + String.join(", ", leftOut)
                        + (known.columnJoins().isEmpty() ? "; no other joins that day" : "; the others were published"));
            }
            return WriteOutcome.CREATED; // as a day's usage: the server answers the same for new and known joins
        } else {
            throw new IllegalArgumentException("not a table-data record: " + record.entityType());
        }
        return WriteOutcome.UPDATED;
    }

    /**
     * Looks up the table {@code fqn} ahead of its life cycle's write, with its stored life cycle
     * ({@code GET /v1/tables/name/{fqn}?fields=lifeCycle}): the id is remembered for every write that
     * refers to the table, and the life cycle kept for {@link #write} of the table's
     * {@link TableLifeCycleRequest}, so that write costs no read of its own.
     *
     * @return why the server does not have the table (its 404, remembered), or empty when it has it
     * @throws OpenMetadataApiException the server refused the look-up otherwise than with 404
     */
    public Optional<String> lookUpTable(String fqn) throws IOException, OpenMetadataApiException {
        try {
            JsonNode stored = readLifeCycle(fqn);
            synchronized (lifeCyclesRead) {
                lifeCyclesRead.put(fqn, stored);
            }
            return Optional.empty();
        } catch (OpenMetadataApiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return Optional.of(e.getMessage());
        }
    }

    /** The table's stored {@code lifeCycle} (a missing node when it has none); remembers its id. */
    private JsonNode readLifeCycle(String fqn) throws IOException, OpenMetadataApiException {
        resolver.throwIfMissing("table", fqn);
        String path = EntityCollections.byName("table", fqn).orElseThrow();
        // The server leaves lifeCycle out unless asked for it by name.
        JsonNode table = client.get(path, "lifeCycle").orElseThrow(() ->
                resolver.missing("table", fqn, "GET " + path + " answered 404"));
        String id = table.path("id").asText(null);
        if (id == null) {
            throw new OpenMetadataApiException(502, "GET " + path + " returned a table without an id");
        }
        resolver.remember("table", fqn, id);
        return table.path("lifeCycle");
    }

    /**
     * Sends the aspects of the table's life cycle that are later than the server's, aspect by aspect,
     * and nothing else: OpenMetadata's patch replaces the stored life cycle with what it is given (a
     * newer server keeps a stored aspect that is later, 1.6 does not), so sending a rerun's older times,
     * or a life cycle without an aspect the server has, would move it back in time or wipe that aspect.
     * A table without one gets {@code add /lifeCycle}; one with one gets an {@code add
     * /lifeCycle/<aspect>} per newer aspect, which leaves the others exactly as stored.
     *
     * @throws NothingNewerException when no aspect is later than the server's: nothing is sent
     */
    private void patchLifeCycle(TableLifeCycleRequest request)
            throws IOException, OpenMetadataApiException, NothingNewerException {
        String fqn = request.table().fullyQualifiedName();
        JsonNode stored;
        synchronized (lifeCyclesRead) {
            stored = lifeCyclesRead.remove(fqn);
        }
        if (stored == null) {
            stored = readLifeCycle(fqn);
        }
        LifeCycle newer = request.lifeCycle().newerThan(timesOf(stored));
        if (newer.isEmpty()) {
            throw new NothingNewerException("its lifeCycle on the server is as recent as this run's in every aspect"
                    + " the run saw (" + String.join(", ", aspectNames(request.lifeCycle())) + "), so nothing was sent");
        }
        ObjectNode value = lifeCycleValue(newer);
        ArrayNode patch = mapper.createArrayNode();
        if (stored.isObject()) {
            value.fields().forEachRemaining(aspect -> patch.addObject().put("op", "add")
                    .put("path", "/lifeCycle/" + aspect.getKey()).set("value", aspect.getValue()));
        } else {
            patch.addObject().put("op", "add").put("path", "/lifeCycle").set("value", value);
        }
        client.patch(tablePath(fqn), patch);
    }

    /** The times of a stored {@code lifeCycle}, aspect by aspect (who is not needed to compare). */
    private static LifeCycle timesOf(JsonNode stored) {
        LifeCycle times = LifeCycle.NONE;
        for (LifeCycle.Aspect aspect : LifeCycle.Aspect.values()) {
            JsonNode timestamp = stored.path(aspectName(aspect)).path("timestamp");
            if (timestamp.isIntegralNumber()) {
                times = times.seen(aspect, new LifeCycle.AccessDetails(timestamp.asLong(), null, null));
            }
        }
        return times;
    }

    private static List<String> aspectNames(LifeCycle lifeCycle) {
        List<String> names = new ArrayList<>();
        for (LifeCycle.Aspect aspect : LifeCycle.Aspect.values()) {
            if (lifeCycle.get(aspect) != null) {
                names.add(aspectName(aspect));
            }
        }
        return names;
    }

    private static String aspectName(LifeCycle.Aspect aspect) {
        return aspect.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The {@code lifeCycle} as the server takes it: each {@code accessedBy} named by a user the server has
     * becomes that user's reference; a name it does not have moves to {@code accessedByAProcess}, as
     * OpenMetadata's usage workflow keeps a query log's users it does not know ({@code usedBy}).
     */
    private ObjectNode lifeCycleValue(LifeCycle lifeCycle) throws IOException, OpenMetadataApiException {
        ObjectNode value = mapper.createObjectNode();
        for (LifeCycle.Aspect aspect : LifeCycle.Aspect.values()) {
            LifeCycle.AccessDetails details = lifeCycle.get(aspect);
            if (details == null) {
                continue;
            }
            ObjectNode node = mapper.valueToTree(details);
            EntityReference by = details.accessedBy();
            if (by != null && by.id() == null) {
                String name = by.name() != null ? by.name() : by.fullyQualifiedName();
                node.remove("accessedBy");
                try {
                    node.set("accessedBy", mapper.createObjectNode().put("id", resolver.idOf("user", name))
                            .put("type", "user").put("name", name).put("fullyQualifiedName", Fqn.quote(name)));
                } catch (OpenMetadataApiException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    node.put("accessedByAProcess", name);
                }
            }
            value.set(aspectName(aspect), node);
        }
        return value;
    }

    private ObjectNode joinsBody(TableJoinsRequest joins) {
        ObjectNode body = mapper.valueToTree(joins);
        body.remove("table");
        return body;
    }

    /** {@code joins} without the columns that the server's tables (the table's and the joined ones') do not have. */
    private TableJoinsRequest knownColumnsOnly(TableJoinsRequest joins, List<String> leftOut)
            throws IOException, OpenMetadataApiException {
        Map<String, Set<String>> columnsOf = new HashMap<>();
        Set<String> own = serverColumns(joins.table().fullyQualifiedName(), columnsOf);
        List<TableJoinsRequest.ColumnJoins> kept = new ArrayList<>();
        for (TableJoinsRequest.ColumnJoins column : joins.columnJoins()) {
            if (!own.contains(column.columnName())) {
                leftOut.add(Fqn.append(joins.table().fullyQualifiedName(), column.columnName()));
                continue;
            }
            List<TableJoinsRequest.JoinedWith> with = new ArrayList<>();
            for (TableJoinsRequest.JoinedWith other : column.joinedWith()) {
                List<String> parts = Fqn.split(other.fullyQualifiedName());
                String table = Fqn.build(parts.subList(0, parts.size() - 1).toArray(String[]::new));
                if (serverColumns(table, columnsOf).contains(parts.get(parts.size() - 1))) {
                    with.add(other);
                } else {
                    leftOut.add(other.fullyQualifiedName());
                }
            }
            if (!with.isEmpty()) {
                kept.add(new TableJoinsRequest.ColumnJoins(column.columnName(), with));
            }
        }
        return new TableJoinsRequest(joins.table(), joins.startDate(), joins.dayCount(), kept, joins.directTableJoins());
    }

    /** The column names of a table on the server (none when it has no such table), read once per table. */
    private Set<String> serverColumns(String tableFqn, Map<String, Set<String>> columnsOf)
            throws IOException, OpenMetadataApiException {
        Set<String> known = columnsOf.get(tableFqn);
        if (known == null) {
            known = new HashSet<>();
            Optional<JsonNode> table = client.get("/v1/tables/name/" + OpenMetadataClient.segment(tableFqn), "columns");
            if (table.isPresent()) {
                for (JsonNode column : table.get().path("columns")) {
                    known.add(column.path("name").asText());
                }
            }
            columnsOf.put(tableFqn, known);
        }
        return known;
    }

    /**
     * Whether the server holds a profile of the table already, read with the table's id (remembered
     * by the resolver for the {@code PUT}). When the server refuses this read only (say the bot may
     * not view profiles), the id comes from the plain look-up and the profile counts as an update:
     * the count must not fail the write.
     *
     * @throws OpenMetadataApiException 404 when the table is not on the server (remembered)
     */
    private boolean hadProfile(String fqn) throws IOException, OpenMetadataApiException {
        resolver.throwIfMissing("table", fqn);
        String path = "/v1/tables/" + OpenMetadataClient.segment(fqn) + "/tableProfile/latest";
        Optional<JsonNode> latest;
        try {
            // Column profiles are not needed to tell first from later (servers before the parameter ignore it).
            latest = client.get(path, Map.of("includeColumnProfile", "false"));
        } catch (OpenMetadataApiException e) {
            resolver.idOf("table", fqn);
            return true;
        }
        // This endpoint finds soft-deleted tables too, which the by-name look-up (and the PUT) do not.
        if (latest.isEmpty() || latest.get().path("deleted").asBoolean()) {
            throw resolver.missing("table", fqn, latest.isEmpty() ? "GET " + path + " answered 404"
                    : "it is soft-deleted; the metadata workflow restores it when the source still has it");
        }
        String id = latest.get().path("id").asText(null);
        if (id == null) {
            throw new OpenMetadataApiException(502, "GET " + path + " returned a table without an id");
        }
        resolver.remember("table", fqn, id);
        return latest.get().hasNonNull("profile");
    }

    private String tablePath(String fqn) throws IOException, OpenMetadataApiException {
        return "/v1/tables/" + resolver.idOf("table", fqn);
    }

    private void tag(ColumnTagsRequest request) throws IOException, OpenMetadataApiException {
        String fqn = request.table().fullyQualifiedName();
        JsonNode table = client.get("/v1/tables/name/" + OpenMetadataClient.segment(fqn), "columns,tags")
                .orElseThrow(() -> new OpenMetadataApiException(404, "table instance for " + fqn + " not found"));
        JsonNode columns = table.path("columns");
        ArrayNode patch = mapper.createArrayNode();
        for (ColumnTagsRequest.ColumnTags wanted : request.columns()) {
            int index = indexOf(columns, wanted.name());
            if (index < 0) {
                throw new OpenMetadataApiException(400, "column " + wanted.name() + " is not a column of " + fqn
                        + " on the server: run the metadata workflow first");
            }
            JsonNode existing = columns.get(index).path("tags");
            Set<String> present = new HashSet<>();
            Set<String> classified = new HashSet<>();
            existing.forEach(t -> {
                present.add(t.path("tagFQN").asText());
                if (!"Glossary".equals(t.path("source").asText())) {
                    classified.add(classificationOf(t.path("tagFQN").asText()));
                }
            });
            List<TagLabel> missing = new ArrayList<>();
            for (TagLabel tag : wanted.tags()) {
                // As OpenMetadata's auto-classification: a column that has a tag of the classification
                // (PII.NonSensitive, set by a person, say) keeps it; the server would refuse a second one of
                // a mutually exclusive classification, and with it the whole table's patch.
                boolean classifiedAlready = "Classification".equals(tag.source())
                        && classified.contains(classificationOf(tag.tagFQN()));
                if (!classifiedAlready && present.add(tag.tagFQN())) {
                    missing.add(tag);
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            String path = "/columns/" + index + "/tags";
            if (!existing.isArray()) {
                patch.addObject().put("op", "add").put("path", path).set("value", mapper.valueToTree(missing));
            } else {
                for (TagLabel tag : missing) {
                    patch.addObject().put("op", "add").put("path", path + "/-").set("value", mapper.valueToTree(tag));
                }
            }
        }
        if (!patch.isEmpty()) {
            client.patch("/v1/tables/" + table.path("id").asText(), patch);
        }
    }

    /** The classification of a tag's FQN ({@code PII} of {@code PII.Sensitive}). */
    private static String classificationOf(String tagFqn) {
        return Fqn.split(tagFqn).get(0);
    }

    private static int indexOf(JsonNode columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).path("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
