package io.metaingest.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;

/**
 * Runs the workflow loader's libraries once on a throw-away document: YAML parsing (Jackson's and
 * SnakeYAML's), and JSON Schema compilation and validation. See {@code StartUpWarmUp}.
 */
public final class ConfigWarmUp {

    private static final String YAML = "source:\n  type: warm-up\n  serviceName: \"s\"\n  list: [1, 2]\n";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"source\":{\"type\":\"object\","
            + "\"properties\":{\"type\":{\"type\":\"string\",\"enum\":[\"warm-up\"]},\"list\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"integer\",\"minimum\":0}}},\"additionalProperties\":true}},"
            + "\"required\":[\"source\"],\"additionalProperties\":false}";

    private ConfigWarmUp() {
    }

    /** Parses and validates the throw-away document; returns the problems found (none); throws what the libraries throw. */
    public static List<ConfigProblem> run() throws IOException {
        JsonNode document = WorkflowLoader.readDocument(new ObjectMapper(new YAMLFactory()), YAML);
        QuotedScalars.of(YAML);
        return SchemaValidator.validate(document, new ObjectMapper().readTree(SCHEMA), "", "");
    }
}
