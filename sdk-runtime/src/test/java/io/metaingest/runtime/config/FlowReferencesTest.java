package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unquoted ${VAR} in a YAML flow collection reads as the same reference in block style does. */
class FlowReferencesTest {

    private static final Map<String, String> ENV = Map.of("THR", "95", "LVL", "DEBUG", "PW", "pw-SECRET-9",
            "HP", "h:1, x: {y}", "PORT", "6543");

    private static final String FLOW = """
            source: {type: shelf, serviceName: local_db, serviceConnection: {config: {type: Shelf, hostPort: "h:${PORT}",
              username: ${HP}, password: ${PW}}}, sourceConfig: {config: {type: DatabaseMetadata}}}
            sink: {type: file, config: {path: out.ndjson}}
            workflowConfig: {successThreshold: ${THR}, loggerLevel: ${LVL}}
            """;

    @TempDir
    Path dir;

    private final WorkflowLoader loader = new WorkflowLoader(ServiceSpecRegistry.of(new ShelfSpec(), new BuiltInSteps()),
            Mappers.standard(), ENV::get);

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("workflow.yaml"), yaml);
    }

    @Test
    void anUnquotedReferenceInFlowStyleIsTypedAsInBlockStyle() throws Exception {
        LoadedWorkflow flow = loader.load(write(FLOW));
        assertThat(flow.settings().successThreshold()).isEqualTo(95);
        assertThat(flow.settings().loggerLevel()).isEqualTo("DEBUG");
        // A value with YAML's special characters stays text, braces and all.
        ShelfConnection connection = (ShelfConnection) flow.connection();
        assertThat(connection.username()).isEqualTo("h:1, x: {y}");
        assertThat(connection.hostPort()).isEqualTo("h:6543");
        assertThat(connection.password().reveal()).isEqualTo("pw-SECRET-9");

        LoadedWorkflow block = loader.load(write(FLOW.replace("workflowConfig: {successThreshold: ${THR}, loggerLevel:"
                + " ${LVL}}", "workflowConfig:\n  successThreshold: ${THR}\n  loggerLevel: ${LVL}")));
        assertThat(block.settings()).isEqualTo(flow.settings());
    }

    @Test
    void aQuotedReferenceInFlowStyleStaysText() throws Exception {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> loader.load(write(FLOW.replace("successThreshold: ${THR}", "successThreshold: \"${THR}\""))));
        assertThat(e.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("workflowConfig.successThreshold: must be an integer, not a string;");
    }

    @Test
    void aSyntaxErrorAfterAReferenceIsToldWhereItIsAsWritten() throws Exception {
        String yaml = FLOW.replace("loggerLevel: ${LVL}}", "loggerLevel: ${LVL}, tags: [a}");
        Path file = write(yaml);
        String line = yaml.lines().filter(l -> l.contains("tags")).findFirst().orElseThrow();
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(file));
        assertThat(e.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .isEqualTo(file + ":4:" + (line.indexOf('[') + 1) + ": not valid YAML: a list opened here with '['"
                        + " has '}' where ',' or ']' was expected; close it with ']' where it ends, or quote a value"
                        + " that holds '}'");
    }

    @Test
    void aSecretInFlowStyleIsKnownBeforeLoading() {
        assertThat(EarlySecrets.of(FLOW, ENV::get).mask("password pw-SECRET-9")).doesNotContain("pw-SECRET-9");
    }

    @Test
    void referencesAreMaskedOnlyToBeParsedAndComeBackAsWritten() {
        String text = "a: {b: ${X}, c: \"${Y:-d}\", e: $${Z}}\nf: ${X}\n";
        String masked = FlowReferences.mask(text);
        assertThat(masked).hasSameSizeAs(text).doesNotContain("${");
        assertThat(FlowReferences.unmask(masked)).isEqualTo(text);
        // A file that holds the masking characters is parsed as written.
        assertThat(FlowReferences.mask("a: \uE000 ${X}")).isEqualTo("a: \uE000 ${X}");
    }
}
