package io.metaingest.runtime.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The NDJSON form of a record, shared by the file and console sinks:
 * {@code {"entityType": "...", "entity": {...}}} on one line, secrets masked.
 */
final class RecordLines {

    private final ObjectMapper mapper;
    private final SecretMasker masker;
    /** Reused for every line, so a line is not copied each time the buffer grows. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);

    RecordLines(ObjectMapper mapper, SecretMasker masker) {
        this.mapper = mapper.copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.masker = masker;
    }

    /** The record's line, without the line end. */
    String line(Object record) throws JsonProcessingException {
        return masker.mask("{\"entityType\":" + mapper.writeValueAsString(type(record)) + ",\"entity\":"
                + mapper.writeValueAsString(record) + "}");
    }

    /**
     * The record's line with its line end, as UTF-8: the bytes of {@link #line} and {@code "\n"}.
     * Written as UTF-8 straight away and masked only when a secret may be in it, which on a large
     * run saves most of the sink's time (no text copied four times, no search per secret form).
     * Jackson's UTF-8 writer differs from its text writer only in what it writes as a {@code \}{@code u}
     * escape (characters beyond the BMP, lone surrogates); a line holding such an escape, or a secret,
     * is made by the text path. One caller at a time: the file sink calls it under its lock.
     */
    byte[] utf8Line(Object record) throws IOException {
        ByteArrayOutputStream out = buffer;
        out.reset();
        try (JsonGenerator json = mapper.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("entityType", type(record));
            json.writeFieldName("entity");
            mapper.writeValue(json, record);
            json.writeEndObject();
        } catch (JsonGenerationException e) {
            return textLine(record);
        }
        out.write('\n');
        byte[] line = out.toByteArray();
        if (hasUnicodeEscape(line) || masker.mayAppearIn(line, 0, line.length)) {
            return textLine(record);
        }
        return line;
    }

    private byte[] textLine(Object record) throws JsonProcessingException {
        return (line(record) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code line} holds a backslash followed by {@code u}. Looks at every second byte only:
     * either byte of such a pair is at an odd index.
     */
    static boolean hasUnicodeEscape(byte[] line) {
        int last = line.length - 1;
        for (int i = 1; i <= last; i += 2) {
            byte b = line[i];
            if (b == 'u' ? line[i - 1] == '\\' : b == '\\' && i < last && line[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    private static String type(Object record) {
        return record instanceof EntityRequest entity ? entity.entityType() : record.getClass().getSimpleName();
    }
}
