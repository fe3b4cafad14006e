package io.metaingest.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink path that is, or leads to, a descriptor of the process ({@code /dev/stdout}) is refused whatever the
 * descriptor is redirected to: followed to a redirected log file, the run replaced the log with its records.
 */
class DescriptorPathTest {

    private static final String REFUSAL = "sink.config.path: /dev/stdout" + WritableFile.DESCRIPTOR
            + "; give a file path, or print the records with sink: {type: console}";

    @TempDir
    Path dir;

    @Test
    void devStdoutIsRefusedWithStdoutAppendedToALogFile() throws Exception {
        Path log = dir.resolve("cron.log");
        Files.writeString(log, "l1\nl2\n");
        Process child = child().redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr).isEqualTo(REFUSAL + "\n");
        assertThat(Files.readString(log)).isEqualTo("l1\nl2\n");
    }

    @Test
    void devStdoutIsRefusedWithStdoutAPipe() throws Exception {
        Process child = child().start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr).isEqualTo(REFUSAL + "\n");
    }

    /** /proc/self/fd/N, /dev/fd/N, /proc/PID/fd/N and links to them, with N an open regular file, are refused too. */
    @Test
    void descriptorsOfAnOpenFileAndLinksToThemAreRefused() throws Exception {
        Path open = dir.resolve("open.log");
        Files.writeString(open, "kept\n");
        try (FileOutputStream stream = new FileOutputStream(open.toFile(), true)) {
            String fd = descriptorOf(open);
            Path linkToDescriptor = Files.createSymbolicLink(dir.resolve("out.ndjson"), Path.of("/proc/self/fd/" + fd));
            Path linkToFdFolder = Files.createSymbolicLink(dir.resolve("fds"), Path.of("/proc/self/fd"));
            for (Path path : new Path[] {Path.of("/proc/self/fd/" + fd), Path.of("/dev/fd/" + fd),
                    Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + fd), linkToDescriptor,
                    linkToFdFolder.resolve(fd)}) {
                assertThat(WritableFile.problem(path)).as(path.toString())
                        .hasValue(path + WritableFile.DESCRIPTOR);
            }
        }
        assertThat(Files.readString(open)).isEqualTo("kept\n");
        // A plain file and a link to one are still fine.
        Path plain = Files.createSymbolicLink(dir.resolve("plain-link"), open);
        assertThat(WritableFile.problem(open)).isEmpty();
        assertThat(WritableFile.problem(plain)).isEmpty();
    }

    private static String descriptorOf(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(file);
                } catch (IOException e) {
                    return false; // a descriptor closed while listed
                }
            }).map(fd -> fd.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private ProcessBuilder child() throws IOException {
        Path workflow = dir.resolve("wf.yaml");
        Files.writeString(workflow, ShelfWorkflows.shelfSource("""
                hostPort: "shelf:1"
                password: tok-SECRET-123
                """) + """
                sink:
                  type: file
                  config: {path: /dev/stdout}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                workflow.toString()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }

    /** Loads the workflow as ingest does, with this process's own stdout: its problems on stderr and exit 2. */
    public static final class Child {
        public static void main(String[] args) {
            Metaingest runtime = ShelfWorkflows.runtime(new ShelfSpec());
            try {
                runtime.load(Path.of(args[0]));
                System.exit(0);
            } catch (InvalidConfigException e) {
                e.problems().stream().map(ConfigProblem::toString).forEach(System.err::println);
                System.exit(2);
            }
        }
    }
}
