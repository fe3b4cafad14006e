package io.metaingest.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.ConnectionTestRunner;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.exec.OutputCheck;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.StepCatalog;
import io.metaingest.runtime.exec.WorkflowRunner;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The runtime's entry point: discovery done once, then load, validate, test and run workflows. */
public final class Metaingest {

    private final ServiceSpecRegistry registry;
    private final StepCatalog catalog;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final WorkflowLoader loader;

    /**
     * Creates a runtime.
     *
     * @param registry the discovered connectors
     * @param catalog processors and sinks
     * @param mapper the ObjectMapper (see {@link Mappers#standard()})
     * @param clock the clock
     * @param environment environment variables for {@code ${VAR}} substitution
     */
    public Metaingest(ServiceSpecRegistry registry, StepCatalog catalog, ObjectMapper mapper, Clock clock,
                      Function<String, String> environment) {
        this.registry = registry;
        this.catalog = catalog;
        this.mapper = mapper;
        this.clock = clock;
        this.loader = new WorkflowLoader(registry, catalog, mapper, environment);
    }

    /** A runtime over the connectors on the class path and in {@code pluginDir} (may be null). */
    public static Metaingest discover(Path pluginDir) {
        return new Metaingest(ServiceSpecRegistry.discover(Metaingest.class.getClassLoader(), pluginDir),
                StepCatalog.builtIn(), Mappers.standard(), Clock.systemUTC(), System::getenv);
    }

    /** The known connectors. */
    public ServiceSpecRegistry registry() {
        return registry;
    }

    /** Loads and validates a workflow file, including that its output files can be written. */
    public LoadedWorkflow load(Path file) throws InvalidConfigException {
        LoadedWorkflow workflow = loader.load(file);
        List<ConfigProblem> problems = OutputCheck.problems(workflow);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return workflow;
    }

    /** Loads a workflow file for {@code test-connection}: steps other than the source are optional. */
    public LoadedWorkflow loadForConnectionTest(Path file) throws InvalidConfigException {
        return loader.loadForConnectionTest(file);
    }

    /** Runs a workflow file. */
    public RunResult ingest(Path file, Optional<Path> report, PrintStream console, boolean progress)
            throws InvalidConfigException {
        return run(load(file), report, console, progress);
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
        return new WorkflowRunner(catalog, mapper, clock, console, messages, terminal).run(workflow, report);
    }

    /** Runs the connector's connection tester; empty when it has none. */
    public Optional<List<String>> testConnection(Path file)
            throws InvalidConfigException, ConnectionException, Injectors.StepCreationException {
        return testConnection(loader.loadForConnectionTest(file));
    }

    /** Runs the connector's connection tester on a loaded workflow; its messages are masked. */
    public Optional<List<String>> testConnection(LoadedWorkflow workflow)
            throws ConnectionException, Injectors.StepCreationException {
        return new ConnectionTestRunner(mapper, clock).test(workflow);
    }
}
