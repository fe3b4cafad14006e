package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.registry.ConnectionSchemaChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The secrets a workflow file shows before it is loaded: the values, substituted from the environment, of
 * its keys named like a credential ({@link ConnectionSchemaChecks#namesACredential}: {@code password},
 * {@code jwtToken}, {@code apiSecret}). A command prints some lines before the schemas tell which fields are
 * secret (a {@code --report} path refused, a warning about the report file); masking these meanwhile keeps a
 * {@code ${PG_PASSWORD}} whose value is also a folder's name out of them. Loading finds every secret.
 */
public final class EarlySecrets {

    private EarlySecrets() {
    }

    /** The masker of {@code file}'s credential values; none when it cannot be read or parsed (loading says why). */
    public static SecretMasker of(Path file, Function<String, String> environment) {
        try {
            boolean json = String.valueOf(file.getFileName()).toLowerCase(java.util.Locale.ROOT).endsWith(".json");
            return of(ConfigFileReader.read(file, !json), environment);
        } catch (InvalidConfigException e) {
            return SecretMasker.NONE;
        }
    }

    /** As {@link #of(Path, Function)} for a workflow's text (YAML or JSON). */
    public static SecretMasker of(String text, Function<String, String> environment) {
        try {
            JsonNode root = WorkflowYaml.readTree(text); // a password in flow style, {password: ${PW}}, is one too
            if (root == null || !root.isContainerNode()) {
                return SecretMasker.NONE;
            }
            new EnvSubstitution(environment).apply(root);
            List<String> found = new ArrayList<>();
            collect(root, found);
            return SecretMasker.of(found);
        } catch (IOException | RuntimeException e) {
            return SecretMasker.NONE; // the loader tells what is wrong with the file
        }
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, found));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isTextual() && ConnectionSchemaChecks.namesACredential(field.getKey())) {
                found.add(value.asText());
            } else if (value.isContainerNode()) {
                collect(value, found);
            }
        }
    }
}
