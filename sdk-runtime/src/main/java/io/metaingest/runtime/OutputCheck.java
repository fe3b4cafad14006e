package io.metaingest.runtime;

import io.metaingest.openmetadata.MetadataRestSinkConfig;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.sink.FileSink;
import io.metaingest.runtime.sink.WritableFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks what a run will write to, before it connects to anything, so that an unwritable path or a
 * sink without its server is an invalid configuration (exit 2) rather than a failure found once the
 * run has started. An
 * output may not be the workflow file itself, and the report may not be the sink's file: the run
 * would replace the one with the other.
 */
public final class OutputCheck {

    private OutputCheck() {
    }

    /**
     * The problems of the workflow's outputs: the {@code file} sink's path, and the server settings
     * the {@code metadata-rest} sink needs (without them the run would fail only once it started).
     */
    public static List<ConfigProblem> problems(LoadedWorkflow workflow, Path workflowFile) {
        List<ConfigProblem> problems = new ArrayList<>();
        sinkPath(workflow)
                .flatMap(path -> WritableFile.problem(path).map(problem -> problem + "; choose a writable path")
                        .or(() -> sameFile(path, workflowFile)
                                ? Optional.of(path + " is the workflow file itself, which the records would replace;"
                                + " choose another path") : Optional.empty()))
                .ifPresent(problem -> problems.add(new ConfigProblem("sink.config.path", problem)));
        if (workflow.sink().map(sink -> sink.config()).filter(MetadataRestSinkConfig.class::isInstance).isPresent()) {
            OpenMetadataConnections.missing(workflow.settings()).ifPresent(missing -> problems.add(new ConfigProblem(
                    missing.path(), "missing; the metadata-rest sink writes to that server: " + missing.fix())));
        }
        return List.copyOf(problems);
    }

    /** The problem of the {@code --report} file, if any. */
    public static Optional<ConfigProblem> reportProblem(Path report, Path workflowFile) {
        return WritableFile.problem(report).map(problem -> problem + "; choose a writable path")
                .or(() -> sameFile(report, workflowFile)
                        ? Optional.of(report + " is the workflow file itself, which the report would replace;"
                        + " choose another path") : Optional.empty())
                .map(problem -> new ConfigProblem("--report", problem));
    }

    /** The problem of a {@code --report} file that is also the {@code file} sink's, if so. */
    public static Optional<ConfigProblem> reportClash(Path report, LoadedWorkflow workflow) {
        return sinkPath(workflow).filter(path -> sameFile(path, report)).map(path -> new ConfigProblem("--report",
                report + " is also sink.config.path, and one file cannot hold both the report and the records;"
                        + " choose another path"));
    }

    private static Optional<Path> sinkPath(LoadedWorkflow workflow) {
        return workflow.sink()
                .map(sink -> sink.config())
                .filter(FileSink.Config.class::isInstance)
                .map(config -> Path.of(FileSink.Config.class.cast(config).path()));
    }

    /** One file under two names: the same absolute path, or (both existing) the same file through links. */
    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
