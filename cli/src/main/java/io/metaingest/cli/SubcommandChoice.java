package io.metaingest.cli;

import io.metaingest.runtime.config.Suggestions;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The choice of a command under one that has commands of its own ({@code metaingest}, {@code metaingest connectors}):
 * told alike at every level when it is missing or mistyped, as a usage error (exit 2).
 */
final class SubcommandChoice {

    private SubcommandChoice() {
    }

    /** No command given: the parent's usage and a line saying one is required, on stderr; exit 2. */
    static int missing(CommandLine parent, PrintStream err) {
        parent.usage(err);
        err.println(parent.getCommandSpec().qualifiedName() + ": a command is required");
        return ExitCodes.INVALID_CONFIG;
    }

    /**
     * One line for a word picocli could not match where a command was expected ({@code metaingest ingst}, {@code
     * metaingest connectors lst}): the word as typed from the top level, the likely command, and where the commands
     * are listed. Empty when the level has no commands, or the first word left over is an option (or none is).
     */
    static Optional<String> unknown(CommandLine.UnmatchedArgumentException unmatched) {
        CommandLine parent = unmatched.getCommandLine();
        List<String> leftOver = unmatched.getUnmatched();
        if (parent.getSubcommands().isEmpty() || leftOver.isEmpty() || leftOver.get(0).startsWith("-")) {
            return Optional.empty();
        }
        String qualified = parent.getCommandSpec().qualifiedName();
        String root = parent.getCommandSpec().root().name();
        // "connectors lst" at the connectors level: the command words as the user typed them, without the program's.
        String path = qualified.substring(root.length()).strip();
        String prefix = path.isEmpty() ? "" : path + " ";
        String typed = leftOver.get(0);
        String meant = Suggestions.closest(typed, parent.getSubcommands().keySet())
                .map(name -> "; did you mean '" + prefix + name + "'?").orElse("");
        return Optional.of("unknown command '" + prefix + typed + "'" + meant + " (" + qualified
                + " --help lists the commands)");
    }
}
