package io.metaingest.connectors.microstrategy;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.connectors.microstrategy.api.MstrProject;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.List;

/** Checks a MicroStrategy connection as OpenMetadata does: logs in, lists the projects, logs out. */
public class MicroStrategyConnectionTester implements ConnectionTester {

    private final MicroStrategyClient client;

    /** Creates the tester. */
    @Inject
    public MicroStrategyConnectionTester(MicroStrategyClient client) {
        this.client = client;
    }

    @Override
    public List<String> test() throws ConnectionException {
        List<MstrProject> projects;
        try {
            client.login();
            projects = client.projects();
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        } finally {
            client.logout();
        }
        // No project is no error of the connection (a new server, a user without grants), but a run reads nothing.
        String listed = projects.isEmpty() ? "listed no project: the user may open none, so a run reads no dossier"
                : "listed " + projects.size() + " project(s): "
                        + String.join(", ", projects.stream().map(MstrProject::name).toList());
        return List.of("logged in", listed, "logged out");
    }
}
