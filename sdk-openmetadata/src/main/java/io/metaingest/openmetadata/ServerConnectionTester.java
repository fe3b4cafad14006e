package io.metaingest.openmetadata;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import java.util.List;

/**
 * {@code test-connection}'s checks of the OpenMetadata server a workflow publishes to, made with the
 * calls a run starts with, and writing nothing: the server answers as OpenMetadata
 * ({@code GET /v1/system/version}, which needs no token: the sink's start-up check), then the token is
 * accepted (the run's first authenticated call: the look-up of its service by name, or, for a test
 * suite, of the suite; found or not, an answer means the token was taken). Each check that passes is one
 * line as a {@link ConnectionTester} gives it; the first that fails is a {@link ConnectionException}
 * with the reason and the line a run would end with (exit code 3).
 */
public final class ServerConnectionTester {

    private final OpenMetadataClient client;

    /** Creates the checks on the client of {@code workflowConfig.openMetadataServerConfig}. */
    public ServerConnectionTester(OpenMetadataClient client) {
        this.client = client;
    }

    /**
     * Runs the checks.
     *
     * @param service the run's service, as the sink makes sure of it
     * @return one line per check that passed; a server not on the supported line starts its line with
     *         {@link ConnectionTester#WARNING}
     * @throws ConnectionException the server cannot be reached, is not OpenMetadata's API, or refuses the token
     */
    public List<String> test(ServiceTarget service) throws ConnectionException {
        ServerVersion version = OpenMetadataConnections.readVersion(client);
        String answered = version.supported()
                ? "OpenMetadata at " + client.baseUrl() + " answers, version " + version.version()
                : ConnectionTester.WARNING + OpenMetadataConnections.unsupported(client, version);
        try {
            return List.of(answered, acceptsToken(service));
        } catch (ConnectionException e) {
            throw e.withPassed(List.of(answered)); // a refused token: the server itself answered
        }
    }

    /**
     * The second check alone, for a step that has read the server's version already: the token is accepted.
     *
     * @param service the run's service, as the sink makes sure of it
     * @return the check's line
     * @throws ConnectionException the server refuses the token, or cannot be reached
     */
    public String acceptsToken(ServiceTarget service) throws ConnectionException {
        String lookUp = service.registrable()
                ? EntityCollections.byName(EntityCollections.serviceEntityType(service.category()), service.name()).orElseThrow()
                : TestSuiteReader.byName(service.name());
        boolean found = OpenMetadataConnections.connect(client, () -> client.get(lookUp)).isPresent();
        String what = (service.registrable() ? "service " : "test suite ") + service.name();
        // A service the server lacks is no failure: the sink creates it.
        return "OpenMetadata accepted the token (GET " + lookUp + ": " + (found ? what + " found"
                : "no " + what + (service.registrable() ? " yet, which a run creates" : " there")) + ")";
    }
}
