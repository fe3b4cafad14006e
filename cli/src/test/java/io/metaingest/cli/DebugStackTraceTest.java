package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --debug} prints the stack trace of what ended a run; without it, one line and no trace. */
class DebugStackTraceTest {

    @TempDir
    Path dir;

    private Path unreachable() throws Exception {
        return Files.writeString(dir.resolve("down.yaml"),
                ShelfWorkflows.toFile(dir.resolve("out.ndjson"), "hostPort: \"down:1\", books: [a]"));
    }

    @Test
    void aConnectionFailureOfAnIngestShowsItsStackTraceOnlyWithDebug() throws Exception {
        try (ChildCli plain = ChildCli.start(dir, null, "ingest", "-c", unreachable().toString())) {
            assertThat(plain.exitCode()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
            String err = String.join("\n", plain.errLines());
            assertThat(err).contains("connection failed").doesNotContain("\tat ");
        }
        try (ChildCli debug = ChildCli.start(dir, null, "--debug", "ingest", "-c", unreachable().toString())) {
            assertThat(debug.exitCode()).isEqualTo(ExitCodes.CONNECTION_FAILURE);
            String err = String.join("\n", debug.errLines());
            assertThat(err).contains("connection failed").contains("ConnectionException").contains("\tat ");
        }
    }
}
