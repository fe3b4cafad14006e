package io.metaingest.cli;

import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of the process's streams is a terminal. {@code System.console()} answers for standard input and
 * output together, but the progress line is drawn on standard error: {@code ingest … 2>run.log} at a
 * terminal would write its frames into the log. Standard error is taken for a terminal only when Linux
 * says so ({@code /proc/self/fd/2} links to a terminal device); elsewhere, or when unsure, it is not.
 */
final class Terminals {

    private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

    private Terminals() {
    }

    /** Whether standard error is a terminal, so a progress line drawn on it is seen, not logged. */
    static boolean standardError() {
        return isTerminal(STANDARD_ERROR);
    }

    /**
     * The {@code terminal} of a run of {@code workflow}: for the {@code console} sink, whose records go to
     * standard output as lines for a reader (the run draws no progress line then), whether that is a
     * terminal; for any other sink, where it only decides the progress line, whether standard error is.
     */
    static boolean forRun(LoadedWorkflow workflow) {
        boolean consoleSink = workflow.sink().map(StepConfig::name).filter("console"::equals).isPresent();
        return consoleSink ? System.console() != null : standardError();
    }

    /** Whether the file descriptor link {@code fd} (as under {@code /proc/self/fd}) leads to a terminal device. */
    static boolean isTerminal(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // no /proc (macOS, Windows), or not allowed to look: no progress line
        }
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
