package io.metaingest.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.metaingest.api.Secret;
import io.metaingest.runtime.Mappers;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pairing of a connection schema with its record, as Jackson binds one to the other. */
class SchemaBindingTest {

    private static final String CSV = """
            {"type": "object", "additionalProperties": false, "properties": {
              "type": {"type": "string", "enum": ["CsvFiles"]},
              "path": {"type": "string"},
              "delimiter": {"type": "string"},
              "sampleRows": {"type": "integer"}}}
            """;

    /** The CSV example's record as an author might first write it. */
    public record RenamedCsv(String type, String path, String separatorChar, Integer sampleRows) {
    }

    @Test
    void aRenamedComponentFailsOnBothSidesNamingEach() throws IOException {
        assertThat(problems(CSV, RenamedCsv.class)).containsExactly(
                "delimiter is a property of /schemas/x.json that SchemaBindingTest.RenamedCsv does not bind, so a"
                        + " workflow's value is ignored; name a component delimiter (or annotate one"
                        + " @JsonProperty(\"delimiter\")), or remove the property (SchemaBindingTest.RenamedCsv has"
                        + " separatorChar, which the schema does not declare)",
                "SchemaBindingTest.RenamedCsv.separatorChar is not declared in /schemas/x.json, so no workflow can set it;"
                        + " declare separatorChar there, give the component the schema's name (or @JsonProperty), or mark"
                        + " it @JsonIgnore");
    }

    /** The same record, bound by Jackson's annotations as the schema names it. */
    @JsonIgnoreProperties({"legacy"})
    public record AnnotatedCsv(String type, String path, @JsonProperty("delimiter") String separatorChar,
                               Integer sampleRows, @JsonIgnore Map<String, String> cache) {
    }

    @Test
    void jacksonAnnotationsDecideTheNames() throws IOException {
        String withLegacy = CSV.replace("\"sampleRows\"", "\"legacy\": {\"type\": \"string\"}, \"sampleRows\"");
        assertThat(problems(withLegacy, AnnotatedCsv.class)).isEmpty();
    }

    /** A property no value satisfies ({@code "not": {}}, a refused alternative) has nothing to bind. */
    @Test
    void aPropertyNoValueSatisfiesNeedNotBeBound() throws IOException {
        String refusing = CSV.replace("\"sampleRows\"",
                "\"remote\": {\"not\": {}, \"x-unsupported\": \"only local files\"}, \"sampleRows\"");
        assertThat(problems(refusing, AnnotatedCsv.class)).isEmpty();
        // A property that admits values still must be bound.
        assertThat(problems(refusing.replace("\"not\": {}", "\"type\": \"string\""), AnnotatedCsv.class))
                .singleElement().asString().startsWith("remote is a property of /schemas/x.json");
    }

    /** The schema's name as an alias, a component the schema does not need, any other key taken. */
    public record AliasedCsv(String type, String path, @JsonAlias("delimiter") String separatorChar, Integer sampleRows,
                             @JsonIgnore String cacheKey) {
        /** Keys beyond the components. */
        @JsonAnySetter
        public void other(String key, Object value) {
        }
    }

    @Test
    void anAliasBindsAndAnAnySetterTakesEveryOtherKey() throws IOException {
        String more = CSV.replace("\"sampleRows\"", "\"extra\": {\"type\": \"string\"}, \"sampleRows\"");
        assertThat(problems(more, AliasedCsv.class)).isEmpty();
        assertThat(problems(more, Map.class)).as("a map binds every key").isEmpty();
    }

    /** Snake case, as a naming strategy gives it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SnakeCsv(String type, String path, String delimiter, Integer sampleRows) {
    }

    @Test
    void aNamingStrategyDecidesTheNames() throws IOException {
        assertThat(problems(CSV.replace("sampleRows", "sample_rows"), SnakeCsv.class)).isEmpty();
        assertThat(problems(CSV, SnakeCsv.class)).hasSize(2)
                .anyMatch(p -> p.startsWith("sampleRows is a property of"))
                .anyMatch(p -> p.startsWith("SchemaBindingTest.SnakeCsv.sampleRows (JSON name sample_rows) is not declared"));
    }

    /** Types a JSON value of the schema's type cannot bind to. */
    public record Conflicting(String type, Integer path, String delimiter, Integer sampleRows) {
    }

