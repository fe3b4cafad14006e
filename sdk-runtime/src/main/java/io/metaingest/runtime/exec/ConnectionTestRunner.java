package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.Status;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.SuiteConnections;
import io.metaingest.runtime.config.SuiteService;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.mask.SecretMasker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a connector's {@link ConnectionTester} for {@code metaingest test-connection}; for a test
 * suite, the tester of each listed service's connector, with that service's connection.
 */
public final class ConnectionTestRunner {

    private final ObjectMapper mapper;
    private final Clock clock;

    /** Creates a runner. */
    public ConnectionTestRunner(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Tests the workflow's connection.
     *
     * @return the lines of the checks that passed; empty when the connector has no tester
     * @throws ConnectionException with the first failed check, its message masked
     */
    public Optional<List<String>> test(LoadedWorkflow workflow) throws ConnectionException, Injectors.StepCreationException {
        if (workflow.connection() instanceof SuiteConnections suite) {
            return Optional.of(testServices(suite, workflow));
        }
        Optional<Class<? extends ConnectionTester>> testerClass = workflow.spec().spec().connectionTester();
        if (testerClass.isEmpty()) {
            return Optional.empty();
        }
        SecretMasker masker = workflow.masker();
        try {
            ConnectionTester tester = Injectors.create(Injectors.forRun(workflow, mapper, clock, new Status(),
                    new ConsoleOutput(System.out, false)), testerClass.get());
            return Optional.of(tester.test().stream().map(masker::mask).toList());
        } catch (ConnectionException e) {
            throw masked(e, "", masker);
        }
    }

    /** A test suite's services, each with its own connector's tester, in the file's order. */
    private List<String> testServices(SuiteConnections suite, LoadedWorkflow workflow)
            throws ConnectionException, Injectors.StepCreationException {
        List<String> passed = new ArrayList<>();
        for (SuiteService service : suite.services()) {
            String prefix = service.serviceName() + ": ";
            Optional<Class<? extends ConnectionTester>> testerClass = service.spec().spec().connectionTester();
            if (testerClass.isEmpty()) {
                passed.add(prefix + service.spec().spec().serviceType() + " has no connection test");
                continue;
            }
            try {
                ConnectionTester tester = SuiteServiceInjector.create(service, testerClass.get(), mapper, clock,
                        workflow.context());
                tester.test().forEach(line -> passed.add(workflow.masker().mask(prefix + line)));
            } catch (ConnectionException e) {
                throw masked(e, prefix, workflow.masker());
            }
        }
        return passed;
    }

    /** Vendors echo what they were sent in error bodies; the message is shown to the user. */
    private static ConnectionException masked(ConnectionException e, String prefix, SecretMasker masker) {
        ConnectionException masked = new ConnectionException(e.reason(), masker.mask(prefix + e.getMessage()));
        masked.setStackTrace(e.getStackTrace());
        return masked;
    }
}
