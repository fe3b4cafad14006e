package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.registry.ConnectionSchemaChecks;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of a connection schema: valid against the JSON Schema draft-07 meta-schema, an object that
 * rejects unknown keys and pins the service type, every property described; and in agreement with
 * the connection record (the runtime's {@link ConnectionSchemaChecks}): every property bound, every component declared,
 * types that hold the same values. Which fields are secret is the runtime's to say
 * ({@code SpecSchemas}), from their {@code format: password}, so a {@link io.metaingest.api.Secret}
 * component must be marked so, and a field marked so must be a {@code Secret}.
 */
final class SchemaChecks {

    private static final String META_SCHEMA = "/draft-07/schema";

    private SchemaChecks() {
    }

    static JsonNode read(ServiceSpec spec) {
        String resource = spec.connectionSchema();
        try (InputStream in = resource == null ? null : spec.getClass().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("connection schema " + resource + " is not on the connector's class path");
            }
            return Mappers.standard().readTree(in);
        } catch (IOException e) {
            throw new AssertionError("connection schema " + resource + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The runtime's rule ({@link ConnectionSchemaChecks#recordMismatches}), which discovery warns of too. */
    static List<String> recordMismatches(ServiceSpec spec, JsonNode schema) {
        return ConnectionSchemaChecks.recordMismatches(spec, schema, Mappers.standard());
    }

    /** Whether the connection record has a {@link io.metaingest.api.Secret} component at any depth. */
    static boolean hasSecretComponent(ServiceSpec spec) {
        return ConnectionSchemaChecks.hasSecretComponent(spec, read(spec), Mappers.standard());
    }

    /** The runtime's rule ({@link ConnectionSchemaChecks#secretMismatches}), which discovery warns of too. */
    static List<String> secretMismatches(ServiceSpec spec, JsonNode schema) {
        return ConnectionSchemaChecks.secretMismatches(spec, schema, Mappers.standard());
    }

    static List<String> problems(ServiceSpec spec, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        JsonNode meta;
        try (InputStream in = JsonSchemaFactory.class.getResourceAsStream(META_SCHEMA)) {
            meta = Mappers.standard().readTree(in);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("cannot read the draft-07 meta-schema: " + e, e);
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        Set<ValidationMessage> invalid = factory.getSchema(meta).validate(schema);
        for (ValidationMessage m : invalid) {
            problems.add(spec.connectionSchema() + " is not a valid JSON Schema: " + m.getMessage());
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            factory.getSchema(schema).validate(Mappers.standard().createObjectNode());
        } catch (RuntimeException e) {
            problems.add(spec.connectionSchema() + " cannot be compiled: " + e.getMessage());
        }
        if (!"object".equals(schema.path("type").asText())) {
            problems.add(spec.connectionSchema() + ": type must be \"object\"");
        }
        if (schema.path("additionalProperties").asBoolean(true)) {
            problems.add(spec.connectionSchema() + ": set additionalProperties: false so typos are reported with their path");
        }
        JsonNode type = schema.path("properties").path("type");
        boolean pinned = type.path("const").asText("").equals(spec.serviceType());
        for (JsonNode allowed : type.path("enum")) {
            pinned |= allowed.asText().equals(spec.serviceType());
        }
        if (!pinned) {
            problems.add(spec.connectionSchema() + ": properties.type must allow \"" + spec.serviceType() + "\" (enum or const)");
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            if (p.getValue().path("description").asText("").isBlank()) {
                problems.add(spec.connectionSchema() + ": property " + p.getKey() + " has no description; add"
                        + " \"description\": what it is, its default and an example (`metaingest connectors describe "
                        + spec.serviceType() + "` and the error lines of a mistyped value show it to users)");
            }
        });
        return problems;
    }
}
