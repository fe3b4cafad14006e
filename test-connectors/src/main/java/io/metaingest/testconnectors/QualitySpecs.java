package io.metaingest.testconnectors;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.quality.TestCase;
import io.metaingest.api.quality.TestCaseResult;
import io.metaingest.api.quality.TestExecutor;
import io.metaingest.api.quality.TestResultValue;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A connector that runs data-quality tests, and one that does not, for the test suite workflow's tests. */
public final class QualitySpecs {

    private QualitySpecs() {
    }

    /** What the executors did, in order: "open host", "run host test", "close host". */
    public static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** The connection record: its password is a {@link Secret}. */
    public record QualitydbConnection(String type, String hostPort, String username, Secret password) {
    }

    /** A database connector with a test executor. */
    public static final class QualitydbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Qualitydb"; }
        @Override public Set<String> formerServiceTypes() { return Set.of("Qdb"); }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<QualitydbConnection> connectionType() { return QualitydbConnection.class; }
        @Override public String connectionSchema() { return "/schemas/qualitydbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, NoTables.class));
        }
        @Override public Optional<Class<? extends TestExecutor>> testExecutor() {
            return Optional.of(HostExecutor.class);
        }
        @Override public Optional<Class<? extends ConnectionTester>> connectionTester() {
            return Optional.of(HostTester.class);
        }
    }

    /** Reaches every host but {@code down:1}, whose failure message carries the password as a careless server's would. */
    public static final class HostTester implements ConnectionTester {
        private final QualitydbConnection connection;

        @Inject
        public HostTester(QualitydbConnection connection) {
            this.connection = connection;
        }

        @Override
        public List<String> test() throws ConnectionException {
            if (connection.hostPort().equals("down:1")) {
                throw new ConnectionException(ConnectionException.Reason.UNREACHABLE, "cannot reach down:1 with "
                        + (connection.password() == null ? "" : connection.password().reveal()));
            }
            return List.of("reached " + connection.hostPort() + " as " + connection.username());
        }
    }

    /** A database connector without one. */
    public static final class PlaindbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Plaindb"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<QualitydbConnection> connectionType() { return QualitydbConnection.class; }
        @Override public String connectionSchema() { return "/schemas/qualitydbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, NoTables.class));
        }
    }

    /** Reads nothing. */
    public static final class NoTables implements Source<Object> {
        @Inject
        public NoTables() {
        }

        @Override
        public Stream<Result<Object>> read() {
            return Stream.empty();
        }
    }

    /**
     * Answers every test from its own connection: Success with the host it was given and the service
     * it serves, so a test sees which service's connection each executor holds; a host of
     * {@code down:1} cannot be used at all.
     */
    public static final class HostExecutor implements TestExecutor {
        private final QualitydbConnection connection;
        private final WorkflowContext context;

        @Inject
        public HostExecutor(QualitydbConnection connection, WorkflowContext context) {
            this.connection = connection;
            this.context = context;
            EVENTS.add("open " + connection.hostPort());
        }

        @Override
        public TestCaseResult run(TestCase testCase, long timestamp) {
            if (connection.hostPort().equals("down:1")) {
                throw new IllegalStateException("cannot reach " + connection.hostPort());
            }
            EVENTS.add("run " + connection.hostPort() + " " + testCase.name());
            return TestCaseResult.of(timestamp, true, "ran on " + connection.hostPort(),
                    List.of(new TestResultValue("service", context.serviceName()),
                            new TestResultValue("host", connection.hostPort())));
        }

        @Override
        public void close() {
            EVENTS.add("close " + connection.hostPort());
        }
    }
}
