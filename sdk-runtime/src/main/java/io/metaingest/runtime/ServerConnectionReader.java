package io.metaingest.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.openmetadata.ServiceConnectionReader;
import io.metaingest.runtime.config.ServerConnections;
import java.net.http.HttpClient;

/**
 * {@link ServerConnections} on the OpenMetadata server of {@code workflowConfig.openMetadataServerConfig}:
 * {@code GET} the service by name and take its connection. What the server returns is never logged;
 * its secrets are masked like the file's, because the loader puts it where the file would have had it.
 */
final class ServerConnectionReader implements ServerConnections {

    private final ObjectMapper mapper;

    ServerConnectionReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public JsonNode read(JsonNode workflowConfig, String serviceName, ServiceCategory category) throws Unavailable {
        if (!workflowConfig.path("openMetadataServerConfig").isObject()) {
            throw new Unavailable("missing; add serviceConnection.config, or workflowConfig.openMetadataServerConfig"
                    + " to read the connection of service '" + serviceName + "' from the OpenMetadata server");
        }
        try {
            WorkflowSettings settings = mapper.treeToValue(workflowConfig, WorkflowSettings.class);
            return new ServiceConnectionReader(OpenMetadataConnections.client(settings, HttpClient.newHttpClient(), mapper, 1))
                    .read(serviceName, category);
        } catch (ServiceConnectionReader.MissingConnectionException e) {
            throw new Unavailable("missing, and " + e.getMessage());
        } catch (ConnectionException e) {
            throw new Unavailable("missing, and reading it from the server failed: " + e.getMessage(), true);
        } catch (JsonProcessingException e) {
            throw new Unavailable("missing, and workflowConfig cannot be read to reach the server: " + e.getOriginalMessage());
        }
    }
}
