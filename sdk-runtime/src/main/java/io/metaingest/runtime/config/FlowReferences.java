package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets an unquoted {@code ${VAR}} stand inside a YAML flow collection ({@code {successThreshold: ${THR}}}), as
 * OpenMetadata's substitution in the raw text lets it. There {@code {} and {@code }} are YAML's own indicators,
 * so before parsing the braces of each reference become two private-use characters (one column each, so
 * positions in messages stay right) and after parsing they are braces again in every key and text value.
 * EnvSubstitution then types the value as one written in block style (an unquoted {@code ${THR}} holding 95
 * is the integer 95). Substituting into the text before parsing, as OpenMetadata does, would let a variable's
 * value change the YAML structure and lose each problem's path. A file that already holds either character
 * is parsed as written. Outside this package the masking is reached only through {@link WorkflowYaml}.
 */
final class FlowReferences {

    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    /** A reference as EnvSubstitution reads it, on one line. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*(?::?-[^}\\n]*)?)}");

    private FlowReferences() {
    }

    /** {@code text} with the braces of its references masked; the same string when there is nothing to mask. */
    static String mask(String text) {
        if (text.indexOf("${") < 0 || text.indexOf(OPEN) >= 0 || text.indexOf(CLOSE) >= 0) {
            return text;
        }
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement("$" + OPEN + matcher.group(1) + CLOSE));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Masked text as written. */
    static String unmask(String text) {
        return text.indexOf(OPEN) < 0 && text.indexOf(CLOSE) < 0 ? text : text.replace(OPEN, '{').replace(CLOSE, '}');
    }

    /** Restores the braces in the keys and text values of {@code node}, in place. */
    static void unmask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            boolean renamed = fields.stream().anyMatch(field -> !unmask(field.getKey()).equals(field.getKey()));
            if (renamed) {
                object.removeAll(); // re-added in order, under the keys as written
            }
            for (Map.Entry<String, JsonNode> field : fields) {
                JsonNode value = field.getValue();
                unmask(value);
                if (renamed || value.isTextual()) {
                    object.set(unmask(field.getKey()), value.isTextual() ? text(value) : value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                unmask(array.get(i));
                if (array.get(i).isTextual()) {
                    array.set(i, text(array.get(i)));
                }
            }
        }
    }

    private static JsonNode text(JsonNode value) {
        String written = unmask(value.asText());
        return written.equals(value.asText()) ? value : TextNode.valueOf(written);
    }
}
