package io.metaingest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Injector;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Status;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.openmetadata.IngestionStatusReporter;
import io.metaingest.openmetadata.MetadataRestSinkConfig;
import io.metaingest.openmetadata.OpenMetadataClient;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.openmetadata.ServerConnectionTester;
import io.metaingest.openmetadata.ServiceTarget;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.Injectors;
import io.metaingest.runtime.output.ConsoleOutput;
import io.metaingest.runtime.usage.MetadataUsageBulkSink;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * test-connection's checks of the OpenMetadata server of {@code workflowConfig.openMetadataServerConfig},
 * for a workflow that uses it: a {@code metadata-rest} sink, a {@code metadata-usage} bulk sink without
 * {@code path}, or an {@code ingestionPipelineFQN}. Without them a wrong host or a refused token passed
 * test-connection and failed the run at its start.
 */
final class ServerChecks {

    private final ObjectMapper mapper;
    private final Clock clock;

    ServerChecks(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Whether a run of {@code workflow} talks to the server (the connection read from it is checked on loading). */
    static boolean usesServer(LoadedWorkflow workflow) {
        return restSink(workflow).isPresent() || workflow.ingestionPipelineFqn().isPresent()
                || workflow.bulkSink().map(step -> step.config())
                        .filter(config -> config instanceof MetadataUsageBulkSink.Config usage && usage.path() == null)
                        .isPresent();
    }

    /**
     * Checks the server as a run meets it at start, writing nothing: it answers as OpenMetadata, takes the
     * token, and has the ingestion pipeline the run reports to.
     *
     * @return one line per check that passed
     * @throws ConnectionException the first check that failed, carrying the lines of those that passed
     */
    List<String> test(LoadedWorkflow workflow) throws ConnectionException {
        // The run's own bindings: the HTTP client the sink gets, the service it makes sure of.
        Injector run = Injectors.forRun(workflow, mapper, clock, new Status(), new ConsoleOutput(System.out, false));
        WorkflowSettings settings = workflow.settings();
        HttpClient http = run.getInstance(HttpClient.class);
        OpenMetadataClient client = OpenMetadataConnections.client(settings, http, mapper, 1,
                restSink(workflow).orElse(MetadataRestSinkConfig.defaults()).requestTimeout());
        List<String> passed = new ArrayList<>(new ServerConnectionTester(client).test(run.getInstance(ServiceTarget.class)));
        if (workflow.ingestionPipelineFqn().isPresent()) {
            String fqn = workflow.ingestionPipelineFqn().get();
            try {
                new IngestionStatusReporter(client, fqn).checkPipeline();
            } catch (ConnectionException e) {
                throw e.withPassed(passed); // the server answered and took the token: say so before the failure
            }
            passed.add("OpenMetadata has ingestion pipeline " + fqn + ", which the run reports its state to");
        }
        return passed;
    }

    private static Optional<MetadataRestSinkConfig> restSink(LoadedWorkflow workflow) {
        return workflow.sink().map(step -> step.config()).filter(MetadataRestSinkConfig.class::isInstance)
                .map(MetadataRestSinkConfig.class::cast);
    }
}
