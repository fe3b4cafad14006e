package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DbtRun;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs → pipelines, runs → statuses, Discovery nodes → lineage, on payloads shaped like the API's. */
class DbtCloudMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final DbtCloudPipelines pipelines = new DbtCloudPipelines("dbt_prod", "https://ab123.us1.dbt.com", "7040");

    private static DbtJob job(String json) throws Exception {
        return MAPPER.readValue(json, DbtJob.class);
    }

    private static DbtRun run(int status, String created, String started, String finished) throws Exception {
        return MAPPER.readValue("""
                {"id": 70403110257794, "job_definition_id": 70403103936332, "status": %d, "status_humanized": "x",
                 "created_at": %s, "started_at": %s, "finished_at": %s,
                 "href": "https://ab123.us1.dbt.com/deploy/7040/projects/1/runs/70403110257794/"}
                """.formatted(status, quote(created), quote(started), quote(finished)), DbtRun.class);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static final String JOB = """
            {"id": 70403103936332, "account_id": 7040, "project_id": 70403103926818, "environment_id": 1,
             "name": "New job", "description": "Example Job Description",
             "execute_steps": ["dbt seed", "dbt run", "dbt test"], "state": 1,
             "triggers": {"github_webhook": false, "git_provider_webhook": false, "schedule": true, "on_merge": false},
             "schedule": {"cron": "6 */12 * * 0,1,2,3,4,5,6", "date": {"type": "interval_cron"}, "time": {"type": "every_hour", "interval": 12}},
             "job_type": "scheduled", "created_at": "2024-05-27T10:42:10.111442+00:00", "somethingNew": 1}
            """;

    @Test
    void jobBecomesAPipelineNamedByIdWithTheJobNameAsDisplayName() throws Exception {
        CreatePipelineRequest p = pipelines.pipeline(job(JOB));
        assertThat(p.name()).isEqualTo("70403103936332");
        assertThat(p.displayName()).isEqualTo("New job");
        assertThat(p.description()).isEqualTo("Example Job Description");
        assertThat(p.sourceUrl()).isEqualTo("https://ab123.us1.dbt.com/deploy/7040/projects/70403103926818/jobs/70403103936332");
        assertThat(p.scheduleInterval()).isEqualTo("6 */12 * * 0,1,2,3,4,5,6");
        assertThat(p.service()).isEqualTo("dbt_prod");
        assertThat(p.tasks()).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("70403103936332");
            assertThat(t.displayName()).isEqualTo("New job");
            assertThat(t.description()).isEqualTo("dbt seed; dbt run; dbt test");
        });
        assertThat(p.key()).isEqualTo("dbt_prod.70403103936332");
    }

    @Test
    void aJobWithoutAProjectHasNoSourceUrlRatherThanALinkToProjectsNull() throws Exception {
        CreatePipelineRequest p = pipelines.pipeline(job(JOB.replace("\"project_id\": 70403103926818, ", "")));
        assertThat(p.sourceUrl()).isNull();
        assertThat(p.tasks()).singleElement().satisfies(t -> assertThat(t.sourceUrl()).isNull());
    }

    @Test
    void aJobWhoseScheduleTriggerIsOffKeepsItsCronAsOpenMetadataSendsIt() throws Exception {
        // OpenMetadata's own fixture job: triggers.schedule false, cron kept; OpenMetadata sends schedule.cron.
        CreatePipelineRequest p = pipelines.pipeline(job(JOB.replace("\"schedule\": true", "\"schedule\": false")
                .replace("\"description\": \"Example Job Description\"", "\"description\": \"\"")));
        assertThat(p.scheduleInterval()).isEqualTo("6 */12 * * 0,1,2,3,4,5,6");
        assertThat(p.description()).isNull();
    }

    @Test
    void aJobWithoutACronHasNoScheduleInterval() throws Exception {
        String blank = JOB.replace("\"cron\": \"6 */12 * * 0,1,2,3,4,5,6\"", "\"cron\": \" \"");
        assertThat(pipelines.pipeline(job(blank)).scheduleInterval()).isNull();
        String none = JOB.replaceAll("\"schedule\": \\{\"cron\".*\\}\\},", "");
        assertThat(none).doesNotContain("\"cron\"");
        assertThat(pipelines.pipeline(job(none)).scheduleInterval()).isNull();
    }

    @Test
    void statusCodesMapAsOpenMetadataDoes() {
        assertThat(DbtCloudPipelines.executionStatus(10)).isEqualTo(ExecutionStatus.SUCCESSFUL);
        assertThat(DbtCloudPipelines.executionStatus(20)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(DbtCloudPipelines.executionStatus(30)).isEqualTo(ExecutionStatus.SKIPPED);
        for (int pending : new int[] {1, 2, 3}) {
            assertThat(DbtCloudPipelines.executionStatus(pending)).isEqualTo(ExecutionStatus.PENDING);
        }
    }

    @Test
    void finishedRunHasStartAndEndInBothTimestampSpellings() throws Exception {
        long start = Instant.parse("2024-05-27T10:42:20.621Z").toEpochMilli();
        long end = Instant.parse("2024-05-27T10:43:52.622Z").toEpochMilli();
        for (String sep : List.of(" ", "T")) {
            AddPipelineStatusRequest s = pipelines.status(job(JOB), run(10, "2024-05-27" + sep + "10:42:16.179903+00:00",
                    "2024-05-27" + sep + "10:42:20.621788+00:00", "2024-05-27" + sep + "10:43:52.622408+00:00"));
            assertThat(s.pipelineFqn()).isEqualTo("dbt_prod.70403103936332");
            assertThat(s.pipelineStatus().timestamp()).isEqualTo(start);
            assertThat(s.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.SUCCESSFUL);
            assertThat(s.pipelineStatus().taskStatus()).singleElement().satisfies(t -> {
                assertThat(t.name()).isEqualTo("70403103936332");
                assertThat(t.startTime()).isEqualTo(start);
                assertThat(t.endTime()).isEqualTo(end);
                assertThat(t.logLink()).endsWith("/runs/70403110257794/");
            });
        }
    }

    @Test
    void runningAndQueuedRunsHaveNoEndTime() throws Exception {
        AddPipelineStatusRequest running = pipelines.status(job(JOB),
                run(3, "2024-05-27 10:42:16.179903+00:00", "2024-05-27 10:42:20.621788+00:00", null));
        assertThat(running.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(running.pipelineStatus().taskStatus().get(0).endTime()).isNull();
        AddPipelineStatusRequest queued = pipelines.status(job(JOB), run(1, "2024-05-27 10:42:16.179903+00:00", null, null));
        assertThat(queued.pipelineStatus().timestamp()).as("a queued run is dated by its creation")
                .isEqualTo(Instant.parse("2024-05-27T10:42:16.179Z").toEpochMilli());
        assertThat(queued.pipelineStatus().taskStatus().get(0).endTime()).isNull();
        AddPipelineStatusRequest cancelled = pipelines.status(job(JOB), run(30, "2024-05-27 10:42:16+00:00",
                "2024-05-27 10:42:20+0000", "2024-05-27T11:42:20Z"));
        assertThat(cancelled.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.SKIPPED);
        assertThat(cancelled.pipelineStatus().taskStatus().get(0).endTime())
                .isEqualTo(Instant.parse("2024-05-27T11:42:20Z").toEpochMilli());
    }

    @Test
    void unreadableTimestampNamesTheValue() throws Exception {
        DbtRun bad = run(10, "27/05/2024", null, null);
        assertThatThrownBy(() -> pipelines.status(job(JOB), bad)).hasMessageContaining("27/05/2024");
    }

    private static final String DISCOVERY = """
            {"models": [
               {"uniqueId": "model.jaffle_shop.orders", "name": "orders", "alias": "fct_orders", "database": "dev",
                "schema": "dbt_test_new", "dependsOn": ["model.jaffle_shop.stg_orders", "source.jaffle_shop.stripe.payment",
                "macro.dbt.is_incremental"]},
               {"uniqueId": "model.jaffle_shop.stg_orders", "name": "stg_orders", "database": "dev",
                "schema": "dbt_test_new", "dependsOn": ["seed.jaffle_shop.raw_orders"]}],
             "seeds": [{"uniqueId": "seed.jaffle_shop.raw_orders", "name": "raw_orders", "schema": "dbt_test_new", "database": "dev"}],
             "sources": [{"uniqueId": "source.jaffle_shop.stripe.payment", "name": "payment", "identifier": "payments_raw",
                          "schema": "stripe", "database": "raw"}]}
            """;

    @Test
    void modelsGetLineageFromModelsSeedsAndSourcesInEveryNamedService() throws Exception {
        DiscoveryJob job = MAPPER.readValue(DISCOVERY, DiscoveryJob.class);
        List<Result<EntityRequest>> out = DbtCloudLineage.edges(job, "dbt_prod.1", "1 (New job)", List.of("snowflake", "pg.x"));
        List<String> keys = out.stream().filter(r -> r instanceof Result.Ok<EntityRequest>)
                .map(r -> ((Result.Ok<EntityRequest>) r).record().key()).toList();
        assertThat(keys).containsExactlyInAnyOrder(
                "table:snowflake.dev.dbt_test_new.stg_orders -> table:snowflake.dev.dbt_test_new.fct_orders",
                "table:snowflake.raw.stripe.payments_raw -> table:snowflake.dev.dbt_test_new.fct_orders",
                "table:snowflake.dev.dbt_test_new.raw_orders -> table:snowflake.dev.dbt_test_new.stg_orders",
                "table:\"pg.x\".dev.dbt_test_new.stg_orders -> table:\"pg.x\".dev.dbt_test_new.fct_orders",
                "table:\"pg.x\".raw.stripe.payments_raw -> table:\"pg.x\".dev.dbt_test_new.fct_orders",
                "table:\"pg.x\".dev.dbt_test_new.raw_orders -> table:\"pg.x\".dev.dbt_test_new.stg_orders");
        AddLineageRequest first = (AddLineageRequest) ((Result.Ok<EntityRequest>) out.get(0)).record();
        assertThat(first.edge().lineageDetails().pipeline().fullyQualifiedName()).isEqualTo("dbt_prod.1");
        assertThat(first.edge().lineageDetails().source()).isEqualTo(LineageSource.PIPELINE_LINEAGE);
        assertThat(out).noneMatch(r -> r instanceof Result.Warning<EntityRequest>);
    }

    @Test
    void aJobWithoutDiscoveryDataOrParentsYieldsAWarningNotSilence() throws Exception {
        assertThat(DbtCloudLineage.edges(null, "dbt_prod.1", "1 (New job)", List.of("s")))
                .singleElement().isInstanceOfSatisfying(Result.Warning.class,
                        w -> assertThat(w.message()).contains("no lineage for job 1 (New job)", "no models"));
        DiscoveryJob lonely = MAPPER.readValue("""
                {"models": [{"uniqueId": "model.p.a", "name": "a", "database": "d", "schema": "s",
                             "dependsOn": ["model.p.gone"]}], "seeds": null, "sources": null}
                """, DiscoveryJob.class);
        List<Result<EntityRequest>> out = DbtCloudLineage.edges(lonely, "dbt_prod.1", "1 (New job)", List.of("s"));
        assertThat(out).hasSize(2).allMatch(r -> r instanceof Result.Warning<EntityRequest>);
        assertThat(out.toString()).contains("model.p.gone", "depend on no model, seed or source");
    }
}
