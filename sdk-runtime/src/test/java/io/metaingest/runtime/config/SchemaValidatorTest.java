package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The messages of the schema keywords a connector's schema may use, each with its path. */
class SchemaValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> problems(String schema, String instance) throws Exception {
        JsonNode s = MAPPER.readTree(schema);
        return SchemaValidator.validate(MAPPER.readTree(instance), s, "source.serviceConnection.config", "Csv").stream()
                .map(ConfigProblem::toString).toList();
    }

    /** A connector's or the runtime's schema may say why a value of OpenMetadata's cannot be honoured; it is read, not warned of. */
    @Test
    void anUnsupportedValueSaysWhyAndTheKeywordIsNotLoggedAsUnknown() throws Exception {
        ch.qos.logback.classic.Logger networknt = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.networknt");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        networknt.addAppender(logged);
        try {
            String schema = """
                    {"type": "object", "properties": {
                      "mode": {"type": "string", "enum": ["local"], "x-unsupported": "only local works here; remove mode"}}}""";
            assertThat(problems(schema, "{\"mode\": \"remote\"}")).containsExactly(
                    "source.serviceConnection.config.mode: not supported here: only local works here; remove mode");
        } finally {
            networknt.detachAppender(logged);
        }
        assertThat(logged.list).extracting(e -> e.getFormattedMessage()).noneMatch(m -> m.contains("Unknown keyword"));
    }

    /** A refused alternative ({@code "not": {}}) says why, and is not offered among the fields to write. */
    @Test
    void aPropertyNoValueSatisfiesSaysWhyAndIsNotAKnownField() throws Exception {
        String schema = """
                {"type": "object", "additionalProperties": false, "properties": {
                  "password": {"type": "string"},
                  "token": {"not": {}, "x-unsupported": "tokens are not read here; write password"}}}""";
        assertThat(problems(schema, "{\"token\": {\"ttl\": 5}}")).containsExactly(
                "source.serviceConnection.config.token: not supported here: tokens are not read here; write password");
        assertThat(problems(schema, "{\"secret\": \"x\"}")).containsExactly(
                "source.serviceConnection.config.secret: unknown field; known fields: password");
    }

    /** A step with no settings (the console sink) says so, not "known fields: " and nothing. */
    @Test
    void anUnknownFieldOfAStepWithoutSettingsSaysItTakesNone() throws Exception {
        assertThat(problems("{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {}}",
                "{\"path\": \"out.ndjson\"}")).containsExactly(
                "source.serviceConnection.config.path: unknown field; this takes no settings: remove it");
    }

    /** dbt Cloud's ids are strings in OpenMetadata's schema: {@code accountId: 1} is text once quoted. */
    @Test
    void aNumberOrBooleanWhereTextIsExpectedSaysToQuoteItWithoutRepeatingTheValue() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "accountId": {"type": "string"}, "projectIds": {"type": "array", "items": {"type": "string"}},
                  "ratio": {"type": "string"}, "flag": {"type": ["string", "null"]},
                  "port": {"type": "integer"}, "name": {"type": "string"}}}""";
        assertThat(problems(schema, """
                {"accountId": 1, "projectIds": [11], "ratio": 0.5, "flag": true, "port": "x", "name": {"a": 1}}"""))
                .containsExactlyInAnyOrder(
                        "source.serviceConnection.config.accountId: must be a string, not an integer;"
                                + " quote it to keep the value text",
                        "source.serviceConnection.config.projectIds[0]: must be a string, not an integer;"
                                + " quote it to keep the value text",
                        "source.serviceConnection.config.ratio: must be a string, not a number;"
                                + " quote it to keep the value text",
                        "source.serviceConnection.config.flag: must be [string, null], not true or false;"
                                + " quote it to keep the value text",
                        // Quoting fixes neither of these.
                        "source.serviceConnection.config.port: must be an integer, not a string",
                        "source.serviceConnection.config.name: must be a string, not an object (key: value pairs)");
    }

    @Test
    void lengthLimitsSayTheLimit() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "user": {"type": "string", "minLength": 5},
                  "name": {"type": "string", "minLength": 1},
                  "delimiter": {"type": "string", "maxLength": 1}}}""";
        assertThat(problems(schema, "{\"user\": \"bob\", \"name\": \"\", \"delimiter\": \";;\"}")).containsExactlyInAnyOrder(
                "source.serviceConnection.config.user: must be at least 5 characters long",
                "source.serviceConnection.config.name: must not be empty",
                "source.serviceConnection.config.delimiter: must be at most 1 characters long");
    }

    @Test
    void aWrongFormatSaysWhatTheFormatIs() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "hostPort": {"type": "string", "pattern": "^[a-z]+:[0-9]+$", "description": "host:port, e.g. db:5432"}}}""";
        assertThat(problems(schema, "{\"hostPort\": \"db:abc\"}")).containsExactly(
                "source.serviceConnection.config.hostPort: has the wrong format; expected host:port, e.g. db:5432");
    }

    @Test
    void otherKeywordsKeepTheirMessageWithoutItsOwnLocation() throws Exception {
        String schema = """
                {"type": "object", "properties": {"tags": {"type": "array", "uniqueItems": true}}}""";
        assertThat(problems(schema, "{\"tags\": [\"a\", \"a\"]}")).singleElement().satisfies(p -> assertThat(p)
                .startsWith("source.serviceConnection.config.tags: ").doesNotContain("/tags:").doesNotContain("$.tags:"));
    }

    @Test
    void aChoiceNoAlternativeFitsIsLeftOutWhenAFieldInsideItSaysWhy() throws Exception {
        String schema = """
                {"type": "object", "properties": {"authType": {"oneOf": [
                  {"type": "object", "properties": {"password": {"type": "string"}}, "additionalProperties": false},
                  {"type": "object", "properties": {"awsConfig": {"type": "object"}}, "required": ["awsConfig"],
                   "additionalProperties": false}]}}}""";
        assertThat(problems(schema, "{\"authType\": {\"password\": 1234}}")).contains(
                        "source.serviceConnection.config.authType.password: must be a string, not an integer;"
                                + " quote it to keep the value text")
                .noneMatch(p -> p.contains("one and only one"));
        // Alone, it is the only line there is.
        assertThat(problems(schema, "{\"authType\": 5}")).anyMatch(p -> p.startsWith(
                "source.serviceConnection.config.authType: must be valid to one and only one schema"));
    }
}
