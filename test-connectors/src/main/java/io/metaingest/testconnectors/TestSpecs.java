package io.metaingest.testconnectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.Status;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.CreateDashboardRequest;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Small connectors for the runtime's and the CLI's tests, discovered through this module's marker. */
public final class TestSpecs {

    private TestSpecs() {
    }

    /** A dashboard connector emitting {@code count} widgets; former name "Gadgets". */
    public static final class WidgetSpec implements ServiceSpec {
        @Override public String serviceType() { return "Widgets"; }
        @Override public Set<String> formerServiceTypes() { return Set.of("Gadgets"); }
        @Override public ServiceCategory category() { return ServiceCategory.DASHBOARD; }
        @Override public Class<WidgetConnection> connectionType() { return WidgetConnection.class; }
        @Override public String connectionSchema() { return "/schemas/widgetConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DASHBOARD_METADATA, WidgetSource.class));
        }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(WidgetTester.class);
        }
    }

    /**
     * A database connector with metadata and lineage workflows that emit nothing, and a profiler
     * whose {@code orm-profiler} step is its own.
     */
    public static final class TestdbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Testdb"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<Map> connectionType() { return Map.class; }
        @Override public String connectionSchema() { return "/schemas/testdbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, EmptySource.class),
                    StepSpec.source(SourceConfigType.DATABASE_LINEAGE, EmptySource.class),
                    StepSpec.source(SourceConfigType.PROFILER, TablesSource.class),
                    StepSpec.processor("orm-profiler", TestdbProfiler.class, String.class,
                    NoConfig.class, "/schemas/sink/console.json"));
        }
    }

    /** A second database connector bringing its own {@code orm-profiler}: no clash with Testdb's. */
    public static final class OtherdbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Otherdb"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<Map> connectionType() { return Map.class; }
        @Override public String connectionSchema() { return "/schemas/otherdbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, EmptySource.class),
                    StepSpec.source(SourceConfigType.PROFILER, TablesSource.class),
                    StepSpec.source(SourceConfigType.AUTO_CLASSIFICATION, TablesSource.class),
                    StepSpec.processor("orm-profiler", OtherdbProfiler.class, String.class,
                    NoConfig.class, "/schemas/sink/console.json"));
        }
    }

    /** The settings of the connectors' own steps: none. */
    public record NoConfig() {
    }

    /** Emits two table names. */
    public static final class TablesSource implements Source<String> {
        @Inject
        public TablesSource() {
        }

        @Override
        public Stream<Result<String>> read() {
            return Stream.of(Result.ok("t1"), Result.ok("t2"));
        }
    }

    /** Testdb's profiler, which would run its SQL through Testdb's driver. */
    public static final class TestdbProfiler implements Processor<String, String> {
        @Inject
        public TestdbProfiler() {
        }

        @Override
        public Stream<Result<String>> process(String table) {
            return Stream.of(Result.ok("profiled by Testdb: " + table));
        }
    }

    /** Otherdb's profiler. */
    public static final class OtherdbProfiler implements Processor<String, String> {
        @Inject
        public OtherdbProfiler() {
        }

        @Override
        public Stream<Result<String>> process(String table) {
            return Stream.of(Result.ok("profiled by Otherdb: " + table));
        }
    }

    /**
     * The widget connection.
     *
     * @param hostPort the server
     * @param count how many widgets
     * @param apiToken a secret
     * @param failOn widgets whose mapping fails
     * @param explodeAfter throw from the stream after this many widgets
     */
    public record WidgetConnection(String hostPort, Integer count, Secret apiToken, List<String> failOn,
                                   Integer explodeAfter) {
    }

    /** Proves that connector classes are created just in time by the injector. */
    public static final class WidgetNamer {
        private final WorkflowContext context;

        @Inject
        public WidgetNamer(WorkflowContext context) {
            this.context = context;
        }

        String name(int i) {
            return "w" + i;
        }

        String service() {
            return context.serviceName();
        }
    }

    /** Emits widgets as dashboards; asks for everything the runtime promises to inject. */
    public static final class WidgetSource implements Source<CreateDashboardRequest> {
        private final WidgetConnection connection;
        private final DashboardMetadataConfig config;
        private final WidgetNamer namer;
        private final Status status;
        private final Clock clock;
        private final ObjectMapper mapper;
        private final HttpClient httpClient;

        @Inject
        public WidgetSource(WidgetConnection connection, DashboardMetadataConfig config, WidgetNamer namer,
                            Status status, Clock clock, ObjectMapper mapper, HttpClient httpClient) {
            this.connection = connection;
            this.config = config;
            this.namer = namer;
            this.status = status;
            this.clock = clock;
            this.mapper = mapper;
            this.httpClient = httpClient;
        }

        /** Exposed for the wiring test. */
        public List<Object> injected() {
            return List.of(connection, config, namer, status, clock, mapper, httpClient);
        }

        @Override
        public Stream<Result<CreateDashboardRequest>> read() {
            FilterPattern filter = FilterPattern.orAll(config.dashboardFilterPattern());
            int count = connection.count() == null ? 3 : connection.count();
            List<String> failOn = connection.failOn() == null ? List.of() : connection.failOn();
            return IntStream.rangeClosed(1, count).mapToObj(i -> {
                if (connection.explodeAfter() != null && i > connection.explodeAfter()) {
                    throw new IllegalStateException("widget server went away");
                }
                String name = namer.name(i);
                if (!filter.includes(name)) {
                    return Result.filtered(name, "dashboardFilterPattern");
                }
                if (failOn.contains(name)) {
                    return Result.failed(name, new IllegalArgumentException("cannot map " + name
                            + " with token " + connection.apiToken().reveal()));
                }
                return Result.ok(new CreateDashboardRequest(name, "Widget " + i, null, null, null, List.of(),
                        "Dashboard", namer.service(), null, null));
            });
        }
    }

    /** Fails with a connection error when the host is "unreachable". */
    public static final class WidgetTester implements ConnectionTester {
        private final WidgetConnection connection;

        @Inject
        public WidgetTester(WidgetConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            if (connection.hostPort().startsWith("unreachable")) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE,
                        "cannot reach " + connection.hostPort() + "; check hostPort");
            }
            return List.of("reached " + connection.hostPort());
        }
    }

    /** Emits nothing. */
    public static final class EmptySource implements Source<Object> {
        @Inject
        public EmptySource() {
        }

        @Override
        public Stream<Result<Object>> read() {
            return Stream.empty();
        }
    }
}
