package io.metaingest.connectors.dbtcloud.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A job: an item of {@code GET /api/v2/accounts/{a}/jobs/} or the {@code data} of
 * {@code GET /api/v2/accounts/{a}/jobs/{id}/}.
 *
 * @param id the job id
 * @param accountId the account
 * @param projectId the project
 * @param environmentId the environment
 * @param name the job name (repeats across projects and environments)
 * @param description the description, may be empty
 * @param executeSteps the dbt commands, e.g. {@code dbt run}
 * @param state 1 active, 2 deleted
 * @param triggers what starts the job
 * @param schedule the cron schedule
 * @param jobType {@code scheduled}, {@code ci}, {@code other}, …
 * @param createdAt ISO-8601 with {@code T}
 * @param updatedAt ISO-8601 with {@code T}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DbtJob(
        @JsonProperty("id") String id,
        @JsonProperty("account_id") String accountId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("environment_id") String environmentId,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("execute_steps") List<String> executeSteps,
        @JsonProperty("state") Integer state,
        @JsonProperty("triggers") Triggers triggers,
        @JsonProperty("schedule") Schedule schedule,
        @JsonProperty("job_type") String jobType,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    /**
     * The job's cron expression, or null when it has none. Sent whatever {@code triggers.schedule}
     * says, as OpenMetadata does: a job whose schedule trigger is off still shows the cron it keeps.
     */
    public String cron() {
        return schedule != null && schedule.cron() != null && !schedule.cron().isBlank() ? schedule.cron() : null;
    }

    /**
     * What starts the job.
     *
     * @param githubWebhook on pull requests (GitHub)
     * @param gitProviderWebhook on pull requests (other providers)
     * @param schedule on the cron schedule
     * @param onMerge on merges
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Triggers(
            @JsonProperty("github_webhook") Boolean githubWebhook,
            @JsonProperty("git_provider_webhook") Boolean gitProviderWebhook,
            @JsonProperty("schedule") Boolean schedule,
            @JsonProperty("on_merge") Boolean onMerge) {
    }

    /**
     * The schedule.
     *
     * @param cron a five-field cron expression
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Schedule(@JsonProperty("cron") String cron) {
    }
}