    @Test
    void aTypeConflictNamesBothTypesAndTheFix() throws IOException {
        assertThat(problems(CSV.replace("\"sampleRows\": {\"type\": \"integer\"}", "\"sampleRows\": {\"type\": \"number\"}"),
                Conflicting.class)).containsExactly(
                "path is \"string\" in /schemas/x.json but Integer in SchemaBindingTest.Conflicting.path; make them agree:"
                        + " a String component, or \"type\": \"integer\" in the schema",
                "sampleRows is \"number\" in /schemas/x.json but Integer in SchemaBindingTest.Conflicting.sampleRows, which"
                        + " cuts off fractions; make them agree: a Double or BigDecimal component, or \"type\": \"integer\""
                        + " in the schema");
    }

    /** Values that hold what the schema allows. */
    public record Compatible(String type, URI path, Optional<String> delimiter, Long sampleRows) {
    }

    @Test
    void compatibleTypesPass() throws IOException {
        assertThat(problems(CSV, Compatible.class)).isEmpty();
    }

    private static final String NESTED = """
            {"type": "object", "additionalProperties": false,
             "definitions": {"basicAuth": {"type": "object", "properties": {"password": {"type": "string", "format": "password"}}}},
             "properties": {
              "type": {"type": "string"},
              "authType": {"oneOf": [{"$ref": "#/definitions/basicAuth"}]},
              "queries": {"type": "array", "items": {"type": "object", "properties": {
                "query": {"type": "string"}, "executions": {"type": "integer"}}}},
              "options": {"type": "object", "additionalProperties": {"type": "string"}},
              "supportsMetadataExtraction": {"type": "boolean"}}}
            """;

    /** A connection with nested parts. */
    public record Nested(BasicAuth authType, List<Query> queries, Map<String, Integer> options) {
        /** The basic authentication, as the schema's definition says. */
        public record BasicAuth(Secret pasword) {
        }

        /** A query, executions mistyped. */
        public record Query(String query, String executions) {
        }
    }

    @Test
    void nestedRecordsListsAndMapsArePairedThroughReferences() throws IOException {
        SchemaBinding binding = binding(NESTED, Nested.class);

        assertThat(binding.problems()).containsExactly(
                "authType.password is a property of /schemas/x.json that SchemaBindingTest.Nested.BasicAuth does not bind,"
                        + " so a workflow's value is ignored; name a component password (or annotate one"
                        + " @JsonProperty(\"password\")), or remove the property (SchemaBindingTest.Nested.BasicAuth has"
                        + " pasword, which the schema does not declare)",
                "SchemaBindingTest.Nested.BasicAuth.pasword is not declared in /schemas/x.json, so no workflow can set it;"
                        + " declare authType.pasword there, give the component the schema's name (or @JsonProperty), or"
                        + " mark it @JsonIgnore",
                "queries[].executions is \"integer\" in /schemas/x.json but String in"
                        + " SchemaBindingTest.Nested.Query.executions; make them agree: an Integer or Long component, or"
                        + " \"type\": \"string\" in the schema",
                "options.* is \"string\" in /schemas/x.json but Integer in SchemaBindingTest.Nested.options;"
                        + " make them agree: a String component, or \"type\": \"integer\" in the schema");
        assertThat(binding.hasSecret()).as("an undeclared Secret is still a secret").isTrue();
    }

    /** The nested connection done right. */
    public record NestedRight(BasicAuth authType, List<Query> queries, Map<String, String> options) {
        /** The basic authentication. */
        public record BasicAuth(Secret password) {
        }

        /** A query. */
        public record Query(String query, Integer executions) {
        }
    }

    @Test
    void aSecretIsFoundBehindAReference() throws IOException {
        SchemaBinding binding = binding(NESTED, NestedRight.class);

        assertThat(binding.problems()).as("the service type and OpenMetadata's capability flags need no component").isEmpty();
        assertThat(binding.bound()).filteredOn(SchemaBinding.Bound::secret).singleElement()
                .satisfies(b -> assertThat(b.path()).isEqualTo("authType.password"))
                .satisfies(b -> assertThat(b.property().path("format").asText()).isEqualTo("password"));
    }

    private static List<String> problems(String schema, Class<?> type) throws IOException {
        return binding(schema, type).problems();
    }

    /** {@code type} bound to {@code schema}, read as the connector's /schemas/x.json. */
    private static SchemaBinding binding(String schema, Class<?> type) throws IOException {
        return SchemaBinding.of(Mappers.standard().readTree(schema), "/schemas/x.json", type, Mappers.standard());
    }
}
