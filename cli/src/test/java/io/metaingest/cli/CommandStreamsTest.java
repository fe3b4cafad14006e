package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.mask.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What a command prints reaches the process's streams a whole line at a time, masked as a whole. */
class CommandStreamsTest {

    /** Records each write it is given, as the process's stderr would see system calls. */
    private static final class Writes extends OutputStream {
        final List<String> writes = new ArrayList<>();

        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLinePrintedInPiecesIsMaskedWholeAndWrittenOnce() {
        Writes process = new Writes();
        Main main = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(process, true, StandardCharsets.UTF_8), Metaingest::discover);
        main.mask(SecretMasker.of(List.of("hunter22")));

        // printf hands its stream each field and each pad on its own, the secret split over two arguments.
        main.err().printf(Locale.ROOT, "%-12s %9s%s%n", "step", "hun", "ter22");
        main.err().printf(Locale.ROOT, "%-12s %9d%n", "file", 42);

        assertThat(process.writes).containsExactly("step               ******\n",
                "file                42\n");
    }

    @Test
    void aLastLineWithoutALineEndIsWrittenWhenTheCommandEnds() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Metaingest::discover);
        main.err().print("no line end yet");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();

        assertThat(Main.execute(main, "--version")).isEqualTo(ExitCodes.OK);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("no line end yet");
    }
}
