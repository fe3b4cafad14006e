package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields each section of one workflow knows (the workflow schema's sections, the connector's
 * connection and the workflow kind's sourceConfig), so that a field written in the wrong section
 * ({@code ingestAllDatabases} under {@code source.sourceConfig.config}) is told where it belongs
 * instead of being given the list of the 22 fields it is not among.
 *
 * @param sections each section's config path and the names of its fields
 */
record MisplacedFields(Map<String, Set<String>> sections) {

    /** How the validator's line for a field no schema of its place knows begins (not one with a retirement hint). */
    private static final String UNKNOWN = "unknown field;";

    /** The most sections a misplaced field is said to belong in. */
    private static final int MOST_HOMES = 2;

    MisplacedFields {
        sections = Map.copyOf(sections);
    }

    /** The sections of the workflow schema: each object it describes with properties, at its path. */
    static MisplacedFields of(JsonNode workflowSchema) {
        Map<String, Set<String>> sections = new LinkedHashMap<>();
        collect(workflowSchema, "", sections);
        return new MisplacedFields(sections);
    }

    /** These sections, with the section at {@code path} knowing the fields of {@code schema} (in place of what it knew). */
    MisplacedFields with(String path, JsonNode schema) {
        Map<String, Set<String>> more = new LinkedHashMap<>(sections);
        more.keySet().removeIf(section -> section.startsWith(path + "."));
        more.put(path, fieldsOf(schema));
        nested(schema, schema, path, more, NESTING);
        return new MisplacedFields(more);
    }

    /** How deep a connector's or sourceConfig's own objects are followed (authType, sslConfig, a filter pattern). */
    private static final int NESTING = 3;

    /**
     * The objects inside {@code schema}, by their paths: a property that is an object with fields, or one of
     * a {@code oneOf}/{@code anyOf} of such (referenced in the schema's own {@code definitions}), so that
     * {@code password} written beside {@code authType} is told it belongs in it.
     */
    private static void nested(JsonNode schema, JsonNode root, String path, Map<String, Set<String>> sections, int depth) {
        if (depth == 0) {
            return;
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            Set<String> fields = new TreeSet<>();
            List<JsonNode> shapes = new java.util.ArrayList<>();
            for (JsonNode shape : alternatives(resolved(p.getValue(), root))) {
                JsonNode object = resolved(shape, root);
                fields.addAll(fieldsOf(object));
                shapes.add(object);
            }
            if (!fields.isEmpty()) {
                String at = path + "." + p.getKey();
                sections.put(at, fields);
                shapes.forEach(object -> nested(object, root, at, sections, depth - 1));
            }
        });
    }

    private static List<JsonNode> alternatives(JsonNode schema) {
        List<JsonNode> all = new java.util.ArrayList<>(List.of(schema));
        for (String key : List.of("oneOf", "anyOf", "allOf")) {
            schema.path(key).forEach(all::add);
        }
        return all;
    }

    /** A local {@code $ref} ({@code #/definitions/basicAuth}) as the schema it names; any other node as it is. */
    private static JsonNode resolved(JsonNode schema, JsonNode root) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : schema;
    }

    /**
     * {@code problem}, or, when it is an unknown field that another section knows, the line saying it belongs
     * there: the one rule for every section, as the field's name alone tells (a name two sections know names both).
     */
    ConfigProblem placed(ConfigProblem problem) {
        String path = problem.path();
        int dot = path == null ? -1 : path.lastIndexOf('.');
        if (dot < 0 || !problem.message().startsWith(UNKNOWN)) {
            return problem;
        }
        String parent = path.substring(0, dot);
        String field = path.substring(dot + 1);
        Set<String> homes = new TreeSet<>();
        sections.forEach((section, fields) -> {
            if (!section.equals(parent) && fields.contains(field)) {
                homes.add(section);
            }
        });
        // Within the same part of the workflow first: hostPort under source.sourceConfig means the connection's,
        // not the OpenMetadata server's.
        String part = parent.split("[.\\[]", 2)[0];
        Set<String> near = new TreeSet<>(homes.stream().filter(h -> h.equals(part) || h.startsWith(part + ".")).toList());
        Set<String> said = near.isEmpty() ? homes : near;
        // A name many sections know (config, type) says too little about which one was meant.
        return said.isEmpty() || said.size() > MOST_HOMES ? problem
                : new ConfigProblem(path, "unknown field here; it belongs " + String.join(" or ",
                        said.stream().map(h -> h.isEmpty() ? "at the top level" : "in " + h).toList()));
    }

    private static void collect(JsonNode schema, String path, Map<String, Set<String>> sections) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            return;
        }
        sections.put(path, fieldsOf(schema));
        properties.fields().forEachRemaining(p -> collect(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(),
                sections));
    }

    /** The fields a value may hold; one no value satisfies ({@code "not": {}}) is there only to refuse it. */
    private static Set<String> fieldsOf(JsonNode schema) {
        Set<String> fields = new TreeSet<>();
        schema.path("properties").fields().forEachRemaining(p -> {
            JsonNode not = p.getValue().path("not");
            if (!(not.isObject() && not.isEmpty())) {
                fields.add(p.getKey());
            }
        });
        return fields;
    }
}
