package io.metaingest.runtime;

import io.metaingest.openmetadata.MetadataRestSinkConfig;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.OutputSteps;
import io.metaingest.runtime.exec.PlannedOutputs;
import io.metaingest.runtime.files.OutputFiles;
import io.metaingest.runtime.sink.FileSink;
import io.metaingest.runtime.sink.WritableFile;
import io.metaingest.runtime.usage.MetadataUsageBulkSink;
import io.metaingest.runtime.usage.TableUsageStage;
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

    private static final String SINK_PATH = "sink.config.path";
    private static final String BULK_SINK_PATH = "bulkSink.config.path";

    private OutputCheck() {
    }

    /**
     * The problems of the workflow's outputs: the files the run writes records to (the {@code file}
     * sink's, the {@code metadata-usage} bulk sink's), the {@code table-usage} stage's folder (and that
     * the bulk sink reads that folder), and the
     * server settings the {@code metadata-rest} sink needs (without them the run would fail only once
     * it started). {@code workflowFile} is null for a workflow held in memory (no file to overwrite).
     */
    public static List<ConfigProblem> problems(LoadedWorkflow workflow, Path workflowFile) {
        List<ConfigProblem> problems = new ArrayList<>(fileProblems(OutputSteps.of(workflow), workflowFile));
        serverProblem(workflow, "ingestionPipelineFQN").ifPresent(problems::add);
        problems.addAll(tlsProblems(workflow));
        return List.copyOf(problems);
    }

    /**
     * The problems of the server's {@code verifySSL} and the PEM files {@code sslConfig} names. OpenMetadata's
     * workflow makes its server client whatever the steps, so they are checked whenever the server is configured.
     */
    public static List<ConfigProblem> tlsProblems(LoadedWorkflow workflow) {
        return io.metaingest.openmetadata.ServerTls.problems(workflow.settings().openMetadataServerConfig()).stream()
                .map(problem -> new ConfigProblem(problem.path(), problem.message())).toList();
    }

    /**
     * The problems of the files and folder the output steps write to, as {@link #problems} tells them: also for a
     * workflow refused for other problems ({@link InvalidConfigException#outputs()}), so that every problem is told at once.
     */
    public static List<ConfigProblem> fileProblems(OutputSteps steps, Path workflowFile) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Output output : files(steps)) {
            WritableFile.problem(output.path())
                    .map(problem -> withFix(problem, notAFile(problem) ? output.notAFile() : "choose a writable path"))
                    .or(() -> workflowFile != null && sameFile(output.path(), workflowFile)
                            ? Optional.of(output.path() + " is the workflow file itself, which the records would replace;"
                            + " choose another path") : Optional.empty())
                    .ifPresent(problem -> problems.add(new ConfigProblem(output.setting(), problem)));
        }
        stagingFolder(steps).ifPresent(folder -> WritableFile.folderProblem(folder.path())
                .ifPresent(problem -> problems.add(new ConfigProblem(folder.setting(),
                        withFix(problem, "choose a writable folder")))));
        stagingMismatch(steps).ifPresent(problems::add);
        return List.copyOf(problems);
    }

    /**
     * What the run lacks to reach the OpenMetadata server it uses, if anything: the {@code metadata-rest}
     * sink writes there, and an ingestion pipeline ({@code ingestionPipelineFQN}) is told the run's
     * state there. Without the settings the run would fail only once it started, as a connection failure.
     *
     * @param fqnOrigin where the ingestion pipeline was named, for the fix: {@code ingestionPipelineFQN}, or
     *        {@code the ingestionPipelineFQN environment variable}
     */
    public static Optional<ConfigProblem> serverProblem(LoadedWorkflow workflow, String fqnOrigin) {
        Optional<OpenMetadataConnections.MissingSetting> missing = OpenMetadataConnections.missing(workflow.settings());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        if (workflow.sink().map(sink -> sink.config()).filter(MetadataRestSinkConfig.class::isInstance).isPresent()) {
            return Optional.of(new ConfigProblem(missing.get().path(),
                    "missing; the metadata-rest sink writes to that server: " + missing.get().fix()));
        }
        return workflow.ingestionPipelineFqn().map(fqn -> new ConfigProblem(missing.get().path(), "missing;"
                + " ingestionPipelineFQN " + fqn + " is an ingestion pipeline on that server, which is told the run's"
                + " state: " + missing.get().fix() + ", or remove " + fqnOrigin));
    }

    /**
     * Where the {@code file} sink and the {@code metadata-usage} bulk sink will write, named as those
     * steps name their destination (absolute, links followed), for a run that ends before creating them.
     */
    public static PlannedOutputs planned(LoadedWorkflow workflow) {
        List<Output> files = files(OutputSteps.of(workflow));
        return new PlannedOutputs(destination(files, SINK_PATH), destination(files, BULK_SINK_PATH));
    }

    private static Optional<String> destination(List<Output> files, String setting) {
        return files.stream().filter(output -> output.setting().equals(setting)).findFirst()
                .map(output -> OutputFiles.followLinks(output.path()).toString());
    }

    /** The problem of the {@code --report} file, if any; {@code workflowFile} is null for a workflow held in memory. */
    public static Optional<ConfigProblem> reportProblem(Path report, Path workflowFile) {
        return WritableFile.problem(report).map(problem -> withFix(problem, notAFile(problem) ? "give a file path" : "choose a writable path"))
                .or(() -> workflowFile != null && sameFile(report, workflowFile)
                        ? Optional.of(report + " is the workflow file itself, which the report would replace;"
                        + " choose another path") : Optional.empty())
                .map(problem -> new ConfigProblem("--report", problem));
    }

    /** The problem of a {@code --report} file that is also a file the run writes records to, if so. */
    public static Optional<ConfigProblem> reportClash(Path report, LoadedWorkflow workflow) {
        return files(OutputSteps.of(workflow)).stream().filter(output -> sameFile(output.path(), report)).findFirst()
                .map(output -> new ConfigProblem("--report", report + " is also " + output.setting()
                        + ", and one file cannot hold both the report and the records; choose another path"));
    }

    /** A problem saying the path is no file to write (a device, a pipe, /dev/stdout). */
    private static boolean notAFile(String problem) {
        return problem.endsWith(WritableFile.NOT_REGULAR) || problem.endsWith(WritableFile.DESCRIPTOR);
    }

    /**
     * The problem with {@code fix} after it, unless it says its own fix already ("… is a folder; give a
     * file name"): one line, one fix.
     */
    private static String withFix(String problem, String fix) {
        return problem.contains("; ") ? problem : problem + "; " + fix;
    }

    /** A path the run writes to, with the setting that names it and the fix when it is no file (/dev/stdout). */
    private record Output(String setting, Path path, String notAFile) {
        Output(String setting, Path path) {
            this(setting, path, "give a file path");
        }
    }

    /** The files the run writes records to: the {@code file} sink's, the {@code metadata-usage} bulk sink's. */
    private static List<Output> files(OutputSteps steps) {
        List<Output> files = new ArrayList<>();
        steps.sink().filter(FileSink.Config.class::isInstance)
                .map(config -> FileSink.Config.class.cast(config).path())
                .ifPresent(path -> files.add(new Output(SINK_PATH, Path.of(path),
                        "give a file path, or print the records with sink: {type: console}")));
        steps.bulkSink().filter(MetadataUsageBulkSink.Config.class::isInstance)
                .map(config -> MetadataUsageBulkSink.Config.class.cast(config).path()).filter(path -> !path.isBlank())
                .ifPresent(path -> files.add(new Output(BULK_SINK_PATH, Path.of(path))));
        return files;
    }

    /** The {@code table-usage} stage's folder, which it creates and writes into. */
    private static Optional<Output> stagingFolder(OutputSteps steps) {
        return steps.stage().filter(TableUsageStage.Config.class::isInstance)
                .map(config -> TableUsageStage.Config.class.cast(config).filename()).filter(name -> !name.isBlank())
                .map(name -> new Output("stage.config.filename", Path.of(name)));
    }

    /**
     * The {@code metadata-usage} bulk sink reading another folder than the {@code table-usage} stage
     * writes: OpenMetadata names the one folder twice, and two names would stage everything and
     * publish nothing.
     */
    private static Optional<ConfigProblem> stagingMismatch(OutputSteps steps) {
        Optional<Output> staged = stagingFolder(steps);
        Optional<String> read = steps.bulkSink()
                .filter(MetadataUsageBulkSink.Config.class::isInstance)
                .map(config -> MetadataUsageBulkSink.Config.class.cast(config).filename()).filter(name -> !name.isBlank());
        if (staged.isEmpty() || read.isEmpty() || sameFile(staged.get().path(), Path.of(read.get()))) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem("bulkSink.config.filename", read.get() + " is not the stage's folder ("
                + staged.get().setting() + ": " + staged.get().path() + "); the bulk sink reads what the stage wrote:"
                + " give both the same folder"));
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
