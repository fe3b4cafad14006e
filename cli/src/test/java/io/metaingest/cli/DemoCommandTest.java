package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.demo.DemoDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaingest demo}: the sample database into NDJSON files, the password handed over, never written. */
class DemoCommandTest {

    @TempDir
    Path dir;

    /** Runs {@code metaingest demo --out out} in an empty process environment, printing into {@code cli}. */
    private static int demo(CapturedCli cli, String out) {
        return Main.execute(cli.main(CapturedCli.discovering(Map.of())), "demo", "--out", out);
    }

    @Test
    void ingestsTheSampleDatabaseWithThePasswordHandedToTheRunsNotWrittenIntoTheirFiles() throws Exception {
        CapturedCli cli = new CapturedCli();
        Path outDir = dir.resolve("demo-out");

        // An empty process environment: the password's variable can only come from the command itself.
        int exit = demo(cli, outDir.toString());

        String console = cli.console();
        assertThat(exit).as(console).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(outDir.resolve("metadata.yaml"))).contains("${" + DemoDatabase.PASSWORD_VARIABLE + "}");
        assertThat(Files.readAllLines(outDir.resolve("metadata.ndjson")))
                .anySatisfy(line -> assertThat(line).contains("\"entityType\":\"table\"", "\"name\":\"departments\""));
        assertThat(Files.readAllLines(outDir.resolve("lineage.ndjson"))).isNotEmpty();
        assertThat(console).contains("records and reports are in " + outDir.toAbsolutePath());
    }

    /**
     * A temporary folder programs cannot run from (a /tmp mounted noexec) and no cache folder to fall back on: one
     * line naming the folder and the fix, not the server library's bare "Process [initdb …] failed" (exit 1).
     */
    @Test
    void aServerThatCannotStartIsOneLineWithTheFix() throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("tmp-is-a-file"), "x");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + notAFolder, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "demo", "--out", dir.resolve("out").toString()).redirectErrorStream(true);
        builder.environment().remove("HOME");
        builder.environment().remove("XDG_CACHE_HOME");
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(printed).isEqualTo(ExitCodes.FAILED);
        assertThat(printed).as(printed).contains("error: cannot start the embedded PostgreSQL: programs cannot run from "
                + notAFolder + " (a folder mounted noexec?); point the JVM's temporary folder at one where they can:"
                + " METAINGEST_JAVA_OPTS=-Djava.io.tmpdir=<folder>\n").doesNotContain("Exception", "\tat ");
    }

    /** An --out that cannot be a folder is a usage problem, told before the database starts. */
    @Test
    void anOutputFolderThatCannotBeWrittenIsRefusedBeforeTheDatabaseStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        for (String out : new String[] {file.toString(), "/proc/metaingest-demo"}) {
            CapturedCli cli = new CapturedCli();

            int exit = demo(cli, out);

            String printed = cli.console();
            assertThat(exit).as(printed).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(printed.lines().toList()).as(printed).hasSize(1);
            assertThat(printed).startsWith("--out: ").contains(out).doesNotContain("Exception", "starting an embedded");
        }
    }

    /**
     * A second demo in the folder of one still going on: one line saying so, before its database starts, where it
     * used to rewrite the first's workflow files (the first then failed on the second's server, exit 3).
     */
    @Test
    void aFolderInUseByAnotherDemoIsRefusedBeforeTheDatabaseStarts() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("shared-out"));
        Files.writeString(outDir.resolve("metadata.yaml"), "# the first demo's file\n");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FolderHolder.class.getName(),
                outDir.resolve(DemoFolderClaim.LOCK_FILE).toString()).redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(said.readLine()).isEqualTo("holding");
            CapturedCli cli = new CapturedCli();

            int exit = demo(cli, outDir.toString());

            String printed = cli.console();
            assertThat(exit).as(printed).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(printed).as(printed).isEqualTo("--out: " + outDir.toAbsolutePath() + " is in use by another demo"
                    + " still going on; wait for it to end, or give this one a folder of its own\n");
            assertThat(Files.readString(outDir.resolve("metadata.yaml"))).isEqualTo("# the first demo's file\n");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }

    /** Another process's demo, as far as its hold on the folder goes: locks the file until its stdin closes. */
    static final class FolderHolder {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock();
                System.out.println("holding");
                System.out.flush();
                System.in.read();
            }
        }
    }
}
