package io.metaingest.connectors.dbtcloud;

import io.metaingest.api.Fqn;
import io.metaingest.api.entity.AddPipelineStatusRequest.PipelineStatus;
import io.metaingest.api.entity.AddPipelineStatusRequest.TaskStatus;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DbtRun;
import java.util.List;

/**
 * Maps a job to its pipeline and its runs to pipeline statuses. Pure: no I/O.
 *
 * <p>The pipeline is named by the job id (unique within the account) and shows the job name as its
 * display name; it has one task, named like the pipeline, so every run's status has a task to
 * report on without a call per run.
 */
final class DbtCloudPipelines {

    private final String serviceName;
    private final String baseUrl;
    private final String accountId;

    DbtCloudPipelines(String serviceName, String baseUrl, String accountId) {
        this.serviceName = serviceName;
        this.baseUrl = baseUrl;
        this.accountId = accountId;
    }

    /** The pipeline name: the job id. */
    static String pipelineName(DbtJob job) {
        return job.id();
    }

    /** The pipeline's FQN in the service. */
    String pipelineFqn(DbtJob job) {
        return Fqn.build(serviceName, pipelineName(job));
    }

    /**
     * The job's page: {@code {host}/deploy/{account}/projects/{project}/jobs/{job}}; none for a job
     * that names no project, rather than a link to {@code projects/null}.
     */
    String sourceUrl(DbtJob job) {
        if (job.projectId() == null || job.projectId().isBlank()) {
            return null;
        }
        return baseUrl + "/deploy/" + accountId + "/projects/" + job.projectId() + "/jobs/" + job.id();
    }

    CreatePipelineRequest pipeline(DbtJob job) {
        String description = job.description() == null || job.description().isBlank() ? null : job.description();
        String steps = job.executeSteps() == null || job.executeSteps().isEmpty() ? null
                : String.join("; ", job.executeSteps());
        CreatePipelineRequest.Task task = new CreatePipelineRequest.Task(pipelineName(job), job.name(), steps,
                sourceUrl(job), null, "dbtCloudJob");
        return new CreatePipelineRequest(pipelineName(job), job.name(), description, sourceUrl(job),
                job.cron(), List.of(task), serviceName, null, null);
    }

    /**
     * The status of one run: at its start (its creation while queued), with the job's task from
     * start to end; a run that has not finished has no end time.
     *
     * @throws IllegalArgumentException for an unreadable timestamp or a run without any
     */
    AddPipelineStatusRequest status(DbtJob job, DbtRun run) {
        ExecutionStatus outcome = executionStatus(run.status());
        Long created = DbtTimestamps.millis(run.createdAt());
        Long started = DbtTimestamps.millis(run.startedAt());
        Long finished = finished(run.status()) ? DbtTimestamps.millis(run.finishedAt()) : null;
        Long at = started != null ? started : created;
        if (at == null) {
            throw new IllegalArgumentException("run " + run.id() + " has neither started_at nor created_at");
        }
        TaskStatus task = new TaskStatus(pipelineName(job), outcome, at, finished, run.href());
        return new AddPipelineStatusRequest(pipelineFqn(job), new PipelineStatus(at, outcome, List.of(task)));
    }

    /** 10 → Successful, 20 → Failed, 30 (cancelled) → Skipped, 1/2/3 (queued, starting, running) → Pending. */
    static ExecutionStatus executionStatus(Integer code) {
        if (code == null) {
            return ExecutionStatus.PENDING;
        }
        return switch (code) {
            case 10 -> ExecutionStatus.SUCCESSFUL;
            case 20 -> ExecutionStatus.FAILED;
            case 30 -> ExecutionStatus.SKIPPED;
            default -> ExecutionStatus.PENDING;
        };
    }

    private static boolean finished(Integer code) {
        return code != null && code >= DbtRun.SUCCESS;
    }
}
