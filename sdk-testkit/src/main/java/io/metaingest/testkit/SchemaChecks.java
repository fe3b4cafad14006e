package io.metaingest.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of a connection schema: valid against the JSON Schema draft-07 meta-schema, an object that
 * rejects unknown keys and pins the service type, every property described; and in agreement with
 * the connection record ({@link SchemaBinding}): every property bound, every component declared,
 * types that hold the same values. Which fields are secret is the runtime's to say
 * ({@code SpecSchemas}), from their {@code format: password}, so a {@link io.metaingest.api.Secret}
 * component must be marked so, and a field marked so must be a {@code Secret}.
 */
final class SchemaChecks {

    /** A name whose last word (words split at case changes, {@code _}, {@code -}, {@code .}) is a credential. */
    private static final java.util.regex.Pattern CREDENTIAL_LAST_WORD = java.util.regex.Pattern.compile(
            "(.*[_\\-.])?([a-z0-9]*(password|passwd|pwd|secret|token|credentials?|passphrase)|(secret|private)[_\\-]?key)");

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

    /**
     * Where the schema and the connection record disagree, one line each: a property no component
     * binds (a workflow's value would be ignored), a component no property declares (no workflow can
     * set it), a type the other side cannot hold.
     */
    static List<String> recordMismatches(ServiceSpec spec, JsonNode schema) {
        return binding(spec, schema).problems();
    }

    /** Whether the connection record has a {@link io.metaingest.api.Secret} component at any depth. */
    static boolean hasSecretComponent(ServiceSpec spec) {
        return binding(spec, read(spec)).hasSecret();
    }

    /**
     * Fields the record types {@link io.metaingest.api.Secret} that the schema does not mark
     * {@code format: password} (the runtime would log them raw), and fields the schema marks so that
     * the record holds as plain strings (their {@code toString} and JSON show them), and string fields
     * named like a credential ({@link #namesACredential}) that are neither.
     */
    static List<String> secretMismatches(ServiceSpec spec, JsonNode schema) {
        String record = spec.connectionType().getSimpleName();
        List<String> problems = new ArrayList<>();
        for (SchemaBinding.Bound field : binding(spec, schema).bound()) {
            boolean marked = RuntimeAccess.marksSecret(field.property());
            if (field.secret() && !marked) {
                problems.add(field.path() + " is a Secret in " + record + " but the connection schema does not mark it"
                        + " format: password; add it");
            } else if (marked && !field.secret()) {
                problems.add(field.path() + " is format: password in " + spec.connectionSchema() + " but "
                        + field.where() + " is not a Secret, so toString and JSON show it; type it io.metaingest.api.Secret");
            } else if (!marked && !field.secret() && "string".equals(field.property().path("type").asText())
                    && namesACredential(field.component())) {
                // A secret no one marked is printed everywhere: the runtime masks only what the schema marks.
                problems.add(field.path() + " is named like a credential but is neither format: password in "
                        + spec.connectionSchema() + " nor a Secret in " + field.where() + ", so it is logged and shown"
                        + " as is; mark it format: password and type it io.metaingest.api.Secret");
            }
        }
        return problems;
    }

    /**
     * Whether a field's name says it holds a credential: its last word is one (password, passwd, pwd,
     * secret, token, credential(s), passphrase; or secret/private key), in camelCase, snake_case or
     * kebab-case. Where the credential word only qualifies another ({@code tokenUrl},
     * {@code passwordFile}, {@code secretName}) the field names something else, and is not flagged:
     * failing an author's build on it would teach them to ignore the check. (Masking free-form keys
     * errs the other way, {@link io.metaingest.api.Secret#isCredentialName}: there a false alarm costs
     * nothing.)
     */
    static boolean namesACredential(String name) {
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return CREDENTIAL_LAST_WORD.matcher(words).matches();
    }

    private static SchemaBinding binding(ServiceSpec spec, JsonNode schema) {
        return SchemaBinding.of(schema, spec.connectionSchema(), spec.connectionType(), Mappers.standard());
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
                problems.add(spec.connectionSchema() + ": property " + p.getKey() + " has no description");
            }
        });
        return problems;
    }
}
