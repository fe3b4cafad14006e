package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a run shows a secret: in which of its places (standard output, standard error, the run
 * report, the records written, …), in which form, and the first line that shows it, clipped and with
 * the secret masked, so the kit's failure says where to look without printing the secret once more.
 */
final class SecretLeaks {

    /** Characters of a shown line kept around the masked secret. */
    private static final int CONTEXT = 60;
    private static final String MASK = "<the secret>";

    private SecretLeaks() {
    }

    /**
     * One problem per secret and distinct form found, e.g. {@code the metadata-1 run: a secret (as is)
     * appears in its standard error: 'WARN login with <the secret> refused'}; empty when none is found.
     *
     * @param run the run's label, e.g. {@code metadata-1}
     * @param places what the run left, by place, in the order they are named
     * @param secrets the secret values of the workflow
     */
    static List<String> find(String run, Map<String, String> places, List<String> secrets) {
        return findIn("the " + run + " run", places, secrets);
    }

    /**
     * As {@link #find}, for what {@code subject} printed, e.g. {@code test-connection with the unreachable
     * endpoint: a secret (as is) appears in its logs, first: '…'}.
     */
    static List<String> findIn(String subject, Map<String, String> places, List<String> secrets) {
        List<String> problems = new ArrayList<>();
        for (String secret : secrets) {
            for (Map.Entry<String, String> form : encodings(secret).entrySet()) {
                List<String> where = new ArrayList<>();
                String firstLine = null;
                for (Map.Entry<String, String> place : places.entrySet()) {
                    int at = place.getValue().indexOf(form.getValue());
                    if (at >= 0) {
                        where.add(place.getKey());
                        firstLine = firstLine != null ? firstLine : shown(place.getValue(), at, secrets);
                    }
                }
                if (!where.isEmpty()) {
                    problems.add(subject + ": a secret (" + form.getKey() + ") appears in its "
                            + String.join(", ", where) + ", first: '" + firstLine + "'");
                }
            }
        }
        return problems;
    }

    /**
     * The forms a secret is looked for in, by name, each distinct text once: a secret of URL-safe
     * characters is its own URL encoding, and is then looked for (and reported) as is only.
     */
    static Map<String, String> encodings(String secret) {
        Map<String, String> byText = new LinkedHashMap<>();
        byText.putIfAbsent(secret, "as is");
        byText.putIfAbsent(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)), "base64");
        byText.putIfAbsent(URLEncoder.encode(secret, StandardCharsets.UTF_8), "URL-encoded");
        Map<String, String> forms = new LinkedHashMap<>();
        byText.forEach((text, name) -> forms.put(name, text));
        return forms;
    }

    /**
     * The line of {@code text} holding a secret at {@code at}, every form of every secret masked (before
     * clipping, so no part of one is left), clipped to {@value #CONTEXT} characters either side of it.
     */
    private static String shown(String text, int at, List<String> secrets) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        String line = text.substring(start, end < 0 ? text.length() : end);
        String before = masked(line.substring(0, at - start), secrets);
        String after = masked(line.substring(at - start), secrets);
        // after starts with the mask: the secret found at 'at', in whichever form.
        if (before.length() > CONTEXT) {
            before = "…" + before.substring(before.length() - CONTEXT);
        }
        if (after.length() > MASK.length() + CONTEXT) {
            after = after.substring(0, MASK.length() + CONTEXT) + "…";
        }
        return (before + after).strip();
    }

    /**
     * The first record that carries {@code mask} (the runtime's, standing for a secret it found), named
     * by its entity and the field holding it: {@code table svc.db.s.t, in entity.description}; empty when
     * none does. A record is a long line: its name and field say where to look.
     *
     * @param lines the NDJSON lines as written
     * @param records the same lines parsed, in the same order
     */
    static Optional<String> maskedRecord(List<String> lines, List<JsonNode> records, String mask) {
        for (int i = 0; i < Math.min(lines.size(), records.size()); i++) {
            if (lines.get(i).contains(mask)) {
                JsonNode record = records.get(i);
                String entity = Entities.identity(record).orElse(record.path("entityType").asText("?") + " record " + (i + 1));
                return Optional.of(entity + ", in " + fieldHolding(record, mask, "").orElse("a field's name"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> fieldHolding(JsonNode node, String text, String path) {
        if (node.isTextual()) {
            return node.asText().contains(text) ? Optional.of(path) : Optional.empty();
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Optional<String> found = fieldHolding(field.getValue(), text, path.isEmpty() ? field.getKey()
                        : path + "." + field.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = fieldHolding(node.get(i), text, path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static String masked(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            for (String form : encodings(secret).values()) {
                out = out.replace(form, MASK);
            }
        }
        return out;
    }
}
