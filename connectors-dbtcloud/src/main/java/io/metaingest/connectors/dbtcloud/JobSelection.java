package io.metaingest.connectors.dbtcloud;

import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.toolkit.VendorApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Which jobs a run reads, as OpenMetadata 1.6 selects them:
 * <ul>
 *   <li>neither {@code jobIds} nor {@code projectIds}: every job of the account, across its projects;</li>
 *   <li>{@code projectIds}: the jobs of those projects, narrowed to {@code jobIds} when both are given
 *       (a listed id found in none of the projects is {@link Missing});</li>
 *   <li>{@code jobIds} only: exactly those jobs, each {@link ById} to be fetched on a worker (the first
 *       ones by {@link #start()}, until one is not refused with 403).</li>
 * </ul>
 * Listings are read page by page as the iterator is used. A listing that fails after the client's
 * retries becomes one {@link ListingFailed} and the walk goes on with the next project; a project's
 * listing answered 403 (that the client did not take for a refused token) becomes one
 * {@link ProjectForbidden}, as a token's permission sets may cover some projects only.
 */
final class JobSelection implements Iterator<JobSelection.Selected> {

    /** One selected job, or why one is missing. */
    sealed interface Selected permits Listed, ById, Missing, ListingFailed, EmptyProject, ProjectForbidden,
            JobForbidden {
    }

    /** A job as the listing returned it. */
    record Listed(DbtJob job) implements Selected {
    }

    /** A job id to fetch. */
    record ById(String jobId) implements Selected {
    }

    /**
     * A configured job id that none of the configured projects listed.
     *
     * @param forbiddenProjects the projects of {@code projectIds} whose listing answered 403: the job may be in one
     */
    record Missing(String jobId, List<String> projectIds, List<String> forbiddenProjects) implements Selected {
    }

    /** A listing that could not be read to its end. */
    record ListingFailed(String what, VendorApiException error) implements Selected {
    }

    /**
     * A configured project whose listing dbt Cloud refused with 403 while the token still works: the
     * token's permission sets do not cover it (or the project is not the account's).
     *
     * @param jobsListed jobs of it listed before the refusal (a later page refused), 0 mostly
     */
    record ProjectForbidden(String projectId, int jobsListed, VendorApiException error) implements Selected {
    }

    /**
     * A job id of {@code jobIds} (without {@code projectIds}) that dbt Cloud refused with 403 while the token
     * still works: the token's permission sets do not cover the job's project. Asked for by {@link #start()}
     * already, so it is not asked for again.
     */
    record JobForbidden(String jobId, VendorApiException error) implements Selected {
    }

    /**
     * A configured project whose listing held no job: the jobs API answers an unknown project id with an
     * empty list, so a typo would otherwise read nothing and succeed (and let mark-deleted take every
     * pipeline of the service).
     */
    record EmptyProject(String projectId) implements Selected {
    }

    /** How jobs are chosen. */
    enum Mode {
        /** Every job of the account. */
        ALL_JOBS,
        /** The jobs of {@code projectIds}. */
        PROJECTS,
        /** The jobs of {@code projectIds} whose ids are in {@code jobIds}. */
        PROJECTS_NARROWED_BY_JOB_IDS,
        /** Exactly {@code jobIds}. */
        JOB_IDS;

        static Mode of(List<String> jobIds, List<String> projectIds) {
            if (projectIds.isEmpty()) {
                return jobIds.isEmpty() ? ALL_JOBS : JOB_IDS;
            }
            return jobIds.isEmpty() ? PROJECTS : PROJECTS_NARROWED_BY_JOB_IDS;
        }
    }

    private final DbtCloudClient client;
    private final Mode mode;
    private final Set<String> wanted;
    private final List<String> projectIds;
    private final Iterator<String> listings;
    private final Set<String> found = new LinkedHashSet<>();
    private final Set<String> forbidden = new LinkedHashSet<>();
    private final ArrayDeque<Selected> pending = new ArrayDeque<>();
    private String listingName;
    private String listingProject;
    private int listingJobs;
    private Iterator<DbtJob> listing;
    private boolean missingReported;

    JobSelection(DbtCloudClient client, List<String> jobIds, List<String> projectIds) {
        this.client = client;
        this.mode = Mode.of(jobIds, projectIds);
        this.wanted = new LinkedHashSet<>(jobIds);
        this.projectIds = List.copyOf(projectIds);
        if (mode == Mode.JOB_IDS) {
            wanted.forEach(id -> pending.add(new ById(id)));
            this.listings = List.<String>of().iterator();
        } else if (mode == Mode.ALL_JOBS) {
            this.listings = Collections.singletonList((String) null).iterator(); // one listing, no project filter
        } else {
            this.listings = new LinkedHashSet<>(projectIds).iterator();
        }
    }

    Mode mode() {
        return mode;
    }

    /**
     * Makes the first call now (the first page of the first listing, or the first of {@code jobIds}),
     * so that a refused token or a wrong host ends the run before anything is emitted. A first job
     * id that does not exist stays queued, to become that job's recorded failure; so does a project
     * answering 403, and the next project's listing is the first call then; and so does a job id
     * answering 403 (a {@link JobForbidden}), and the next job id is the first call then.
     *
     * @throws VendorApiException from that first call, unless it is a 404 of a job id or a 403 of a
     *         project or job id; the first 403 when every project of {@code projectIds}, or every job id of
     *         {@code jobIds}, answered 403 (the token reads none of them: {@link #everyProjectForbidden()},
     *         {@link #everyJobForbidden()})
     */
    void start() {
        if (mode != Mode.JOB_IDS) {
            VendorApiException firstForbidden = null;
            while (openNextListing()) {
                try {
                    listing.hasNext();
                    return;
                } catch (VendorApiException e) {
                    if (!projectForbidden(e)) {
                        throw e;
                    }
                    pending.add(forbid(0, e));
                    firstForbidden = firstForbidden == null ? e : firstForbidden;
                    listing = null;
                }
            }
            if (firstForbidden != null) {
                throw firstForbidden;
            }
            return;
        }
        // Asked in order until one is not refused: the answers replace their ById entries, so none is asked twice.
        List<Selected> asked = new ArrayList<>();
        VendorApiException firstForbidden = null;
        try {
            while (!pending.isEmpty()) {
                String id = ((ById) pending.peek()).jobId();
                try {
                    DbtJob job = client.job(id);
                    pending.poll();
                    asked.add(new Listed(job));
                    return;
                } catch (VendorApiException e) {
                    if (e.httpStatus() == 404) {
                        return; // stays queued, to become that job's failure
                    }
                    if (e.httpStatus() != 403 || client.refusedCredentials().isPresent()) {
                        throw e;
                    }
                    pending.poll();
                    asked.add(new JobForbidden(id, e));
                    firstForbidden = firstForbidden == null ? e : firstForbidden;
                }
            }
            if (firstForbidden != null) {
                throw firstForbidden;
            }
        } finally {
            for (int i = asked.size() - 1; i >= 0; i--) {
                pending.addFirst(asked.get(i));
            }
        }
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty()) {
            if (!openNextListing()) {
                reportMissing();
                return !pending.isEmpty();
            }
            try {
                if (listing.hasNext()) {
                    DbtJob job = listing.next();
                    listingJobs++;
                    if (mode != Mode.PROJECTS_NARROWED_BY_JOB_IDS || wanted.contains(job.id())) {
                        found.add(job.id());
                        pending.add(new Listed(job));
                    }
                    continue;
                }
                if (listingJobs == 0 && listingProject != null) {
                    pending.add(new EmptyProject(listingProject));
                }
            } catch (VendorApiException e) {
                pending.add(projectForbidden(e) ? forbid(listingJobs, e) : new ListingFailed(listingName, e));
            }
            listing = null;
        }
        return true;
    }

    @Override
    public Selected next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    /**
     * Whether every project of {@code projectIds} answered its listing with 403: after {@link #start()}
     * threw, the token's failure (a connection failure), not one failure per project.
     */
    boolean everyProjectForbidden() {
        return listingProject != null && !listings.hasNext() && listing == null && !pending.isEmpty()
                && pending.stream().allMatch(s -> s instanceof ProjectForbidden);
    }

    /**
     * Whether every job id of {@code jobIds} (without {@code projectIds}) answered 403: after
     * {@link #start()} threw, the token's failure (a connection failure), not one failure per job.
     */
    boolean everyJobForbidden() {
        return mode == Mode.JOB_IDS && !pending.isEmpty() && pending.stream().allMatch(s -> s instanceof JobForbidden);
    }

    /** The job ids of {@code jobIds} that answered 403 in {@link #start()}, in order. */
    List<String> forbiddenJobs() {
        return pending.stream().filter(s -> s instanceof JobForbidden).map(s -> ((JobForbidden) s).jobId()).toList();
    }

    /** The projects of {@code projectIds} that answered 403 so far, in order. */
    List<String> forbiddenProjects() {
        return pending.stream().filter(s -> s instanceof ProjectForbidden)
                .map(s -> ((ProjectForbidden) s).projectId()).toList();
    }

    /**
     * A 403 to one project's listing that the client did not take for a refused token (which ends the
     * run on its own): that project's, not the run's.
     */
    private boolean projectForbidden(VendorApiException e) {
        return e.httpStatus() == 403 && listingProject != null && client.refusedCredentials().isEmpty();
    }

    private ProjectForbidden forbid(int jobsListed, VendorApiException e) {
        forbidden.add(listingProject);
        return new ProjectForbidden(listingProject, jobsListed, e);
    }

    private boolean openNextListing() {
        if (listing != null) {
            return true;
        }
        if (!listings.hasNext()) {
            return false;
        }
        String project = listings.next();
        listingName = project == null ? "jobs of the account" : "jobs of project " + project;
        listingProject = project;
        listingJobs = 0;
        listing = client.jobs(project);
        return true;
    }

    private void reportMissing() {
        if (missingReported || mode != Mode.PROJECTS_NARROWED_BY_JOB_IDS) {
            return;
        }
        missingReported = true;
        for (String id : wanted) {
            if (!found.contains(id)) {
                pending.add(new Missing(id, projectIds, List.copyOf(forbidden)));
            }
        }
    }
}
