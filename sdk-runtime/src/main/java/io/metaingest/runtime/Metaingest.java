package io.metaingest.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.ConnectionTestRunner;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.WorkflowRunner;
import io.metaingest.runtime.quality.TestSuiteSource;
import io.metaingest.runtime.registry.DiscoveryProblem;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.steps.BuiltInSteps;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The runtime's entry point: discovery done once, then load, validate, test and run workflows. The
 * command line and embedders run workflows through the same {@link #ingest(Path, IngestOptions)}.
 */
public final class Metaingest {

    /** Where the runtime's own steps come from, in reports of duplicates. */
    public static final String RUNTIME_ORIGIN = "runtime";

    private final ServiceSpecRegistry registry;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Function<String, String> environment;
    private final WorkflowLoader loader;
    /** How long a connector's connection tester may take in {@link #testConnection(LoadedWorkflow)}. */
    private final Duration connectionTestBound;
    /** How long each step's {@code close()} may take in a run before it is that step's failure. */
    private final Duration stepCloseBound;

    /**
     * How to run a workflow.
     *
     * @param report where to write the JSON run report, if anywhere
     * @param console standard output: the console sink's records
     * @param messages standard error: configuration warnings, progress and messages about the run
     * @param terminal whether the output is a terminal (live progress line, human-readable console sink)
     * @param debug whether to log at DEBUG whatever the workflow says
     * @param failOnFailedTests whether a test suite's run that succeeded while a test did not pass ends by
     *                          {@code testsNotPassed} (exit 4), as {@code ingest --fail-on-failed-tests} asks
     * @param saidWarnings warnings the caller printed before the run (another run's status file, say): written
     *                     among the report's warnings, as every warning on the console is, and not printed again
     */
    public record IngestOptions(Optional<Path> report, PrintStream console, PrintStream messages, boolean terminal,
                                boolean debug, boolean failOnFailedTests, List<String> saidWarnings) {

        /** Copies {@code saidWarnings}. */
        public IngestOptions {
            saidWarnings = List.copyOf(saidWarnings);
        }

        /** Options with no warning said before the run. */
        public IngestOptions(Optional<Path> report, PrintStream console, PrintStream messages, boolean terminal,
                             boolean debug, boolean failOnFailedTests) {
            this(report, console, messages, terminal, debug, failOnFailedTests, List.of());
        }

        /** Options without {@code failOnFailedTests}: a test that did not pass is a result, as in OpenMetadata. */
        public IngestOptions(Optional<Path> report, PrintStream console, PrintStream messages, boolean terminal,
                             boolean debug) {
            this(report, console, messages, terminal, debug, false);
        }
    }

    /**
     * Creates a runtime over the given connectors and step providers, plus the runtime's own steps.
     *
     * @param registry the discovered connectors and plugin steps
     * @param mapper the ObjectMapper (see {@link Mappers#standard()})
     * @param clock the clock
     * @param environment environment variables for {@code ${VAR}} substitution
     */
    public Metaingest(ServiceSpecRegistry registry, ObjectMapper mapper, Clock clock,
                      Function<String, String> environment) {
        this(registry.with(RUNTIME_ORIGIN, new BuiltInSteps()), environment, mapper, clock,
                ConnectionTestRunner.DEFAULT_BOUND, WorkflowRunner.STEP_CLOSE_BOUND);
    }

    /** Over a registry that already holds the runtime's own steps. */
    private Metaingest(ServiceSpecRegistry withBuiltIns, Function<String, String> environment, ObjectMapper mapper,
                       Clock clock, Duration connectionTestBound, Duration stepCloseBound) {
        this.registry = withBuiltIns;
        this.mapper = mapper;
        this.clock = clock;
        this.environment = environment;
        this.connectionTestBound = connectionTestBound;
        this.stepCloseBound = stepCloseBound;
        this.loader = new WorkflowLoader(this.registry, mapper, environment, new ServerConnectionReader(mapper))
                .withTestSuiteSource(TestSuiteSource.class);
    }

    /** A runtime over the connectors on the class path and in {@code pluginDir} (may be null). */
    public static Metaingest discover(Path pluginDir) {
        return new Metaingest(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), pluginDir),
                Mappers.standard(), Clock.systemUTC(), System::getenv);
    }

    /**
     * The same runtime, with {@code variables} substituted for {@code ${VAR}} before the
     * environment: a caller that holds a secret (the demo's database password) hands it to its
     * workflows without writing it into their files or into the process environment.
     */
    public Metaingest withVariables(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new Metaingest(registry, name -> copy.containsKey(name) ? copy.get(name) : environment.apply(name),
                mapper, clock, connectionTestBound, stepCloseBound);
    }

    /**
     * The same runtime, giving each connection tester {@code bound} to answer instead of
     * {@link ConnectionTestRunner#DEFAULT_BOUND} (3 minutes, as OpenMetadata's test connection).
     */
    public Metaingest withConnectionTestBound(Duration bound) {
        return new Metaingest(registry, environment, mapper, clock, bound, stepCloseBound);
    }

    /**
     * The same runtime, giving each step's {@code close()} in a run {@code bound} instead of
     * {@link WorkflowRunner#STEP_CLOSE_BOUND} (60 s); a close that does not return within it is that step's failure.
     */
    public Metaingest withStepCloseBound(Duration bound) {
        return new Metaingest(registry, environment, mapper, clock, connectionTestBound, bound);
    }

    /** The known connectors and step types. */
    public ServiceSpecRegistry registry() {
        return registry;
    }

    /** Loads and validates a workflow file, including that its output files can be written. */
    public LoadedWorkflow load(Path file) throws InvalidConfigException {
        return outputsChecked(() -> loader.load(file), file);
    }

    /**
     * As {@link #load(Path)}, for checking only: an unset {@code ${VAR}} is a warning and its value is not
     * checked ({@link WorkflowLoader#allowingMissingVariables()}), so a workflow can be checked without its secrets.
     */
    public LoadedWorkflow loadAllowingMissingVariables(Path file) throws InvalidConfigException {
        return outputsChecked(() -> loader.allowingMissingVariables().load(file), file);
    }

    /**
     * Loads and validates a workflow held in memory as {@link #load(Path)} does a file, {@code name}
     * standing for the file in its problems (the container mode's {@code config} variable: the
     * workflow, which may hold a token, is never written to disk).
     */
    public LoadedWorkflow load(String name, String text) throws InvalidConfigException {
        return outputsChecked(() -> loader.load(name, text), null);
    }

    /** Loads a workflow; a seam for {@link #outputsChecked}. */
    @FunctionalInterface
    private interface Loading {
        LoadedWorkflow load() throws InvalidConfigException;
    }

    /**
     * The workflow {@code loading} loads, once its output files are known to be writable; {@code file} is null
     * for one held in memory. A workflow refused for other problems gets its unwritable outputs added to them.
     */
    private static LoadedWorkflow outputsChecked(Loading loading, Path file) throws InvalidConfigException {
        LoadedWorkflow workflow;
        try {
            workflow = loading.load();
        } catch (InvalidConfigException e) {
            throw e.adding(OutputCheck.fileProblems(e.outputs(), file));
        }
        List<ConfigProblem> problems = OutputCheck.problems(workflow, file);
        if (!problems.isEmpty()) {
            // The workflow loaded: its report keeps its service, run id and threshold, as any refused file's does.
            // Its warnings too (a connector's about the settings): printed with the problems, as for any refused file.
            throw new InvalidConfigException(problems, false, workflow.warnings()).knowing(workflow.known())
                    .masking(workflow.masker());
        }
        return workflow;
    }

    /** Loads a workflow file for {@code test-connection}: steps other than the source are optional. */
    public LoadedWorkflow loadForConnectionTest(Path file) throws InvalidConfigException {
        LoadedWorkflow workflow = loader.loadForConnectionTest(file);
        // A server setting missing is the workflow's problem, not a connection that failed.
        List<ConfigProblem> problems = new java.util.ArrayList<>();
        OutputCheck.serverProblem(workflow, "ingestionPipelineFQN").ifPresent(problems::add);
        problems.addAll(OutputCheck.tlsProblems(workflow));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return workflow;
    }

    /** Loads and runs a workflow file; see {@link #ingest(LoadedWorkflow, IngestOptions)}. */
    public RunResult ingest(Path file, IngestOptions options) throws InvalidConfigException {
        return ingest(load(file), options);
    }

    /**
     * Runs a loaded workflow as the command line does: applies its {@code loggerLevel} (or DEBUG),
     * prints each configuration warning to {@code messages}, runs it, then prints the warnings the run
     * added (a final state the server refused) there too, where the summary that follows is read.
     * Discovery's problems are in the report's warnings too, but not printed here: whoever discovered
     * (the command line, at start) printed them already.
     */
    public RunResult ingest(LoadedWorkflow workflow, IngestOptions options) {
        LogLevels.apply(options.debug(), workflow.settings().loggerLevel());
        workflow.warnings().forEach(w -> options.messages().println("warning: " + w));
        WorkflowRunner runner = new WorkflowRunner(mapper, clock, options.console(), options.messages(), options.terminal(),
                stepCloseBound);
        // Said already (by discovery, or by the command before the run): in the report, not printed again.
        List<String> discovery = java.util.stream.Stream.concat(discoveryWarnings().stream(),
                options.saidWarnings().stream()).distinct().toList();
        RunResult result = runner.run(workflow, options.report(), OutputCheck.planned(workflow), options.failOnFailedTests(),
                discovery);
        List<String> known = discovery.stream().map(workflow.masker()::mask).toList();
        // Through the runner: a warning its stop printed already is not printed twice.
        result.warnings().stream().filter(w -> !workflow.warnings().contains(w) && !known.contains(w))
                .forEach(runner::warn);
        return result;
    }

    /**
     * What a connector's connection schema and record disagree on (a property its record does not bind, a credential
     * not marked secret), as warning lines naming its plugin; a workflow of the connector carries them among its
     * warnings.
     */
    public List<String> connectionWarnings(io.metaingest.runtime.registry.RegisteredSpec connector) {
        return registry.connectionProblems(connector, mapper).stream().map(DiscoveryProblem::toString).toList();
    }

    /**
     * Every discovery problem, as the report's warnings carry them. All of them, not only those of the
     * workflow's plugin: a run's stderr shows them all, and which plugin a problem concerns is not always
     * known (a loose jar in the plugin directory, a refused spec that may be the one meant).
     */
    private List<String> discoveryWarnings() {
        return registry.problems().stream().map(DiscoveryProblem::toString).toList();
    }

    /** Runs a workflow file, with warnings on stderr; see {@link #ingest(Path, IngestOptions)}. */
    public RunResult ingest(Path file, Optional<Path> report, PrintStream console, boolean progress)
            throws InvalidConfigException {
        return ingest(file, new IngestOptions(report, console, System.err, progress, false));
    }

    /** Runs a loaded workflow, writing records and messages to {@code console}. */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> report, PrintStream console, boolean progress) {
        return run(workflow, report, console, console, progress);
    }

    /**
     * Runs a loaded workflow.
     *
     * @param console standard output: the console sink's records
     * @param messages standard error: progress and messages about the run
     * @param terminal whether the output is a terminal
     */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> report, PrintStream console, PrintStream messages,
                         boolean terminal) {
        return new WorkflowRunner(mapper, clock, console, messages, terminal, stepCloseBound)
                .run(workflow, report, OutputCheck.planned(workflow), false, discoveryWarnings());
    }

    /** Runs the connection testers of the workflow's services; see {@link ConnectionTestResult}. */
    public ConnectionTestResult testConnection(Path file)
            throws InvalidConfigException, ConnectionException, Injectors.StepCreationException {
        return testConnection(loader.loadForConnectionTest(file));
    }

    /** Runs the connector's connection tester on a loaded workflow; its messages are masked. */
    public ConnectionTestResult testConnection(LoadedWorkflow workflow)
            throws ConnectionException, Injectors.StepCreationException {
        return new ConnectionTestRunner(mapper, clock, connectionTestBound).test(workflow);
    }
}
