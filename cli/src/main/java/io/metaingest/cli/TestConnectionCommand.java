package io.metaingest.cli;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.Injectors;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest test-connection -c FILE}. */
@Command(name = TestConnectionCommand.NAME, mixinStandardHelpOptions = true,
        description = "Check that the workflow's service can be reached with its connection.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step of the connection test passed",
                "1:nothing was checked: the connector has no connection tester, or a stop cut the test off",
                "2:invalid configuration, or a setting the service refused (setting refused: <path>)",
                "3:a step failed: the connection does not work as the workflow needs",
                "143:stopped by SIGTERM (130: SIGINT), naming what it was checking"})
final class TestConnectionCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "test-connection";

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file")
    Path config;

    /** What the command is doing, for the line a stop prints; guarded by {@code this}. */
    private String doing = "reading the workflow file";
    private boolean stopped;

    @Override
    public Integer call() throws Injectors.StepCreationException {
        // A stop (SIGTERM, Ctrl-C) ended the JVM without a word: the user saw no answer and no reason.
        Thread onStop = new Thread(this::onStop, "metaingest-test-connection-stop");
        Runtime.getRuntime().addShutdownHook(onStop);
        try {
            return test();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onStop);
            } catch (IllegalStateException stopping) {
                // The hook has run or runs now, and says what was interrupted.
            }
        }
    }

    private Integer test() throws Injectors.StepCreationException {
        try {
            WorkflowLoader.checkReadable(config); // before discovery: a hostile file is refused at once
            doing("discovering the connectors");
            Metaingest runtime = main.runtime();
            doing("loading " + config);
            LoadedWorkflow workflow = runtime.loadForConnectionTest(config);
            main.mask(workflow.masker());
            // As validate and ingest print them: a secret too short to mask in free text, say, is told here too.
            workflow.warnings().forEach(w -> main.err().println("warning: " + w));
            doing(workflow.connection() instanceof SuiteConnections suite
                    ? "testing the connections of " + suite.services().stream()
                            .map(service -> service.serviceName() + " (" + service.spec().spec().serviceType() + ")")
                            .collect(Collectors.joining(", "))
                    : "testing the connection of " + workflow.context().serviceName() + " ("
                            + workflow.spec().spec().serviceType() + ")");
            ConnectionTestResult result = runtime.testConnection(workflow);
            if (stopped()) {
                return ExitCodes.FAILED; // the stop has said what happened; the JVM exits with its code
            }
            // A check that passed with a caveat prints as the warning it is, not as "ok: warning: ...".
            result.passed().forEach(line -> main.out().println(line.startsWith(ConnectionTester.WARNING) ? line
                    : "ok: " + line));
            // A test suite's services that failed, each on its own line: the others were still tested.
            result.failed().forEach(f -> main.err().println(failed(f.reason(), f.serviceName() + ": " + f.message())));
            // Nothing was checked for these: "connection ok" would give a CI gate a false all clear.
            result.untested().forEach(u -> main.err().println(untested(u)));
            if (!result.failed().isEmpty()) {
                // Only settings the services refused: the file is what to fix, as for validate's problems.
                return result.failed().stream().allMatch(f -> f.reason() == ConnectionException.Reason.SETTING)
                        ? ExitCodes.INVALID_CONFIG : ExitCodes.CONNECTION_FAILURE;
            }
            if (!result.allChecked()) {
                return ExitCodes.FAILED;
            }
            main.out().println("connection ok");
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        } catch (ConnectionException e) {
            if (stopped()) {
                return ExitCodes.FAILED; // a check cut off by the stop: not a verdict on the connection
            }
            main.err().println(failed(e.reason(), e.getMessage()));
            if (main.debug()) {
                e.printStackTrace(main.err());
            }
            return e.reason() == ConnectionException.Reason.SETTING ? ExitCodes.INVALID_CONFIG
                    : ExitCodes.CONNECTION_FAILURE;
        }
    }

    private synchronized void doing(String what) {
        doing = what;
    }

    private synchronized boolean stopped() {
        return stopped;
    }

    /** On a stop: one line naming what was interrupted; the JVM then exits with the signal's code (143 for SIGTERM). */
    private void onStop() {
        String what;
        synchronized (this) {
            stopped = true;
            what = doing;
        }
        main.err().println("metaingest: test-connection interrupted while " + what
                + "; nothing was concluded about the connection");
        main.err().flush();
    }

    /** The one line for a failed check: its class of failure and the connector's message. */
    private static String failed(ConnectionException.Reason reason, String message) {
        if (reason == ConnectionException.Reason.SETTING) {
            return "setting refused: " + message; // connected; the message names the setting and the fix
        }
        return "connection failed (" + reason.name().toLowerCase(Locale.ROOT) + "): " + message;
    }

    /** The one line for a service whose connector has no tester: what was checked (nothing) and how its author adds one. */
    static String untested(ConnectionTestResult.Untested service) {
        return "connection not tested: " + service.serviceName().map(name -> name + ": ").orElse("") + "the "
                + service.serviceType() + " connector has no connection tester, so nothing was checked (its author adds"
                + " one by returning a ConnectionTester class from ServiceSpec.connectionTester())";
    }
}
