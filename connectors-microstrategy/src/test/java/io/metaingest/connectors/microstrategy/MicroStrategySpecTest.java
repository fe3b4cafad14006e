package io.metaingest.connectors.microstrategy;

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
import io.metaingest.api.entity.ChartType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The spec, the connection record and its schema, which must agree on every field and default. */
class MicroStrategySpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void specReadsLikeATableOfContents() {
        MicroStrategySpec spec = new MicroStrategySpec();
        assertThat(spec.serviceType()).isEqualTo("MicroStrategy");
        assertThat(spec.formerServiceTypes()).containsExactly("Mstr");
        assertThat(spec.category()).isEqualTo(ServiceCategory.DASHBOARD);
        assertThat(spec.connectionType()).isEqualTo(MicroStrategyConnection.class);
        assertThat(spec.steps()).filteredOn(StepSpec.SourceSpec.class::isInstance)
                .containsExactly(StepSpec.source(SourceConfigType.DASHBOARD_METADATA, MicroStrategyDashboardSource.class));
        assertThat(spec.connectionTester()).isEqualTo(Optional.of(MicroStrategyConnectionTester.class));
    }

    @Test
    void markerResourceNamesTheSpec() throws Exception {
        String marker = MstrFixtures.text(ServiceSpec.MARKER_RESOURCE).strip();
        assertThat(marker).isEqualTo(MicroStrategySpec.class.getName());
        assertThat(Class.forName(marker).getConstructor().newInstance()).isInstanceOf(ServiceSpec.class);
    }

    @Test
    void schemaAndRecordAgreeOnFieldsAndDefaults() throws Exception {
        JsonNode schema = MAPPER.readTree(MicroStrategySpec.class.getResourceAsStream(new MicroStrategySpec().connectionSchema()));
        JsonNode props = schema.path("properties");
        assertThat(schema.path("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("hostPort", "username", "password");
        assertThat(props.path("type").path("enum")).extracting(JsonNode::asText).containsExactly("MicroStrategy");
        assertThat(props.path("password").path("format").asText()).isEqualTo("password");
        assertThat(props.path("loginMode").path("default").asText()).isEqualTo(String.valueOf(MicroStrategyConnection.DEFAULT_LOGIN_MODE));
        assertThat(props.path("threads").path("default").asInt()).isEqualTo(MicroStrategyConnection.DEFAULT_THREADS);
        MicroStrategyConnection bound = MAPPER.readValue("{\"hostPort\":\"h\",\"username\":\"u\",\"password\":\"p\"}",
                MicroStrategyConnection.class);
        assertThat(bound.loginMode()).isEqualTo(Integer.parseInt(props.path("loginMode").path("default").asText()));
        assertThat(bound.threads()).isEqualTo(props.path("threads").path("default").asInt());
        assertThat(bound.type()).isEqualTo(props.path("type").path("default").asText());
        Set<String> components = Arrays.stream(MicroStrategyConnection.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet());
        Set<String> properties = new HashSet<>();
        props.fieldNames().forEachRemaining(properties::add);
        properties.remove("supportsMetadataExtraction"); // OpenMetadata's flag: accepted, not bound
        assertThat(properties).isEqualTo(components);

        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        assertThat(validator.validate(MAPPER.readTree("{\"type\":\"MicroStrategy\",\"hostPort\":\"https://m\","
                + "\"username\":\"u\",\"password\":\"p\",\"projectName\":\"Tutorial\",\"loginMode\":16,\"threads\":8}"))).isEmpty();
        Set<ValidationMessage> bad = validator.validate(MAPPER.readTree(
                "{\"hostPort\":\"h\",\"username\":\"u\",\"pasword\":\"p\",\"loginMode\":2}"));
        assertThat(bad.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("\n")))
                .contains("password", "pasword", "$.loginMode");
    }

    @Test
    void aConnectionAsOpenMetadataStoresItIsReadAndOneIsWrittenAsItStoresIt() throws Exception {
        JsonNode schema = MAPPER.readTree(MicroStrategySpec.class.getResourceAsStream(new MicroStrategySpec().connectionSchema()));
        String stored = "{\"type\":\"MicroStrategy\",\"hostPort\":\"https://m\",\"username\":\"u\",\"password\":\"p\","
                + "\"loginMode\":\"8\",\"supportsMetadataExtraction\":true}";
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema).validate(MAPPER.readTree(stored)))
                .isEmpty();
        MicroStrategyConnection bound = MAPPER.readValue(stored, MicroStrategyConnection.class);
        assertThat(bound.loginMode()).isEqualTo(8);
        // What storeServiceConnection sends: OpenMetadata's string login mode, and not metaingest's own threads.
        JsonNode written = MAPPER.readTree(MAPPER.writerWithView(io.metaingest.api.ConnectionViews.Stored.class)
                .writeValueAsBytes(bound.withThreads(6)));
        assertThat(MAPPER.valueToTree(bound.withThreads(6)).path("threads").asInt()).isEqualTo(6); // every other use sees it
        assertThat(written.path("loginMode").isTextual()).isTrue();
        assertThat(written.path("loginMode").asText()).isEqualTo("8");
        assertThat(written.has("threads")).isFalse();
    }

    @Test
    void connectionNeverShowsThePasswordAndBuildsLibraryUrls() throws Exception {
        MicroStrategyConnection c = MAPPER.readValue("{\"type\":\"MicroStrategy\",\"hostPort\":\"mstr.example.com/\","
                + "\"username\":\"admin\",\"password\":\"very-secret\"}", MicroStrategyConnection.class);
        assertThat(c.password().reveal()).isEqualTo("very-secret");
        assertThat(c.toString()).contains("admin").doesNotContain("very-secret");
        assertThat(MAPPER.writeValueAsString(c)).doesNotContain("very-secret");
        assertThat(c.apiBase()).hasToString("https://mstr.example.com/MicroStrategyLibrary/api");
        assertThat(c.dossierUrl("P1", "D1")).isEqualTo("https://mstr.example.com/MicroStrategyLibrary/app/P1/D1");
        assertThatThrownBy(() -> c.withThreads(0)).hasMessageContaining("threads must be at least 1");
    }

    @Test
    void visualizationTypesMapToChartTypesWithOtherAsTheFallback() {
        assertThat(ChartTypes.of("grid")).isEqualTo(ChartType.TABLE);
        assertThat(ChartTypes.of("kpi")).isEqualTo(ChartType.TEXT);
        assertThat(ChartTypes.of("Bar_Chart")).isEqualTo(ChartType.BAR);
        assertThat(ChartTypes.of("heat map")).isEqualTo(ChartType.HEATMAP);
        assertThat(ChartTypes.of("custom_d3_sunburst")).isEqualTo(ChartType.OTHER);
        assertThat(ChartTypes.of(null)).isEqualTo(ChartType.OTHER);
    }
}
