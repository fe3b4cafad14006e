package io.metaingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunResult;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether the {@code --report} file holds the run's final state. Writing it can fail (a full disk)
 * after the records have landed; an orchestrator reading the file would then see a stale state, so
 * the command must not end as a plain success.
 */
final class FinalReport {

    private static final ObjectMapper MAPPER = Mappers.standard();

    private FinalReport() {
    }

    /** True when the file names this run and its final state. */
    static boolean written(Path report, RunResult result) {
        try {
            JsonNode written = MAPPER.readTree(report.toFile());
            return written != null && result.pipelineRunId().equals(written.path("pipelineRunId").asText(null))
                    && MAPPER.valueToTree(result.state()).asText().equals(written.path("state").asText(null));
        } catch (IOException e) {
            return false;
        }
    }
}
