package io.metaingest.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas that connectors and steps ship, read once, and the facts taken from them. A field
 * is secret exactly when its schema says {@value #SECRET_FORMAT}: the loader, the masking of run
 * output and the test kit all ask here, so the fact is stated once, in the schema.
 */
public final class SpecSchemas {

    /** The {@code format} that marks a secret field. */
    public static final String SECRET_FORMAT = "password";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private SpecSchemas() {
    }

    /** The schema at classpath {@code resource}, looked up beside {@code owner}. */
    public static JsonNode read(String resource, Class<?> owner) {
        return CACHE.computeIfAbsent(owner.getName() + "!" + resource, key -> {
            try (InputStream in = owner.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + resource + " is missing from " + owner.getName() + "'s jar");
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + resource, e);
            }
        });
    }

    /** The connector's connection schema. */
    public static JsonNode connectionSchema(ServiceSpec spec) {
        return read(spec.connectionSchema(), spec.getClass());
    }

    /** The names of the connection's secret fields, at any depth (e.g. {@code password} under {@code authType}). */
    public static Set<String> secretFieldNames(ServiceSpec spec) {
        return secretFieldNames(connectionSchema(spec));
    }

    /** The names of the fields a schema marks secret, at any depth. */
    public static Set<String> secretFieldNames(JsonNode schema) {
        Set<String> names = new TreeSet<>();
        collectSecretNames(schema, names);
        return names;
    }

    /**
     * The connection fields whose schema {@code default} the connection record does not apply when
     * the field is absent: each as {@code field: schema says X, record gives Y}. Binds the smallest
     * connection the schema accepts (the required fields with placeholder values) with {@code mapper}
     * and reads the record back as JSON, so a record and its schema cannot drift apart unseen.
     */
    public static List<String> defaultsNotApplied(ServiceSpec spec, ObjectMapper mapper) {
        JsonNode schema = connectionSchema(spec);
        ObjectNode minimal = JSON.createObjectNode();
        schema.path("required").forEach(r -> minimal.set(r.asText(), placeholder(schema.path("properties").path(r.asText()))));
        JsonNode bound;
        try {
            bound = mapper.valueToTree(mapper.treeToValue(minimal, spec.connectionType()));
        } catch (IOException | IllegalArgumentException e) {
            return List.of("the smallest valid connection " + minimal + " cannot be bound: " + e.getMessage());
        }
        Set<String> modelled = new TreeSet<>();
        if (spec.connectionType().isRecord()) {
            for (var component : spec.connectionType().getRecordComponents()) {
                modelled.add(component.getName());
            }
        }
        List<String> problems = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(field -> {
            JsonNode expected = field.getValue().get("default");
            // A field the record does not model (a capability flag it ignores) has no default to apply.
            if (expected == null || minimal.has(field.getKey()) || !modelled.contains(field.getKey())) {
                return;
            }
            JsonNode actual = bound.path(field.getKey());
            boolean same = expected.isNumber() && actual.isNumber()
                    ? expected.decimalValue().compareTo(actual.decimalValue()) == 0
                    : expected.equals(actual);
            if (!same) {
                problems.add(field.getKey() + ": schema says " + expected + ", record gives "
                        + (actual.isMissingNode() ? "nothing" : actual));
            }
        });
        return problems;
    }

    private static JsonNode placeholder(JsonNode property) {
        if (property.has("default")) {
            return property.get("default");
        }
        if (property.path("enum").size() > 0) {
            return property.path("enum").get(0);
        }
        if (property.has("const")) {
            return property.get("const");
        }
        return switch (property.path("type").asText("string")) {
            case "integer", "number" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(false);
            case "array" -> JSON.createArrayNode();
            case "object" -> JSON.createObjectNode();
            default -> JSON.getNodeFactory().textNode("x");
        };
    }

    private static void collectSecretNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode properties = node.path("properties");
            for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (SECRET_FORMAT.equals(properties.path(field).path("format").asText())) {
                    names.add(field);
                }
            }
            node.elements().forEachRemaining(child -> collectSecretNames(child, names));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> collectSecretNames(child, names));
        }
    }
}
