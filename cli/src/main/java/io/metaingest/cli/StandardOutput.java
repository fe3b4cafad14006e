package io.metaingest.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The process's standard output as a {@link PrintStream} that also knows why a write failed: a
 * PrintStream keeps only that one did ({@link #checkError()}). A reader that stopped reading
 * ({@code | head -1}: EPIPE) ends the command quietly, as the shell's own tools end on SIGPIPE; a
 * full disk ({@code > /dev/full}: ENOSPC) is an error the command reports.
 */
final class StandardOutput extends PrintStream {

    private final FailureKeeping target;

    /** Auto-flushing, UTF-8, over {@code target} (the process's file descriptor 1). */
    StandardOutput(OutputStream target) {
        this(new FailureKeeping(target));
    }

    private StandardOutput(FailureKeeping target) {
        super(target, true, StandardCharsets.UTF_8);
        this.target = target;
    }

    /** Whether writing failed because the reader closed its end of the pipe (EPIPE). */
    boolean readerClosed() {
        IOException failure = target.failure;
        // The JDK words EPIPE as the C library does: "Broken pipe" (German: "... (broken pipe)"). Any other
        // wording (another locale) counts as a failure: reported, never silently lost.
        return failure != null && failure.getMessage() != null
                && failure.getMessage().toLowerCase(Locale.ROOT).contains("broken pipe");
    }

    /** Passes everything on and keeps the first failure, which the PrintStream above swallows. */
    private static final class FailureKeeping extends FilterOutputStream {
        private volatile IOException failure;

        FailureKeeping(OutputStream target) {
            super(target);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw kept(e);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw kept(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw kept(e);
            }
        }

        private IOException kept(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
