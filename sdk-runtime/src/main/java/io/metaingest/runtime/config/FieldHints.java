package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Hints for fields that OpenMetadata removed or renamed. Every schema states its own retired
 * fields ({@link RetiredField#SCHEMA_KEYWORD}): the runtime's sourceConfig schemas theirs, a
 * connector's connection schema its own, so the runtime never names a connector's fields and
 * {@code metaingest migrate} reads the same facts.
 */
final class FieldHints {

    /** The schema keyword under which a schema object lists its retired fields with their hints. */
    static final String SCHEMA_KEYWORD = RetiredField.SCHEMA_KEYWORD;

    private FieldHints() {
    }

    static Optional<String> hint(String field, JsonNode schemaObject) {
        return RetiredField.listedIn(schemaObject).stream().filter(f -> f.name().equals(field)).findFirst()
                .map(RetiredField::hint);
    }
}
