package io.metaingest.runtime.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Secret;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NDJSON form of a record, shared by the file and console sinks:
 * {@code {"entityType": "...", "entity": {...}}} on one line, secrets masked in its string values.
 */
final class RecordLines {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLines.class);

    private final ObjectMapper mapper;
    private final SecretMasker masker;
    private long maskedRecords;
    /** Reused for every line, so a line is not copied each time the buffer grows. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);

    RecordLines(ObjectMapper mapper, SecretMasker masker) {
        // Exact decimals in the tree a masked line is made from: by default it strips trailing zeros, so a masked
        // record's 10 and 12.50 were written 1E+1 and 12.5, unlike the same values in every other line.
        this.mapper = mapper.copy().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        this.masker = masker;
    }

    /** The record's line, without the line end. */
    String line(Object record) throws JsonProcessingException {
        String text = "{\"entityType\":" + mapper.writeValueAsString(type(record)) + ",\"entity\":"
                + mapper.writeValueAsString(record) + "}";
        return masker.mask(text).equals(text) ? text : maskedLine(record);
    }

    /**
     * The line with each string value of the entity masked, its field names, its structure and its
     * {@code entityType} as they are: masking the text as a whole turned a field name that holds a
     * secret's text ({@code tableType} for a password {@code table}) into another field. A value is
     * masked even when the secret's text in it is metadata (a password that is also a table's name):
     * the secret must not leave the process; the run says so once, with the fix.
     */
    private String maskedLine(Object record) throws JsonProcessingException {
        JsonNode entity = mapper.valueToTree(record);
        if (maskValues(entity)) {
            maskedRecords++;
            if (maskedRecords == 1) {
                LOG.warn("a {} record holds the text of one of the workflow's secrets, written as {}; when that text is"
                        + " metadata (a password that is also a name), the written value is wrong: use a secret that"
                        + " occurs in no name", type(record), Secret.MASK);
            }
        }
        ObjectNode line = mapper.createObjectNode();
        line.put("entityType", type(record));
        line.set("entity", entity);
        return mapper.writeValueAsString(line);
    }

    /** Masks every string value under {@code node} in place; whether any changed. */
    private boolean maskValues(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    String masked = masker.mask(field.getValue().textValue());
                    if (!masked.equals(field.getValue().textValue())) {
                        field.setValue(TextNode.valueOf(masked));
                        changed = true;
                    }
                } else {
                    changed |= maskValues(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    String masked = masker.mask(array.get(i).textValue());
                    if (!masked.equals(array.get(i).textValue())) {
                        array.set(i, TextNode.valueOf(masked));
                        changed = true;
                    }
                } else {
                    changed |= maskValues(array.get(i));
                }
            }
        }
        return changed;
    }

    /** How many records were written with a secret's text masked in them. */
    long maskedRecords() {
        return maskedRecords;
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
