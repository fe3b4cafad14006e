package io.metaingest.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a connector's connection schema and its connection record disagree, one line each, in words
 * for its author. Discovery warns of these for every connector
 * ({@link ServiceSpecRegistry#connectionProblems}); the test kit fails a connector's build on them:
 * one rule for both, stated here.
 */
public final class ConnectionSchemaChecks {

    /** A name whose last word (words split at case changes, {@code _}, {@code -}, {@code .}) is a credential. */
    private static final Pattern CREDENTIAL_LAST_WORD = Pattern.compile(
            "(.*[_\\-.])?([a-z0-9]*(password|passwd|pwd|secret|token|credentials?|passphrase)|(secret|private)[_\\-]?key)");

    private ConnectionSchemaChecks() {
    }

    /**
     * Properties no component binds (a workflow's value would be ignored), components no property
     * declares (no workflow can set them), types the other side cannot hold; bound as {@code mapper} binds.
     */
    public static List<String> recordMismatches(ServiceSpec spec, JsonNode schema, ObjectMapper mapper) {
        return binding(spec, schema, mapper).problems();
    }

    /** Whether the connection record has a {@link io.metaingest.api.Secret} component at any depth. */
    public static boolean hasSecretComponent(ServiceSpec spec, JsonNode schema, ObjectMapper mapper) {
        return binding(spec, schema, mapper).hasSecret();
    }

    /**
     * Fields the record types {@link io.metaingest.api.Secret} that the schema does not mark
     * {@code format: password} (the runtime would log them raw), fields the schema marks so that the
     * record holds as plain strings (their {@code toString} and JSON show them), and string fields
     * named like a credential ({@link #namesACredential}) that are neither.
     */
    public static List<String> secretMismatches(ServiceSpec spec, JsonNode schema, ObjectMapper mapper) {
        String record = spec.connectionType().getSimpleName();
        List<String> problems = new ArrayList<>();
        for (SchemaBinding.Bound field : binding(spec, schema, mapper).bound()) {
            boolean marked = SpecSchemas.SECRET_FORMAT.equals(field.property().path("format").asText());
            if (field.secret() && !marked) {
                problems.add(field.path() + " is a Secret in " + record + " but the connection schema does not mark it"
                        + " format: password; add it");
            } else if (marked && !field.secret()) {
                problems.add(field.path() + " is format: password in " + spec.connectionSchema() + " but "
                        + field.where() + " is not a Secret, so toString and JSON show it; type it io.metaingest.api.Secret");
            } else if (!marked && !field.secret() && mayBeText(field.property()) && namesACredential(field.component())) {
                // The loaded workflow masks only what the schema marks; `ingest` alone also masks its console by the
                // key's name (EarlySecrets), before the schemas are read. Everywhere else the value shows.
                problems.add(field.path() + " is named like a credential but is neither format: password in "
                        + spec.connectionSchema() + " nor a Secret in " + field.where() + ", so only the console of"
                        + " metaingest ingest masks it (by its name): validate, test-connection, the run report, the"
                        + " records and the record's toString show it as is; mark it format: password and type it"
                        + " io.metaingest.api.Secret");
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
    public static boolean namesACredential(String name) {
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return CREDENTIAL_LAST_WORD.matcher(words).matches();
    }

    /** A property whose type admits a string: {@code "string"}, or a list of types holding it ({@code ["string", "null"]}). */
    private static boolean mayBeText(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if ("string".equals(one.asText())) {
                    return true;
                }
            }
            return false;
        }
        return "string".equals(type.asText());
    }

    private static SchemaBinding binding(ServiceSpec spec, JsonNode schema, ObjectMapper mapper) {
        return SchemaBinding.of(schema, spec.connectionSchema(), spec.connectionType(), mapper);
    }
}
