package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.testing.CapturedLogs;
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

    /** Checks that read a keyword of the runtime's own: networknt must not log it as an "Unknown keyword" meanwhile. */
    private static void readWithoutUnknownKeywordLogs(CapturedLogs.Action checks) throws Exception {
        assertThat(CapturedLogs.of("com.networknt", checks)).noneMatch(line -> line.contains("Unknown keyword"));
    }

    /** A value OpenMetadata writes as a string or a number is allowed in both forms; the message lists each once. */
    @Test
    void anEnumOfStringsAndNumbersListsEachValueOnce() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "loginMode": {"type": ["string", "integer"], "enum": ["1", "8", "16", "4096", 1, 8, 16, 4096]}}}""";
        assertThat(problems(schema, "{\"loginMode\": 2}")).containsExactly(
                "source.serviceConnection.config.loginMode: must be one of [1, 8, 16, 4096]");
        assertThat(problems(schema, "{\"loginMode\": \"16\"}")).isEmpty();
    }

    /** A connector's or the runtime's schema may say why a value of OpenMetadata's cannot be honoured; it is read, not warned of. */
    @Test
    void anUnsupportedValueSaysWhyAndTheKeywordIsNotLoggedAsUnknown() throws Exception {
        readWithoutUnknownKeywordLogs(() -> {
            String schema = """
                    {"type": "object", "properties": {
                      "mode": {"type": "string", "enum": ["local"], "x-unsupported": "only local works here; remove mode"}}}""";
            assertThat(problems(schema, "{\"mode\": \"remote\"}")).containsExactly(
                    "source.serviceConnection.config.mode: not supported here: only local works here; remove mode");
        });
    }

    /**
     * A field needed wherever it is written ({@code x-required-in-context}, read without an "Unknown keyword" log)
     * is never to be removed when empty; with the {@code \\S} pattern a value of spaces is told as empty.
     */
    @Test
    void aFieldRequiredInContextIsToBeGivenAValueAndSpacesAreEmpty() throws Exception {
        readWithoutUnknownKeywordLogs(() -> {
            String schema = """
                    {"type": "object", "properties": {
                      "token": {"type": "string", "minLength": 1, "pattern": "\\\\S", "x-required-in-context": true},
                      "note": {"type": "string", "minLength": 1, "pattern": "\\\\S"}}}""";
            assertThat(problems(schema, "{\"token\": \"\", \"note\": \"\"}")).containsExactlyInAnyOrder(
                    "source.serviceConnection.config.token: must not be empty; give it a value",
                    "source.serviceConnection.config.note: must not be empty; give it a value, or remove the line to"
                            + " leave it unset");
            assertThat(problems(schema, "{\"token\": \" \\t \", \"note\": \"  \"}")).containsExactlyInAnyOrder(
                    "source.serviceConnection.config.token: must not be empty (only spaces); give it a value",
                    "source.serviceConnection.config.note: must not be empty (only spaces); give it a value, or remove"
                            + " the line to leave it unset");
        });
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
                        "source.serviceConnection.config.port: must be an integer, not a string;"
                                + " write a whole number without quotes",
                        "source.serviceConnection.config.name: must be a string, not an object (key: value pairs);"
                                + " write one value, not key: value pairs");
    }

    /** A list, a boolean or a number written as something else says how to write it, never repeating the value. */
    @Test
    void aValueOfTheWrongTypeSaysHowToWriteTheRightOne() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "includes": {"type": "array", "items": {"type": "string"}},
                  "markDeletedTables": {"type": "boolean"}, "enabled": {"type": "boolean"},
                  "ratio": {"type": "number"}, "options": {"type": "object"},
                  "path": {"type": "string"}, "password": {"type": "string"}}}""";
        assertThat(problems(schema, """
                {"includes": "sales_secret", "markDeletedTables": "yes", "enabled": 1, "ratio": "half", "options": [1],
                 "path": null, "password": ["pw-list-secret"]}"""))
                .containsExactlyInAnyOrder(
                        "source.serviceConnection.config.includes: must be a list, not a string;"
                                + " write it as a list: [a, b], or one '- item' line per item",
                        "source.serviceConnection.config.markDeletedTables: must be true or false, not a string;"
                                + " write true or false without quotes",
                        "source.serviceConnection.config.enabled: must be true or false, not an integer; write true or false",
                        "source.serviceConnection.config.ratio: must be a number, not a string; write a number without quotes",
                        // "key: value pairs" says how already.
                        "source.serviceConnection.config.options: must be an object (key: value pairs), not a list",
                        // A blank value (path: with nothing after it), a list where one value goes.
                        "source.serviceConnection.config.path: must be a string, not empty; write its value after the colon",
                        "source.serviceConnection.config.password: must be a string, not a list; write one value, not a list")
                .noneMatch(p -> p.contains("sales_secret") || p.contains("yes") || p.contains("half") || p.contains("pw-list"));
    }

    /**
     * A list written with an entry twice names the repeat and its first place, never the value (it may be a
     * secret), and says the fix. It read "projectIds: must have only unique items in the array".
     */
    @Test
    void aRepeatedListEntryIsNamedWithTheEntryItRepeats() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "projectIds": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}}}""";
        assertThat(problems(schema, "{\"projectIds\": [\"11\", \"12\", \"11\"]}")).containsExactly(
                "source.serviceConnection.config.projectIds[2]: repeats source.serviceConnection.config.projectIds[0];"
                        + " remove one of them");
        // A long list whose repeat comes last is found in one pass (pair by pair it would be 5 billion comparisons).
        String many = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "\"" + i + "\"")
                .collect(java.util.stream.Collectors.joining(", ", "{\"projectIds\": [", ", \"7\"]}"));
        assertThat(problems(schema, many)).containsExactly(
                "source.serviceConnection.config.projectIds[100000]: repeats source.serviceConnection.config.projectIds[7];"
                        + " remove one of them");
    }

    @Test
    void lengthLimitsSayTheLimit() throws Exception {
        String schema = """
                {"type": "object", "required": ["name"], "properties": {
                  "user": {"type": "string", "minLength": 5},
                  "name": {"type": "string", "minLength": 1},
                  "path": {"type": "string", "minLength": 1},
                  "delimiter": {"type": "string", "maxLength": 1}}}""";
        assertThat(problems(schema, "{\"user\": \"bob\", \"name\": \"\", \"path\": \"\", \"delimiter\": \";;\"}"))
                .containsExactlyInAnyOrder(
                        "source.serviceConnection.config.user: must be at least 5 characters long; lengthen it",
                        "source.serviceConnection.config.name: must not be empty; give it a value",
                        "source.serviceConnection.config.path: must not be empty; give it a value,"
                                + " or remove the line to leave it unset",
                        "source.serviceConnection.config.delimiter: must be at most 1 character long; shorten it");
    }

    /** A number with both bounds says the range it may take; with one bound the line says the whole range already. */
    @Test
    void aNumberOutOfItsBoundsSaysTheAllowedRange() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "successThreshold": {"type": "integer", "minimum": 0, "maximum": 100},
                  "sample": {"type": "number", "exclusiveMinimum": 0, "maximum": 100.0},
                  "threads": {"type": "integer", "minimum": 1}}}""";
        assertThat(problems(schema, "{\"successThreshold\": 101, \"sample\": 0, \"threads\": 0}")).containsExactlyInAnyOrder(
                "source.serviceConnection.config.successThreshold: must be at most 100; use a value from 0 to 100",
                "source.serviceConnection.config.sample: must be more than 0; use a value above 0 and at most 100",
                "source.serviceConnection.config.threads: must be at least 1");
        assertThat(problems(schema, "{\"successThreshold\": -1}")).containsExactly(
                "source.serviceConnection.config.successThreshold: must be at least 0; use a value from 0 to 100");
    }

    @Test
    void aWrongFormatSaysWhatTheFormatIs() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "hostPort": {"type": "string", "pattern": "^[a-z]+:[0-9]+$", "description": "host:port, e.g. db:5432"}}}""";
        assertThat(problems(schema, "{\"hostPort\": \"db:abc\"}")).containsExactly(
                "source.serviceConnection.config.hostPort: has the wrong format; expected host:port, e.g. db:5432");
    }

    /** An empty value fails its length and its format: one mistake, so one line, the length's. */
    @Test
    void anEmptyValueIsOneProblemNotAlsoAWrongFormat() throws Exception {
        String schema = """
                {"type": "object", "required": ["hostPort"], "properties": {
                  "hostPort": {"type": "string", "minLength": 1, "pattern": "^[a-z]+:[0-9]+$", "description": "host:port"}}}""";
        assertThat(problems(schema, "{\"hostPort\": \"\"}")).containsExactly(
                "source.serviceConnection.config.hostPort: must not be empty; give it a value");
        assertThat(problems(schema, "{\"hostPort\": \"db\"}")).containsExactly(
                "source.serviceConnection.config.hostPort: has the wrong format; expected host:port");
    }

    /** A schema's description written as a sentence of its own reads on as the rest of the problem's. */
    @Test
    void aDescriptionWrittenAsASentenceReadsOnAsTheRestOfTheLine() throws Exception {
        String schema = """
                {"type": "object", "properties": {
                  "hostPort": {"type": "string", "pattern": "^[a-z]+:[0-9]+$",
                    "description": "Host and port of the PostgreSQL server, e.g. localhost:5432 (no scheme)."},
                  "uri": {"type": "string", "pattern": "^[a-z]+$", "description": "URL of the server."},
                  "db": {"type": "string", "pattern": "^[a-z]+$", "description": "PostgreSQL database, e.g. sales."}}}""";
        assertThat(problems(schema, "{\"hostPort\": \"db:abc\", \"uri\": \"1\", \"db\": \"1\"}")).containsExactlyInAnyOrder(
                "source.serviceConnection.config.hostPort: has the wrong format; expected host and port of the"
                        + " PostgreSQL server, e.g. localhost:5432 (no scheme)",
                // Names keep their capitals.
                "source.serviceConnection.config.uri: has the wrong format; expected URL of the server",
                "source.serviceConnection.config.db: has the wrong format; expected PostgreSQL database, e.g. sales");
    }

    @Test
    void otherKeywordsKeepTheirMessageWithoutItsOwnLocation() throws Exception {
        String schema = """
                {"type": "object", "properties": {"tags": {"type": "array", "minItems": 2}}}""";
        assertThat(problems(schema, "{\"tags\": [\"a\"]}")).singleElement().satisfies(p -> assertThat(p)
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
