package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import io.metaingest.testkit.canary.Canary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command run in-process through {@link Main#execute} (an embedding application, a test) masks
 * its secrets in the log too: the shared Shelf test connector, asked to leak, logs the canary password and
 * the Basic header made from it while the process's own {@code System.err} is a plain stream.
 */
class InProcessLogMaskingTest {

    @TempDir
    Path dir;

    @Test
    void connectorLogLinesAreMaskedWithoutTheProcessStreamsBeingReplaced() throws Exception {
        Path workflow = shelfWorkflow("leaky", "books: [a, b], username: alice, password: " + Canary.PASSWORD + ", leak: true");
        CapturedCli cli = new CapturedCli();
        int[] code = new int[1];
        String logged = stderrOf(() -> code[0] = cli.run("ingest", "-c", workflow.toString()));

        assertThat(code[0]).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(logged).contains("the server answered").contains("******");
        Canary.allForms().forEach((form, text) -> assertThat(logged).as(form).doesNotContain(text));
    }

    @Test
    void theLogIsNoLongerMaskedForACommandThatEnded() throws Exception {
        Path workflow = shelfWorkflow("ended", "books: [a], password: ended-secret-7Qx");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.execute(new Main(quiet, quiet, Metaingest::discover), "ingest", "-c", workflow.toString()))
                .isEqualTo(ExitCodes.OK);

        // A secret of a finished command is not kept for ever: the log masks only commands in progress.
        LogMasking.STDERR.flush();
        String logged = stderrOf(() -> org.slf4j.LoggerFactory.getLogger(InProcessLogMaskingTest.class)
                .warn("value ended-secret-7Qx"));
        assertThat(logged).contains("value ended-secret-7Qx");
    }

    /** A metadata workflow of the shared Shelf connector into a file sink, with these connection fields. */
    private Path shelfWorkflow(String name, String connectionFields) throws Exception {
        return Files.writeString(dir.resolve(name + ".yaml"),
                ShelfWorkflows.toFile(dir.resolve(name + ".ndjson"), "hostPort: \"shelf:1\", " + connectionFields));
    }

    /** What the process's {@code System.err} received while {@code action} ran, a plain stream in place of it. */
    private static String stderrOf(Runnable action) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream processErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(processErr);
        }
        return log.toString(StandardCharsets.UTF_8);
    }
}
