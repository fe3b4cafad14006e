package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.SuiteService;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.mask.SecretMasker;
import io.metaingest.runtime.registry.RegisteredSpec;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connector's {@link ConnectionTester} for {@code metaingest test-connection}; for a test
 * suite, the tester of each listed service's connector, with that service's connection. Each tester
 * gets {@link #DEFAULT_BOUND} (or the bound given) to answer, as OpenMetadata bounds its test connection.
 */
public final class ConnectionTestRunner {

    /** How long a tester may take by default: OpenMetadata's test connection steps get 3 minutes too. */
    public static final Duration DEFAULT_BOUND = Duration.ofMinutes(3);

    /** The connection fields that name the server to check, first found first; none: the whole connection. */
    private static final List<String> ADDRESS_FIELDS = List.of("hostPort", "host");

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionTestRunner.class);

    private final ObjectMapper mapper;
    private final Clock clock;
    private final TesterBound bound;

    /** Creates a runner giving each tester {@link #DEFAULT_BOUND}. */
    public ConnectionTestRunner(ObjectMapper mapper, Clock clock) {
        this(mapper, clock, DEFAULT_BOUND);
    }

    /** Creates a runner giving each tester {@code bound} to answer. */
    public ConnectionTestRunner(ObjectMapper mapper, Clock clock, Duration bound) {
        this.mapper = mapper;
        this.clock = clock;
        this.bound = new TesterBound(bound);
    }

    /**
     * Tests the workflow's connection.
     *
     * @return the checks that passed, a test suite's services that failed theirs, and the services whose
     *         connector has no tester (nothing was checked for them)
     * @throws ConnectionException with the failed check of a workflow's one service, its message masked,
     *         carrying the lines of the checks that passed and the other checks that failed, all masked
     */
    public ConnectionTestResult test(LoadedWorkflow workflow) throws ConnectionException, Injectors.StepCreationException {
        if (workflow.connection() instanceof SuiteConnections suite) {
            return testServices(suite, workflow);
        }
        Optional<Class<? extends ConnectionTester>> testerClass = workflow.spec().spec().connectionTester();
        if (testerClass.isEmpty()) {
            return new ConnectionTestResult(List.of(), List.of(), List.of(new ConnectionTestResult.Untested(
                    Optional.empty(), workflow.spec().spec().serviceType())));
        }
        SecretMasker masker = workflow.masker();
        String serviceName = workflow.context().serviceName();
        try {
            Optional<List<String>> lines = bound.run("metaingest-test-connection-" + serviceName, () -> Injectors.create(
                    Injectors.forRun(workflow, mapper, clock, new Status(), new ConsoleOutput(System.out, false)),
                    testerClass.get()).test());
            if (lines.isEmpty()) {
                return new ConnectionTestResult(List.of(), List.of(), List.of(), List.of(timedOut(serviceName,
                        workflow.spec().spec(), workflow.connectionOrigin()::located)));
            }
            return new ConnectionTestResult(lines.get().stream().map(masker::mask).toList(), List.of(), List.of());
        } catch (ConnectionException e) {
            throw ConnectionException.of(failures(e).map(f -> masked(workflow.connectionOrigin().located(f), masker))
                    .toList(), e.passed().stream().map(masker::mask).toList());
        } catch (RuntimeException e) {
            // Not the connection's answer but the tester's own bug: its author, not the settings, is what to fix.
            LOG.debug("{}: the connection tester failed", serviceName, e);
            return new ConnectionTestResult(List.of(), List.of(), List.of(), List.of(),
                    List.of(broken(Optional.empty(), workflow.spec(), e, masker)));
        }
    }

    /**
     * A test suite's services, each with its own connector's tester, in the file's order: every one is
     * tested, since a run uses the others when one fails, and the user fixes them all from one answer.
     */
    private ConnectionTestResult testServices(SuiteConnections suite, LoadedWorkflow workflow)
            throws Injectors.StepCreationException {
        List<String> passed = new ArrayList<>();
        List<ConnectionTestResult.Failed> failed = new ArrayList<>();
        List<ConnectionTestResult.Untested> untested = new ArrayList<>();
        List<ConnectionTestResult.TimedOut> timedOut = new ArrayList<>();
        List<ConnectionTestResult.Broken> broken = new ArrayList<>();
        for (SuiteService service : suite.services()) {
            String prefix = service.serviceName() + ": ";
            Optional<Class<? extends ConnectionTester>> testerClass = service.spec().spec().connectionTester();
            if (testerClass.isEmpty()) {
                // Not a pass: the caller says nothing was checked for it, as for a single service.
                untested.add(new ConnectionTestResult.Untested(Optional.of(service.serviceName()),
                        service.spec().spec().serviceType()));
                continue;
            }
            try {
                Optional<List<String>> lines = bound.run("metaingest-test-connection-" + service.serviceName(),
                        () -> SuiteServiceInjector.create(service, testerClass.get(), mapper, clock, workflow.context())
                                .test());
                if (lines.isEmpty()) {
                    // The next services are still tested: the user fixes them all from one answer.
                    timedOut.add(timedOut(service.serviceName(), service.spec().spec(), service::located));
                    continue;
                }
                lines.get().forEach(line -> passed.add(workflow.masker().mask(named(prefix, line))));
            } catch (ConnectionException e) {
                LOG.debug("{}: connection test failed", service.serviceName(), e);
                // The checks that passed before the failure are still this service's answer.
                e.passed().forEach(line -> passed.add(workflow.masker().mask(named(prefix, line))));
                failures(e).forEach(f -> failed.add(new ConnectionTestResult.Failed(service.serviceName(), f.reason(),
                        workflow.masker().mask(service.located(f).getMessage()))));
            } catch (RuntimeException e) {
                LOG.debug("{}: the connection tester failed", service.serviceName(), e);
                // The next services are still tested, as after a failed check.
                broken.add(broken(Optional.of(service.serviceName()), service.spec(), e, workflow.masker()));
            }
        }
        return new ConnectionTestResult(passed, failed, untested, timedOut, broken);
    }

    /**
     * A service whose tester did not answer: the setting naming its server (located where the user fixes
     * it) and the tester's own timeouts are what to check.
     */
    private ConnectionTestResult.TimedOut timedOut(String serviceName, ServiceSpec spec,
                                                   UnaryOperator<String> located) {
        LOG.debug("{}: the connection tester did not answer within {}; interrupted it", serviceName, bound.described());
        Class<?> connection = spec.connectionType();
        List<String> fields = connection.isRecord()
                ? Arrays.stream(connection.getRecordComponents()).map(RecordComponent::getName).toList() : List.of();
        String setting = ADDRESS_FIELDS.stream().filter(fields::contains).findFirst().map(ConnectionPath::of)
                .orElse(ConnectionPath.PREFIX);
        return new ConnectionTestResult.TimedOut(serviceName, located.apply(serviceName + " (" + spec.serviceType()
                + ") did not answer the connection test within " + bound.described() + "; check " + setting
                + " and that the tester sets connect and read timeouts"));
    }

    /** A tester that threw a RuntimeException: its connector, where it came from, its error masked. */
    private static ConnectionTestResult.Broken broken(Optional<String> serviceName, RegisteredSpec spec,
                                                      RuntimeException e, SecretMasker masker) {
        return new ConnectionTestResult.Broken(serviceName, spec.spec().serviceType(), spec.origin(),
                masker.mask(StepError.oneLine(e)), e);
    }

    /** A service's line with its name; a warning keeps its {@link ConnectionTester#WARNING} first. */
    private static String named(String prefix, String line) {
        return line.startsWith(ConnectionTester.WARNING)
                ? ConnectionTester.WARNING + prefix + line.substring(ConnectionTester.WARNING.length())
                : prefix + line;
    }

    /** A tester's failure and the other checks that failed with it, in the order they ran. */
    private static Stream<ConnectionException> failures(ConnectionException e) {
        return Stream.concat(Stream.of(e), e.otherFailures().stream());
    }

    /** Vendors echo what they were sent in error bodies; the message is shown to the user. */
    private static ConnectionException masked(ConnectionException e, SecretMasker masker) {
        ConnectionException masked = new ConnectionException(e.reason(), masker.mask(e.getMessage()));
        masked.setStackTrace(e.getStackTrace());
        return masked;
    }
}
