package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MisplacedFieldsTest {

    private static final String CONNECTION = "source.serviceConnection.config";

    /** A connection whose credentials sit in a nested object reached through its own definitions, as Postgres's. */
    private static final String SCHEMA = """
            {"type": "object", "properties": {
              "hostPort": {"type": "string"},
              "authType": {"oneOf": [{"$ref": "#/definitions/basicAuth"}]},
              "sslConfig": {"$ref": "#/definitions/sslConfig"}},
             "definitions": {
              "basicAuth": {"type": "object", "properties": {"password": {"type": "string"}}},
              "sslConfig": {"type": "object", "properties": {"caCertificate": {"type": "string"},
                "password": {"type": "string"}}}}}""";

    @Test
    void aFieldOfANestedObjectWrittenBesideItSaysWhichObjectItBelongsIn() throws Exception {
        JsonNode workflow = new ObjectMapper().readTree("""
                {"properties": {"source": {"properties": {"serviceConnection": {"properties": {"config": {}}}}}}}""");
        MisplacedFields sections = MisplacedFields.of(workflow).with(CONNECTION, new ObjectMapper().readTree(SCHEMA));

        assertThat(sections.placed(new ConfigProblem(CONNECTION + ".caCertificate", "unknown field; known fields: a, b"))
                .message()).isEqualTo("unknown field here; it belongs in " + CONNECTION + ".sslConfig");
        assertThat(sections.placed(new ConfigProblem(CONNECTION + ".password", "unknown field; known fields: a, b"))
                .message()).isEqualTo("unknown field here; it belongs in " + CONNECTION + ".authType or in "
                        + CONNECTION + ".sslConfig");
        // Within its own object it is where it belongs: nothing to say there.
        assertThat(sections.placed(new ConfigProblem(CONNECTION + ".authType.hostPort", "unknown field; known fields: password"))
                .message()).isEqualTo("unknown field here; it belongs in " + CONNECTION);
    }
}
