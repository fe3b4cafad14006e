package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.exec.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the {@code --report} file holds the run's final state. Writing it can fail (a full disk)
 * after the records have landed; an orchestrator reading the file would then see a stale state, so
 * the command must not end as a plain success.
 */
final class FinalReport {

    /** Reading a tree needs none of the run's modules. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FinalReport() {
    }

    /** The line to print when the file does not hold the run's final state; empty when it does. */
    static Optional<String> missing(Path report, RunResult result) {
        JsonNode written = read(report);
        if (written != null && result.pipelineRunId().equals(written.path("pipelineRunId").asText(null))
                && result.state().value().equals(written.path("state").asText(null))) {
            return Optional.empty();
        }
        String other = written == null ? null : written.path("pipelineRunId").asText(null);
        if (other != null && !other.equals(result.pipelineRunId())) {
            // Two runs given one --report: the other's write came last (its warning is above).
            return Optional.of("error: " + report.toAbsolutePath() + " holds another run's state (run " + other + ", "
                    + written.path("state").asText("?") + "), written over this run's final state; whatever reads that"
                    + " file does not know how this run ended: give each run its own --report");
        }
        return Optional.of("error: the final state could not be written to " + report.toAbsolutePath()
                + " (see the warning above); whatever reads that file does not know how the run ended");
    }

    private static JsonNode read(Path report) {
        try {
            return MAPPER.readTree(report.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
