package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionTester;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a dbt Cloud connection with one call to each API: it reads one job (the first of
 * {@code jobIds}, else the first of the account) and sends one Discovery query for it.
 */
public class DbtCloudConnectionTester implements ConnectionTester {

    private final DbtCloudConnection connection;
    private final DbtCloudClient client;

    /** Creates the tester. */
    @Inject
    public DbtCloudConnectionTester(DbtCloudConnection connection, DbtCloudClient client) {
        this.connection = connection;
        this.client = client;
    }

    @Override
    public List<String> test() throws ConnectionException {
        List<String> passed = new ArrayList<>();
        DbtJob job;
        try {
            if (connection.jobIds().isEmpty()) {
                List<DbtJob> first = client.firstJobs(1);
                job = first.isEmpty() ? null : first.get(0);
            } else {
                job = client.job(connection.jobIds().get(0));
            }
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
        passed.add(job == null ? "Administrative API: account " + connection.accountId() + " has no jobs"
                : "Administrative API: read job " + job.id() + " (" + job.name() + ")");
        try {
            if (job == null) {
                client.pingDiscovery();
                passed.add("Discovery API: answered a query");
            } else {
                DiscoveryJob nodes = client.discoveryJob(job.id(), null);
                passed.add("Discovery API: job " + job.id() + " has "
                        + (nodes == null || nodes.models() == null ? "no run with metadata yet"
                                : nodes.models().size() + " model(s)"));
            }
        } catch (VendorApiException e) {
            throw client.asDiscoveryConnectionException(e);
        }
        return passed;
    }
}
