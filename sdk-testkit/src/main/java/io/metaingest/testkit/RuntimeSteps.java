package io.metaingest.testkit;

import io.metaingest.api.ServiceSpec;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a connector's step (or any class of it with an {@code @Inject} constructor) exactly as the
 * runtime does: the workflow is loaded and validated by the runtime, and the object comes from the
 * run's own injector with the runtime's bindings. Connector tests use it instead of copying those
 * bindings:
 *
 * <pre>{@code
 * FivetranClient client = RuntimeSteps.of(new FivetranSpec()).create(workflowYaml, FivetranClient.class);
 * }</pre>
 */
public final class RuntimeSteps {

    private final Metaingest runtime;

    private RuntimeSteps(Metaingest runtime) {
        this.runtime = runtime;
    }

    /** Steps of this connector, loaded from the test class path. */
    public static RuntimeSteps of(ServiceSpec spec) {
        return new RuntimeSteps(RuntimeAccess.runtime(ServiceSpecRegistry.of(spec)));
    }

    /** Steps of the connectors in a runtime (the kit passes the one that discovered the plugin). */
    static RuntimeSteps of(Metaingest runtime) {
        return new RuntimeSteps(runtime);
    }

    /**
     * Creates {@code type} for the workflow given as YAML text.
     *
     * @throws InvalidConfigException when the workflow is not valid, with every problem
     * @throws Exception what the runtime would report: {@link Injectors.StepCreationException} or a
     *                   {@code ConnectionException} thrown by a constructor
     */
    public <T> T create(String workflowYaml, Class<T> type) throws Exception {
        Path file = Files.createTempFile("metaingest-steps", ".yaml");
        try {
            Files.writeString(file, workflowYaml);
            return create(file, type);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Creates {@code type} for the workflow file. */
    public <T> T create(Path workflowFile, Class<T> type) throws Exception {
        return create(runtime.load(workflowFile), type);
    }

    /** Creates {@code type} for a workflow the runtime has loaded. */
    public static <T> T create(LoadedWorkflow workflow, Class<T> type) throws Exception {
        return RuntimeAccess.create(workflow, type);
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
