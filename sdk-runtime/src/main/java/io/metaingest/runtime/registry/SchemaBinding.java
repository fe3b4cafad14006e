package io.metaingest.runtime.registry;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.metaingest.api.Secret;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A connection schema's properties paired with the connection record's components, by the JSON name
 * Jackson binds (so {@code @JsonProperty}, {@code @JsonAlias}, {@code @JsonNaming}, {@code @JsonIgnore},
 * {@code @JsonIgnoreProperties} and {@code @JsonAnySetter} count), down through nested records and
 * lists and maps of them where the schema describes them (following {@code $ref}s inside the schema
 * and a {@code oneOf}, {@code anyOf} or {@code allOf} of one schema). What does not pair, and types
 * that cannot hold the same values ({@link JsonTypes}), are its problems, one line each. The record
 * need not bind the service type, which the runtime reads, OpenMetadata's {@code supports…}
 * capability flags, nor a property whose schema no value satisfies ({@code "not": {}}: an alternative the
 * connector refuses, saying why).
 */
final class SchemaBinding {

    /**
     * A schema property and the component that binds it.
     *
     * @param path the property's path in the connection, e.g. {@code authType.password}
     * @param property the property's schema, references followed
     * @param type the component's type
     * @param owner the class holding the component
     * @param component the component's name in that class
     */
    record Bound(String path, JsonNode property, JavaType type, Class<?> owner, String component) {

        /** Whether the component is a {@link Secret} (or an optional one). */
        boolean secret() {
            return JsonTypes.unwrap(type).getRawClass() == Secret.class;
        }

        /** The component as a reader finds it: {@code PostgresConnection.BasicAuth.password}. */
        String where() {
            return name(owner) + "." + component;
        }
    }

    /** OpenMetadata's capability flags, which its connection schemas carry for its UI and a connector may ignore. */
    private static final Pattern CAPABILITY_FLAG = Pattern.compile("supports[A-Z][A-Za-z]*");
    private static final int MAX_DEPTH = 8;

    private final JsonNode root;
    private final String schemaName;
    private final DeserializationConfig jackson;
    private final List<Bound> bound = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Bound> undeclaredSecrets = new ArrayList<>();

    private SchemaBinding(JsonNode root, String schemaName, ObjectMapper mapper) {
        this.root = root;
        this.schemaName = schemaName;
        this.jackson = mapper.getDeserializationConfig();
    }

    /** Pairs {@code schema} (named {@code schemaName} in messages) with {@code connectionType} as {@code mapper} binds it. */
    static SchemaBinding of(JsonNode schema, String schemaName, Class<?> connectionType, ObjectMapper mapper) {
        SchemaBinding binding = new SchemaBinding(schema, schemaName, mapper);
        binding.object("", schema, mapper.constructType(connectionType), 0);
        return binding;
    }

    /** Every schema property a component binds. */
    List<Bound> bound() {
        return List.copyOf(bound);
    }

    /** Whether any component, declared in the schema or not, is a {@link Secret}. */
    boolean hasSecret() {
        return !undeclaredSecrets.isEmpty() || bound.stream().anyMatch(Bound::secret);
    }

