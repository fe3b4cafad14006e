package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.AppliedFilter;
import io.metaingest.api.ConnectionPath;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.connectors.dbtcloud.JobSelection.ById;
import io.metaingest.connectors.dbtcloud.JobSelection.EmptyProject;
import io.metaingest.connectors.dbtcloud.JobSelection.JobForbidden;
import io.metaingest.connectors.dbtcloud.JobSelection.Listed;
import io.metaingest.connectors.dbtcloud.JobSelection.ListingFailed;
import io.metaingest.connectors.dbtcloud.JobSelection.Missing;
import io.metaingest.connectors.dbtcloud.JobSelection.ProjectForbidden;
import io.metaingest.connectors.dbtcloud.JobSelection.Selected;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DbtRun;
import io.metaingest.toolkit.Outcome;
import io.metaingest.toolkit.ParallelMap;
import io.metaingest.toolkit.RefusedCredentials;
import io.metaingest.toolkit.UnreadListings;
import io.metaingest.toolkit.VendorApiException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code PipelineMetadata} source: one pipeline per selected job ({@link JobSelection}), a
 * status per recent run, and (with {@code includeLineage}) model lineage from the Discovery API.
 *
 * <p>Job listings are read page by page on the calling thread; the per-job calls (the job itself in
 * {@code jobIds} mode, its runs, its Discovery query) run on {@code threads} workers through the
 * toolkit's ordered, bounded parallel map, so records come out in selection order and memory does
 * not grow with the number of jobs. A job that fails is a recorded failure naming it; the others go on.
 * Before anything is emitted, the selection's first call checks the token and, with lineage, one
 * Discovery query checks {@code discoveryAPI}: either failing ends the run as a connection failure.
 *
 * <p>{@code pipelineFilterPattern} matches job names (the pipeline's display name).
 */
public class DbtCloudPipelineSource implements Source<EntityRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(DbtCloudPipelineSource.class);

    private final DbtCloudConnection connection;
    private final PipelineMetadataConfig config;
    private final DbtCloudClient client;
    private final DbtCloudPipelines pipelines;
    private final AppliedFilter filter;
    /** Job listings that broke off: the run fails once the rest is read. */
    private final UnreadListings unread = new UnreadListings();

    /** Creates the source; nothing is called before {@link #read()}. */
    @Inject
    public DbtCloudPipelineSource(DbtCloudConnection connection, PipelineMetadataConfig config,
                                  WorkflowContext context, DbtCloudClient client) {
        this.connection = connection;
        this.config = config;
        this.client = client;
        this.pipelines = new DbtCloudPipelines(context.serviceName(), connection.baseUrl(), connection.accountId());
        this.filter = AppliedFilter.of("pipelineFilterPattern", "jobs", config.pipelineFilterPattern());
    }

    @Override
    public Stream<Result<EntityRequest>> read() throws ConnectionException {
        JobSelection selection = new JobSelection(client, connection.jobIds(), connection.projectIds());
        LOG.info("Reading dbt Cloud account {} at {}: {}; {} runs per job; {} parallel jobs", connection.accountId(),
                connection.baseUrl(), selected(selection.mode()), connection.numberOfRuns(), connection.threads());
        try {
            selection.start(); // eager: a refused token must end the run before anything is emitted
        } catch (VendorApiException e) {
            if (selection.everyProjectForbidden()) {
                throw everyIdForbidden("project", "projectIds", "these projects", selection.forbiddenProjects(), e);
            }
            if (selection.everyJobForbidden()) {
                throw everyIdForbidden("job", "jobIds", "these jobs' projects", selection.forbiddenJobs(), e);
            }
            throw client.asConnectionException(e);
        }
        List<Result<EntityRequest>> opening = new ArrayList<>();
        boolean lineage = config.includeLineage();
        if (lineage && config.lineageInformation().dbServiceNames().isEmpty()) {
            opening.add(Result.warning(LineageInformation.DB_SERVICE_NAMES_PATH,
                    "includeLineage is true but lineageInformation.dbServiceNames is empty, so no lineage is emitted;"
                            + " list the database services that hold the tables dbt builds"));
            lineage = false;
        }
        if (lineage) {
            // Eager too: a Discovery API that cannot be used at all would otherwise be one lineage
            // failure per job and a run that still ends well; one job's failed query stays its own failure.
            try {
                client.pingDiscovery();
            } catch (VendorApiException e) {
                throw client.asDiscoveryConnectionException(e);
            }
        }
        boolean withLineage = lineage;
        Stream<Result<EntityRequest>> jobs = ParallelMap.ordered(selection, connection.threads(), "dbtcloud",
                        (Selected s) -> process(s, withLineage))
                .flatMap(DbtCloudPipelineSource::results);
        // Last, once every job went through it: a pattern that let no job through says so.
        // Stream.concat, not flatMap: closing the run's stream early must still close the jobs' workers.
        // A job listing that broke off hid an unknown number of jobs: the run must not end as a success.
        // A token revoked mid-run ends it as a connection failure, not as a failure per job.
        return RefusedCredentials.endRunOn(Stream.concat(Stream.concat(Stream.concat(opening.stream(), jobs),
                Stream.of(filter).flatMap(AppliedFilter::<EntityRequest>noneLetThrough)), unread.<EntityRequest>endOfRead()),
                client::refusedCredentials);
    }

    private static Stream<Result<EntityRequest>> results(Outcome<Selected, List<Result<EntityRequest>>> outcome) {
        return outcome.succeeded() ? outcome.value().stream()
                : Stream.of(Result.failed(name(outcome.input()), outcome.failure()));
    }

    private static String name(Selected selected) {
        if (selected instanceof Listed listed) {
            return label(listed.job());
        }
        if (selected instanceof ById byId) {
            return "job " + byId.jobId();
        }
        if (selected instanceof Missing missing) {
            return "job " + missing.jobId();
        }
        if (selected instanceof EmptyProject empty) {
            return "project " + empty.projectId();
        }
        if (selected instanceof ProjectForbidden forbidden) {
            return "project " + forbidden.projectId();
        }
        if (selected instanceof JobForbidden forbidden) {
            return "job " + forbidden.jobId();
        }
        return ((ListingFailed) selected).what();
    }

    /** The jobs a run reads, in the user's terms (the mode's constant name meant nothing to them). */
    private String selected(JobSelection.Mode mode) {
        // Each id once, as the run reads it: "1000" and "1000 " are one job once stripped.
        List<String> projects = connection.projectIds().stream().distinct().toList();
        List<String> jobs = connection.jobIds().stream().distinct().toList();
        return switch (mode) {
            case ALL_JOBS -> "every job of the account";
            case PROJECTS -> "the jobs of projectIds " + projects;
            case PROJECTS_NARROWED_BY_JOB_IDS -> "the jobs of projectIds " + projects + " that are in jobIds " + jobs;
            case JOB_IDS -> "the jobs of jobIds " + jobs;
        };
    }

    // ---------------------------------------------------------------- one job, on a worker

    private List<Result<EntityRequest>> process(Selected selected, boolean lineage) {
        if (selected instanceof ListingFailed failed) {
            return List.of(unread.failed(failed.what(), failed.what(), "the jobs it had not yet listed", failed.error()));
        }
        if (selected instanceof Missing missing) {
            return List.of(missing(missing));
        }
        if (selected instanceof ProjectForbidden forbidden) {
            return List.of(Result.failed("project " + forbidden.projectId(), projectForbidden(forbidden)));
        }
        if (selected instanceof JobForbidden forbidden) {
            return List.of(Result.failed("job " + forbidden.jobId(), jobForbidden(forbidden.jobId(), forbidden.error())));
        }
        if (selected instanceof EmptyProject empty) {
            // The failure's name is printed before its message: the id is not repeated.
            return List.of(Result.failed("project " + empty.projectId(), JobIdProblems.projectWithoutJobs(
                    connection.accountId()) + "; correct it or remove it from " + ConnectionPath.of("projectIds")));
        }
        DbtJob job;
        if (selected instanceof ById byId) {
            try {
                job = client.job(byId.jobId());
            } catch (VendorApiException e) {
                // A 403 "Invalid token." ends the run on its own (RefusedCredentials): not this job's to name.
                // The failure is named after the job: its message does not say "job N" again.
                return List.of(Result.failed("job " + byId.jobId(), e.httpStatus() == 404 ? notInAccount(e)
                        : e.httpStatus() == 403 && client.refusedCredentials().isEmpty() ? jobForbidden(byId.jobId(), e)
                        : e.getMessage()));
            }
        } else {
            job = ((Listed) selected).job();
        }
        // Job names repeat (one "Daily build" per environment): the warning counts jobs, by id.
        Optional<String> rejection = filter.rejection(job.name(), String.valueOf(job.id()));
        if (rejection.isPresent()) {
            return List.of(Result.filtered(label(job), "pipelineFilterPattern: job name " + rejection.get()));
        }
        return jobRecords(job, lineage);
    }

    /**
     * One project of projectIds that dbt Cloud refused with 403 while the token reads the others: that
     * project's failure with both fixes, not a broken-off listing that fails the run. Any source failure
     * already keeps mark-deleted from taking its pipelines.
     */
    private String projectForbidden(ProjectForbidden forbidden) {
        String id = forbidden.projectId();
        String unread = forbidden.jobsListed() == 0 ? "its jobs were not read"
                : "its jobs after the first " + forbidden.jobsListed() + " listed were not read";
        return "project " + id + " of projectIds: " + withoutFinalDot(forbidden.error().getMessage())
                + "; the token may not read this project (or it is not account " + connection.accountId() + "'s), so "
                + unread + " (and mark-deleted was skipped); grant the token of " + ConnectionPath.of("token")
                + " access to project " + id + " (a permission set with Job Viewer on it), or remove " + id
                + " from " + ConnectionPath.of("projectIds");
    }

    /**
     * Every id of {@code field} (projects of projectIds, or job ids of jobIds without projectIds) answered
     * 403: the token reads none of them, which is the token's problem (exit 3, as a revoked token), not
     * one failure per id.
     *
     * @param what what the ids name, plural ("project", "job"), and what the token lacks access to
     */
    private ConnectionException everyIdForbidden(String what, String field, String lacking, List<String> ids,
                                                 VendorApiException first) {
        String vendor = first.vendorMessage() == null ? "" : " (" + first.vendorMessage() + ")";
        return new ConnectionException(ConnectionException.Reason.PERMISSION, "dbt Cloud denied access to every " + what
                + " of " + field + " (" + String.join(", ", ids) + "): HTTP 403" + vendor + "; check "
                + ConnectionPath.of("token") + ": it was revoked or lacks access to " + lacking + " (it needs Job Viewer"
                + " on them), or correct " + ConnectionPath.of(field), first);
    }

    /**
     * One job id of jobIds (without projectIds) that dbt Cloud refused with 403 while the token reads others:
     * that job's failure with both fixes, as a refused project of projectIds is.
     */
    private String jobForbidden(String jobId, VendorApiException error) {
        return "job " + jobId + " of jobIds: " + withoutFinalDot(error.getMessage()) + "; the token may not read"
                + " this job's project, so the job was not read (and mark-deleted was skipped); grant the token of "
                + ConnectionPath.of("token") + " access to its project (a permission set with Job Viewer on it), or"
                + " remove " + jobId + " from " + ConnectionPath.of("jobIds");
    }

    /** A vendor message ends its sentence ("… this resource."): not before the "; " that goes on. */
    private static String withoutFinalDot(String message) {
        return message.endsWith(".") && !message.endsWith("..") ? message.substring(0, message.length() - 1) : message;
    }

    /**
     * A job id of jobIds that none of the projects listed: asked for by id, to tell a job that does not
     * exist (as test-connection tells it) from one in another project, each with its own fix.
     */
    private Result<EntityRequest> missing(Missing missing) {
        String name = "job " + missing.jobId();
        DbtJob job;
        try {
            job = client.job(missing.jobId());
        } catch (VendorApiException e) {
            if (e.httpStatus() == 403 && !missing.forbiddenProjects().isEmpty()) {
                return Result.failed(name, name + " of jobIds, in none of the listings read: "
                        + withoutFinalDot(e.getMessage()) + "; it may be in project " + String.join(" or ",
                        missing.forbiddenProjects()) + ", whose listing dbt Cloud refused too (see that failure)");
            }
            return Result.failed(name, e.httpStatus() == 404 ? notInAccount(e)
                    : name + " of jobIds, in none of the listings of projectIds " + missing.projectIds() + ": "
                            + e.getMessage());
        }
        if (missing.forbiddenProjects().contains(job.projectId())) {
            // Not "run again": its project's listing was refused, which that project's failure names with the fixes.
            return Result.failed(name, name + " of jobIds is in project " + job.projectId() + ", whose job listing"
                    + " dbt Cloud refused with HTTP 403, so it was not read (see project " + job.projectId()
                    + "'s failure)");
        }
        if (missing.projectIds().contains(job.projectId())) {
            // The listing of its project did not return it: the job was made during the run, or the listing is wrong.
            return Result.failed(name, name + " of jobIds is in project " + job.projectId() + ", yet the listing of that"
                    + " project did not return it; run again");
        }
        return Result.failed(name, "in project " + job.projectId() + ", not one of " + ConnectionPath.of("projectIds") + " "
                + missing.projectIds() + "; remove it from " + ConnectionPath.of("jobIds") + " or add " + job.projectId()
                + " to " + ConnectionPath.of("projectIds"));
    }

    /** A job id of jobIds the account does not have, said in a failure named after the job. */
    private String notInAccount(VendorApiException notFound) {
        return JobIdProblems.notInAccount(connection.accountId(), notFound) + "; remove it from " + ConnectionPath.of("jobIds");
    }

    private List<Result<EntityRequest>> jobRecords(DbtJob job, boolean lineage) {
        List<Result<EntityRequest>> out = new ArrayList<>();
        String fqn = pipelines.pipelineFqn(job);
        out.add(Result.ok(pipelines.pipeline(job)));
        List<DbtRun> runs;
        try {
            runs = client.latestRuns(job.id(), connection.numberOfRuns());
        } catch (VendorApiException e) {
            out.add(Result.failed(fqn + " runs", e));
            runs = List.of();
        }
        for (DbtRun run : runs) {
            try {
                out.add(Result.ok(pipelines.status(job, run)));
            } catch (RuntimeException e) {
                out.add(Result.failed(fqn + " run " + run.id(), e));
            }
        }
        if (lineage) {
            // The newest successful run has complete artifacts; without one, the job's latest run.
            String runId = runs.stream().filter(r -> Integer.valueOf(DbtRun.SUCCESS).equals(r.status()))
                    .map(DbtRun::id).findFirst().orElse(null);
            try {
                out.addAll(DbtCloudLineage.edges(client.discoveryJob(job.id(), runId), fqn, label(job),
                        config.lineageInformation().dbServiceNames()));
            } catch (VendorApiException e) {
                out.add(Result.failed(fqn + " lineage", e));
            }
        }
        return out;
    }

    private static String label(DbtJob job) {
        return job.id() + " (" + job.name() + ")";
    }
}
