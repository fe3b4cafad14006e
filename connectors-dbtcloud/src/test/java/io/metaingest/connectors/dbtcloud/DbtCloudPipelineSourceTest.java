package io.metaingest.connectors.dbtcloud;

import static io.metaingest.connectors.dbtcloud.TestSupport.failures;
import static io.metaingest.connectors.dbtcloud.TestSupport.readAll;
import static io.metaingest.connectors.dbtcloud.TestSupport.records;
import static io.metaingest.connectors.dbtcloud.TestSupport.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.connectors.dbtcloud.DbtCloudServer.Seen;
import io.metaingest.connectors.dbtcloud.TestSupport.RecordingSleeper;
import io.metaingest.testing.CapturedLogs;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The metadata source end to end against the local dbt Cloud: selection, mapping, statuses, lineage, failures. */
class DbtCloudPipelineSourceTest {

    private static final PipelineMetadataConfig LINEAGE = TestSupport.config(null, true, List.of("warehouse"));
    private static final PipelineMetadataConfig NO_LINEAGE = TestSupport.config(null, false, List.of());

    private final DbtCloudFixtures fixtures = DbtCloudFixtures.standard();
    @AutoClose
    private final DbtCloudServer server = new DbtCloudServer(fixtures);
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private List<Result<EntityRequest>> read(DbtCloudConnection connection, PipelineMetadataConfig config) throws Exception {
        return readAll(TestSupport.source(connection, config, sleeper));
    }

    private DbtCloudConnection connection() {
        return TestSupport.connection(server);
    }

    /** The error of the read's one failure, after checking that it is named {@code name}. */
    private static String onlyFailure(List<Result<EntityRequest>> results, String name) {
        assertThat(failures(results)).extracting(f -> f.error().name()).containsExactly(name);
        return failures(results).get(0).error().error();
    }

    private static List<String> pipelineNames(List<Result<EntityRequest>> results) {
        return records(results, CreatePipelineRequest.class).stream().map(CreatePipelineRequest::name).toList();
    }

    @Test
    void withoutSelectionEveryJobOfEveryProjectBecomesAPipelineNamedByIdOnce() throws Exception {
        List<Result<EntityRequest>> results = read(connection(), NO_LINEAGE);
        List<CreatePipelineRequest> pipelines = records(results, CreatePipelineRequest.class);
        assertThat(pipelines).hasSize(160);
        assertThat(pipelines).extracting(CreatePipelineRequest::name).doesNotHaveDuplicates()
                .first().isEqualTo(DbtCloudFixtures.jobId(0));
        assertThat(pipelines.stream().filter(p -> p.displayName().equals("Daily build")).count())
                .as("a job name repeated across projects stays 16 distinct pipelines").isEqualTo(16);
        assertThat(failures(results)).isEmpty();
        // 130 runs of the first job are capped at numberOfRuns (100); the others have i % 7 runs.
        int expectedRuns = 100;
        for (int i = 1; i < 160; i++) {
            expectedRuns += i % 7;
        }
        assertThat(records(results, AddPipelineStatusRequest.class)).hasSize(expectedRuns);
        assertThat(server.seen()).noneMatch(s -> s.pathAndQuery().contains("/graphql"));
    }

