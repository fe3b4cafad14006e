package io.metaingest.runtime.output;

import java.io.PrintStream;

/**
 * The run's standard output, as steps may inject it.
 *
 * @param stream where records printed by the console sink go
 * @param terminal whether {@code stream} is a terminal (human-readable lines) or not (JSON lines)
 */
public record ConsoleOutput(PrintStream stream, boolean terminal) {
}
