package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.dbtcloud.DbtCloudServer.Seen;
import io.metaingest.connectors.dbtcloud.TestSupport.RecordingSleeper;
import io.metaingest.connectors.dbtcloud.api.DbtJob;
import io.metaingest.connectors.dbtcloud.api.DbtRun;
import io.metaingest.connectors.dbtcloud.api.DiscoveryJob;
import io.metaingest.toolkit.VendorApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The client against the local dbt Cloud: envelope, paging, auth, runs, Discovery, retries, errors. */
class DbtCloudClientTest {

    private final DbtCloudFixtures fixtures = DbtCloudFixtures.standard();
    @AutoClose
    private final DbtCloudServer server = new DbtCloudServer(fixtures);
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final DbtCloudClient client = TestSupport.client(TestSupport.connection(server), sleeper);

    private List<String> paths() {
        return server.seen().stream().map(Seen::pathAndQuery).toList();
    }

    @Test
    void listsAllJobsOverPagesOfAtMostOneHundredAndStopsAtTheTotal() {
        List<String> ids = new ArrayList<>();
        client.jobs(null).forEachRemaining(j -> ids.add(j.id()));
        assertThat(ids).hasSize(160).doesNotHaveDuplicates();
        assertThat(ids.get(0)).isEqualTo(DbtCloudFixtures.jobId(0));
        // total_count says 160: no third page is asked for.
        assertThat(paths()).containsExactly(
                "/api/v2/accounts/70403103922125/jobs/?order_by=id&offset=0&limit=100",
                "/api/v2/accounts/70403103922125/jobs/?order_by=id&offset=100&limit=100");
        assertThat(server.seen()).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Token " + DbtCloudFixtures.TOKEN));
    }

    @Test
    void anOverstatedTotalStopsAtAnEmptyPageAndEndsTheListingAsIncompleteAfterEveryJob() {
        try (DbtCloudServer overstating = new DbtCloudServer(DbtCloudFixtures.overstatingTotal())) {
            DbtCloudClient onOverstating = TestSupport.client(TestSupport.connection(overstating), sleeper);
            List<String> ids = new ArrayList<>();
            Iterator<DbtJob> jobs = onOverstating.jobs(null);
            // total_count says 167: the third page comes back empty; 7 jobs may have slid past a page boundary.
            assertThatThrownBy(() -> jobs.forEachRemaining(j -> ids.add(j.id())))
                    .isInstanceOf(VendorApiException.class)
                    .hasMessageStartingWith("GET /api/v2/accounts/70403103922125/jobs/: the listing is incomplete: 160"
                            + " distinct items were read of the 167 reported;");
            assertThat(ids).hasSize(160).doesNotHaveDuplicates();
            assertThat(overstating.seen()).hasSize(3);
        }
    }

    @Test
    void listsTheJobsOfOneProjectAndReadsJobFieldsWithBigIds() {
        List<DbtJob> jobs = new ArrayList<>();
        client.jobs(DbtCloudFixtures.PROJECT_B).forEachRemaining(jobs::add);
        assertThat(jobs).hasSize(70).allSatisfy(j -> assertThat(j.projectId()).isEqualTo(DbtCloudFixtures.PROJECT_B));
        DbtJob first = jobs.get(0);
        assertThat(first.id()).isEqualTo(DbtCloudFixtures.jobId(90));
        assertThat(first.name()).isEqualTo("Daily build");
        assertThat(first.cron()).isEqualTo("30 */7 * * 0,1,2,3,4,5,6");
        assertThat(first.executeSteps()).containsExactly("dbt seed", "dbt run", "dbt test");
        assertThat(paths()).allSatisfy(p -> assertThat(p).contains("project_id=" + DbtCloudFixtures.PROJECT_B));
    }

    @Test
    void readsAtMostNumberOfRunsNewestFirstWithoutTheWholeHistory() {
        String job = DbtCloudFixtures.jobId(0); // 130 runs
        List<DbtRun> runs = client.latestRuns(job, 120);
        assertThat(runs).hasSize(120);
        assertThat(runs.get(0).id()).isEqualTo("70403110257000");
        assertThat(paths()).containsExactly(
                "/api/v2/accounts/70403103922125/runs/?job_definition_id=" + job + "&order_by=-created_at&offset=0&limit=100",
                "/api/v2/accounts/70403103922125/runs/?job_definition_id=" + job + "&order_by=-created_at&offset=100&limit=20");
        server.clearSeen();
        assertThat(client.latestRuns(job, 5)).hasSize(5);
        assertThat(paths()).singleElement().satisfies(p -> assertThat(p).endsWith("offset=0&limit=5"));
    }

