package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowKind;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance checks every connector should pass. Extend it in the connector's tests:
 *
 * <pre>{@code
 * class FivetranConformanceTest extends ConnectorConformanceTest {
 *     protected ServiceSpec spec() { return new FivetranSpec(); }
 *     protected Path metadataWorkflow(Path dir) { ...write a workflow pointing at the test server... }
 * }
 * }</pre>
 *
 * The kit replaces the workflow's sink with a file sink of its own, reads twice and compares.
 */
public abstract class ConnectorConformanceTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A temporary folder for the kit's files. */
    @TempDir
    protected Path kitDir;

    /** The connector's spec. */
    protected abstract ServiceSpec spec();

    /**
     * Writes a metadata workflow (YAML) that reads from a live test service, and returns its path.
     *
     * @param dir a folder to write it in
     */
    protected abstract Path metadataWorkflow(Path dir) throws Exception;

    /** Whether the service behind {@link #metadataWorkflow} yields at least one record. Default true. */
    protected boolean expectsRecords() {
        return true;
    }

    /** Record fields whose values change between reads (timestamps), removed before comparing reads. */
    protected List<String> volatileFields() {
        return List.of("timestamp", "startTime", "endTime");
    }

    @Test
    void specDescribesItselfCompletely() {
        ServiceSpec spec = spec();
        assertThat(spec.serviceType()).as("serviceType").isNotBlank().doesNotContain(" ");
        assertThat(spec.category()).as("category").isNotNull();
        assertThat(spec.sources()).as("sources").containsKey(WorkflowKind.METADATA);
        assertThat(spec.connectionType()).as("connectionType").isNotNull();
        assertThat(spec.getClass().getConstructors()).as("a public no-arg constructor")
                .anySatisfy(c -> assertThat(c.getParameterCount()).isZero());
    }

    @Test
    void connectionSchemaIsAnObjectSchemaPinningTheServiceType() throws IOException {
        JsonNode schema = connectionSchema();
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").asBoolean(true))
                .as("additionalProperties: false, so typos are reported").isFalse();
        JsonNode type = schema.path("properties").path("type");
        List<String> allowed = new ArrayList<>();
        type.path("enum").forEach(v -> allowed.add(v.asText()));
        if (type.has("const")) {
            allowed.add(type.get("const").asText());
        }
        assertThat(allowed).as("properties.type pins the service type").contains(spec().serviceType());
        schema.path("properties").fields().forEachRemaining(field -> {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (name.contains("password") || name.contains("secret") || name.equals("token")) {
                assertThat(field.getValue().path("format").asText()).as(field.getKey() + " is marked as a secret")
                        .isEqualTo("password");
            }
            assertThat(field.getValue().has("description")).as(field.getKey() + " has a description").isTrue();
        });
    }

    @Test
    void everyStepHasOneInjectableConstructor() {
        List<Class<?>> steps = new ArrayList<>(spec().sources().values());
        spec().connectionTester().ifPresent(steps::add);
        for (Class<?> step : steps) {
            List<Constructor<?>> injectable = Arrays.stream(step.getConstructors())
                    .filter(c -> c.isAnnotationPresent(Inject.class)).toList();
            assertThat(injectable).as(step.getName() + " has exactly one public @Inject constructor").hasSize(1);
        }
    }

    @Test
    void isDiscoveredThroughItsMarker() throws IOException {
        List<URL> markers = Collections.list(spec().getClass().getClassLoader().getResources(ServiceSpec.MARKER_RESOURCE));
        assertThat(markers).as("the marker resource " + ServiceSpec.MARKER_RESOURCE).isNotEmpty();
        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(spec().getClass().getClassLoader(), null);
        assertThat(registry.find(spec().serviceType())).as("discovered on the class path")
                .get().satisfies(l -> assertThat(l.spec().getClass()).isEqualTo(spec().getClass()));
    }

    @Test
    void connectionTestPassesAgainstTheTestService() throws Exception {
        Metaingest runtime = runtime();
        Path workflow = metadataWorkflow(kitDir);
        if (spec().connectionTester().isPresent()) {
            assertThat(runtime.testConnection(workflow)).get().asList().isNotEmpty();
        }
    }

    @Test
    void connectionRecordMasksSecrets() throws Exception {
        LoadedWorkflow workflow = runtime().load(metadataWorkflow(kitDir));
        String text = String.valueOf(workflow.connection());
        for (String secret : workflow.secrets()) {
            assertThat(text).as("toString of the connection record").doesNotContain(secret);
        }
    }

    @Test
    void readsTwiceTheSameRecordsWithoutLeakingSecrets() throws Exception {
        Read first = read("first");
        Read second = read("second");
        assertThat(first.result.state()).as("state of the first read: " + first.result.fatalError())
                .isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        if (expectsRecords()) {
            assertThat(first.records).as("records").isNotEmpty();
        }
        assertThat(second.records).as("a second read gives the same records").isEqualTo(first.records);
        for (String secret : first.secrets) {
            assertThat(first.everything).as("output, report and console").doesNotContain(secret);
        }
        // The runtime masks secrets in what it writes, so a record that carried one shows the mask.
        assertThat(first.records).as("output, report and console: records carrying a secret (masked by the runtime)")
                .noneMatch(line -> line.contains(io.metaingest.api.Secret.MASK));
        for (String line : first.records) {
            JsonNode record = YAML.readTree(line);
            assertThat(record.path("entityType").asText()).isNotBlank();
            assertThat(record.path("entity").isObject()).isTrue();
        }
    }

    private record Read(RunResult result, List<String> records, List<String> secrets, String everything) {
    }

    private Read read(String name) throws Exception {
        Path dir = Files.createDirectories(kitDir.resolve(name));
        Path workflow = metadataWorkflow(dir);
        ObjectNode root = (ObjectNode) YAML.readTree(workflow.toFile());
        Path out = dir.resolve("records.ndjson");
        root.set("sink", YAML.valueToTree(Map.of("type", "file", "config", Map.of("path", out.toString()))));
        Path rewritten = dir.resolve("conformance.yaml");
        YAML.writeValue(rewritten.toFile(), root);
        Metaingest runtime = runtime();
        LoadedWorkflow loaded = runtime.load(rewritten);
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunResult result = runtime.run(loaded, Optional.of(report), new PrintStream(console, true, StandardCharsets.UTF_8), false);
        List<String> records = new ArrayList<>();
        ObjectMapper json = Mappers.standard();
        if (Files.exists(out)) {
            for (String line : Files.readAllLines(out)) {
                JsonNode node = json.readTree(line);
                stripVolatile(node);
                records.add(json.writeValueAsString(node));
            }
        }
        Collections.sort(records);
        String everything = (Files.exists(out) ? Files.readString(out) : "") + Files.readString(report)
                + console.toString(StandardCharsets.UTF_8);
        return new Read(result, records, List.copyOf(loaded.secrets()), everything);
    }

    private void stripVolatile(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(volatileFields());
            object.elements().forEachRemaining(this::stripVolatile);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(this::stripVolatile);
        }
    }

    private JsonNode connectionSchema() throws IOException {
        try (InputStream in = spec().getClass().getResourceAsStream(spec().connectionSchema())) {
            assertThat(in).as("connection schema resource " + spec().connectionSchema()).isNotNull();
            return Mappers.standard().readTree(in);
        }
    }

    private Metaingest runtime() {
        return new Metaingest(ServiceSpecRegistry.of(spec()), Mappers.standard(),
                Clock.systemUTC(), System::getenv);
    }

    /** Exposed so subclasses can name the source class in their own extra checks. */
    protected Class<? extends Source<?>> metadataSource() {
        return spec().sources().get(WorkflowKind.METADATA);
    }
}