    @Test
    void projectIdsSelectTheJobsOfThoseProjects() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_B)),
                NO_LINEAGE);
        assertThat(pipelineNames(results)).containsExactlyElementsOf(fixtures.jobIdsOf(DbtCloudFixtures.PROJECT_B));
        assertThat(server.seen()).filteredOn(s -> s.pathAndQuery().contains("/jobs/"))
                .allSatisfy(s -> assertThat(s.pathAndQuery()).contains("project_id=" + DbtCloudFixtures.PROJECT_B));
    }

    /**
     * The jobs API answers an unknown project id with an empty list: read as nothing to do, a typo in
     * projectIds succeeded with 0 records (and let mark-deleted take every pipeline of the service). The
     * failure's message does not repeat the id its name gives: the run printed "project 999: project 999 of
     * projectIds has no job …".
     */
    @Test
    void aProjectIdWithNoJobIsAFailureNamingItWhileTheOtherProjectsAreRead() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(null,
                List.of("999", DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);
        assertThat(pipelineNames(results)).containsExactlyElementsOf(fixtures.jobIdsOf(DbtCloudFixtures.PROJECT_B));
        assertThat(onlyFailure(results, "project 999")).isEqualTo("has no job in account " + connection().accountId()
                + " (no such project, or one without jobs); correct it or remove it from"
                + " source.serviceConnection.config.projectIds");
    }

    /**
     * A job listing that breaks off (a page answering 500 after the retries) hid an unknown number of
     * jobs: one failure among the records would let the run end as a success.
     */
    @Test
    void aJobListingThatFailsAfterTheRetriesEndsTheReadAfterTheOtherProjects() throws Exception {
        DbtCloudPipelineSource source = TestSupport.source(connection().withSelection(null,
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE, sleeper);
        List<Result<EntityRequest>> results = new java.util.ArrayList<>();
        try (source; java.util.stream.Stream<Result<EntityRequest>> stream = source.read()) {
            // read() has listed project A (one page); project B's listing then answers 500 to every attempt.
            for (int attempt = 0; attempt < TestSupport.FAST.maxAttempts(); attempt++) {
                server.faultOnce("jobs@0", DbtCloudServer.error(500, "Internal server error"));
            }
            assertThatThrownBy(() -> stream.forEach(results::add))
                    .isInstanceOf(io.metaingest.api.IncompleteReadException.class)
                    .hasMessageStartingWith("could not list jobs of project " + DbtCloudFixtures.PROJECT_B + ": GET ")
                    .hasMessageContaining("HTTP 500")
                    .hasMessageEndingWith("; the jobs it had not yet listed were not read (and mark-deleted was skipped)");
        }
        assertThat(pipelineNames(results)).containsExactlyElementsOf(fixtures.jobIdsOf(DbtCloudFixtures.PROJECT_A));
        assertThat(failures(results)).singleElement().satisfies(f ->
                assertThat(f.error().name()).isEqualTo("jobs of project " + DbtCloudFixtures.PROJECT_B));
    }

    private static String forbiddenStart(String project) {
        return "project " + project + " of projectIds: GET /api/v2/accounts/" + DbtCloudFixtures.ACCOUNT
                + "/jobs/";
    }

    private static String forbiddenFix(String project, String unread) {
        return ": HTTP 403: You do not have permission to access this resource; the token may not read this project"
                + " (or it is not account " + DbtCloudFixtures.ACCOUNT + "'s), so " + unread + " (and mark-deleted was"
                + " skipped); grant the token of source.serviceConnection.config.token access to project " + project
                + " (a permission set with Job Viewer on it), or remove " + project
                + " from source.serviceConnection.config.projectIds";
    }

    /**
     * Reads projectIds A and B with {@code forbidden}'s listing answering 403: every job of {@code readable} is
     * written, once; the text of the one failure, {@code forbidden}'s.
     */
    private String readProjectsWithOneForbidden(String forbidden, String readable) throws Exception {
        server.forbidProject(forbidden, 0);
        List<Result<EntityRequest>> results = read(connection().withSelection(null,
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);

        assertThat(pipelineNames(results)).containsExactlyElementsOf(fixtures.jobIdsOf(readable));
        return onlyFailure(results, "project " + forbidden);
    }

    /**
     * A 403 on the first project's listing (the token's permission sets leave that project out) while the
     * next project lists fine: that project's one failure naming both fixes; the other's jobs all come, once.
     * Was a connection failure (the eager first call threw), or after another project a broken-off listing.
     */
    @Test
    void a403OnTheFirstProjectsListingIsThatProjectsFailureAndTheOtherProjectIsRead() throws Exception {
        assertThat(readProjectsWithOneForbidden(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)).isEqualTo(
                forbiddenStart(DbtCloudFixtures.PROJECT_A) + forbiddenFix(DbtCloudFixtures.PROJECT_A, "its jobs were not read"));
        assertThat(server.seen()).filteredOn(s -> s.pathAndQuery().contains("project_id=" + DbtCloudFixtures.PROJECT_A))
                .as("a 403 is not retried").hasSize(1);
    }

    /** The same 403 on a later project's listing, found while the run reads: its failure, not a broken-off listing. */
    @Test
    void a403OnALaterProjectsListingIsThatProjectsFailureAndTheReadEndsWell() throws Exception {
        assertThat(readProjectsWithOneForbidden(DbtCloudFixtures.PROJECT_B, DbtCloudFixtures.PROJECT_A))
                .endsWith(forbiddenFix(DbtCloudFixtures.PROJECT_B, "its jobs were not read"));
    }

    private static String jobForbidden(String job) {
        return "job " + job + " of jobIds: GET /api/v2/accounts/" + DbtCloudFixtures.ACCOUNT + "/jobs/" + job + "/:"
                + " HTTP 403: You do not have permission to access this resource; the token may not read this job's"
                + " project, so the job was not read (and mark-deleted was skipped); grant the token of"
                + " source.serviceConnection.config.token access to its project (a permission set with Job Viewer on it),"
                + " or remove " + job + " from source.serviceConnection.config.jobIds";
    }

    /**
     * Reads {@code jobIds} (jobIds alone) with project B's jobs forbidden: {@code readable} (in project A) is the one
     * pipeline written, {@code forbidden} (in B) the one failure, naming both fixes.
     */
    private void readJobIdsWithOneForbidden(List<String> jobIds, String readable, String forbidden) throws Exception {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        List<Result<EntityRequest>> results = read(connection().withSelection(jobIds, null), NO_LINEAGE);

        assertThat(pipelineNames(results)).containsExactly(readable);
        assertThat(onlyFailure(results, "job " + forbidden)).isEqualTo(jobForbidden(forbidden));
    }

    /**
     * jobIds alone, the first id in a project the token may not read (403 to the job): that job's failure
     * naming it and both fixes, asked for once; the next id is read, once. Was a connection failure (the
     * eager first call tolerated only a 404).
     */
    @Test
    void a403OnTheFirstJobIdIsThatJobsFailureAndTheOthersAreRead() throws Exception {
        String inB = DbtCloudFixtures.jobId(100);
        String inA = DbtCloudFixtures.jobId(0);
        readJobIdsWithOneForbidden(List.of(inB, inA), inA, inB);
        assertThat(server.seen()).extracting(Seen::pathAndQuery).filteredOn(p -> p.matches(".*/jobs/\\d+/$"))
                .as("each job asked for once").containsExactly("/api/v2/accounts/" + DbtCloudFixtures.ACCOUNT + "/jobs/"
                        + inB + "/", "/api/v2/accounts/" + DbtCloudFixtures.ACCOUNT + "/jobs/" + inA + "/");
    }

    /** The same 403 on a later job id, met on a worker: the same failure with both fixes. */
    @Test
    void a403OnALaterJobIdIsThatJobsFailureWithBothFixes() throws Exception {
        String inA = DbtCloudFixtures.jobId(0);
        String inB = DbtCloudFixtures.jobId(100);
        readJobIdsWithOneForbidden(List.of(inA, inB), inA, inB);
    }

    /** Every job id of jobIds answers 403: the token reads none of them, a connection failure naming them. */
    @Test
    void a403OnEveryJobIdEndsTheReadAsAConnectionFailureNamingThem() throws Exception {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        DbtCloudPipelineSource source = TestSupport.source(connection().withSelection(
                List.of(DbtCloudFixtures.jobId(100), DbtCloudFixtures.jobId(101)), null), NO_LINEAGE, sleeper);
        try (source) {
            ConnectionException e = catchThrowableOfType(ConnectionException.class, source::read);
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
            assertThat(e.getMessage()).isEqualTo("dbt Cloud denied access to every job of jobIds ("
                    + DbtCloudFixtures.jobId(100) + ", " + DbtCloudFixtures.jobId(101) + "): HTTP 403 (You do not have"
                    + " permission to access this resource.); check source.serviceConnection.config.token: it was"
                    + " revoked or lacks access to these jobs' projects (it needs Job Viewer on them), or correct"
                    + " source.serviceConnection.config.jobIds");
        }
    }

    /**
     * projectIds narrowed by jobIds, one project refused: a job id of that project is named with the refusal,
     * not told to "run again" as if the listing had missed it; the other project's job is read once.
     */
    @Test
    void aJobIdInAProjectWhoseListingWasRefusedSaysSo() throws Exception {
        String inA = DbtCloudFixtures.jobId(0);
        String inB = DbtCloudFixtures.jobId(100);
        server.forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(inA, inB),
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);

        assertThat(pipelineNames(results)).containsExactly(inA);
        assertThat(failures(results)).extracting(f -> f.error().name())
                .containsExactly("project " + DbtCloudFixtures.PROJECT_B, "job " + inB);
        assertThat(failures(results).get(1).error().error()).isEqualTo("job " + inB + " of jobIds is in project "
                + DbtCloudFixtures.PROJECT_B + ", whose job listing dbt Cloud refused with HTTP 403, so it was not read"
                + " (see project " + DbtCloudFixtures.PROJECT_B + "'s failure)");
    }

    /** As dbt Cloud answers a job of a project the token may not read: 403 to the job itself, named with the project. */
    @Test
    void aJobIdRefusedWith403AfterItsProjectsListingWasRefusedNamesThatProject() throws Exception {
        String inB = DbtCloudFixtures.jobId(100);
        server.forbidProject(DbtCloudFixtures.PROJECT_B, 0).forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(DbtCloudFixtures.jobId(0), inB),
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);

        assertThat(pipelineNames(results)).containsExactly(DbtCloudFixtures.jobId(0));
        assertThat(failures(results).get(1).error().error()).isEqualTo("job " + inB + " of jobIds, in none of the"
                + " listings read: GET /api/v2/accounts/" + DbtCloudFixtures.ACCOUNT + "/jobs/" + inB + "/: HTTP 403:"
                + " You do not have permission to access this resource; it may be in project " + DbtCloudFixtures.PROJECT_B
                + ", whose listing dbt Cloud refused too (see that failure)");
    }

    /** A 403 on a project's second page: the jobs of its first page are emitted once, the failure says how many. */
    @Test
    void a403OnAProjectsLaterPageKeepsItsListedJobsAndSaysHowManyWereRead() throws Exception {
        DbtCloudFixtures many = DbtCloudFixtures.ofSize(300);
        try (DbtCloudServer big = new DbtCloudServer(many).forbidProject(DbtCloudFixtures.PROJECT_A, 100)) {
            List<Result<EntityRequest>> results = read(TestSupport.connection(big).withSelection(null,
                    List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);

            List<String> expected = new java.util.ArrayList<>(many.jobIdsOf(DbtCloudFixtures.PROJECT_A).subList(0, 100));
            expected.addAll(many.jobIdsOf(DbtCloudFixtures.PROJECT_B));
            assertThat(pipelineNames(results)).containsExactlyElementsOf(expected);
            assertThat(failures(results)).singleElement().satisfies(f -> assertThat(f.error().error())
                    .endsWith(forbiddenFix(DbtCloudFixtures.PROJECT_A, "its jobs after the first 100 listed were not read")));
        }
    }

    /** Every project of projectIds answers 403: the token reads none of them, a connection failure naming them. */
    @Test
    void a403OnEveryProjectsListingEndsTheReadAsAConnectionFailureNamingTheProjects() throws Exception {
        server.forbidProject(DbtCloudFixtures.PROJECT_A, 0).forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        DbtCloudPipelineSource source = TestSupport.source(connection().withSelection(null,
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B)), NO_LINEAGE, sleeper);
        try (source) {
            ConnectionException e = catchThrowableOfType(ConnectionException.class, source::read);
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
            assertThat(e.getMessage()).isEqualTo("dbt Cloud denied access to every project of projectIds ("
                    + DbtCloudFixtures.PROJECT_A + ", " + DbtCloudFixtures.PROJECT_B + "): HTTP 403 (You do not have"
                    + " permission to access this resource.); check source.serviceConnection.config.token: it was"
                    + " revoked or lacks access to these projects (it needs Job Viewer on them), or correct"
                    + " source.serviceConnection.config.projectIds");
        }
    }

    /**
     * Jobs deleted between two pages of the account's listing: the later page shifts, so jobs that still
     * exist slid onto the page already read and were never seen. The run must not end well (mark-deleted
     * would then delete them); every job read is still emitted.
     */
    @Test
    void aListingWhoseTotalDropsBetweenPagesIsIncompleteAndEveryJobReadIsStillEmitted() throws Exception {
        server.deleteAfterFirstPage(DbtCloudFixtures.jobId(10), DbtCloudFixtures.jobId(11));
        DbtCloudPipelineSource source = TestSupport.source(connection(), NO_LINEAGE, sleeper);
        List<Result<EntityRequest>> results = new java.util.ArrayList<>();
        try (source; java.util.stream.Stream<Result<EntityRequest>> stream = source.read()) {
            assertThatThrownBy(() -> stream.forEach(results::add))
                    .isInstanceOf(io.metaingest.api.IncompleteReadException.class)
                    .hasMessageStartingWith("could not list jobs of the account: GET /api/v2/accounts/"
                            + DbtCloudFixtures.ACCOUNT + "/jobs/: the listing is incomplete: the total went from 160 to"
                            + " 158 between pages;")
                    .hasMessageEndingWith("were not read (and mark-deleted was skipped)");
        }
        // Jobs 100 and 101 slid onto the first page after it was read: 158 pipelines, jobs 10 and 11 among them.
        assertThat(pipelineNames(results)).hasSize(158).doesNotHaveDuplicates()
                .contains(DbtCloudFixtures.jobId(10), DbtCloudFixtures.jobId(11))
                .doesNotContain(DbtCloudFixtures.jobId(100), DbtCloudFixtures.jobId(101));
        assertThat(failures(results)).singleElement().satisfies(f ->
                assertThat(f.error().name()).isEqualTo("jobs of the account"));
    }

    @Test
    void projectIdsNarrowedByJobIdsAndAnIdInNoneOfTheProjectsIsAFailureNamingIt() throws Exception {
        String inA = DbtCloudFixtures.jobId(5);
        String inB = DbtCloudFixtures.jobId(100);
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(inB, inA),
                List.of(DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);
        assertThat(pipelineNames(results)).containsExactly(inB);
        // Named after the job, the failure does not repeat it; the fix names the settings' full paths.
        assertThat(onlyFailure(results, "job " + inA)).isEqualTo("in project " + DbtCloudFixtures.PROJECT_A
                + ", not one of source.serviceConnection.config.projectIds [" + DbtCloudFixtures.PROJECT_B + "];"
                + " remove it from source.serviceConnection.config.jobIds or add " + DbtCloudFixtures.PROJECT_A
                + " to source.serviceConnection.config.projectIds");
    }

    /** As test-connection says it: an id of jobIds that no project listed may be no job at all. */
    @Test
    void projectIdsNarrowedByJobIdsAndAnIdThatDoesNotExistSaysSo() throws Exception {
        String inB = DbtCloudFixtures.jobId(100);
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(inB, "99999"),
                List.of(DbtCloudFixtures.PROJECT_B)), NO_LINEAGE);
        assertThat(pipelineNames(results)).containsExactly(inB);
        assertThat(onlyFailure(results, "job 99999")).isEqualTo("does not exist in account " + DbtCloudFixtures.ACCOUNT
                + " (HTTP 404: The requested resource was not found.); remove it from source.serviceConnection.config.jobIds");
    }

    @Test
    void jobIdsOnlyFetchExactlyThoseJobsAndAnUnknownIdIsARecordedFailureWhileTheOthersGoOn() throws Exception {
        List<String> ids = List.of("99999", DbtCloudFixtures.jobId(7), "88888", DbtCloudFixtures.jobId(120));
        List<Result<EntityRequest>> results = read(connection().withSelection(ids, null), NO_LINEAGE);
        assertThat(pipelineNames(results)).containsExactly(DbtCloudFixtures.jobId(7), DbtCloudFixtures.jobId(120));
        assertThat(failures(results)).extracting(f -> f.error().name()).containsExactly("job 99999", "job 88888");
        assertThat(failures(results).get(0).error().error()).startsWith("does not exist in account "
                + DbtCloudFixtures.ACCOUNT).contains("The requested resource was not found.",
                "; remove it from source.serviceConnection.config.jobIds");
        assertThat(server.seen()).extracting(Seen::pathAndQuery)
                .noneMatch(p -> p.contains("/jobs/?"))
                .contains("/api/v2/accounts/70403103922125/jobs/99999/");
    }

    @Test
    void runsBecomeStatusesWithEveryStatusCodeAndRunningRunsHaveNoEnd() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(DbtCloudFixtures.jobId(0)), null)
                .withLimits(12, 2), NO_LINEAGE);
        List<AddPipelineStatusRequest> statuses = records(results, AddPipelineStatusRequest.class);
        assertThat(statuses).hasSize(12);
        Map<ExecutionStatus, Long> counts = statuses.stream().collect(Collectors.groupingBy(
                s -> s.pipelineStatus().executionStatus(), Collectors.counting()));
        assertThat(counts).containsEntry(ExecutionStatus.SUCCESSFUL, 2L).containsEntry(ExecutionStatus.FAILED, 2L)
                .containsEntry(ExecutionStatus.SKIPPED, 2L).containsEntry(ExecutionStatus.PENDING, 6L);
        assertThat(statuses).allSatisfy(s -> {
            var task = s.pipelineStatus().taskStatus().get(0);
            assertThat(task.startTime()).isNotNull();
            if (s.pipelineStatus().executionStatus() == ExecutionStatus.PENDING) {
                assertThat(task.endTime()).as("a run still going has no end").isNull();
            } else {
                assertThat(task.endTime()).isGreaterThan(task.startTime());
            }
        });
        assertThat(statuses).extracting(s -> s.pipelineStatus().timestamp()).doesNotHaveDuplicates();
    }

    @Test
    void pipelineFilterPatternMatchesJobNames() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)),
                TestSupport.config(FilterPattern.excluding("^daily"), false, List.of()));
        assertThat(records(results, CreatePipelineRequest.class)).hasSize(81)
                .noneMatch(p -> p.displayName().equals("Daily build"));
        assertThat(results).filteredOn(r -> r instanceof Result.Filtered<EntityRequest>).hasSize(9)
                .allSatisfy(r -> assertThat(((Result.Filtered<EntityRequest>) r).reason()).contains("job name"));
    }

    /** A typo in an include pattern: every job filtered, and a warning at the end says which pattern let none through. */
    @Test
    void aPipelineFilterPatternThatLetsNoJobThroughSaysSo() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)),
                TestSupport.config(FilterPattern.including("^Dialy build$"), false, List.of()));
        assertThat(records(results, CreatePipelineRequest.class)).isEmpty();
        assertThat(warnings(results)).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("source.sourceConfig.config.pipelineFilterPattern");
            assertThat(w.message()).startsWith("let none of the 90 jobs it was asked about through (includes [^Dialy build$])");
        });
        assertThat(results.get(results.size() - 1)).isInstanceOf(Result.Warning.class);
        // One job through is enough: no warning.
        assertThat(warnings(read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)),
                TestSupport.config(FilterPattern.including("^Daily build$"), false, List.of())))).isEmpty();
    }

    @Test
    void lineageFromDiscoveryWithAWarningForEachJobThatYieldsNone() throws Exception {
        List<String> ids = List.of(DbtCloudFixtures.jobId(5), DbtCloudFixtures.jobId(3));
        List<Result<EntityRequest>> results = read(connection().withSelection(ids, null), LINEAGE);
        List<AddLineageRequest> edges = records(results, AddLineageRequest.class);
        assertThat(edges).hasSize(4).allSatisfy(e -> assertThat(e.edge().lineageDetails().pipeline().fullyQualifiedName())
                .isEqualTo("dbt_prod." + DbtCloudFixtures.jobId(5)));
        assertThat(edges).extracting(AddLineageRequest::key).contains(
                "table:warehouse.raw.stripe.payments_raw -> table:warehouse.analytics.dbt_818.stg_payments");
        assertThat(warnings(results)).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("dbt_prod." + DbtCloudFixtures.jobId(3));
            assertThat(w.message()).contains("no lineage for job " + DbtCloudFixtures.jobId(3));
        });
        // Job 5's newest successful run (its second) is asked for; job 3 has none, so its latest.
        List<String> bodies = server.seen().stream().filter(s -> s.method().equals("POST")).map(Seen::body)
                .filter(b -> b.contains("job(")).toList();
        assertThat(bodies).hasSize(2).anySatisfy(b -> assertThat(b).contains("\"runId\":70403110262001"))
                .anySatisfy(b -> assertThat(b).contains("\"runId\":null"));
    }

    @Test
    void aDiscoveryApiThatCannotBeUsedEndsALineageRunBeforeAnythingIsEmittedNamingDiscoveryApi() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DbtCloudConnection unreachable = DbtCloudConnection.of(server.host(), "http://127.0.0.1:" + closed + "/graphql",
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN);
        // read() itself throws: not one record, not one lineage failure per job.
        ConnectionException down = catchThrowableOfType(ConnectionException.class,
                () -> TestSupport.source(unreachable, LINEAGE, sleeper).read());
        assertThat(down).isNotNull();
        assertThat(down.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
        assertThat(down.getMessage()).startsWith("dbt Cloud Discovery API unreachable: ").endsWith("; check source.serviceConnection.config.discoveryAPI")
                .doesNotContain("\n");
        assertThat(server.seen()).extracting(Seen::pathAndQuery).noneMatch(p -> p.contains("/runs/"));

        DbtCloudConnection wrongPath = DbtCloudConnection.of(server.host(), server.host() + "/metadata/graphql",
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN).withSelection(List.of(DbtCloudFixtures.jobId(5)), null);
        ConnectionException notFound = catchThrowableOfType(ConnectionException.class,
                () -> TestSupport.source(wrongPath, LINEAGE, sleeper).read());
        assertThat(notFound.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(notFound.getMessage()).contains("dbt Cloud Discovery API not found", "HTTP 404",
                "check source.serviceConnection.config.discoveryAPI (");

        server.faultOnce("discovery", DbtCloudServer.error(403, "This token lacks Metadata access."));
        ConnectionException denied = catchThrowableOfType(ConnectionException.class,
                () -> TestSupport.source(connection(), LINEAGE, sleeper).read());
        assertThat(denied.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
        assertThat(denied.getMessage()).contains("HTTP 403 (This token lacks Metadata access.)", "Metadata Only");

        // Without lineage the Discovery API is never asked, so it cannot fail the run.
        List<Result<EntityRequest>> plain = read(unreachable.withSelection(List.of(DbtCloudFixtures.jobId(5)), null),
                NO_LINEAGE);
        assertThat(pipelineNames(plain)).containsExactly(DbtCloudFixtures.jobId(5));
        assertThat(failures(plain)).isEmpty();
    }

    @Test
    void onceTheDiscoveryApiAnsweredAFailedQueryOfOneJobIsAFailureOfThatJobOnly() throws Exception {
        String failing = DbtCloudFixtures.jobId(5);
        String other = DbtCloudFixtures.jobId(0);
        server.faultOnce("discovery/" + failing, DbtCloudServer.error(404, "The requested resource was not found."));
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(failing, other), null), LINEAGE);
        assertThat(pipelineNames(results)).containsExactly(failing, other);
        assertThat(onlyFailure(results, "dbt_prod." + failing + " lineage")).contains("HTTP 404");
        assertThat(records(results, AddLineageRequest.class)).isNotEmpty().allSatisfy(e ->
                assertThat(e.edge().lineageDetails().pipeline().fullyQualifiedName()).isEqualTo("dbt_prod." + other));
        List<String> queries = server.seen().stream().filter(s -> s.method().equals("POST")).map(Seen::body).toList();
        assertThat(queries).as("the Discovery API is checked once before the jobs' queries").hasSize(3)
                .first().satisfies(b -> assertThat(b).contains("__typename").doesNotContain("job("));
    }

    @Test
    void lineageAskedWithoutDbServiceNamesIsAWarningNotASilentSuccess() throws Exception {
        List<Result<EntityRequest>> results = read(connection().withSelection(List.of(DbtCloudFixtures.jobId(1)), null),
                TestSupport.config(null, true, List.of()));
        assertThat(warnings(results)).singleElement().satisfies(w ->
                assertThat(w.message()).contains("lineageInformation.dbServiceNames is empty"));
        assertThat(records(results, AddLineageRequest.class)).isEmpty();
    }

    @Test
    void aFailedRunsCallIsAFailureOfThatJobOnly() throws Exception {
        server.faultOnce("runs/" + DbtCloudFixtures.jobId(2) + "@0", DbtCloudServer.error(400, "Invalid filter: job_definition_id"));
        List<Result<EntityRequest>> results = read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)),
                NO_LINEAGE);
        assertThat(pipelineNames(results)).hasSize(90);
        assertThat(failures(results)).singleElement().satisfies(f ->
                assertThat(f.error().error()).contains("HTTP 400", "Invalid filter: job_definition_id"));
    }

    /**
     * The run's first line says which jobs it reads in the workflow's terms. It printed the selection mode's
     * constant ("PROJECTS_NARROWED_BY_JOB_IDS: jobIds [7], projectIds [11]").
     */
    @Test
    void theFirstLineSaysWhichJobsAreReadInTheWorkflowsTerms() throws Exception {
        String job = DbtCloudFixtures.jobId(5);
        CapturedLogs logs = CapturedLogs.root();
        try (logs) {
            read(connection(), NO_LINEAGE);
            read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)), NO_LINEAGE);
            read(connection().withSelection(List.of(job), List.of(DbtCloudFixtures.PROJECT_A)), NO_LINEAGE);
            // The same id twice, once with a space: one job, named once.
            read(connection().withSelection(List.of(job, job + " "), null), NO_LINEAGE);
        }
        String start = "Reading dbt Cloud account " + DbtCloudFixtures.ACCOUNT + " at " + server.host() + ": ";
        String end = "; " + DbtCloudConnection.DEFAULT_NUMBER_OF_RUNS + " runs per job; "
                + DbtCloudConnection.DEFAULT_THREADS + " parallel jobs";
        assertThat(logs.messages()).filteredOn(m -> m.startsWith("Reading dbt"))
                .containsExactly(start + "every job of the account" + end,
                        start + "the jobs of projectIds [" + DbtCloudFixtures.PROJECT_A + "]" + end,
                        start + "the jobs of projectIds [" + DbtCloudFixtures.PROJECT_A + "] that are in jobIds [" + job + "]" + end,
                        start + "the jobs of jobIds [" + job + "]" + end);
    }

    @Test
    void aRefusedTokenEndsTheRunWithTheVendorsMessageAndTheTokenIsInNoLogLine() throws Exception {
        CapturedLogs logs = CapturedLogs.root();
        try (logs) {
            DbtCloudConnection wrong = DbtCloudConnection.of(server.host(), server.discoveryApi(),
                    DbtCloudFixtures.ACCOUNT, "dbtc_refused_token_31");
            ConnectionException e = catchThrowableOfType(ConnectionException.class,
                    () -> read(wrong, LINEAGE));
            assertThat(e.getMessage()).contains("Invalid token.").doesNotContain("dbtc_refused_token_31");
            ConnectionException byId = catchThrowableOfType(ConnectionException.class,
                    () -> read(wrong.withSelection(List.of(DbtCloudFixtures.jobId(4)), null), LINEAGE));
            assertThat(byId).as("jobIds mode checks the token before emitting anything too").isNotNull();
            assertThat(byId.getMessage()).contains("Invalid token.");
            server.faultOnce("jobs@0", DbtCloudServer.tooManyRequests(1));
            server.faultOnce("runs/" + DbtCloudFixtures.jobId(1) + "@0", DbtCloudServer.error(502, "Bad gateway"));
            List<Result<EntityRequest>> ok = read(connection().withSelection(null, List.of(DbtCloudFixtures.PROJECT_A)), LINEAGE);
            assertThat(failures(ok)).isEmpty();
            assertThat(sleeper.waits).as("the 429 and the 502 were retried").hasSize(2);
        }
        String encoded = Base64.getEncoder().encodeToString(DbtCloudFixtures.TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(logs.events()).isNotEmpty().allSatisfy(event -> {
            String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(line).doesNotContain(DbtCloudFixtures.TOKEN, "dbtc_refused_token_31", encoded);
        });
    }
}
