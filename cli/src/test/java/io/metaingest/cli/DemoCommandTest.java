package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.demo.DemoDatabase;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaingest demo}: the sample database into NDJSON files, the password handed over, never written. */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void ingestsTheSampleDatabaseWithThePasswordHandedToTheRunsNotWrittenIntoTheirFiles() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path outDir = dir.resolve("demo-out");

        // An empty process environment: the password's variable can only come from the command itself.
        int exit = Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                plugins -> new Metaingest(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), plugins),
                        Mappers.standard(), Clock.systemUTC(), Map.<String, String>of()::get)),
                "demo", "--out", outDir.toString());

        String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(outDir.resolve("metadata.yaml"))).contains("${" + DemoDatabase.PASSWORD_VARIABLE + "}");
        assertThat(Files.readAllLines(outDir.resolve("metadata.ndjson")))
                .anySatisfy(line -> assertThat(line).contains("\"entityType\":\"table\"", "\"name\":\"departments\""));
        assertThat(Files.readAllLines(outDir.resolve("lineage.ndjson"))).isNotEmpty();
        assertThat(console).contains("records and reports are in " + outDir.toAbsolutePath());
    }

    /** An --out that cannot be a folder is a usage problem, told before the database starts. */
    @Test
    void anOutputFolderThatCannotBeWrittenIsRefusedBeforeTheDatabaseStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        for (String out : new String[] {file.toString(), "/proc/metaingest-demo"}) {
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            PrintStream stream = new PrintStream(console, true, StandardCharsets.UTF_8);

            int exit = Main.execute(new Main(stream, stream, plugins -> new Metaingest(
                    ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), plugins), Mappers.standard(),
                    Clock.systemUTC(), Map.<String, String>of()::get)), "demo", "--out", out);

            String printed = console.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(printed.lines().toList()).as(printed).hasSize(1);
            assertThat(printed).startsWith("--out: ").contains(out).doesNotContain("Exception", "starting an embedded");
        }
    }
}
