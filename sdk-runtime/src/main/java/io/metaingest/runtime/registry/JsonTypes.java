package io.metaingest.runtime.registry;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Secret;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which Java types hold the values of which JSON Schema types, as Jackson binds them. Only obvious
 * conflicts count: a type Jackson reads from strings and numbers alike (a URI, a Duration) conflicts
 * with nothing but arrays, objects and booleans.
 */
final class JsonTypes {

    /** What a Java type holds, as far as JSON Schema types can tell. */
    enum Kind { STRING, INTEGER, NUMBER, BOOLEAN, ARRAY, OBJECT, ANY, OTHER_SCALAR }

    private JsonTypes() {
    }

    /** The JSON types a schema allows besides null; empty when it does not say. */
    static Set<String> of(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (schema.has("properties")) {
            types.add("object");
        } else if (schema.has("items")) {
            types.add("array");
        } else if (schema.path("enum").isArray() && schema.path("enum").size() > 0) {
            schema.path("enum").forEach(v -> types.add(jsonType(v)));
        }
        types.remove("null");
        return types;
    }

    private static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : value.isObject() ? "object" : "null";
    }

    /** Whether a value of the JSON Schema type {@code schemaType} binds to a Java type of {@code kind}. */
    static boolean accepts(String schemaType, Kind kind) {
        if (kind == Kind.ANY) {
            return true;
        }
        return switch (schemaType) {
            case "string" -> kind == Kind.STRING || kind == Kind.OTHER_SCALAR;
            case "integer" -> kind == Kind.INTEGER || kind == Kind.NUMBER || kind == Kind.OTHER_SCALAR;
            case "number" -> kind == Kind.NUMBER || kind == Kind.OTHER_SCALAR;
            case "boolean" -> kind == Kind.BOOLEAN;
            case "array" -> kind == Kind.ARRAY;
            case "object" -> kind == Kind.OBJECT;
            default -> true; // not a JSON Schema type: the schema check reports it
        };
    }

    /** What a Java type holds; a class Jackson sets properties on is an object. */
    static Kind kind(JavaType type, DeserializationConfig jackson) {
        Class<?> raw = type.getRawClass();
        if (raw == boolean.class || raw == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (raw == char.class || raw == Character.class || CharSequence.class.isAssignableFrom(raw) || raw.isEnum()
                || raw == Secret.class || raw == byte[].class || raw == char[].class) {
            return Kind.STRING;
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
                || raw == java.math.BigInteger.class) {
            return Kind.INTEGER;
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            return Kind.NUMBER;
        }
        if (raw == Object.class || raw == JsonNode.class || raw == TreeNode.class) {
            return Kind.ANY;
        }
        if (type.isArrayType() || type.isCollectionLikeType() || ArrayNode.class.isAssignableFrom(raw)) {
            return Kind.ARRAY;
        }
        if (type.isMapLikeType() || raw.isRecord() || ObjectNode.class.isAssignableFrom(raw)) {
            return Kind.OBJECT;
        }
        if (TreeNode.class.isAssignableFrom(raw) || raw.getName().startsWith("java.") || raw.getName().startsWith("javax.")) {
            return Kind.OTHER_SCALAR; // URI, Path, Duration, Instant…: Jackson reads them from strings, some from numbers
        }
        boolean hasProperties = jackson.introspect(type).findProperties().stream().anyMatch(BeanPropertyDefinition::couldDeserialize);
        return hasProperties ? Kind.OBJECT : Kind.OTHER_SCALAR;
    }

    /** The fix on the Java side for a schema type, e.g. {@code an Integer or Long component}. */
    static String javaFor(String schemaType) {
        return switch (schemaType) {
            case "string" -> "a String component";
            case "integer" -> "an Integer or Long component";
            case "number" -> "a Double or BigDecimal component";
            case "boolean" -> "a Boolean component";
            case "array" -> "a List component";
            case "object" -> "a record or Map component";
            default -> "a component of the schema's type";
        };
    }

    /** The fix on the schema side for a Java kind, e.g. {@code integer}. */
    static String schemaTypeFor(Kind kind) {
        return switch (kind) {
            case INTEGER -> "integer";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "string";
        };
    }

    /** {@code Optional<T>} as {@code T}. */
    static JavaType unwrap(JavaType type) {
        return type.getRawClass() == Optional.class && type.containedTypeCount() == 1 ? type.containedType(0) : type;
    }

    /** {@code List<String>}, {@code Integer}: a type as its source names it. */
    static String display(JavaType type) {
        if (type.isArrayType()) {
            return display(type.getContentType()) + "[]";
        }
        StringBuilder text = new StringBuilder(type.getRawClass().getSimpleName());
        if (type.containedTypeCount() > 0) {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < type.containedTypeCount(); i++) {
                args.add(display(type.containedType(i)));
            }
            text.append('<').append(String.join(", ", args)).append('>');
        }
        return text.toString();
    }
}
