package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.multibindings.OptionalBinder;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DatabaseFilters;
import io.metaingest.runtime.config.SuiteService;
import java.time.Clock;

/**
 * Creates a connector's class for one service of a test suite (its test executor, its connection
 * tester) through an injector of that service's own, which holds its connection record, so two
 * services of the same connector never share one; the connector's class loader is the thread's
 * context loader meanwhile, as drivers expect.
 */
final class SuiteServiceInjector {

    private SuiteServiceInjector() {
    }

    static <T> T create(SuiteService service, Class<T> type, ObjectMapper mapper, Clock clock, WorkflowContext context)
            throws ConnectionException, Injectors.StepCreationException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(service.spec().classLoader());
        try {
            Injector injector = Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
                @Override
                protected void configure() {
                    bindConnection(binder(), service.spec().spec().connectionType(), service.connection());
                    bind(ObjectMapper.class).toInstance(mapper);
                    bind(Clock.class).toInstance(clock);
                    bind(WorkflowContext.class).toInstance(new WorkflowContext(service.serviceName(),
                            context.sourceType(), context.kind(), context.pipelineRunId()));
                    // A suite's services have no filters of their own: absent, as for a run whose source config has none.
                    OptionalBinder.newOptionalBinder(binder(), DatabaseFilters.class);
                }
            });
            return Injectors.create(injector, type);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <T> void bindConnection(Binder binder, Class<T> type, Object connection) {
        binder.bind(type).toInstance(type.cast(connection));
    }
}
