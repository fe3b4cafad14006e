package io.metaingest.connectors.dbtcloud;

import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.toolkit.VendorApiException;
import java.util.ArrayDeque;
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
 *   <li>{@code jobIds} only: exactly those jobs, each {@link ById} to be fetched on a worker.</li>
 * </ul>
 * Listings are read page by page as the iterator is used. A listing that fails after the client's
 * retries becomes one {@link ListingFailed} and the walk goes on with the next project.
 */
final class JobSelection implements Iterator<JobSelection.Selected> {

    /** One selected job, or why one is missing. */
    sealed interface Selected permits Listed, ById, Missing, ListingFailed, EmptyProject {
    }

    /** A job as the listing returned it. */
    record Listed(DbtJob job) implements Selected {
    }

    /** A job id to fetch. */
    record ById(String jobId) implements Selected {
    }

    /** A configured job id that none of the configured projects has. */
    record Missing(String jobId, List<String> projectIds) implements Selected {
    }

    /** A listing that could not be read to its end. */
    record ListingFailed(String what, VendorApiException error) implements Selected {
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
    private final ArrayDeque<Selected> pending = new ArrayDeque<>();
    private String listingName;
    private String listingProject;
    private boolean listingHadJobs;
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
     * id that does not exist stays queued, to become that job's recorded failure.
     *
     * @throws VendorApiException from that first call, unless it is a 404 of a job id
     */
    void start() {
        if (mode != Mode.JOB_IDS) {
            if (openNextListing()) {
                listing.hasNext();
            }
            return;
        }
        if (pending.isEmpty()) {
            return;
        }
        String first = ((ById) pending.peek()).jobId();
        try {
            DbtJob job = client.job(first);
            pending.poll();
            pending.addFirst(new Listed(job));
        } catch (VendorApiException e) {
            if (e.httpStatus() != 404) {
                throw e;
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
                    listingHadJobs = true;
                    if (mode != Mode.PROJECTS_NARROWED_BY_JOB_IDS || wanted.contains(job.id())) {
                        found.add(job.id());
                        pending.add(new Listed(job));
                    }
                    continue;
                }
                if (!listingHadJobs && listingProject != null) {
                    pending.add(new EmptyProject(listingProject));
                }
            } catch (VendorApiException e) {
                pending.add(new ListingFailed(listingName, e));
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
        listingHadJobs = false;
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
                pending.add(new Missing(id, projectIds));
            }
        }
    }
}
