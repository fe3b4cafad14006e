package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Providers;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.OwnStatus;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowSteps;
import io.metaingest.api.config.DatabaseFilters;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.quality.TestExecutors;
import io.metaingest.openmetadata.MarkDeletedPolicy;
import io.metaingest.openmetadata.ServiceTarget;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.StepConfig;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.output.ConsoleOutput;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * The bindings of one run: the typed connection and source config, each configured step's config
 * record, the workflow settings and context, the shared services, the console stream, the
 * source's {@link Status} and, as {@link OwnStatus}, the status of the step being created. Step
 * classes with an {@code @Inject} constructor are created just in time from these.
 */
final class RunModule extends AbstractModule {

    private final LoadedWorkflow workflow;
    private final ObjectMapper mapper;
    private final Provider<HttpClient> httpClient;
    private final Clock clock;
    private final Status sourceStatus;
    private final ConsoleOutput console;
    private final StopSignal stop;

    RunModule(LoadedWorkflow workflow, ObjectMapper mapper, Provider<HttpClient> httpClient, Clock clock,
              Status sourceStatus, ConsoleOutput console, StopSignal stop) {
        this.console = console;
        this.stop = stop;
        this.workflow = workflow;
        this.mapper = mapper;
        this.httpClient = httpClient;
        this.clock = clock;
        this.sourceStatus = sourceStatus;
    }

    @Override
    protected void configure() {
        bindInstance(workflow.spec().spec().connectionType(), workflow.connection());
        bindInstance(workflow.sourceConfigType().recordType(), workflow.sourceConfig());
        // Optional<DatabaseFilters>: present when the source config has database filters.
        OptionalBinder<DatabaseFilters> filters = OptionalBinder.newOptionalBinder(binder(), DatabaseFilters.class);
        if (workflow.sourceConfig() instanceof DatabaseFilters configured) {
            filters.setBinding().toInstance(configured);
        }
        for (StepConfig<?> step : workflow.steps()) {
            bindInstance(step.step().spec().configType(), step.config());
        }
        bind(ConsoleOutput.class).toInstance(console);
        bind(WorkflowSteps.class).toInstance(new WorkflowSteps(name(workflow.processor()), name(workflow.stage()),
                name(workflow.bulkSink()), name(workflow.sink())));
        bind(SecretMasker.class).toInstance(workflow.masker());
        bind(WorkflowSettings.class).toInstance(workflow.settings());
        bind(WorkflowContext.class).toInstance(workflow.context());
        ServiceSpec spec = workflow.spec().spec();
        if (workflow.connection() instanceof SuiteConnections suite) {
            SuiteExecutors executors = new SuiteExecutors(suite, mapper, clock, workflow.context());
            bind(TestExecutors.class).toInstance(executors);
            // The run asks it, once every test is counted, whether any service of the suite could be used.
            bind(SuiteExecutors.class).toInstance(executors);
            // A test suite belongs to no service of its own: a sink has none to register.
            bind(ServiceTarget.class).toInstance(ServiceTarget.none(workflow.context().serviceName()));
        } else {
            bind(ServiceTarget.class).toInstance(new ServiceTarget(workflow.context().serviceName(), spec.serviceType(),
                    spec.category(), workflow.connection()));
        }
        bind(MarkDeletedPolicy.class).toInstance(MarkDeletedPolicy.of(workflow.sourceConfig()));
        // Through a provider, not toInstance: Guice scans a bound instance's class for members to
        // inject, and ObjectMapper's hundreds of methods cost a short run several milliseconds.
        bind(ObjectMapper.class).toProvider(Providers.of(mapper));
        // Unscoped on purpose: Stage.PRODUCTION creates singletons eagerly, and the provider memoises.
        bind(HttpClient.class).toProvider(httpClient);
        bind(Clock.class).toInstance(clock);
        bind(StopSignal.class).toInstance(stop);
        bind(Status.class).toInstance(sourceStatus);
        StepBeingCreated created = new StepBeingCreated(sourceStatus);
        bind(StepBeingCreated.class).toInstance(created);
        // Unscoped: each step asks when it is created, and gets its own.
        bind(Status.class).annotatedWith(OwnStatus.class).toProvider(created);
    }

    private static String name(java.util.Optional<? extends StepConfig<?>> step) {
        return step.map(StepConfig::name).orElse(null);
    }

    private <T> void bindInstance(Class<T> type, Object instance) {
        bind(type).toInstance(type.cast(instance));
    }
}
