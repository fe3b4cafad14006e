package io.metaingest.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The {@code -c} option's own problem, told before anything reads it: an empty value (an unset variable,
 * say) is {@code Path.of("")}, the working directory, which the loader would call a folder at the root path.
 */
final class ConfigOption {

    /** The line an empty {@code -c} gets. */
    static final String EMPTY = "-c: empty; give the workflow file's path";

    private ConfigOption() {
    }

    /** Whether {@code config} is empty, having said so on {@code err}; the command then exits 2. */
    static boolean refusedEmpty(Path config, PrintStream err) {
        if (config == null || !config.toString().isBlank()) {
            return false;
        }
        err.println(EMPTY);
        return true;
    }
}
