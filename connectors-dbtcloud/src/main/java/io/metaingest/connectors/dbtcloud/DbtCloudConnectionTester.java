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
 * Checks a dbt Cloud connection: one call to the Administrative API (the first job of the account,
 * named only when no job is selected, as only then does the run read it), then each configured id,
 * as the run selects jobs ({@link JobSelection}): a {@code projectIds} entry must have a job (the
 * jobs API answers an unknown project with an empty list), a {@code jobIds} entry must exist (and,
 * with {@code projectIds}, be in one of them). Every id that fails is named in one failing step;
 * every id dbt Cloud refused with 403 (while the token reads the account) in another, with both
 * fixes. Last, one Discovery query for the first selected job (one the run reads).
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
        boolean selecting = !connection.projectIds().isEmpty() || !connection.jobIds().isEmpty();
        // With a selection the account's first job may be one the run never reads: naming it would read
        // as if it were selected, so the line says only what the call proved.
        passed.add(job == null ? "Administrative API: account " + connection.accountId() + " has no jobs"
                : selecting ? "Administrative API: the token reads account " + connection.accountId()
                : "Administrative API: read job " + job.id() + " (" + job.name() + ")");
        if (selecting) {
            try {
                job = checkSelection(passed);
            } catch (ConnectionException e) {
                throw e.withPassed(passed); // the account's line still says the token and host work
            }
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
     * does not exist and every id dbt Cloud refused with 403 (each kind its own failure, one line each).
     * Returns the first selected job, for the Discovery query: the first of {@code jobIds} that exists
     * (in {@code projectIds} when both are set), else the first job of the first project that has one.
     *
     * <p>A refused id fails the step rather than warning, as Postgres' test fails on tables the role may
     * not read: the run cannot read that project's (or job's) pipelines, records a failure for it and
     * skips mark-deleted, so a test that passed would promise a run that does not succeed.
     */
    private DbtJob checkSelection(List<String> passed) throws ConnectionException {
        List<String> problems = new ArrayList<>();
        List<String> projectIds = List.copyOf(new LinkedHashSet<>(connection.projectIds()));
        List<String> refusedProjects = new ArrayList<>();
        List<String> refusedJobs = new ArrayList<>();
        VendorApiException firstRefusal = null;
        try {
            DbtJob firstOfProjects = null;
            for (String project : projectIds) {
                try {
                    List<DbtJob> first = client.firstJobsOf(project, 1);
                    if (!first.isEmpty()) {
                        firstOfProjects = firstOfProjects == null ? first.get(0) : firstOfProjects;
                    } else {
                        problems.add("project " + project + " of projectIds "
                                + JobIdProblems.projectWithoutJobs(connection.accountId()));
                    }
                } catch (VendorApiException e) {
                    if (!refusedOnItsOwn(e)) {
                        throw e;
                    }
                    refusedProjects.add(project);
                    firstRefusal = firstRefusal == null ? e : firstRefusal;
                }
            }
            DbtJob firstFound = null;
            for (String id : new LinkedHashSet<>(connection.jobIds())) {
                DbtJob job;
                try {
                    job = client.job(id);
                } catch (VendorApiException e) {
                    if (refusedOnItsOwn(e)) {
                        refusedJobs.add(id);
                        firstRefusal = firstRefusal == null ? e : firstRefusal;
                        continue;
                    }
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
            List<ConnectionException> failures = new ArrayList<>();
            if (!problems.isEmpty()) {
                boolean both = !connection.projectIds().isEmpty() && !connection.jobIds().isEmpty();
                String fields = both ? ConnectionPath.of("projectIds", "jobIds")
                        : ConnectionPath.of(connection.projectIds().isEmpty() ? "jobIds" : "projectIds");
                failures.add(new ConnectionException(ConnectionException.Reason.NOT_FOUND, String.join("; ", problems)
                        + "; check " + fields));
            }
            if (!refusedProjects.isEmpty()) {
                failures.add(refused("project", "projectIds", refusedProjects,
                        refusedProjects.size() == projectIds.size(), firstRefusal));
            }
            if (!refusedJobs.isEmpty()) {
                // Under projectIds the run lists the projects and asks for no job by id: never every job's 403.
                failures.add(refused("job", "jobIds", refusedJobs, projectIds.isEmpty()
                        && refusedJobs.size() == new LinkedHashSet<>(connection.jobIds()).size(), firstRefusal));
            }
            if (!failures.isEmpty()) {
                throw ConnectionException.of(failures, List.of());
            }
            passed.add("Administrative API: " + selectionLine(projectIds.size(), connection.jobIds().size()));
            // jobIds narrow projectIds: a project's first job may be one the run leaves out.
            return connection.jobIds().isEmpty() ? firstOfProjects : firstFound;
        } catch (VendorApiException e) {
            throw client.asConnectionException(e);
        }
    }

    /**
     * A 403 to one project's listing or one job that the client did not take for a refused token (a
     * revoked one ends the test at once): the token's permission sets leave that project out.
     */
    private boolean refusedOnItsOwn(VendorApiException e) {
        return e.httpStatus() == 403 && client.refusedCredentials().isEmpty();
    }

    /**
     * The ids of one field that dbt Cloud refused with 403, with what the run does about them and both
     * fixes, as the run's own failures name them.
     *
     * @param every whether the run refused them all, which ends it as a connection failure
     */
    private ConnectionException refused(String kind, String field, List<String> ids, boolean every,
                                        VendorApiException first) {
        boolean one = ids.size() == 1;
        boolean project = kind.equals("project");
        String named = String.join(", ", ids);
        String vendor = first.vendorMessage() == null ? "" : " (" + first.vendorMessage() + ")";
        String unreadable = project ? (one ? "that project" : "those projects")
                : (one ? "that job's project" : "those jobs' projects");
        String outcome = every
                ? "as it reads none of " + field + ", the run ends as a connection failure (exit 3)"
                : "the run records a failure for " + (one ? "it" : "each") + " and reads the others (mark-deleted is skipped)";
        String grant = project ? (one ? "project " : "projects ") + named : (one ? "job " + named + "'s project" : "their projects");
        return new ConnectionException(ConnectionException.Reason.PERMISSION, "dbt Cloud refused " + kind + (one ? " " : "s ")
                + named + " of " + field + " with HTTP 403" + vendor + ": the token may not read " + unreadable + "; "
                + outcome + "; grant the token of " + ConnectionPath.of("token") + " access to " + grant
                + " (a permission set with Job Viewer on it), or remove " + (one ? named : "them") + " from "
                + ConnectionPath.of(field), first);
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
