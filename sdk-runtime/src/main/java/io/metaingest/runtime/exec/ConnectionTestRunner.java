package io.metaingest.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.api.Status;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.mask.SecretMasker;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Runs a connector's {@link ConnectionTester} for {@code metaingest test-connection}. */
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
            // Vendors echo what they were sent in error bodies; the message is shown to the user.
            ConnectionException masked = new ConnectionException(e.reason(), masker.mask(e.getMessage()));
            masked.setStackTrace(e.getStackTrace());
            throw masked;
        }
    }
}
