package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.runtime.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Golden files for whole runs: the NDJSON the file sink writes, volatile fields removed, lines
 * sorted, compared entity by entity. Regenerate every golden file of a build with
 * {@code -D}{@value #UPDATE_PROPERTY}{@code =true} (for example
 * {@code mvn -B -ntp test -Dmetaingest.golden.update=true}), then review the diff in git.
 */
public final class GoldenFiles {

    /** The system property that rewrites golden files instead of comparing them. */
    public static final String UPDATE_PROPERTY = "metaingest.golden.update";

    /** Fields whose values differ from run to run and are removed before comparing. */
    public static final Set<String> DEFAULT_VOLATILE_FIELDS = Set.of("timestamp", "startTime", "endTime");

    private static final ObjectMapper JSON = Mappers.standard();
    private static final int MAX_DIFF_ENTITIES = 20;

    private GoldenFiles() {
    }

    /** Whether this run rewrites golden files ({@value #UPDATE_PROPERTY}). */
    public static boolean updating() {
        return Boolean.getBoolean(UPDATE_PROPERTY);
    }

    /**
     * The lines with every field named in {@code volatileFields} removed (at any depth), sorted: a golden
     * file compares which records a run writes, not their order (the kit's determinism check compares
     * the order of two runs).
     */
    public static List<String> normalize(Collection<String> ndjsonLines, Set<String> volatileFields) {
        List<String> out = stripped(ndjsonLines, volatileFields);
        out.sort(null);
        return out;
    }

    /** The lines with every field named in {@code volatileFields} removed (at any depth), in their order. */
    static List<String> stripped(Collection<String> ndjsonLines, Set<String> volatileFields) {
        List<String> out = new ArrayList<>();
        for (String line : ndjsonLines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                strip(node, volatileFields);
                out.add(JSON.writeValueAsString(node));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return out;
    }

    /**
     * Where two runs that wrote the same records wrote them in another order: the first position (from
     * 1) whose records differ, with the entity each run wrote there; empty when the order is the same.
     * Give it lines as {@link #stripped} leaves them.
     */
    static Optional<String> firstOrderDifference(List<String> first, List<String> second) {
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            if (!first.get(i).equals(second.get(i))) {
                return Optional.of("record " + (i + 1) + " is " + entity(first.get(i)) + " in the first run and "
                        + entity(second.get(i)) + " in the second");
            }
        }
        return first.size() == second.size() ? Optional.empty()
                : Optional.of("the first run wrote " + first.size() + " records, the second " + second.size());
    }

    private static String entity(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return Entities.identity(node).orElse(node.path("entityType").asText("?") + " " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strip(JsonNode node, Set<String> fields) {
        if (node instanceof ObjectNode object) {
            object.remove(fields);
            object.elements().forEachRemaining(child -> strip(child, fields));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> strip(child, fields));
        }
    }

    /**
     * Compares a run's NDJSON lines with {@code golden}, or rewrites it when {@value #UPDATE_PROPERTY}
     * is set. It rewrites the file with whatever lines it is given, so give it only the lines of a run
     * that succeeded and wrote every record its source emitted: {@link ConnectorKit} refuses to update
     * from any other run, naming its cause.
     *
     * @throws AssertionError with a per-entity diff when they differ
     */
    public static void assertMatches(Path golden, List<String> ndjsonLines, Set<String> volatileFields) {
        assertMatches(golden, ndjsonLines, volatileFields, null);
    }

    /**
     * As {@link #assertMatches(Path, List, Set)}, with {@code advice} in place of "regenerate" when
     * the difference has another cause (null for the usual advice).
     */
    static void assertMatches(Path golden, List<String> ndjsonLines, Set<String> volatileFields, String advice) {
        List<String> actual = normalize(ndjsonLines, volatileFields);
        try {
            if (updating()) {
                Files.createDirectories(golden.toAbsolutePath().getParent());
                Files.write(golden, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(golden)) {
                throw new AssertionError("golden file " + golden + " does not exist; create it with -D"
                        + UPDATE_PROPERTY + "=true and review it");
            }
            List<String> expected = normalize(Files.readAllLines(golden, StandardCharsets.UTF_8), volatileFields);
            String diff = diff(expected, actual);
            if (!diff.isEmpty()) {
                throw new AssertionError("records differ from " + golden + " (expected → actual; " + (advice != null
                        ? advice : "regenerate with -D" + UPDATE_PROPERTY + "=true") + "):\n" + diff);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A readable diff of two sets of NDJSON lines, one paragraph per entity that is missing, extra or
     * changed (with each changed field's path and both values); empty when they are equal.
     */
    public static String diff(List<String> expected, List<String> actual) {
        Map<String, List<JsonNode>> before = byEntity(expected);
        Map<String, List<JsonNode>> after = byEntity(actual);
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int differing = 0;
        for (String key : keys) {
            List<JsonNode> was = before.getOrDefault(key, List.of());
            List<JsonNode> is = after.getOrDefault(key, List.of());
            if (was.equals(is)) {
                continue;
            }
            differing++;
            if (shown++ >= MAX_DIFF_ENTITIES) {
                continue;
            }
            if (was.isEmpty()) {
                out.append("+ ").append(key).append(" (only in actual)\n");
            } else if (is.isEmpty()) {
                out.append("- ").append(key).append(" (missing from actual)\n");
            } else if (was.size() != 1 || is.size() != 1) {
                out.append("~ ").append(key).append(": ").append(was.size()).append(" → ").append(is.size())
                        .append(" records\n");
            } else {
                out.append("~ ").append(key).append('\n');
                List<String> changes = new ArrayList<>();
                fieldChanges("", was.get(0), is.get(0), changes);
                changes.forEach(c -> out.append("    ").append(c).append('\n'));
            }
        }
        if (differing > MAX_DIFF_ENTITIES) {
            out.append("… and ").append(differing - MAX_DIFF_ENTITIES).append(" more entities\n");
        }
        return out.toString();
    }

    private static Map<String, List<JsonNode>> byEntity(List<String> lines) {
        Map<String, List<JsonNode>> map = new TreeMap<>();
        for (String line : lines) {
            try {
                JsonNode node = JSON.readTree(line);
                String key = Entities.identity(node).orElse(node.path("entityType").asText("?") + " " + line);
                map.computeIfAbsent(key, k -> new ArrayList<>()).add(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return map;
    }

    private static void fieldChanges(String path, JsonNode was, JsonNode is, List<String> out) {
        if (Objects.equals(was, is)) {
            return;
        }
        if (was != null && is != null && was.isObject() && is.isObject()) {
            Set<String> names = new TreeSet<>();
            was.fieldNames().forEachRemaining(names::add);
            is.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                fieldChanges(path.isEmpty() ? name : path + "." + name, was.get(name), is.get(name), out);
            }
        } else if (was != null && is != null && was.isArray() && is.isArray() && was.size() == is.size()) {
            Iterator<JsonNode> a = was.elements();
            Iterator<JsonNode> b = is.elements();
            for (int i = 0; a.hasNext(); i++) {
                fieldChanges(path + "[" + i + "]", a.next(), b.next(), out);
            }
        } else {
            out.add(path + ": " + (was == null ? "(absent)" : was) + " → " + (is == null ? "(absent)" : is));
        }
    }
}
