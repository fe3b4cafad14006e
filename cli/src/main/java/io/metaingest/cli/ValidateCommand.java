package io.metaingest.cli;

import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest validate -c FILE}: every problem at once, nothing run. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a workflow file without running it.")
final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file")
    Path config;

    @Override
    public Integer call() {
        try {
            LoadedWorkflow workflow = main.runtime().load(config);
            workflow.warnings().forEach(w -> main.err().println("warning: " + w));
            main.out().println(config + ": valid - " + workflow.spec().spec().serviceType() + " "
                    + workflow.context().kind().id() + " workflow, writing to "
                    + workflow.sink().<StepConfig<?>>map(s -> s).or(workflow::bulkSink).map(StepConfig::name).orElse("?"));
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        }
    }
}
