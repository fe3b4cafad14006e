package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.ConnectionTester;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks a dbt Cloud connection: one call to the Administrative API (the first job of the account),
 * then each configured id, as the run selects jobs ({@link JobSelection}): a {@code projectIds}
 * entry must have a job (the jobs API answers an unknown project with an empty list), a
 * {@code jobIds} entry must exist (and, with {@code projectIds}, be in one of them). Every id that
 * fails is named in one failing step. Last, one Discovery query for the first selected job.
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
            // The account first: a wrong host, token or accountId is told apart from an id that does not exist.
            List<DbtJob> first = client.firstJobs(1);
            job = first.isEmpty() ? null : first.get(0);
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
        passed.add(job == null ? "Administrative API: account " + connection.accountId() + " has no jobs"
                : "Administrative API: read job " + job.id() + " (" + job.name() + ")");
        if (!connection.projectIds().isEmpty() || !connection.jobIds().isEmpty()) {
            DbtJob selected;
            try {
                selected = checkSelection(passed);
            } catch (ConnectionException e) {
                throw e.withPassed(passed); // the account's line still says the token and host work
            }
            job = selected != null ? selected : job;
        }
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
            throw client.asDiscoveryConnectionException(e).withPassed(passed);
        }
        return passed;
    }

    /**
     * Asks for each configured project and job; adds the passed line, or throws naming every id that
     * does not exist. Returns the first configured job that exists, for the Discovery query.
     */
    private DbtJob checkSelection(List<String> passed) throws ConnectionException {
        List<String> problems = new ArrayList<>();
        List<String> projectIds = List.copyOf(new LinkedHashSet<>(connection.projectIds()));
        try {
            for (String project : projectIds) {
                if (client.firstJobsOf(project, 1).isEmpty()) {
                    problems.add("project " + project + " of projectIds has no job in account " + connection.accountId()
                            + " (no such project, or one without jobs)");
                }
            }
            DbtJob firstFound = null;
            for (String id : new LinkedHashSet<>(connection.jobIds())) {
                DbtJob job;
                try {
                    job = client.job(id);
                } catch (VendorApiException e) {
                    if (e.httpStatus() != 404) {
                        throw e;
                    }
                    problems.add(JobIdProblems.doesNotExist(id, connection.accountId(), e));
                    continue;
                }
                if (!projectIds.isEmpty() && !projectIds.contains(job.projectId())) {
                    problems.add(JobIdProblems.outsideProjects(id, job.projectId(), projectIds));
                    continue;
                }
                firstFound = firstFound == null ? job : firstFound;
            }
            if (!problems.isEmpty()) {
                boolean both = !connection.projectIds().isEmpty() && !connection.jobIds().isEmpty();
                String fields = both ? ConnectionPath.of("projectIds", "jobIds")
                        : ConnectionPath.of(connection.projectIds().isEmpty() ? "jobIds" : "projectIds");
                throw new ConnectionException(ConnectionException.Reason.NOT_FOUND, String.join("; ", problems)
                        + "; check " + fields);
            }
            passed.add("Administrative API: " + selectionLine(projectIds.size(), connection.jobIds().size()));
            return firstFound;
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
    }

    private static String selectionLine(int projects, int jobs) {
        List<String> parts = new ArrayList<>();
        if (projects > 0) {
            parts.add(projects + " project(s) of projectIds have jobs");
        }
        if (jobs > 0) {
            parts.add(jobs + " job(s) of jobIds exist" + (projects > 0 ? " in those projects" : ""));
        }
        return String.join(", ", parts);
    }
}
