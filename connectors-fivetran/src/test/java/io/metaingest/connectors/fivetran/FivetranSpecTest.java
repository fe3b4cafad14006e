package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.testkit.RuntimeSteps;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FivetranSpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void specReadsLikeATableOfContents() {
        FivetranSpec spec = new FivetranSpec();
        assertThat(spec.serviceType()).isEqualTo("Fivetran");
        assertThat(spec.category()).isEqualTo(ServiceCategory.PIPELINE);
        assertThat(spec.connectionType()).isEqualTo(FivetranConnection.class);
        assertThat(spec.connectionSchema()).isEqualTo("/schemas/fivetranConnection.json");
        assertThat(spec.steps()).filteredOn(StepSpec.SourceSpec.class::isInstance)
                .containsExactly(StepSpec.source(SourceConfigType.PIPELINE_METADATA, FivetranPipelineSource.class));
        assertThat(spec.connectionTester()).isEqualTo(Optional.of(FivetranConnectionTester.class));
    }

    @Test
    void markerResourceNamesTheSpec() throws Exception {
        String marker = FivetranFixtures.text(ServiceSpec.MARKER_RESOURCE).strip();
        assertThat(marker).isEqualTo(FivetranSpec.class.getName());
        assertThat(Class.forName(marker).getConstructor().newInstance()).isInstanceOf(ServiceSpec.class);
    }

    @Test
    void schemaDeclaresTheConnectionFieldsAndDefaults() throws Exception {
        JsonNode schema = MAPPER.readTree(FivetranSpec.class.getResourceAsStream(new FivetranSpec().connectionSchema()));
        assertThat(schema.path("$schema").asText()).contains("draft-07");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactlyInAnyOrder("apiKey", "apiSecret");
        JsonNode props = schema.path("properties");
        assertThat(props.path("type").path("enum")).extracting(JsonNode::asText).containsExactly("Fivetran");
        assertThat(props.path("apiSecret").path("format").asText()).isEqualTo("password");
        assertThat(props.path("hostPort").path("default").asText()).isEqualTo(FivetranConnection.DEFAULT_HOST_PORT);
        assertThat(props.path("limit").path("default").asInt()).isEqualTo(FivetranConnection.DEFAULT_LIMIT);
        assertThat(props.path("threads").path("default").asInt()).isEqualTo(FivetranConnection.DEFAULT_THREADS);
        props.fields().forEachRemaining(e -> assertThat(e.getValue().path("description").asText())
                .as("description of %s", e.getKey()).isNotBlank());
        // Every record component is in the schema and nothing else.
        Set<String> components = Arrays.stream(FivetranConnection.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());
        Set<String> properties = new java.util.HashSet<>();
        props.fieldNames().forEachRemaining(properties::add);
        properties.remove("supportsMetadataExtraction"); // OpenMetadata's flag: accepted, not bound
        assertThat(properties).isEqualTo(components);

        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        Set<ValidationMessage> ok = validator.validate(MAPPER.readTree(
                "{\"type\":\"Fivetran\",\"apiKey\":\"k\",\"apiSecret\":\"s\",\"limit\":500}"));
        assertThat(ok).isEmpty();
        Set<ValidationMessage> bad = validator.validate(MAPPER.readTree(
                "{\"type\":\"Fivetran\",\"apiKey\":\"k\",\"limit\":5000,\"apiSecrett\":\"s\"}"));
        assertThat(bad.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n")))
                .contains("apiSecret", "apiSecrett", "$.limit", "1000");
        // hostPort: an http(s) address, the scheme optional; what the HTTP client cannot use is refused here.
        for (String host : java.util.List.of("api.fivetran.com", "http://127.0.0.1:18080", "https://proxy.corp:8443/fivetran")) {
            assertThat(validator.validate(MAPPER.readTree("{\"apiKey\":\"k\",\"apiSecret\":\"s\",\"hostPort\":\""
                    + host + "\"}"))).as(host).isEmpty();
        }
        for (String host : java.util.List.of("http://127.0.0.1:99999", "http://exa mple.com", "ftp://files.example.com")) {
            assertThat(validator.validate(MAPPER.readTree("{\"apiKey\":\"k\",\"apiSecret\":\"s\",\"hostPort\":\""
                    + host + "\"}"))).as(host).extracting(ValidationMessage::getType).containsExactly("pattern");
        }
    }

    @Test
    void connectionBindsWithDefaultsAndNeverShowsTheSecret() throws Exception {
        FivetranConnection c = MAPPER.readValue(
                "{\"type\":\"Fivetran\",\"apiKey\":\"key1\",\"apiSecret\":\"very-secret\",\"somethingNew\":true}",
                FivetranConnection.class);
        assertThat(c.apiSecret().reveal()).isEqualTo("very-secret");
        assertThat(c.hostPort()).isEqualTo("https://api.fivetran.com");
        assertThat(c.limit()).isEqualTo(1000);
        assertThat(c.threads()).isEqualTo(4);
        assertThat(c.apiBase().toString()).isEqualTo("https://api.fivetran.com/v1");
        assertThat(c.toString()).doesNotContain("key1", "very-secret");
        assertThat(MAPPER.writeValueAsString(c)).doesNotContain("very-secret");
        assertThat(FivetranConnection.of("k", "s", "localhost:8080/").apiBase().toString())
                .isEqualTo("https://localhost:8080/v1");
        assertThatThrownBy(() -> MAPPER.readValue("{\"apiKey\":\"k\",\"apiSecret\":\"s\",\"limit\":0}",
                FivetranConnection.class)).hasMessageContaining("limit must be between 1 and 1000");
    }

    @Test
    void stepsHaveOneInjectableConstructor() {
        for (Class<?> type : List.of(FivetranPipelineSource.class, FivetranClient.class, FivetranLineage.class,
                FivetranConnectionTester.class)) {
            Constructor<?>[] publics = Arrays.stream(type.getDeclaredConstructors())
                    .filter(c -> Modifier.isPublic(c.getModifiers())).toArray(Constructor[]::new);
            assertThat(publics).as(type.getSimpleName()).hasSize(1);
            assertThat(publics[0].isAnnotationPresent(jakarta.inject.Inject.class)).as(type.getSimpleName()).isTrue();
        }
    }

    @Test
    void theRuntimesInjectorBuildsTheSourceTesterAndClient() throws Exception {
        String workflow = """
                source:
                  type: fivetran
                  serviceName: fivetran_prod
                  serviceConnection: {config: {type: Fivetran, apiKey: k, apiSecret: s, hostPort: "http://127.0.0.1:9"}}
                  sourceConfig: {config: {type: PipelineMetadata, lineageInformation: {dbServiceNames: [db]}}}
                sink: {type: console}
                """;
        RuntimeSteps steps = RuntimeSteps.of(new FivetranSpec());
        assertThat(steps.create(workflow, FivetranPipelineSource.class)).isNotNull();
        assertThat(steps.create(workflow, FivetranConnectionTester.class)).isNotNull();
        assertThat(steps.create(workflow, FivetranClient.class)).isNotNull();
    }
}
