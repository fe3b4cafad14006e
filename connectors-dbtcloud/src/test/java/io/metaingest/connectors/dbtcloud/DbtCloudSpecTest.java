package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec, the connection schema against the record, and the 1.5 {@code jobId} through the runtime's loader. */
class DbtCloudSpecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode schema() throws Exception {
        try (InputStream in = DbtCloudSpec.class.getResourceAsStream(new DbtCloudSpec().connectionSchema())) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void specReadsLikeATableOfContents() throws Exception {
        DbtCloudSpec spec = new DbtCloudSpec();
        assertThat(spec.serviceType()).isEqualTo("DBTCloud");
        assertThat(spec.category()).isEqualTo(ServiceCategory.PIPELINE);
        assertThat(spec.connectionType()).isEqualTo(DbtCloudConnection.class);
        assertThat(spec.steps()).filteredOn(StepSpec.SourceSpec.class::isInstance)
                .containsExactly(StepSpec.source(SourceConfigType.PIPELINE_METADATA, DbtCloudPipelineSource.class));
        assertThat(spec.connectionTester()).isEqualTo(Optional.of(DbtCloudConnectionTester.class));
        try (InputStream marker = DbtCloudSpec.class.getClassLoader().getResourceAsStream(ServiceSpec.MARKER_RESOURCE)) {
            assertThat(new String(marker.readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(DbtCloudSpec.class.getName());
        }
    }

    @Test
    void schemaFieldsEqualTheRecordAndDefaultsAgree() throws Exception {
        JsonNode schema = schema();
        JsonNode props = schema.path("properties");
        Set<String> properties = new HashSet<>();
        props.fieldNames().forEachRemaining(properties::add);
        properties.remove("supportsMetadataExtraction"); // OpenMetadata's flag: accepted, not bound
        assertThat(properties).isEqualTo(Arrays.stream(DbtCloudConnection.class.getRecordComponents())
                .map(c -> c.getName()).collect(Collectors.toSet()));
        assertThat(schema.path("required")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("host", "discoveryAPI", "accountId", "token");
        assertThat(props.path("token").path("format").asText()).isEqualTo("password");
        assertThat(props.path("jobIds").path("items").path("type").asText()).isEqualTo("string");
        assertThat(props.path("projectIds").path("items").path("type").asText()).isEqualTo("string");

        DbtCloudConnection bound = MAPPER.readValue("{\"host\":\"h\",\"discoveryAPI\":\"d\",\"accountId\":\"1\",\"token\":\"t\"}",
                DbtCloudConnection.class);
        assertThat(props.path("numberOfRuns").path("default").asInt()).isEqualTo(bound.numberOfRuns()).isEqualTo(100);
        assertThat(props.path("threads").path("default").asInt()).isEqualTo(bound.threads()).isEqualTo(4);
        assertThat(props.path("type").path("default").asText()).isEqualTo(bound.type());
        assertThat(bound.jobIds()).isEmpty();
        assertThat(bound.projectIds()).isEmpty();
    }

    @Test
    void theTokenIsASecretMaskedInToStringAndJson() throws Exception {
        DbtCloudConnection c = MAPPER.readValue("{\"host\":\"https://ab123.us1.dbt.com/\",\"discoveryAPI\":\"d\","
                + "\"accountId\":\"7\",\"token\":\"dbtc_very_secret\",\"jobIds\":[\"1\",\"2\"]}", DbtCloudConnection.class);
        assertThat(c.token().reveal()).isEqualTo("dbtc_very_secret");
        assertThat(c.toString()).contains("jobIds=[1, 2]").doesNotContain("dbtc_very_secret");
        assertThat(MAPPER.writeValueAsString(c)).doesNotContain("dbtc_very_secret").contains("\"jobIds\":[\"1\",\"2\"]");
        assertThat(c.accountApi().toString()).isEqualTo("https://ab123.us1.dbt.com/api/v2/accounts/7");
    }

    /** The runtime's loader on a workflow whose connection selects with {@code selection}: what it refuses, or null. */
    private InvalidConfigException loadRefusal(String selection) throws Exception {
        Path file = Files.writeString(dir.resolve("dbt.yaml"), DbtCloudWorkflows.text("https://cloud.getdbt.com",
                "https://metadata.cloud.getdbt.com/graphql", selection, "", null));
        return catchThrowableOfType(InvalidConfigException.class, () -> DbtCloudWorkflows.runtime().load(file));
    }

    @Test
    void aWorkflowWithThe15JobIdIsRejectedWithTheConnectorsHint() throws Exception {
        InvalidConfigException e = loadRefusal("jobId: \"70403103936332\"");
        assertThat(e).as("the loader rejects jobId (the CLI exits with 2 on this exception)").isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).isEqualTo(
                "source.serviceConnection.config.jobId: unknown field: replaced by jobIds in 1.6: write jobIds: [\"<jobId>\"]"
                        + " (a list of strings; absent or empty means every job of the account); `metaingest migrate` rewrites it"));
        assertThat(String.join("\n", problems)).doesNotContain(DbtCloudFixtures.TOKEN);
    }

    /**
     * An id that is not a dbt Cloud id (a name, a pasted block) is refused when the file is loaded, naming the
     * entry and what an id looks like; spaces around digits are allowed (the connection strips them). It
     * was sent as is, each one a 404 "does not exist", or echoed whole in every line naming it.
     */
    @Test
    void idsThatAreNotDigitsAreRejectedWhenTheFileIsLoaded() throws Exception {
        InvalidConfigException e = loadRefusal("jobIds: " + DbtCloudWorkflows.idList(List.of(" 70403103936332 ", "Daily build"))
                + "\nprojectIds: " + DbtCloudWorkflows.idList(List.of("70403103926818", "9".repeat(3000))));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString)).containsExactly(
                "source.serviceConnection.config.jobIds[1]: has the wrong format; expected a job id: its digits, as in"
                        + " the job's URL (.../jobs/70403103936005/)",
                "source.serviceConnection.config.projectIds[1]: has the wrong format; expected a project id: its digits,"
                        + " as in the project's URL (.../projects/70403103926818/)");
    }

    @Test
    void spacesAroundIdsAreStripped() {
        DbtCloudConnection connection = DbtCloudConnection.of("https://cloud.getdbt.com",
                "https://metadata.cloud.getdbt.com/graphql", " 70403103922125 ", "t")
                .withSelection(List.of(" 70403103936332"), List.of("70403103926818\t"));
        assertThat(connection.accountId()).isEqualTo("70403103922125");
        assertThat(connection.jobIds()).containsExactly("70403103936332");
        assertThat(connection.projectIds()).containsExactly("70403103926818");
    }

    @Test
    void guiceWiresTheSourceAndTesterFromTheRuntimeBindings() {
        DbtCloudConnection connection = DbtCloudConnection.of("http://127.0.0.1:9", "http://127.0.0.1:9/graphql", "1", "t");
        Injector injector = Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                bind(DbtCloudConnection.class).toInstance(connection);
                bind(PipelineMetadataConfig.class).toInstance(TestSupport.config(null, true, List.of("db")));
                bind(WorkflowContext.class).toInstance(TestSupport.context());
                bind(HttpClient.class).toInstance(TestSupport.HTTP);
                bind(ObjectMapper.class).toInstance(MAPPER);
                bind(DbtCloudClient.class);
                bind(DbtCloudPipelineSource.class);
                bind(DbtCloudConnectionTester.class);
            }
        });
        assertThat(injector.getInstance(DbtCloudPipelineSource.class)).isNotNull();
        assertThat(injector.getInstance(DbtCloudConnectionTester.class)).isNotNull();
        assertThat(injector.getInstance(DbtCloudClient.class)).as("one client per run")
                .isSameAs(injector.getInstance(DbtCloudClient.class));
    }
}
