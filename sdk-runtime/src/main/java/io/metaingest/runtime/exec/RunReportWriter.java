package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.metaingest.api.StepError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the JSON run report, atomically (write to a temporary file, then move), so a reader never
 * sees half a report, and a heartbeat rewrite never leaves a broken file behind.
 */
final class RunReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RunReportWriter.class);

    private final Optional<Path> path;
    private final ObjectMapper mapper;

    RunReportWriter(Optional<Path> path, ObjectMapper mapper) {
        this.path = path.map(Path::toAbsolutePath);
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    Optional<Path> path() {
        return path;
    }

    synchronized void write(RunResult result) {
        if (path.isEmpty()) {
            return;
        }
        Path target = path.get();
        try {
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            mapper.writeValue(temporary.toFile(), result);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the run report {}: {}", target, StepError.oneLine(e));
        }
    }
}
