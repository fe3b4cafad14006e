package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.runtime.testing.LoadProblems;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Huge values found by the config fuzz (cli ConfigFuzzTest): refused quickly, quoted briefly. */
class HostileValuesTest {

    @TempDir
    Path dir;

    private final WorkflowLoader loader = new WorkflowLoader(
            ServiceSpecRegistry.of(new ShelfSpec(), new BuiltInSteps()), Mappers.standard(),
            Map.<String, String>of()::get);

    private List<String> problems(String yaml) throws Exception {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, yaml);
        return LoadProblems.problemsOf(() -> loader.load(file));
    }

    @Test
    void aFilterPatternOf200KilobytesIsRefusedWithoutCompilingIt() {
        // Pattern.compile("x".repeat(200_000)) takes minutes (its Boyer-Moore table is quadratic).
        String yaml = WorkflowLoaderTest.VALID.replace("excludes: [\"^tmp\"]", "excludes: [\"" + "x".repeat(200_000) + "\"]");
        List<String> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(yaml));
        assertThat(problems).containsExactly("source.sourceConfig.config.schemaFilterPattern.excludes[0]: a pattern of "
                + "200000 characters; the limit is 1000, write a shorter expression");
    }

    @Test
    void aHugeValueIsQuotedOnlyInPart() throws Exception {
        String yaml = WorkflowLoaderTest.VALID.replace("type: file", "type: " + "y".repeat(300_000))
                .replace("serviceName: local_db", "serviceName: local_db\n  ? " + "k".repeat(100_000) + "\n  : 1");
        // (an explicit "? key" mapping entry: plain keys are limited to 1024 characters)
        List<String> problems = problems(yaml);
        assertThat(problems).hasSize(2).allSatisfy(p -> assertThat(p).hasSizeLessThan(2_000).contains("characters cut"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("source.kkkk").contains(": unknown field"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sink.type: unknown sink type 'yyyy"));
    }

    @Test
    void aSecondYamlDocumentIsRefusedNotIgnored() throws Exception {
        assertThat(problems(WorkflowLoaderTest.VALID + "---\nsource: 1\n")).singleElement().asString()
                .endsWith(": a second YAML document; keep one workflow per file (remove the '---' and what follows)");
    }

    @Test
    void infiniteNumbersAreAProblemNotACrash() throws Exception {
        // 1e400 overflows to Infinity, which the schema validator could not compare (NumberFormatException).
        assertThat(problems(WorkflowLoaderTest.VALID.replace("successThreshold: 80", "successThreshold: 1e400")
                .replace("loggerLevel: INFO", "loggerLevel: -1e400")))
                .containsExactly("workflowConfig.loggerLevel: the number -Infinity is not finite; write a number between "
                                + -Double.MAX_VALUE + " and " + Double.MAX_VALUE,
                        "workflowConfig.successThreshold: the number Infinity is not finite; write a number between "
                                + -Double.MAX_VALUE + " and " + Double.MAX_VALUE);
    }

    @Test
    void shortPathsAndMessagesAreKeptWhole() {
        ConfigProblem problem = new ConfigProblem("source.serviceName", "must be a string");
        assertThat(problem.toString()).isEqualTo("source.serviceName: must be a string");
    }
}
