package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A field that a release of OpenMetadata removed or renamed, as a schema states it under
 * {@value #SCHEMA_KEYWORD}. The validator turns it into a hint and {@code metaingest migrate} into a
 * rewrite, so each fact is written once, in the schema that lost the field:
 *
 * <pre>{@code
 * "x-removedProperties": {
 *   "jobId": {"since": "1.6", "replacedBy": "jobIds", "asList": true, "note": "..."},
 *   "generateSampleData": {"since": "1.6", "movedTo": "AutoClassification", "as": "storeSampleData"},
 *   "legacy": "free text: reported, never rewritten"
 * }
 * }</pre>
 *
 * @param name the retired field
 * @param since the OpenMetadata release that retired it
 * @param change what became of it
 * @param newName the field that holds its value now ({@code name} when removed without successor)
 * @param workflow for {@link Change#MOVED_TO_WORKFLOW}, the sourceConfig type of the workflow that took it; else empty
 * @param note what else the user should know, or empty
 */
public record RetiredField(String name, String since, Change change, String newName, String workflow, String note) {

    /** The schema keyword under which a schema object lists its retired fields. */
    public static final String SCHEMA_KEYWORD = "x-removedProperties";

    /** The command that rewrites retired fields, named by every hint. */
    public static final String MIGRATE_COMMAND = "metaingest migrate";

    /** What became of a retired field. */
    public enum Change {
        /** Same value under another name in the same object. */
        RENAMED,
        /** The value became the only element of a list under another name ({@code jobId} → {@code jobIds}). */
        RENAMED_TO_LIST,
        /** The setting belongs to another workflow kind now, possibly under another name. */
        MOVED_TO_WORKFLOW,
        /** Gone; the note says what to do instead. Reported, never rewritten. */
        REMOVED
    }

    /** The retired fields a schema object lists, in the order written. */
    public static List<RetiredField> listedIn(JsonNode schemaObject) {
        List<RetiredField> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemaObject.path(SCHEMA_KEYWORD).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.add(of(entry.getKey(), entry.getValue()));
        }
        return fields;
    }

    private static RetiredField of(String name, JsonNode fact) {
        if (fact.isTextual()) {
            return new RetiredField(name, "", Change.REMOVED, name, "", fact.asText());
        }
        String since = fact.path("since").asText("");
        String note = fact.path("note").asText("");
        if (fact.hasNonNull("replacedBy")) {
            return new RetiredField(name, since, fact.path("asList").asBoolean(false) ? Change.RENAMED_TO_LIST
                    : Change.RENAMED, fact.get("replacedBy").asText(), "", note);
        }
        if (fact.hasNonNull("movedTo")) {
            return new RetiredField(name, since, Change.MOVED_TO_WORKFLOW, fact.path("as").asText(name),
                    fact.get("movedTo").asText(), note);
        }
        return new RetiredField(name, since, Change.REMOVED, name, "", note);
    }

    /** Whether {@code metaingest migrate} rewrites it without help. */
    public boolean rewritable() {
        return change != Change.REMOVED;
    }

    /** Why the field had to change, as {@code metaingest migrate} prints it beside the change. */
    public String reason() {
        String in = since.isEmpty() ? "" : " in " + since;
        String more = note.isEmpty() ? "" : " (" + note + ")";
        return switch (change) {
            case RENAMED -> "renamed to " + newName + in + more;
            case RENAMED_TO_LIST -> "replaced by the list " + newName + in + more;
            case MOVED_TO_WORKFLOW -> "moved" + in + " to the " + workflow + " workflow"
                    + (newName.equals(name) ? "" : " as " + newName) + more;
            case REMOVED -> hint();
        };
    }

    /** The validator's explanation, after "unknown field: ". */
    public String hint() {
        String in = since.isEmpty() ? "" : " in " + since;
        String more = note.isEmpty() ? "" : " (" + note + ")";
        return switch (change) {
            case RENAMED -> "renamed to " + newName + in + more + "; `" + MIGRATE_COMMAND + "` rewrites it";
            case RENAMED_TO_LIST -> "replaced by " + newName + in + ": write " + newName + ": [\"<" + name
                    + ">\"]" + more + "; `" + MIGRATE_COMMAND + "` rewrites it";
            case MOVED_TO_WORKFLOW -> "moved" + in + " to the " + workflow + " workflow"
                    + (newName.equals(name) ? "" : " as " + newName) + more + "; `" + MIGRATE_COMMAND
                    + "` writes that workflow beside this one";
            case REMOVED -> since.isEmpty() ? note : "removed" + in + (note.isEmpty() ? "" : ": " + note);
        };
    }
}
