package io.metaingest.cli;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.Injectors;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest test-connection -c FILE}. */
@Command(name = TestConnectionCommand.NAME, mixinStandardHelpOptions = true,
        description = "Check that the workflow's service can be reached with its connection.")
final class TestConnectionCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "test-connection";

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file")
    Path config;

    @Override
    public Integer call() throws Injectors.StepCreationException {
        try {
            WorkflowLoader.checkReadable(config); // before discovery: a hostile file is refused at once
            Metaingest runtime = main.runtime();
            LoadedWorkflow workflow = runtime.loadForConnectionTest(config);
            main.mask(workflow.masker());
            ConnectionTestResult result = runtime.testConnection(workflow);
            // A check that passed with a caveat prints as the warning it is, not as "ok: warning: ...".
            result.passed().forEach(line -> main.out().println(line.startsWith(ConnectionTester.WARNING) ? line
                    : "ok: " + line));
            // A test suite's services that failed, each on its own line: the others were still tested.
            result.failed().forEach(f -> main.err().println(failed(f.reason(), f.serviceName() + ": " + f.message())));
            // Nothing was checked for these: "connection ok" would give a CI gate a false all clear.
            result.untested().forEach(u -> main.err().println(untested(u)));
            if (!result.failed().isEmpty()) {
                return ExitCodes.CONNECTION_FAILURE;
            }
            if (!result.allChecked()) {
                return ExitCodes.FAILED;
            }
            main.out().println("connection ok");
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        } catch (ConnectionException e) {
            main.err().println(failed(e.reason(), e.getMessage()));
            if (main.debug()) {
                e.printStackTrace(main.err());
            }
            return ExitCodes.CONNECTION_FAILURE;
        }
    }

    /** The one line for a failed check: its class of failure and the connector's message. */
    private static String failed(ConnectionException.Reason reason, String message) {
        return "connection failed (" + reason.name().toLowerCase(Locale.ROOT) + "): " + message;
    }

    /** The one line for a service whose connector has no tester: what was checked (nothing) and how its author adds one. */
    static String untested(ConnectionTestResult.Untested service) {
        return "connection not tested: " + service.serviceName().map(name -> name + ": ").orElse("") + "the "
                + service.serviceType() + " connector has no connection tester, so nothing was checked (its author adds"
                + " one by returning a ConnectionTester class from ServiceSpec.connectionTester())";
    }
}
