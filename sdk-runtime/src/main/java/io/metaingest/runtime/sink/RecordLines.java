package io.metaingest.runtime.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.runtime.mask.SecretMasker;

/**
 * The NDJSON form of a record, shared by the file and console sinks:
 * {@code {"entityType": "...", "entity": {...}}} on one line, secrets masked.
 */
final class RecordLines {

    private final ObjectMapper mapper;
    private final SecretMasker masker;

    RecordLines(ObjectMapper mapper, SecretMasker masker) {
        this.mapper = mapper.copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.masker = masker;
    }

    /** The record's line, without the line end. */
    String line(Object record) throws JsonProcessingException {
        String type = record instanceof EntityRequest entity ? entity.entityType() : record.getClass().getSimpleName();
        return masker.mask("{\"entityType\":" + mapper.writeValueAsString(type) + ",\"entity\":"
                + mapper.writeValueAsString(record) + "}");
    }
}
