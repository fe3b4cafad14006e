package io.metaingest.api;

import io.metaingest.api.config.SourceConfigType;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A connector's single entrypoint. The runtime discovers implementations on the classpath and in
 * plugin folders (a jar must carry the marker resource {@value #MARKER_RESOURCE}), creates them with
 * their public no-arg constructor and asks them what the connector offers. An implementation should
 * read like a table of contents: it answers questions and does no work.
 *
 * <pre>{@code
 * public final class FivetranSpec implements ServiceSpec {
 *     public String serviceType() { return "Fivetran"; }
 *     public ServiceCategory category() { return ServiceCategory.PIPELINE; }
 *     public Class<FivetranConnection> connectionType() { return FivetranConnection.class; }
 *     public String connectionSchema() { return "/schemas/fivetranConnection.json"; }
 *     public List<StepSpec<?>> steps() {
 *         return List.of(StepSpec.source(SourceConfigType.PIPELINE_METADATA, FivetranPipelineSource.class));
 *     }
 * }
 * }</pre>
 *
 * <p>Step classes are created by the runtime's injector: give them one public constructor annotated
 * with {@code @jakarta.inject.Inject} and ask for what they need (the connection record returned by
 * {@link #connectionType()}, the source configuration record, {@link WorkflowContext},
 * {@code java.net.http.HttpClient}, {@code java.time.Clock}, the source's {@link Status}, the step's own
 * ({@link OwnStatus}), or any other class of the connector with an injectable constructor).
 */
public interface ServiceSpec extends StepProvider {

    /** The classpath resource whose presence marks a jar as containing a connector. */
    String MARKER_RESOURCE = "META-INF/metaingest/connector";

    /** The canonical service type, as in {@code serviceConnection.config.type}, e.g. {@code "Postgres"}. */
    String serviceType();

    /**
     * Former names of the service type that are still accepted, each with a deprecation warning
     * (for example {@code "Mstr"} for {@code "MicroStrategy"}).
     */
    default Set<String> formerServiceTypes() {
        return Set.of();
    }

    /** A filter pattern whose entries changed meaning in a release, for {@code metaingest migrate}; none by default. */
    default Optional<RenamedFilterNames> renamedFilterNames() {
        return Optional.empty();
    }

    /** The category of the service. */
    ServiceCategory category();

    /**
     * The record bound from {@code source.serviceConnection.config}. It should mask secrets in its
     * {@code toString} (use {@link Secret} for them).
     */
    Class<?> connectionType();

    /**
     * The connection's JSON Schema, as the spec class's {@code getResource} finds it, e.g.
     * {@code /schemas/postgresConnection.json} (a leading slash: from the jar's root).
     */
    String connectionSchema();

    /** An optional connection tester, used by {@code metaingest test-connection}. */
    default Optional<Class<? extends ConnectionTester>> connectionTester() {
        return Optional.empty();
    }

    /**
     * The connector's steps, declared like every other step: its sources, one per workflow kind it
     * offers ({@link StepSpec#source}; a {@link WorkflowKind#METADATA} source is required, and its
     * {@code sourceConfig} type must fit {@link #category()}), and its own implementations of
     * OpenMetadata steps that need its access (for example {@code orm-profiler} running SQL through its
     * driver). They apply to workflows whose source is of this service type, so another connector may
     * bring a step of the same name.
     */
    @Override
    java.util.List<StepSpec<?>> steps();

    /**
     * The connector's runner of data-quality tests on its own service, used by test suite workflows
     * ({@code source.type: testsuite}) for each listed service of this type; see
     * {@link io.metaingest.api.quality.TestExecutor}. Empty when the connector runs no tests.
     */
    default Optional<Class<? extends io.metaingest.api.quality.TestExecutor>> testExecutor() {
        return Optional.empty();
    }

    /**
     * The test definitions its {@link #testExecutor()} runs, so that a test suite's file is checked when it
     * is loaded: a test case naming another definition, a parameter the definition does not have, or no
     * column for a column test is a configuration error (exit code 2) naming its path. Empty by default:
     * the names are then not checked at load, and the executor aborts a test it does not know when it runs.
     */
    default java.util.List<io.metaingest.api.quality.TestDefinition> testDefinitions() {
        return java.util.List.of();
    }

    /**
     * Problems with a workflow's settings that the schemas cannot state, found when the workflow is
     * loaded (so {@code metaingest validate} reports them too) and before anything connects; each is
     * a configuration error, exit code 2. Called once the connection is valid by its schema and
     * bound, also when other parts of the workflow have problems (they are all listed together); test
     * suites are not checked here. A problem of this machine rather than of the file (a file a setting names
     * that is not here) is made with {@link SettingProblem#ofThisMachine}: {@code validate} refuses it as any
     * other, while {@code metaingest migrate}, which checks the file for the machine that will run it, leaves it out.
     *
     * @param connection the connection record ({@link #connectionType()})
     * @param sourceConfig the {@code sourceConfig.config} record of the workflow's kind, or null when it
     *                     has problems of its own
     * @return one problem per thing to fix; none by default
     */
    default java.util.List<SettingProblem> settingProblems(Object connection, Record sourceConfig) {
        return java.util.List.of();
    }

    /**
     * Settings that are valid but will not do what the user most likely meant (a filter the run does not apply,
     * two timeouts that defeat each other), found from the file alone. The runtime gives each as a warning of the
     * workflow when it is loaded: {@code metaingest validate} and {@code test-connection} print them, and a run
     * prints them at its start and keeps them in its report, so the connector's steps need not say them again.
     * Called like {@link #settingProblems}, once the workflow has no problems.
     *
     * @param connection the connection record ({@link #connectionType()})
     * @param sourceConfig the {@code sourceConfig.config} record of the workflow's kind
     * @return one warning per setting, its path under the workflow's {@code source}; none by default
     */
    default java.util.List<SettingProblem> settingWarnings(Object connection, Record sourceConfig) {
        return java.util.List.of();
    }

    /** A one-line description shown by {@code metaingest connectors list}. */
    default String description() {
        return serviceType() + " connector";
    }
}
