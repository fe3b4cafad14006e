package io.metaingest.cli;

import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.RunResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest ingest -c FILE [--report FILE]}. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Run an ingestion workflow.")
final class IngestCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file (YAML or JSON)")
    Path config;

    @Option(names = "--report", paramLabel = "FILE", description = "write the JSON run report here")
    Path report;

    @Override
    public Integer call() {
        Metaingest runtime = main.runtime();
        LoadedWorkflow workflow;
        try {
            workflow = runtime.load(config);
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        }
        Logging.apply(main.debug(), workflow.settings().loggerLevel());
        workflow.warnings().forEach(w -> main.err().println("warning: " + w));
        RunResult result = runtime.run(workflow, Optional.ofNullable(report), main.out(), System.console() != null);
        Printer.summary(result, main.out());
        return Printer.exitCode(result);
    }
}
