package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The migrate corpus: each folder under {@code src/test/resources/migrate/} holds a workflow file
 * {@code in.yaml}, the exact 1.6 file expected ({@code expected.yaml}), the companion workflows
 * expected beside it ({@code expected-<kind>.yaml}) and the exact lines printed ({@code expected.out}).
 * Every migrated file and companion must pass {@code validate}, unless the case holds
 * {@code expected.invalid}: the exact problems of a file that needs a human decision.
 *
 * <p>Run with {@code -Dmigrate.regenerate=true} to rewrite the expected files from the current
 * output, then review the diff.
 */
class MigrateCorpusTest {

    private static final Path CORPUS = corpus();
    private static final boolean REGENERATE = Boolean.getBoolean("migrate.regenerate");

    @TempDir
    Path dir;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void migratesToTheExpectedFileAndCompanionsAndSaysWhy(String name) throws IOException {
        Path expectedDir = CORPUS.resolve(name);
        Path input = copyInput(name);
        String before = Files.readString(input);

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("out.yaml").toString());

        String printed = run.out().replace(dir.toString(), "<dir>");
        List<String> written = files();
        if (REGENERATE) {
            Files.writeString(expectedDir.resolve("expected.out"), printed);
            Files.writeString(expectedDir.resolve("expected.yaml"), Files.readString(dir.resolve("out.yaml")));
            for (String file : written) {
                if (file.startsWith("out-")) {
                    Files.writeString(expectedDir.resolve("expected-" + file.substring(4)), Files.readString(dir.resolve(file)));
                }
            }
        }
        assertThat(run.err()).isEmpty();
        assertThat(printed).isEqualTo(Files.readString(expectedDir.resolve("expected.out")));
        assertThat(run.code()).as("exit code").isEqualTo(printed.contains("\nattention ") || printed.startsWith("attention ")
                ? ExitCodes.FAILED : ExitCodes.OK);
        assertThat(Files.readString(input)).as("the input is never modified").isEqualTo(before);
        assertThat(Files.readString(dir.resolve("out.yaml"))).isEqualTo(Files.readString(expectedDir.resolve("expected.yaml")));
        List<String> expectedCompanions = new ArrayList<>();
        try (Stream<Path> files = Files.list(expectedDir)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.startsWith("expected-")) {
                    String companion = "out-" + fileName.substring("expected-".length());
                    expectedCompanions.add(companion);
                    assertThat(Files.readString(dir.resolve(companion))).as(companion).isEqualTo(Files.readString(file));
                }
            }
        }
        List<String> all = new ArrayList<>(List.of("in.yaml", "out.yaml"));
        all.addAll(expectedCompanions);
        assertThat(written).as("no other file, no temporary file left").containsExactlyInAnyOrderElementsOf(all);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyMigratedFilePassesValidate(String name) throws IOException {
        Path input = copyInput(name);
        MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("out.yaml").toString());
        Path invalid = CORPUS.resolve(name).resolve("expected.invalid");
        for (String file : files()) {
            if (file.equals("in.yaml")) {
                continue;
            }
            MigrateCli.Run validate = MigrateCli.run("validate", "-c", dir.resolve(file).toString());
            if (file.equals("out.yaml") && Files.exists(invalid)) {
                assertThat(validate.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
                assertThat(validate.err().replace(dir.toString(), "<dir>")).isEqualTo(Files.readString(invalid));
                continue;
            }
            assertThat(validate.code()).as(file + ": " + validate.err()).isEqualTo(ExitCodes.OK);
            assertThat(validate.out()).contains("valid - ");
        }
    }

    /**
     * The same workflows written as JSON: the migrated file and every companion (lineage,
     * autoClassification) are JSON that {@code validate} takes, as the YAML ones are.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aJsonWorkflowsMigratedFileAndCompanionsAreJsonThatPassesValidate(String name) throws IOException {
        Path input = dir.resolve("in.json");
        Files.writeString(input, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                new ObjectMapper(new YAMLFactory()).readTree(CORPUS.resolve(name).resolve("in.yaml").toFile())));
        MigrateCli.run("migrate", "-c", input.toString(), "-o", dir.resolve("out.json").toString());
        List<String> expectedCompanions;
        try (Stream<Path> files = Files.list(CORPUS.resolve(name))) {
            expectedCompanions = files.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("expected-"))
                    .map(f -> "out-" + f.substring("expected-".length(), f.length() - ".yaml".length()) + ".json").toList();
        }
        assertThat(files()).as("a companion per kind, named .json").containsAll(expectedCompanions);
        Path invalid = CORPUS.resolve(name).resolve("expected.invalid");
        for (String file : files()) {
            if (file.equals("in.json") || file.equals("out.json") && Files.exists(invalid)) {
                continue;
            }
            assertThat(file).endsWith(".json");
            new ObjectMapper().readTree(dir.resolve(file).toFile()); // strict JSON: no comment, no YAML
            MigrateCli.Run validate = MigrateCli.run("validate", "-c", dir.resolve(file).toString());
            assertThat(validate.code()).as(file + ": " + validate.err()).isEqualTo(ExitCodes.OK);
            assertThat(validate.out()).contains("valid - ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void migratingTheResultChangesNothing(String name) throws IOException {
        Path input = copyInput(name);
        Path once = dir.resolve("once.yaml");
        MigrateCli.run("migrate", "-c", input.toString(), "-o", once.toString());
        Path twice = dir.resolve("twice.yaml");

        MigrateCli.Run run = MigrateCli.run("migrate", "-c", once.toString(), "-o", twice.toString());

        assertThat(Files.readString(twice)).isEqualTo(Files.readString(once));
        // An open question (an id-like filter entry) stays open; everything else is settled.
        assertThat(run.out()).containsPattern(java.util.regex.Pattern.quote(once.toString())
                + ": (already in the 1.6 shape; nothing to change|nothing rewritten; )");
        assertThat(run.out()).doesNotContainPattern("(?m)^(changed|moved|companion) ");
        assertThat(files()).noneMatch(f -> f.startsWith("twice-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checkExitsOneExactlyWhenTheFileMustChangeAndWritesNothing(String name) throws IOException {
        Path input = copyInput(name);
        String expected = Files.readString(CORPUS.resolve(name).resolve("expected.yaml"));
        boolean mustChange = !expected.equals(Files.readString(input))
                || Files.readString(CORPUS.resolve(name).resolve("expected.out")).contains("attention ");

        MigrateCli.Run run = MigrateCli.run("migrate", "--check", "-c", input.toString());

        assertThat(run.code()).isEqualTo(mustChange ? ExitCodes.FAILED : ExitCodes.OK);
        assertThat(files()).containsExactly("in.yaml");
    }

    private Path copyInput(String name) throws IOException {
        Path input = dir.resolve("in.yaml");
        Files.copy(CORPUS.resolve(name).resolve("in.yaml"), input);
        return input;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path corpus() {
        try {
            Path compiled = Path.of(Objects.requireNonNull(MigrateCorpusTest.class.getResource("/migrate")).toURI());
            Path sources = Path.of("src/test/resources/migrate");
            return Boolean.getBoolean("migrate.regenerate") && Files.isDirectory(sources) ? sources : compiled;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
