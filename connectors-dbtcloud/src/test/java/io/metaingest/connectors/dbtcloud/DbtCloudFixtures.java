package io.metaingest.connectors.dbtcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data behind {@link DbtCloudServer}, shaped like dbt Cloud's answers: jobs in two projects
 * whose names repeat across projects, runs with every status code (queued, starting and running
 * with null {@code finished_at}; queued also without {@code started_at}), run timestamps in both
 * spellings, and Discovery nodes (models, seeds, sources with {@code dependsOn}) for most jobs.
 *
 * <p>Generated deterministically from the job's index {@code i}:
 * <ul>
 *   <li>project {@link #PROJECT_A} for the first {@code jobsInA} jobs, then {@link #PROJECT_B};</li>
 *   <li>name {@code "Daily build"} when {@code i % 10 == 0} (so names repeat), else {@code "job NNN"};</li>
 *   <li>schedule trigger on for even {@code i};</li>
 *   <li>{@code i % 7} runs, statuses cycling 10, 20, 30, 1, 2, 3 from {@code i % 6}; the first job
 *       has {@link #MANY_RUNS} runs; every fifth run uses the {@code T} spelling;</li>
 *   <li>no Discovery data when {@code i % 4 == 3}.</li>
 * </ul>
 */
public final class DbtCloudFixtures {

    /** The account id. */
    public static final String ACCOUNT = "70403103922125";
    /** The token the server accepts: the tests' canary token (the build fails if it turns up in any test output). */
    public static final String TOKEN = io.metaingest.testkit.canary.Canary.TOKEN;
    /** The first project. */
    public static final String PROJECT_A = "70403103926818";
    /** The second project. */
    public static final String PROJECT_B = "70403103926900";
    /** Runs of the first job: more than a page and more than the default numberOfRuns. */
    public static final int MANY_RUNS = 130;
    /** The warehouse database named in the Discovery nodes. */
    public static final String DATABASE = "analytics";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final long FIRST_JOB = 70403103936000L;
    private static final int[] STATUS_CYCLE = {10, 20, 30, 1, 2, 3};
    private static final Map<Integer, String> HUMANIZED = Map.of(1, "Queued", 2, "Starting", 3, "Running",
            10, "Success", 20, "Error", 30, "Cancelled");
    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    /** Jobs in listing order (by id). */
    final List<ObjectNode> jobs = new ArrayList<>();
    /** Runs per job id, newest first. */
    final Map<String, List<ObjectNode>> runsByJob = new LinkedHashMap<>();
    /** {@code data.job} of the Discovery answer per job id; absent: {@code "job": null}. */
    final Map<String, ObjectNode> discoveryByJob = new LinkedHashMap<>();
    /** How much {@code total_count} of the account's jobs listing overstates the data. */
    final int jobsTotalCountSkew;

    private DbtCloudFixtures(int jobsInA, int jobsInB, int jobsTotalCountSkew) {
        this.jobsTotalCountSkew = jobsTotalCountSkew;
        for (int i = 0; i < jobsInA + jobsInB; i++) {
            String project = i < jobsInA ? PROJECT_A : PROJECT_B;
            String id = jobId(i);
            jobs.add(job(i, id, project));
            runsByJob.put(id, runs(i, id, project));
            if (i % 4 != 3) {
                discoveryByJob.put(id, discovery(project));
            }
        }
    }

    /** 90 jobs in project A and 70 in B (two pages of 100), honest counts. */
    public static DbtCloudFixtures standard() {
        return new DbtCloudFixtures(90, 70, 0);
    }

    /** {@link #standard()} with the account's total_count overstated by 7: fewer jobs than it reports can be read. */
    public static DbtCloudFixtures overstatingTotal() {
        return new DbtCloudFixtures(90, 70, 7);
    }

    /** {@code jobs} jobs split evenly over the two projects, honest counts. */
    public static DbtCloudFixtures ofSize(int jobs) {
        return new DbtCloudFixtures(jobs / 2, jobs - jobs / 2, 0);
    }

    /** The id of the job with index {@code i}. */
    public static String jobId(int i) {
        return Long.toString(FIRST_JOB + i);
    }

    /** The number of jobs. */
    public int jobCount() {
        return jobs.size();
    }

    /** The job ids of a project. */
    public List<String> jobIdsOf(String project) {
        return jobs.stream().filter(j -> j.path("project_id").asText().equals(project))
                .map(j -> j.path("id").asText()).toList();
    }

    /** The job names, by id. */
    public String jobName(String id) {
        return jobs.stream().filter(j -> j.path("id").asText().equals(id)).findFirst()
                .map(j -> j.path("name").asText()).orElseThrow();
    }

    private static ObjectNode job(int i, String id, String project) {
        ObjectNode job = JSON.createObjectNode();
        job.putObject("execution").put("timeout_seconds", 0);
        job.put("generate_docs", false).put("run_generate_sources", false);
        job.put("id", Long.parseLong(id)).put("account_id", Long.parseLong(ACCOUNT))
                .put("project_id", Long.parseLong(project)).put("environment_id", 70403103931988L + (i % 2));
        job.put("name", i % 10 == 0 ? "Daily build" : String.format("job %03d", i));
        job.put("description", i % 3 == 0 ? "" : "Builds the marts of project " + project);
        job.putNull("dbt_version").putNull("raw_dbt_version");
        String created = ISO.format(Instant.parse("2024-05-27T10:42:10.111442Z").plusSeconds(i * 60L).atOffset(ZoneOffset.UTC));
        job.put("created_at", created).put("updated_at", created);
        job.putArray("execute_steps").add("dbt seed").add("dbt run").add("dbt test");
        job.put("state", 1).put("deactivated", false).put("run_failure_count", 0);
        job.putNull("deferring_job_definition_id").putNull("deferring_environment_id");
        job.put("lifecycle_webhooks", false).putNull("lifecycle_webhooks_url");
        job.putObject("triggers").put("github_webhook", false).put("git_provider_webhook", false)
                .put("schedule", i % 2 == 0).put("on_merge", false);
        job.putObject("settings").put("threads", 4).put("target_name", "default");
        String cron = (i % 60) + " */" + (1 + i % 12) + " * * 0,1,2,3,4,5,6";
        ObjectNode schedule = job.putObject("schedule").put("cron", cron);
        schedule.putObject("date").put("type", "interval_cron").put("cron", cron);
        schedule.putObject("time").put("type", "every_hour").put("interval", 1 + i % 12);
        job.put("is_deferrable", false).put("job_type", i % 2 == 0 ? "scheduled" : "other")
                .put("triggers_on_draft_pr", false).putNull("job_completion_trigger_condition")
                .put("generate_sources", false).put("cron_humanized", "At minute " + (i % 60))
                .putNull("next_run").putNull("next_run_humanized");
        return job;
    }

    private static List<ObjectNode> runs(int i, String jobId, String project) {
        int count = i == 0 ? MANY_RUNS : i % 7;
        List<ObjectNode> runs = new ArrayList<>();
        Instant newest = Instant.parse("2024-06-01T08:00:00.250000Z");
        for (int k = 0; k < count; k++) {
            int status = STATUS_CYCLE[(i + k) % STATUS_CYCLE.length];
            long runId = 70403110257000L + i * 1000L + k;
            Instant created = newest.minusSeconds(3600L * k + i);
            DateTimeFormatter format = (i + k) % 5 == 0 ? ISO : SPACE;
            ObjectNode run = JSON.createObjectNode();
            run.put("id", runId).put("trigger_id", runId + 3).put("account_id", Long.parseLong(ACCOUNT))
                    .put("environment_id", 70403103931988L + (i % 2)).put("project_id", Long.parseLong(project))
                    .put("job_definition_id", Long.parseLong(jobId)).put("status", status)
                    .put("dbt_version", "versionless").put("git_branch", "main")
                    .put("git_sha", String.format("%040x", runId));
            if (status == 30) {
                run.put("status_message", "This run timed out after running for 1 hour");
            } else {
                run.putNull("status_message");
            }
            run.put("created_at", format.format(created.atOffset(ZoneOffset.UTC)))
                    .put("updated_at", format.format(created.plusSeconds(90).atOffset(ZoneOffset.UTC)));
            if (status == 1) {
                run.putNull("dequeued_at").putNull("started_at");
            } else {
                run.put("dequeued_at", format.format(created.plusSeconds(1).atOffset(ZoneOffset.UTC)))
                        .put("started_at", format.format(created.plusSeconds(4).atOffset(ZoneOffset.UTC)));
            }
            if (status >= 10) {
                run.put("finished_at", format.format(created.plusSeconds(96).atOffset(ZoneOffset.UTC)));
            } else {
                run.putNull("finished_at");
            }
            run.putNull("trigger").putNull("job").putNull("environment").putArray("run_steps");
            run.put("status_humanized", HUMANIZED.get(status)).put("in_progress", status < 10)
                    .put("is_complete", status >= 10).put("is_success", status == 10)
                    .put("is_error", status == 20).put("is_cancelled", status == 30)
                    .put("job_id", Long.parseLong(jobId));
            if (status == 3) {
                run.put("is_running", true);
            } else {
                run.putNull("is_running");
            }
            run.put("href", "https://ab123.us1.dbt.com/deploy/" + ACCOUNT + "/projects/" + project + "/runs/" + runId + "/");
            runs.add(run);
        }
        return runs;
    }

    private static ObjectNode discovery(String project) {
        String schema = "dbt_" + project.substring(project.length() - 3);
        ObjectNode job = JSON.createObjectNode();
        ArrayNode models = job.putArray("models");
        model(models.addObject(), "stg_orders", "stg_orders", schema, "seed.jaffle_shop.raw_orders");
        model(models.addObject(), "stg_payments", "stg_payments", schema, "source.jaffle_shop.stripe.payment");
        model(models.addObject(), "orders", "fct_orders", schema,
                "model.jaffle_shop.stg_orders", "model.jaffle_shop.stg_payments", "macro.dbt.is_incremental");
        job.putArray("seeds").addObject().put("uniqueId", "seed.jaffle_shop.raw_orders").put("name", "raw_orders")
                .put("schema", schema).put("database", DATABASE);
        job.putArray("sources").addObject().put("uniqueId", "source.jaffle_shop.stripe.payment").put("name", "payment")
                .put("identifier", "payments_raw").put("schema", "stripe").put("database", "raw");
        return job;
    }

    private static void model(ObjectNode model, String name, String alias, String schema, String... dependsOn) {
        model.put("uniqueId", "model.jaffle_shop." + name).put("name", name).put("alias", alias)
                .put("database", DATABASE).put("schema", schema);
        ArrayNode parents = model.putArray("dependsOn");
        for (String parent : dependsOn) {
            parents.add(parent);
        }
        model.put("materializedType", "table").put("runGeneratedAt", "2024-06-01T08:01:36.000000+00:00");
    }
}
