package io.metaingest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each fault drill's figures to {@code target/fault-drills.txt}, for the record. */
final class DrillFigures {

    private DrillFigures() {
    }

    static synchronized void record(String drill, int faults, long recordsLost) {
        String line = drill + ": faults injected " + faults + ", records lost " + recordsLost + System.lineSeparator();
        try {
            Files.writeString(Path.of("target", "fault-drills.txt"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
