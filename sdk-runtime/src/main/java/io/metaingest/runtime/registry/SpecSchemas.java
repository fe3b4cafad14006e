package io.metaingest.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ServiceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
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
