package io.metaingest.cli;

import io.metaingest.api.Secret;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.EarlySecrets;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.OutputCheck;
import io.metaingest.runtime.config.KnownRun;
import io.metaingest.runtime.exec.EndedBy;
import io.metaingest.runtime.exec.OutOfMemory;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code metaingest ingest -c FILE [--report FILE]}. Records of the console sink go to stdout;
 * logs, progress and the summary to stderr.
 */
@Command(name = IngestCommand.NAME, mixinStandardHelpOptions = true, description = "Run an ingestion workflow.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success or partial success",
                "1:failed: a fatal error, below the success threshold, a sink that cannot write, output that never"
                        + " arrived, or a --report that could not take the final state",
                "2:invalid configuration, unknown service type, unwritable output path or missing plugin folder",
                "3:connection failure",
                ExitCodes.TESTS_NOT_PASSED_HELP, "127:no Java to run (the launcher names JAVA_HOME or the PATH)",
                "143:stopped by SIGTERM (130: SIGINT, 129: SIGHUP); the report ends as failed (a stop once the output"
                        + " is committed lets the run end with its own state and code)"})
final class IngestCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "ingest";

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file (YAML or JSON)")
    Path config;

    @Option(names = {"--report", "--status-file"}, paramLabel = "FILE",
            description = "the run's status file: its state, rewritten at every heartbeat, then the final report (how the run"
                    + " ended as endedBy, the exit code as exitCode)")
    Path report;

    @Option(names = "--fail-on-failed-tests",
            description = "for a test suite: exit 4 when the run succeeded but a test Failed, was Aborted or never ran"
                    + " (its service could not be used): a quality gate in CI; without it a test that did not pass is a"
                    + " result, as in OpenMetadata, and the exit code is about the run; refused (exit 2) for a workflow"
                    + " that runs no tests")
    boolean failOnFailedTests;

    @Override
    public Integer call() {
        if (ConfigOption.refusedEmpty(config, main.err())
                || ConfigOption.refusedEmpty("--report", report, "the run report's file name, or leave the option out",
                main.err())) {
            return ExitCodes.INVALID_CONFIG;
        }
        Optional<ContainerRun> container = main.container(config);
        // A container run's workflow is the config variable's text: its problems name the variable.
        Object shownAs = container.isPresent() ? ContainerEnvironment.CONFIG_NAME : config;
        Optional<ConfigProblem> reportProblem = Optional.ofNullable(report)
                .flatMap(r -> OutputCheck.reportProblem(r, container.isPresent() ? null : config)
                        .or(() -> ReportFile.foreign(r)));
        try {
            if (container.isEmpty()) {
                WorkflowLoader.checkReadable(config); // before discovery: a hostile file is refused at once
            }
            // Lines come before the file is loaded (a warning naming the report file, a stop while loading): its
            // credentials' values, ${PG_PASSWORD}'s say, are masked in them too.
            main.maskEarly(container.isPresent() ? EarlySecrets.of(container.get().text(), System::getenv)
                    : EarlySecrets.of(config, System::getenv));
            if (reportProblem.isPresent()) {
                // Nothing runs and no report can be written, but the workflow's problems are told too.
                throw ReportOptionProblem.alone(reportProblem.get(), load(main.runtime(), container));
            }
        } catch (InvalidConfigException e) {
            main.mask(e.masker()); // a problem may quote a value: the file's secrets stay hidden
            InvalidConfigException all = reportProblem.filter(p -> !e.problems().contains(p))
                    .map(p -> ReportOptionProblem.with(p, e)).orElse(e);
            return Printer.configProblems(shownAs, named(container, all), main.err());
        }
        // Said before this run's state replaces the file, which is then the only record of the killed run.
        Optional<AbandonedRun> abandoned = Optional.ofNullable(report).flatMap(AbandonedRun::find);
        List<String> said = abandoned.map(a -> a.warn(main.err())).stream().toList();
        // From here on a SIGTERM leaves a report, also before the run itself has started.
        QueuedRun queued = QueuedRun.start(Optional.ofNullable(report), container.isPresent() ? Optional.empty()
                : Optional.of(config), main.err(), said);
        if (queued.stopped()) {
            return ExitCodes.FAILED;
        }
        try {
            return loadAndRun(container, shownAs, abandoned, queued);
        } catch (RuntimeException | OutOfMemoryError e) {
            // Before the run took over (discovery, loading; also wrapped by a library's worker): the queued
            // report ends failed with the reason the command prints (Main), not as "interrupted" by the exit.
            OutOfMemory.inOrEarlier(e).ifPresent(queued::outOfMemoryUnlessStarted);
            throw e;
        }
    }

    private Integer loadAndRun(Optional<ContainerRun> container, Object shownAs, Optional<AbandonedRun> abandoned,
                               QueuedRun queued) {
        Metaingest runtime = main.runtime();
        LoadedWorkflow workflow;
        try {
            workflow = load(runtime, container);
        } catch (InvalidConfigException e) {
            main.mask(e.masker()); // a problem may quote a value: the file's secrets stay hidden
            abandoned.flatMap(a -> a.markFailedOnServer(token(null), main.err())).ifPresent(queued::noted);
            InvalidConfigException shown = named(container, e);
            // The container's run id is the run's, as in the report of a run that starts.
            KnownRun known = container.map(c -> c.known(e.known())).orElse(e.known());
            queued.invalid(shown.problems().stream().map(ConfigProblem::toString).toList(),
                    reportWarnings(e.warnings(), runtime), known, e.masker());
            return Printer.configProblems(shownAs, shown, main.err());
        }
        LoadedWorkflow loaded = workflow;
        abandoned.flatMap(a -> a.markFailedOnServer(token(loaded), loaded.settings().openMetadataServerConfig(),
                main.err())).ifPresent(queued::noted);
        Optional<ConfigProblem> clash = Optional.ofNullable(report).flatMap(r -> OutputCheck.reportClash(r, loaded));
        if (clash.isPresent()) {
            InvalidConfigException shown = named(container, new InvalidConfigException(List.of(clash.get())));
            queued.invalid(List.of(shown.problems().get(0).toString()), reportWarnings(loaded.warnings(), runtime),
                    loaded.known(), loaded.masker());
            return Printer.configProblems(shownAs, shown, main.err());
        }
        main.mask(workflow.masker());
        if (failOnFailedTests && workflow.context().kind() != io.metaingest.api.WorkflowKind.TESTSUITE) {
            // A gate pointed at a workflow that runs no tests would pass whatever happens.
            String problem = "--fail-on-failed-tests: " + shownAs + " is a " + workflow.context().sourceType()
                    + " workflow, which runs no tests; give it a test suite (source.type: testsuite) or drop the option";
            queued.invalid(List.of(problem), reportWarnings(loaded.warnings(), runtime), loaded.known(), loaded.masker());
            main.err().println("error: " + problem);
            return ExitCodes.INVALID_CONFIG;
        }
        if (!queued.end()) {
            return ExitCodes.FAILED; // stopped meanwhile: the report already says failed
        }
        // The runtime decides the exit code (EndedBy), so the report's exitCode is the one this command ends with.
        RunResult result = runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.ofNullable(report),
                main.out(), main.err(), Terminals.forRun(workflow), main.debug(), failOnFailedTests, queued.said()));
        Printer.summary(result, main.err(), main.debug());
        int code = Printer.exitCode(result);
        Optional<String> missing = report == null ? Optional.empty() : FinalReport.missing(report, result);
        missing.ifPresent(main.err()::println);
        if (missing.isPresent() && code == ExitCodes.OK) {
            return ExitCodes.FAILED;
        }
        if (result.endedBy() == EndedBy.TESTS_NOT_PASSED) {
            main.err().println("exit 4 (--fail-on-failed-tests): " + result.testsNotPassed() + " of " + result.tests()
                    + " tests did not pass (" + result.testsLine() + ")");
        }
        return code;
    }

    /** The workflow of {@code -c}, or of the container's {@code config} variable with its pipeline type and run ids. */
    private LoadedWorkflow load(Metaingest runtime, Optional<ContainerRun> container) throws InvalidConfigException {
        if (container.isEmpty()) {
            return runtime.load(config);
        }
        LoadedWorkflow workflow = runtime.load(ContainerRun.SOURCE, container.get().text());
        Optional<ConfigProblem> mismatch = container.get().pipelineTypeProblem(workflow.sourceConfigType());
        if (mismatch.isPresent()) {
            // Refused before the environment's run id is applied: loadAndRun adds it where the file names none.
            throw new InvalidConfigException(List.of(mismatch.get())).knowing(workflow.known())
                    .masking(workflow.masker());
        }
        try {
            return container.get().withRunIds(workflow);
        } catch (InvalidConfigException e) {
            // The environment's ids are refused after the workflow loaded: its report still knows the workflow.
            throw e.knowing(workflow.known()).masking(workflow.masker());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the text was just parsed: an internal error
        }
    }

    /**
     * The bot's JWT to finish a killed run on its server with: the workflow's own when it reports to an
     * ingestion pipeline (it is the same server), else {@value StatusCommand#TOKEN_VARIABLE}, as status reads it.
     */
    private Optional<AbandonedRun.Token> token(LoadedWorkflow workflow) {
        Optional<AbandonedRun.Token> own = Optional.ofNullable(workflow).filter(w -> w.ingestionPipelineFqn().isPresent())
                .map(w -> w.settings().openMetadataServerConfig())
                .map(OpenMetadataServerConfig::securityConfig).map(OpenMetadataServerConfig.SecurityConfig::jwtToken)
                .map(Secret::reveal).filter(t -> !t.isBlank()).map(t -> new AbandonedRun.Token(t, false));
        return own.or(() -> Optional.ofNullable(main.environment().get(StatusCommand.TOKEN_VARIABLE))
                .filter(t -> !t.isBlank()).map(t -> new AbandonedRun.Token(t, true)));
    }

    /**
     * A refused workflow's report warnings, as a run's report has them: the workflow's, then discovery's (already
     * printed when discovered, so only written to the report).
     */
    private static List<String> reportWarnings(List<String> workflow, Metaingest runtime) {
        return java.util.stream.Stream.concat(workflow.stream(),
                runtime.registry().problems().stream().map(Object::toString)).toList();
    }

    private static InvalidConfigException named(Optional<ContainerRun> container, InvalidConfigException e) {
        return container.map(c -> c.named(e)).orElse(e);
    }
}
