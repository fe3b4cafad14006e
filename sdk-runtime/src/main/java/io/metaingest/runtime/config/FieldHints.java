package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Hints for fields that OpenMetadata 1.6 removed or renamed from the runtime's own schemas, keyed by
 * the schema context (a sourceConfig type) and the field name. A connector states the fields it
 * retired in its own connection schema, as {@value #SCHEMA_KEYWORD}: {field: hint}, so the runtime
 * never names a connector's fields.
 */
final class FieldHints {

    private static final Map<String, String> HINTS = Map.of(
            "DatabaseMetadata.overrideViewLineage",
            "removed from DatabaseMetadata in 1.6: view lineage moved to the lineage workflow; set "
                    + "overrideViewLineage in a DatabaseLineage sourceConfig (source.type: <service>-lineage)",
            "Profiler.generateSampleData",
            "moved in 1.6 to the AutoClassification workflow as storeSampleData",
            "Profiler.processPiiSensitive",
            "moved in 1.6 to the AutoClassification workflow as enableAutoClassification",
            "Profiler.confidence",
            "moved in 1.6 to the AutoClassification workflow (confidence)");

    /** The schema keyword under which a schema object lists its retired fields with their hints. */
    static final String SCHEMA_KEYWORD = "x-removedProperties";

    private FieldHints() {
    }

    static Optional<String> hint(String context, String field, JsonNode schemaObject) {
        JsonNode own = schemaObject.path(SCHEMA_KEYWORD).path(field);
        if (own.isTextual()) {
            return Optional.of(own.asText());
        }
        return Optional.ofNullable(HINTS.get(context + "." + field));
    }
}
