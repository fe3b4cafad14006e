package io.metaingest.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery's problems reach the run report's {@code warnings}, for a scheduler that reads only the report. */
class DiscoveryWarningsReportTest {

    /** A workflow secret that also names a plugin folder, so its problem must come out masked. */
    private static final String SECRET = "folder-named-like-the-password-7731";

    @TempDir
    Path dir;

    @Test
    void eachDiscoveryProblemIsInTheReportsWarningsOnceMaskedAndNotPrintedAgain() throws Exception {
        Path plugins = dir.resolve("plugins");
        // A plugin holding only a junk jar, and one whose folder is named like the workflow's password.
        writeJunk(plugins.resolve("junk/junk.jar"));
        writeJunk(plugins.resolve(SECRET + "/broken.jar"));
        ServiceSpecRegistry registry = ServiceSpecRegistry.discover(getClass().getClassLoader(), plugins);
        assertThat(registry.problems()).hasSize(2);
        Path file = Files.writeString(dir.resolve("wf.yaml"), """
                source:
                  type: shelf
                  serviceName: shelf_service
                  serviceConnection:
                    config: {type: Shelf, hostPort: "shelf:1", books: [a, b], password: "%s"}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: "%s"}}
                """.formatted(SECRET, dir.resolve("out.ndjson")));
        Metaingest runtime = new Metaingest(registry, Mappers.standard(), Clock.systemUTC(), Map.<String, String>of()::get);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        Path report = dir.resolve("report.json");

        RunResult result = runtime.ingest(runtime.load(file), new Metaingest.IngestOptions(Optional.of(report),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(messages, true, StandardCharsets.UTF_8), false, false));

        JsonNode written = Mappers.standard().readTree(report.toFile());
        List<String> warnings = Mappers.standard().convertValue(written.get("warnings"),
                Mappers.standard().getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(warnings).hasSize(2).allSatisfy(w -> assertThat(w).contains("unreadable jar, skipped")
                .doesNotContain(SECRET).doesNotContain("\n"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("plugin junk (junk.jar): unreadable jar"));
        assertThat(result.warnings()).isEqualTo(warnings);
        // The command that discovered printed them already; the run does not print them a second time.
        assertThat(messages.toString(StandardCharsets.UTF_8)).doesNotContain("unreadable jar").doesNotContain(SECRET);
    }

    private static void writeJunk(Path jar) throws Exception {
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a zip file");
    }
}
