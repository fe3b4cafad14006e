package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Status;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.SpecSchemas;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every call the kit makes into the runtime's entry points, in one place, so that the kit follows
 * the runtime when its API moves.
 */
final class RuntimeAccess {

    private RuntimeAccess() {
    }

    /** A runtime over these connectors with the runtime's own steps, as the CLI builds it. */
    static Metaingest runtime(ServiceSpecRegistry registry) {
        // The runtime sets its own Guice option once, when its injector class loads: not a connector's doing.
        initialize(Injectors.class);
        return new Metaingest(registry, Mappers.standard(), Clock.systemUTC(), System::getenv);
    }

    /** Runs a loaded workflow, writing the report to {@code report}. */
    static RunResult run(Metaingest runtime, LoadedWorkflow workflow, Path report, PrintStream console) {
        return runtime.run(workflow, Optional.of(report), console, false);
    }

    /** Creates a class of the connector from the run's own injector, with the runtime's bindings. */
    static <T> T create(LoadedWorkflow workflow, Class<T> type) throws Exception {
        return Injectors.create(Injectors.forRun(workflow, Mappers.standard(), Clock.systemUTC(), new Status(),
                new ConsoleOutput(System.out, false)), type);
    }

    /** One injector of a run over a loaded workflow, for creating several of its steps that share it. */
    static com.google.inject.Injector injector(LoadedWorkflow workflow) {
        return Injectors.forRun(workflow, Mappers.standard(), Clock.systemUTC(), new Status(),
                new ConsoleOutput(System.out, false));
    }

    /** Creates a class of the connector from that injector. */
    static <T> T create(com.google.inject.Injector injector, Class<T> type) throws Exception {
        return Injectors.create(injector, type);
    }

    /** The connection fields whose schema default the record does not apply, bound as the runtime binds them. */
    static List<String> defaultsNotApplied(ServiceSpec spec) {
        return SpecSchemas.defaultsNotApplied(spec, Mappers.standard());
    }

    /** The connection's secret fields, as the runtime masks them: those its schema marks secret. */
    static Set<String> secretFieldNames(ServiceSpec spec) {
        return SpecSchemas.secretFieldNames(spec);
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
