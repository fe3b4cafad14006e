package io.metaingest.connectors.dbtcloud.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run: an item of {@code GET /api/v2/accounts/{a}/runs/?job_definition_id=…}. Timestamps use a
 * space separator ({@code 2024-05-27 10:42:20.621788+00:00}) and are null while the run is queued;
 * {@code finished_at} is null while it runs.
 *
 * @param id the run id
 * @param jobDefinitionId the job
 * @param status 1 queued, 2 starting, 3 running, 10 success, 20 error, 30 cancelled
 * @param statusHumanized e.g. {@code Success}
 * @param statusMessage why it failed or was cancelled, or null
 * @param createdAt when it was triggered
 * @param startedAt when it started, or null
 * @param finishedAt when it ended, or null
 * @param href the run's page in dbt Cloud
 * @param gitSha the commit it ran
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DbtRun(
        @JsonProperty("id") String id,
        @JsonProperty("job_definition_id") String jobDefinitionId,
        @JsonProperty("status") Integer status,
        @JsonProperty("status_humanized") String statusHumanized,
        @JsonProperty("status_message") String statusMessage,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("href") String href,
        @JsonProperty("git_sha") String gitSha) {

    /** Code of a successful run. */
    public static final int SUCCESS = 10;
}