    @Test
    void readsOneJobAndNamesAMissingOne() {
        assertThat(client.job(DbtCloudFixtures.jobId(3)).name()).isEqualTo("job 003");
        VendorApiException e = catchThrowableOfType(VendorApiException.class, () -> client.job("42"));
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.vendorMessage()).isEqualTo("The requested resource was not found.");
    }

    @Test
    void postsTheJobQueryToDiscoveryAndReadsModelsSeedsAndSources() throws Exception {
        DiscoveryJob nodes = client.discoveryJob(DbtCloudFixtures.jobId(1), "70403110257794");
        assertThat(nodes.models()).extracting(DiscoveryJob.Node::uniqueId).contains("model.jaffle_shop.orders");
        assertThat(nodes.sources()).singleElement().satisfies(s -> assertThat(s.relationName()).isEqualTo("payments_raw"));
        assertThat(client.discoveryJob(DbtCloudFixtures.jobId(3), null)).as("no run known").isNull();
        Seen post = server.seen().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.pathAndQuery()).isEqualTo("/graphql");
        assertThat(TestSupport.MAPPER.readTree(post.body()).path("variables").path("runId").asLong()).isEqualTo(70403110257794L);
        assertThat(TestSupport.MAPPER.readTree(post.body()).path("query").asText()).contains("dependsOn", "job(id: $jobId, runId: $runId)");
    }

    @Test
    void retriesA429AfterRetryAfterAndA5xxWithBackoff() {
        server.faultOnce("jobs@0", DbtCloudServer.tooManyRequests(7));
        server.faultOnce("jobs@100", DbtCloudServer.error(503, "Service unavailable"));
        Iterator<DbtJob> jobs = client.jobs(null);
        int n = 0;
        while (jobs.hasNext()) {
            jobs.next();
            n++;
        }
        assertThat(n).isEqualTo(160);
        assertThat(sleeper.waits).contains(Duration.ofSeconds(7));
        assertThat(sleeper.waits).hasSize(2);
    }

    @Test
    void a401CarriesTheVendorsUserMessageAndNeverTheToken() {
        DbtCloudConnection wrong = DbtCloudConnection.of(server.host(), server.discoveryApi(), DbtCloudFixtures.ACCOUNT,
                "dbtc_wrong_token_77");
        DbtCloudClient refused = TestSupport.client(wrong, sleeper);
        VendorApiException e = catchThrowableOfType(VendorApiException.class, () -> refused.firstJobs(1));
        ConnectionException c = refused.asConnectionException(e);
        assertThat(c.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
        assertThat(c.getMessage()).contains("HTTP 401 (Invalid token.)", "check source.serviceConnection.config.token (").doesNotContain("dbtc_wrong_token_77");
        assertThat(sleeper.waits).as("a 401 is not retried").isEmpty();
    }

    @Test
    void vendorMessagesComeFromTheEnvelopeOrGraphqlErrors() throws Exception {
        assertThat(DbtCloudClient.vendorError(TestSupport.MAPPER.readTree(DbtCloudServer.error(403, "Forbidden.").body())))
                .isEqualTo(new io.metaingest.toolkit.VendorError(null, "Forbidden."));
        assertThat(DbtCloudClient.vendorError(TestSupport.MAPPER.readTree(
                "{\"errors\":[{\"message\":\"Syntax Error: Expected Name\"}]}")).message())
                .isEqualTo("Syntax Error: Expected Name");
    }

    @Test
    void aGraphqlErrorIsAFailureWithItsMessage() {
        server.faultOnce("discovery/" + DbtCloudFixtures.jobId(1), new DbtCloudServer.Reply(200,
                "{\"data\":null,\"errors\":[{\"message\":\"Metadata is not enabled for this account\"}]}", java.util.Map.of()));
        VendorApiException e = catchThrowableOfType(VendorApiException.class,
                () -> client.discoveryJob(DbtCloudFixtures.jobId(1), null));
        assertThat(e).hasMessageContaining("Metadata is not enabled for this account");
    }

    @Test
    void aGraphqlAnswerWithoutDataIsMalformedNotAJobWithoutRuns() {
        server.faultOnce("discovery/" + DbtCloudFixtures.jobId(1), new DbtCloudServer.Reply(200, "{}", java.util.Map.of()));
        VendorApiException e = catchThrowableOfType(VendorApiException.class,
                () -> client.discoveryJob(DbtCloudFixtures.jobId(1), null));
        assertThat(e).hasMessageContaining("no data object in the GraphQL answer");
    }
}
