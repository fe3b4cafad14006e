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
import io.metaingest.runtime.Mappers;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest test-connection -c FILE}. */
@Command(name = TestConnectionCommand.NAME, mixinStandardHelpOptions = true,
        description = "Check that the workflow's service can be reached with its connection, and the OpenMetadata"
                + " server it publishes to answers and accepts its token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step of the connection test passed",
                "1:nothing was checked: the connector has no connection tester, or its tester failed with a bug of"
                        + " its own",
                "2:invalid configuration, or a setting the service refused (setting refused: <path>)",
                "3:a step failed: the connection, or the OpenMetadata server the workflow publishes to, does not work"
                        + " as the workflow needs (unreachable, token refused, no answer to the connection test"
                        + " within 3 min)",
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
        if (ConfigOption.refusedEmpty(config, main.err())) {
            return ExitCodes.INVALID_CONFIG;
        }
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
            ConnectionTestResult result;
            List<Failure> failures = new ArrayList<>();
            try {
                result = runtime.testConnection(workflow);
            } catch (ConnectionException e) {
                // The server is still checked: one answer names everything to fix at both ends; the checks
                // that passed (masked by the runtime) are printed as for a pass.
                result = new ConnectionTestResult(e.passed(), List.of(), List.of());
                failures.addAll(Failure.of(e, UnaryOperator.identity()));
            }
            if (stopped()) {
                // The stop has said what happened (a check it cut off is no verdict); the JVM exits with its code.
                return ExitCodes.FAILED;
            }
            List<String> passed = new ArrayList<>(result.passed());
            result.failed().forEach(f -> failures.add(new Failure(f.reason(), f.serviceName() + ": " + f.message(), null)));
            if (ServerChecks.usesServer(workflow)) {
                doing("checking the OpenMetadata server of workflowConfig.openMetadataServerConfig");
                try {
                    new ServerChecks(Mappers.standard(), Clock.systemUTC()).test(workflow).stream()
                            .map(workflow.masker()::mask).forEach(passed::add);
                } catch (ConnectionException e) {
                    e.passed().stream().map(workflow.masker()::mask).forEach(passed::add);
                    failures.addAll(Failure.of(e, workflow.masker()::mask));
                }
                if (stopped()) {
                    return ExitCodes.FAILED;
                }
            }
            // A check that passed with a caveat prints as the warning it is, not as "ok: warning: ...".
            passed.forEach(line -> main.out().println(line.startsWith(ConnectionTester.WARNING) ? line : "ok: " + line));
            // Each check that failed on its own line (a test suite's services, the server): the others were still made.
            for (Failure failure : failures) {
                main.err().println(failed(failure.reason(), failure.message()));
                if (main.debug() && failure.cause() != null) {
                    failure.cause().printStackTrace(main.err());
                }
            }
            // The runtime gave up waiting for these testers: a service that does not answer is a failed connection.
            result.timedOut().forEach(t -> main.err().println("connection failed: " + t.message()));
            // Nothing was checked for these: "connection ok" would give a CI gate a false all clear.
            result.untested().forEach(u -> main.err().println(untested(u)));
            // A tester's own bug: nothing concluded about the connection, and its author is who fixes it.
            for (ConnectionTestResult.Broken broken : result.broken()) {
                main.err().println(broken.message(workflow.context().serviceName()));
                if (main.debug()) {
                    broken.cause().printStackTrace(main.err());
                }
            }
            if (!result.timedOut().isEmpty()) {
                return ExitCodes.CONNECTION_FAILURE;
            }
            if (!failures.isEmpty()) {
                // Only settings the services refused: the file is what to fix, as for validate's problems.
                return failures.stream().allMatch(f -> f.reason() == ConnectionException.Reason.SETTING)
                        ? ExitCodes.INVALID_CONFIG : ExitCodes.CONNECTION_FAILURE;
            }
            if (!result.allChecked()) {
                return ExitCodes.FAILED;
            }
            main.out().println("connection ok");
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.configProblems(config, e, main.err());
        }
    }

    /** A check that failed: its class, its one line, and what to show with --debug (none for a suite's service). */
    private record Failure(ConnectionException.Reason reason, String message, Exception cause) {

        /** A failed check and each other check that failed with it, in the order they ran, messages masked. */
        static List<Failure> of(ConnectionException e, UnaryOperator<String> mask) {
            return Stream.concat(Stream.of(e), e.otherFailures().stream())
                    .map(f -> new Failure(f.reason(), mask.apply(f.getMessage()), f)).toList();
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
