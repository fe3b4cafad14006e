package io.metaingest.runtime.exec;

import io.metaingest.runtime.files.RunProcess;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.StepError;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.files.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the JSON run report, atomically (write to a temporary file, then move), so a reader never
 * sees half a report, and a heartbeat rewrite never leaves a broken file behind. The text passes
 * through the run's {@link SecretMasker}. The report names the process writing it ({@link RunProcess}),
 * so {@code metaingest status} can tell a live run from one whose process is gone.
 */
public final class RunReportWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RunReportWriter.class);

    private final Optional<Path> path;
    private final ObjectMapper mapper;
    private final SecretMasker masker;
    /** Set once a final state was written: a heartbeat still under way must not turn it back to running. */
    private boolean ended;

    /** Writes to {@code path} when present; does nothing otherwise. */
    public RunReportWriter(Optional<Path> path, ObjectMapper mapper, SecretMasker masker) {
        this.path = path.map(OutputFiles::followLinks);
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.masker = masker;
    }

    /** The report file, if any. */
    public Optional<Path> path() {
        return path;
    }

    /**
     * Replaces the report with {@code result}; a failure is logged, never thrown. Once a final state
     * has been written, a report still running (the heartbeat's, racing a stop) is not written.
     */
    public synchronized void write(RunResult result) {
        write(result, List.of());
    }

    /**
     * As {@link #write(RunResult)}, for a workflow refused before it ran: {@code problems}, every problem line
     * (its {@code fatalError} names only the first), go in the report's {@code problems}, masked as the rest is.
     */
    public synchronized void write(RunResult result, List<String> problems) {
        write(result, problems, java.util.Map.of());
    }

    /**
     * As {@link #write(RunResult, List)}, with {@code fields} added to the report as text: what the caller knows of
     * a run that has not started (the workflow file of a queued one), which {@link RunResult} does not hold.
     */
    public synchronized void write(RunResult result, List<String> problems, java.util.Map<String, String> fields) {
        if (path.isEmpty() || ended && !result.state().isFinal()) {
            return;
        }
        ended |= result.state().isFinal();
        Path target = path.get();
        try {
            ObjectNode report = mapper.valueToTree(result);
            if (result.sourceType() == null || result.endedBy() == EndedBy.INVALID_CONFIGURATION) {
                // No workflow ran (queued, refused, or stopped before it): its success is not known, and 0 in its
                // place would read as a run that did nothing right; nor is its threshold, unless the refused file
                // told it (or left the default), and 0 would read as a threshold of 0 %.
                report.remove("success");
                if (result.endedBy() != EndedBy.INVALID_CONFIGURATION) {
                    report.remove("successThreshold");
                }
            }
            if (!problems.isEmpty()) {
                report.set("problems", mapper.valueToTree(problems));
            }
            fields.forEach(report::put);
            RunProcess.current().writeInto(report);
            OutputFiles.replace(target, masker.mask(mapper.writeValueAsString(report)));
        } catch (IOException e) {
            LOG.warn("cannot write the run report {}: {}", target, StepError.oneLine(e));
        }
    }
}
