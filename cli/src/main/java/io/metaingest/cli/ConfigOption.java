package io.metaingest.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The file options' own problem, told before anything reads them: an empty value (an unset variable, say) is
 * {@code Path.of("")}, the working directory, which {@code -c}'s loader would call a folder at the root path and
 * {@code --report} or {@code -o} a folder to give a file name instead of.
 */
final class ConfigOption {

    /** The line an empty {@code -c} gets. */
    static final String EMPTY = "-c: empty; give the workflow file's path";

    private ConfigOption() {
    }

    /** Whether {@code config} is empty, having said so on {@code err}; the command then exits 2. */
    static boolean refusedEmpty(Path config, PrintStream err) {
        return refusedEmpty("-c", config, "the workflow file's path", err);
    }

    /**
     * Whether the file option {@code option} was given an empty {@code value}, having said so on {@code err} with
     * what to {@code give}; the command then exits 2. Any file option: each would otherwise name the working folder.
     */
    static boolean refusedEmpty(String option, Path value, String give, PrintStream err) {
        if (value == null || !value.toString().isBlank()) {
            return false;
        }
        err.println(option + ": empty; give " + give);
        return true;
    }
}
