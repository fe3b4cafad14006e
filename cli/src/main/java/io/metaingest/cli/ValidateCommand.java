package io.metaingest.cli;

import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.EnvSubstitution;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.SuiteService;
import io.metaingest.runtime.OutputCheck;
import io.metaingest.runtime.config.StepConfig;
import io.metaingest.runtime.config.WorkflowLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code metaingest validate -c FILE}: every problem at once, nothing run. */
@Command(name = ValidateCommand.NAME, mixinStandardHelpOptions = true, description = "Check a workflow file without running it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid (warnings, if any, on standard error)", "2:invalid: one line per problem, with its path",
                "3:the OpenMetadata server the workflow reads a connection from could not be reached or refused the token"})
final class ValidateCommand implements Callable<Integer> {

    /** The command's name on the command line. */
    static final String NAME = "validate";

    @ParentCommand
    Main main;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the workflow file")
    Path config;

    @Option(names = "--report", paramLabel = "FILE", description = "also check that the run report can be written here")
    Path report;

    /** The option's name, which the hint of an unset variable's problem gives. */
    static final String ALLOW_UNSET = "--allow-unset-variables";

    @Option(names = ALLOW_UNSET, description = "a $${VAR} that is not set (and has no :-default) is a warning,"
            + " not a problem, so CI can check a workflow without its secrets; the value it stands for is then not checked")
    boolean allowUnsetVariables;

    @Override
    public Integer call() {
        if (ConfigOption.refusedEmpty(config, main.err())
                || ConfigOption.refusedEmpty("--report", report, "the run report's file name, or leave the option out",
                main.err())) {
            return ExitCodes.INVALID_CONFIG;
        }
        Optional<ConfigProblem> reportProblem = report == null ? Optional.empty()
                : OutputCheck.reportProblem(report, config).or(() -> ReportFile.foreign(report));
        LoadedWorkflow workflow;
        try {
            WorkflowLoader.checkReadable(config); // before discovery: a hostile file is refused at once
            workflow = allowUnsetVariables ? main.runtime().loadAllowingMissingVariables(config) : main.runtime().load(config);
        } catch (InvalidConfigException refused) {
            main.mask(refused.masker()); // a problem may quote a value: the file's secrets stay hidden
            InvalidConfigException e = allowUnsetVariables ? refused : withUnsetHint(refused);
            return Printer.invalid(config, reportProblem.map(p -> ReportOptionProblem.with(p, e)).orElse(e), main.err());
        }
        // Every line from here on (warnings, problems, the success line naming the service) masks the file's
        // secrets, as ingest's and test-connection's do: a secret can be part of a service name.
        main.mask(workflow.masker());
        try {
            if (reportProblem.isPresent()) {
                throw ReportOptionProblem.alone(reportProblem.get(), workflow);
            }
            Optional<ConfigProblem> clash = report == null ? Optional.empty() : OutputCheck.reportClash(report, workflow);
            if (clash.isPresent()) {
                throw new InvalidConfigException(List.of(clash.get()));
            }
            workflow.warnings().forEach(w -> main.err().println("warning: " + w));
            main.out().println(config + ": valid - " + described(workflow) + ", writing to "
                    + workflow.sink().<StepConfig<?>>map(s -> s).or(workflow::bulkSink).map(StepConfig::name).orElse("?"));
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            return Printer.invalid(config, e, main.err());
        }
    }

    /**
     * The problems, an unset {@code ${VAR}}'s telling that {@code --allow-unset-variables} checks the rest meanwhile:
     * a user without the secret at hand (CI) need not set it to learn what else is wrong.
     */
    private static InvalidConfigException withUnsetHint(InvalidConfigException e) {
        if (e.problems().stream().noneMatch(EnvSubstitution::isUnsetVariable)) {
            return e;
        }
        return e.withProblems(e.problems().stream().map(p -> EnvSubstitution.isUnsetVariable(p)
                ? new ConfigProblem(p.path(), p.message() + "; meanwhile validate " + ALLOW_UNSET + " checks the rest")
                : p).toList());
    }

    /** {@code Postgres metadata workflow of local_pg}; a test suite by its services ({@code test suite workflow on sales_pg (Postgres)}). */
    static String described(LoadedWorkflow workflow) {
        if (workflow.connection() instanceof SuiteConnections suite) {
            List<SuiteService> services = suite.services();
            return "test suite workflow on " + java.util.stream.IntStream.range(0, services.size())
                    .mapToObj(i -> named(workflow, services.get(i).serviceName(),
                            "source.sourceConfig.config.serviceConnections[" + i + "].serviceName")
                            + " (" + services.get(i).spec().spec().serviceType() + ")")
                    .collect(Collectors.joining(", "));
        }
        return workflow.spec().spec().serviceType() + " " + workflow.context().kind().id() + " workflow of "
                + named(workflow, workflow.context().serviceName(), "source.serviceName");
    }

    /**
     * A service's name, or, where --allow-unset-variables left it empty (its variable is not set), the setting that
     * names it: "workflow of , writing to file" told nothing.
     */
    private static String named(LoadedWorkflow workflow, String name, String path) {
        return name.isEmpty() && workflow.unchecked().contains(path) ? "(" + path + " not set)" : name;
    }
}
