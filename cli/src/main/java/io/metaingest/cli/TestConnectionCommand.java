package io.metaingest.cli;

import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.Injectors;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest test-connection -c FILE}. */
@Command(name = "test-connection", mixinStandardHelpOptions = true,
        description = "Check that the workflow's service can be reached with its connection.")
final class TestConnectionCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file")
    Path config;

    @Override
    public Integer call() throws Injectors.StepCreationException {
        try {
            Metaingest runtime = main.runtime();
            LoadedWorkflow workflow = runtime.loadForConnectionTest(config);
            main.mask(workflow.masker());
            Optional<List<String>> passed = runtime.testConnection(workflow);
            if (passed.isEmpty()) {
                main.out().println("this connector has no connection test");
            } else {
                passed.get().forEach(line -> main.out().println("ok: " + line));
                main.out().println("connection ok");
            }
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        } catch (ConnectionException e) {
            main.err().println("connection failed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): "
                    + e.getMessage());
            if (main.debug()) {
                e.printStackTrace(main.err());
            }
            return ExitCodes.CONNECTION_FAILURE;
        }
    }
}
