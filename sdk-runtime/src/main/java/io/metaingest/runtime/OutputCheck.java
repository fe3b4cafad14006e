package io.metaingest.runtime;

import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.sink.FileSink;
import io.metaingest.runtime.sink.WritableFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks the files a run will write, before it connects to anything, so that an unwritable path is
 * an invalid configuration (exit 2) rather than a failure found after the source has been read.
 */
public final class OutputCheck {

    private OutputCheck() {
    }

    /** The problems of the workflow's output files: the {@code file} sink's path. */
    public static List<ConfigProblem> problems(LoadedWorkflow workflow) {
        return workflow.sink()
                .map(sink -> sink.config())
                .filter(FileSink.Config.class::isInstance)
                .flatMap(config -> WritableFile.problem(Path.of(FileSink.Config.class.cast(config).path())))
                .map(problem -> List.of(new ConfigProblem("sink.config.path", problem + "; choose a writable path")))
                .orElse(List.of());
    }

    /** The problem of the {@code --report} file, if any. */
    public static Optional<ConfigProblem> reportProblem(Path report) {
        return WritableFile.problem(report).map(problem -> new ConfigProblem("--report", problem
                + "; choose a writable path"));
    }
}