    /** Properties no component binds, components no property declares, and types that conflict. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private void object(String path, JsonNode schema, JavaType type, int depth) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject() || depth > MAX_DEPTH || freeForm(type)) {
            return; // there is nothing to pair
        }
        BeanDescription description = jackson.introspect(type);
        boolean takesAnyKey = description.findAnySetterAccessor() != null;
        Map<String, BeanPropertyDefinition> components = components(description);
        Set<String> ignored = ignored(type, description);
        Set<String> undeclared = new LinkedHashSet<>();
        components.forEach((name, component) -> {
            boolean declared = properties.has(name)
                    || component.findAliases().stream().anyMatch(alias -> properties.has(alias.getSimpleName()));
            if (!declared && !ignored.contains(name) && !ignoreMarked(component)) {
                undeclared.add(name);
            }
        });
        properties.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            Optional<BeanPropertyDefinition> component = binding(components, name);
            if (component.isPresent()) {
                Bound pair = new Bound(at, resolve(entry.getValue()), component.get().getPrimaryType(), type.getRawClass(),
                        component.get().getInternalName());
                bound.add(pair);
                value(pair, at, pair.property(), pair.type(), depth);
            } else if (!takesAnyKey && !ignored.contains(name) && !exempt(path, name, entry.getValue())) {
                problems.add(unbound(at, name, type.getRawClass(), undeclared));
            }
        });
        for (String name : undeclared) {
            undeclared(path, name, components.get(name), type.getRawClass());
        }
    }

    /** The properties Jackson can set, by JSON name. */
    private static Map<String, BeanPropertyDefinition> components(BeanDescription description) {
        Map<String, BeanPropertyDefinition> components = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            if (p.couldDeserialize()) {
                components.put(p.getName(), p);
            }
        }
        return components;
    }

    /** The component that binds a JSON name, by its name or one of its {@code @JsonAlias}es. */
    private static Optional<BeanPropertyDefinition> binding(Map<String, BeanPropertyDefinition> components, String name) {
        return Optional.ofNullable(components.get(name)).or(() -> components.values().stream()
                .filter(c -> c.findAliases().stream().anyMatch(alias -> alias.getSimpleName().equals(name))).findFirst());
    }

    /** Names the class ignores explicitly: {@code @JsonIgnoreProperties({...})} and {@code @JsonIgnore}. */
    private Set<String> ignored(JavaType type, BeanDescription description) {
        Set<String> ignored = new HashSet<>(description.getIgnoredPropertyNames());
        ignored.addAll(jackson.getDefaultPropertyIgnorals(type.getRawClass(), description.getClassInfo())
                .findIgnoredForDeserialization());
        return ignored;
    }

    /** A map or a JSON tree: every key binds, and there are no components to name. */
    private static boolean freeForm(JavaType type) {
        return type.isMapLikeType() || type.isTypeOrSubTypeOf(TreeNode.class) || type.getRawClass() == Object.class;
    }

    private String unbound(String at, String name, Class<?> owner, Set<String> undeclared) {
        return at + " is a property of " + schemaName + " that " + name(owner) + " does not bind, so a workflow's value"
                + " is ignored; name a component " + name + " (or annotate one @JsonProperty(\"" + name + "\")), or remove"
                + " the property" + (undeclared.isEmpty() ? ""
                : " (" + name(owner) + " has " + String.join(", ", undeclared) + ", which the schema does not declare)");
    }

    private void undeclared(String path, String name, BeanPropertyDefinition component, Class<?> owner) {
        String at = path.isEmpty() ? name : path + "." + name;
        Bound missing = new Bound(at, MissingNode.getInstance(), component.getPrimaryType(), owner,
                component.getInternalName());
        if (missing.secret()) {
            undeclaredSecrets.add(missing);
        }
        problems.add(missing.where() + (name.equals(component.getInternalName()) ? "" : " (JSON name " + name + ")")
                + " is not declared in " + schemaName + ", so no workflow can set it; declare " + at
                + " there, give the component the schema's name (or @JsonProperty), or mark it @JsonIgnore");
    }

    /** Whether a member of the property carries {@code @JsonIgnore} (a record's component keeps its constructor parameter). */
    private boolean ignoreMarked(BeanPropertyDefinition component) {
        AnnotationIntrospector annotations = jackson.getAnnotationIntrospector();
        return Stream.of(component.getField(), component.getGetter(), component.getSetter(), component.getConstructorParameter())
                .filter(Objects::nonNull).anyMatch(annotations::hasIgnoreMarker);
    }

    /** Checks a value's type against its schema, then pairs what it contains. */
    private void value(Bound pair, String at, JsonNode schema, JavaType declared, int depth) {
        JavaType type = JsonTypes.unwrap(declared);
        JsonTypes.Kind kind = JsonTypes.kind(type, jackson);
        Set<String> types = JsonTypes.of(schema);
        if (!types.isEmpty() && types.stream().noneMatch(t -> JsonTypes.accepts(t, kind))) {
            problems.add(conflict(pair, at, types, type, kind));
            return;
        }
        if (kind == JsonTypes.Kind.ARRAY && type.getContentType() != null) {
            JsonNode items = resolve(schema.path("items"));
            if (items.isObject()) {
                value(pair, at + "[]", items, type.getContentType(), depth + 1);
            }
        } else if (kind == JsonTypes.Kind.OBJECT && type.isMapLikeType()) {
            JsonNode values = resolve(schema.path("additionalProperties"));
            if (values.isObject()) {
                value(pair, at + ".*", values, type.getContentType(), depth + 1);
            }
        } else if (kind == JsonTypes.Kind.OBJECT && !type.isTypeOrSubTypeOf(TreeNode.class)) {
            object(at, schema, type, depth + 1);
        }
    }

    private String conflict(Bound pair, String at, Set<String> types, JavaType type, JsonTypes.Kind kind) {
        String schemaType = String.join(" or ", types.stream().map(t -> "\"" + t + "\"").toList());
        String java = JsonTypes.display(type) + " in " + pair.where();
        String loss = types.contains("number") && kind == JsonTypes.Kind.INTEGER ? ", which cuts off fractions" : "";
        return at + " is " + schemaType + " in " + schemaName + " but " + java + loss + "; make them agree: "
                + JsonTypes.javaFor(types.iterator().next()) + ", or \"type\": \"" + JsonTypes.schemaTypeFor(kind)
                + "\" in the schema";
    }

    /** A property the record need not bind. */
    private static boolean exempt(String path, String name, JsonNode property) {
        // The runtime reads the service type to choose the connector; the record may leave it out.
        boolean serviceType = path.isEmpty() && name.equals("type");
        boolean capabilityFlag = path.isEmpty() && CAPABILITY_FLAG.matcher(name).matches()
                && "boolean".equals(property.path("type").asText());
        // "not": {} admits no value (a refused alternative that says why), so nothing reaches the record.
        boolean admitsNothing = property.path("not").isObject() && property.path("not").isEmpty();
        return serviceType || capabilityFlag || admitsNothing;
    }

    /** The schema a property stands for: local {@code $ref}s followed, a combinator of one schema unwrapped. */
    private JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        for (int i = 0; i < MAX_DEPTH && at.isObject(); i++) {
            String ref = at.path("$ref").asText("");
            if (ref.startsWith("#")) {
                at = root.at(ref.substring(1));
                continue;
            }
            if (!ref.isEmpty()) {
                return MissingNode.getInstance(); // another document: not ours to follow
            }
            JsonNode single = single(at);
            if (single == null) {
                return at;
            }
            at = single;
        }
        return at;
    }

    private static JsonNode single(JsonNode node) {
        if (node.has("type") || node.has("properties")) {
            return null;
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            JsonNode options = node.path(combinator);
            if (options instanceof ArrayNode array && array.size() == 1) {
                return array.get(0);
            }
        }
        return null;
    }

    /** A class as its source names it: {@code PostgresConnection.BasicAuth}. */
    private static String name(Class<?> c) {
        String packageName = c.getPackageName();
        String name = c.getName();
        return (packageName.isEmpty() ? name : name.substring(packageName.length() + 1)).replace('$', '.');
    }
}
