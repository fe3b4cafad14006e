package io.metaingest.connectors.dbtcloud;

import io.metaingest.toolkit.VendorApiException;
import java.util.List;

/**
 * How a configured job id (or project id) that cannot be read is told, in the same words by ingest and
 * by test-connection; each caller adds its own fix.
 */
final class JobIdProblems {

    private JobIdProblems() {
    }

    /** {@code jobId} of jobIds answered 404: the account has no such job (test-connection's list of problems). */
    static String doesNotExist(String jobId, String accountId, VendorApiException notFound) {
        return "job " + jobId + " of jobIds " + notInAccount(accountId, notFound);
    }

    /**
     * A job answered 404, as a failure named after the job says it (it names the job already):
     * {@code does not exist in account 1 (HTTP 404: …)}.
     */
    static String notInAccount(String accountId, VendorApiException notFound) {
        return "does not exist in account " + accountId + " (HTTP 404"
                + (notFound.vendorMessage() == null ? "" : ": " + notFound.vendorMessage()) + ")";
    }

    /**
     * A project of projectIds whose listing held no job (the jobs API answers an unknown project id with
     * an empty list), without naming it: {@code has no job in account 1 (…)}.
     */
    static String projectWithoutJobs(String accountId) {
        return "has no job in account " + accountId + " (no such project, or one without jobs)";
    }

    /** {@code jobId} of jobIds exists, but in a project that is not one of {@code projectIds}. */
    static String outsideProjects(String jobId, String projectId, List<String> projectIds) {
        return "job " + jobId + " of jobIds is in project " + projectId + ", in none of projectIds " + projectIds;
    }
}
