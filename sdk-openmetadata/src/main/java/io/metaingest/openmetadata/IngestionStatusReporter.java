package io.metaingest.openmetadata;

import io.metaingest.api.ConnectionException;
import java.io.IOException;

/**
 * Reports a run's state to the ingestion pipeline {@code ingestionPipelineFQN} names:
 * {@code running} at start and at every heartbeat, then the final state with the step summaries.
 * The caller decides when; this class only knows the endpoint.
 */
public final class IngestionStatusReporter {

    private final OpenMetadataClient client;
    private final String ingestionPipelineFqn;

    /** Creates a reporter for one ingestion pipeline. */
    public IngestionStatusReporter(OpenMetadataClient client, String ingestionPipelineFqn) {
        this.client = client;
        this.ingestionPipelineFqn = ingestionPipelineFqn;
    }

    /** The ingestion pipeline's FQN. */
    public String ingestionPipelineFqn() {
        return ingestionPipelineFqn;
    }

    /**
     * Checks at start that the server knows the ingestion pipeline.
     *
     * @throws ConnectionException when the server cannot be reached, refuses the token or lacks the pipeline
     */
    public void checkPipeline() throws ConnectionException {
        String path = EntityCollections.byName("ingestionPipeline", ingestionPipelineFqn).orElseThrow();
        if (OpenMetadataConnections.connect(client, () -> client.get(path)).isEmpty()) {
            OpenMetadataConnections.requireApi(client); // a wrong hostPort, not a wrong FQN
            throw new ConnectionException(ConnectionException.Reason.NOT_FOUND, "ingestionPipelineFQN '"
                    + ingestionPipelineFqn + "' is not on " + client.baseUrl()
                    + "; check ingestionPipelineFQN or remove it to run without reporting status");
        }
    }

    /** Sends one report; the server replaces the previous report of the same run. */
    public void report(IngestionPipelineStatus status) throws IOException, OpenMetadataApiException {
        client.put("/v1/services/ingestionPipelines/" + OpenMetadataClient.segment(ingestionPipelineFqn)
                + "/pipelineStatus", status);
    }
}
