package io.metaingest.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.ConnectionTestRunner;
import io.metaingest.runtime.exec.Injectors;
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

    /** Loads and validates a workflow file. */
    public LoadedWorkflow load(Path file) throws InvalidConfigException {
        return loader.load(file);
    }

    /** Runs a workflow file. */
    public RunResult ingest(Path file, Optional<Path> report, PrintStream console, boolean progress)
            throws InvalidConfigException {
        return run(load(file), report, console, progress);
    }

    /** Runs a loaded workflow. */
    public RunResult run(LoadedWorkflow workflow, Optional<Path> report, PrintStream console, boolean progress) {
        return new WorkflowRunner(catalog, mapper, clock, console, progress).run(workflow, report);
    }

    /** Runs the connector's connection tester; empty when it has none. */
    public Optional<List<String>> testConnection(Path file)
            throws InvalidConfigException, ConnectionException, Injectors.StepCreationException {
        return new ConnectionTestRunner(mapper, clock).test(loader.loadForConnectionTest(file));
    }
}
