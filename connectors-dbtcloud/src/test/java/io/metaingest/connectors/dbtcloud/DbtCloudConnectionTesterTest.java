package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.dbtcloud.DbtCloudServer.Seen;
import io.metaingest.connectors.dbtcloud.TestSupport.RecordingSleeper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** test-connection reads one job and sends one Discovery query, and names what to fix when refused. */
class DbtCloudConnectionTesterTest {

    @AutoClose
    private final DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard());

    private DbtCloudConnectionTester tester(DbtCloudConnection connection) {
        return new DbtCloudConnectionTester(connection, TestSupport.client(connection, new RecordingSleeper()));
    }

    @Test
    void readsOneJobAndSendsOneDiscoveryQuery() throws Exception {
        List<String> passed = tester(TestSupport.connection(server)).test();
        assertThat(passed).containsExactly("Administrative API: read job " + DbtCloudFixtures.jobId(0) + " (Daily build)",
                "Discovery API: job " + DbtCloudFixtures.jobId(0) + " has 3 model(s)");
        assertThat(server.seen()).extracting(Seen::method, Seen::pathAndQuery).containsExactly(
                Tuple.tuple("GET", "/api/v2/accounts/70403103922125/jobs/?offset=0&limit=1"),
                Tuple.tuple("POST", "/graphql"));
    }

    /**
     * With jobIds, no line names the account's first job, which the run does not read: it read as if that
     * job were selected. Was "Administrative API: read job <the account's first job> (Daily build)".
     */
    @Test
    void withJobIdsReadsTheFirstOfThem() throws Exception {
        String job = DbtCloudFixtures.jobId(3);
        List<String> passed = tester(TestSupport.connection(server).withSelection(List.of(job), null)).test();
        assertThat(passed).containsExactly("Administrative API: the token reads account " + DbtCloudFixtures.ACCOUNT,
                "Administrative API: 1 job(s) of jobIds exist", "Discovery API: job " + job + " has no run with metadata yet");
        assertThat(server.seen()).extracting(Seen::pathAndQuery).containsExactly(
                "/api/v2/accounts/70403103922125/jobs/?offset=0&limit=1",
                "/api/v2/accounts/70403103922125/jobs/" + job + "/", "/graphql");
    }

    /** The run fails on an unknown projectIds or jobIds entry; test-connection says so first, naming each one. */
    @Test
    void everyConfiguredIdThatDoesNotExistIsNamedInAFailingStep() {
        DbtCloudConnection typos = TestSupport.connection(server).withSelection(
                List.of(DbtCloudFixtures.jobId(1), "999999", DbtCloudFixtures.jobId(100)),
                List.of(DbtCloudFixtures.PROJECT_A, "123"));
        String notFound = jobNotFoundMessage();
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(typos).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("project 123 of projectIds has no job in account 70403103922125 (no such"
                + " project, or one without jobs); job 999999 of jobIds does not exist in account 70403103922125 (HTTP 404: "
                + notFound + "); job " + DbtCloudFixtures.jobId(100) + " of jobIds is in project "
                + DbtCloudFixtures.PROJECT_B + ", in none of projectIds [" + DbtCloudFixtures.PROJECT_A + ", 123]; check"
                + " source.serviceConnection.config.projectIds and source.serviceConnection.config.jobIds");
        // The account itself was fine: its check passed, and no Discovery query was sent.
        assertThat(e.passed()).containsExactly("Administrative API: the token reads account " + DbtCloudFixtures.ACCOUNT);
        assertThat(server.seen()).extracting(Seen::pathAndQuery).noneMatch(p -> p.contains("graphql"));
    }

    /**
     * With projectIds only, the Discovery query is about a job of the first selected project, and no line
     * names the account's first job (in another project): both did before, in the same requests.
     */
    @Test
    void withProjectIdsEveryLineIsAboutTheSelectedProjects() throws Exception {
        String firstOfB = DbtCloudFixtures.jobId(90);
        List<String> passed = tester(TestSupport.connection(server).withSelection(null,
                List.of(DbtCloudFixtures.PROJECT_B))).test();
        assertThat(passed).containsExactly("Administrative API: the token reads account " + DbtCloudFixtures.ACCOUNT,
                "Administrative API: 1 project(s) of projectIds have jobs",
                "Discovery API: job " + firstOfB + " has 3 model(s)");
        assertThat(server.seen()).extracting(Seen::pathAndQuery).containsExactly(
                "/api/v2/accounts/70403103922125/jobs/?offset=0&limit=1",
                "/api/v2/accounts/70403103922125/jobs/?project_id=" + DbtCloudFixtures.PROJECT_B + "&offset=0&limit=1",
                "/graphql");
        assertThat(server.seen()).filteredOn(seen -> seen.pathAndQuery().equals("/graphql"))
                .singleElement().extracting(Seen::body).asString().contains("\"jobId\":" + firstOfB);
    }

    /** jobIds narrow projectIds: the Discovery query is about the job of jobIds, not the project's first job. */
    @Test
    void withProjectIdsNarrowedByJobIdsTheDiscoveryQueryIsAboutTheJobOfJobIds() throws Exception {
        String job = DbtCloudFixtures.jobId(5);
        List<String> passed = tester(TestSupport.connection(server).withSelection(List.of(job),
                List.of(DbtCloudFixtures.PROJECT_A))).test();
        assertThat(passed).containsExactly("Administrative API: the token reads account " + DbtCloudFixtures.ACCOUNT,
                "Administrative API: 1 project(s) of projectIds have jobs, 1 job(s) of jobIds exist in those projects",
                "Discovery API: job " + job + " has 3 model(s)");
    }

    @Test
    void projectIdsThatAllHaveJobsPass() throws Exception {
        List<String> passed = tester(TestSupport.connection(server).withSelection(null,
                List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B))).test();
        assertThat(passed).contains("Administrative API: 2 project(s) of projectIds have jobs");
    }

    @Test
    void anUnknownProjectIdAloneNamesProjectIdsOnly() {
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(null, List.of("70403103999999"))).test());
        assertThat(e.getMessage()).isEqualTo("project 70403103999999 of projectIds has no job in account 70403103922125"
                + " (no such project, or one without jobs); check source.serviceConnection.config.projectIds");
    }

    /**
     * One project of projectIds the token may not read (403 to its listing), as ingest records it: a failing
     * PERMISSION step naming that project and both fixes, after the other project was checked. Was the
     * generic "dbt Cloud denied access: HTTP 403 (…); check …token…", naming no project.
     */
    @Test
    void aProjectRefusedWith403IsAFailingStepNamingItAndBothFixes() {
        server.forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(null, List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B))).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("dbt Cloud refused project " + DbtCloudFixtures.PROJECT_B + " of projectIds"
                + " with HTTP 403 (You do not have permission to access this resource.): the token may not read that"
                + " project; the run records a failure for it and reads the others (mark-deleted is skipped); grant the"
                + " token of source.serviceConnection.config.token access to project " + DbtCloudFixtures.PROJECT_B
                + " (a permission set with Job Viewer on it), or remove " + DbtCloudFixtures.PROJECT_B
                + " from source.serviceConnection.config.projectIds");
        assertThat(e.otherFailures()).isEmpty();
        assertThat(e.passed()).containsExactly("Administrative API: the token reads account " + DbtCloudFixtures.ACCOUNT);
        assertThat(server.seen()).extracting(Seen::pathAndQuery)
                .anyMatch(p -> p.contains("project_id=" + DbtCloudFixtures.PROJECT_A));
    }

    /** Every project refused: the run's connection failure, said so; an unknown project is still named too. */
    @Test
    void everyProjectRefusedSaysTheRunEndsAsAConnectionFailureAndKeepsTheOtherProblems() {
        server.forbidProject(DbtCloudFixtures.PROJECT_A, 0).forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(List.of("999999"), List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B))).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("job 999999 of jobIds does not exist in account ");
        assertThat(e.otherFailures()).singleElement().satisfies(refused -> {
            assertThat(refused.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
            assertThat(refused.getMessage()).isEqualTo("dbt Cloud refused projects " + DbtCloudFixtures.PROJECT_A + ", "
                    + DbtCloudFixtures.PROJECT_B + " of projectIds with HTTP 403 (You do not have permission to access"
                    + " this resource.): the token may not read those projects; as it reads none of projectIds, the run"
                    + " ends as a connection failure (exit 3); grant the token of source.serviceConnection.config.token"
                    + " access to projects " + DbtCloudFixtures.PROJECT_A + ", " + DbtCloudFixtures.PROJECT_B + " (a"
                    + " permission set with Job Viewer on it), or remove them from"
                    + " source.serviceConnection.config.projectIds");
        });
    }

    /** A job id of jobIds refused with 403 (its project is not the token's): named with both fixes. */
    @Test
    void aJobIdRefusedWith403IsAFailingStepNamingIt() {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        String inB = DbtCloudFixtures.jobId(100);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(List.of(DbtCloudFixtures.jobId(0), inB), null)).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("dbt Cloud refused job " + inB + " of jobIds with HTTP 403 (You do not have"
                + " permission to access this resource.): the token may not read that job's project; the run records a"
                + " failure for it and reads the others (mark-deleted is skipped); grant the token of"
                + " source.serviceConnection.config.token access to job " + inB + "'s project (a permission set with Job"
                + " Viewer on it), or remove " + inB + " from source.serviceConnection.config.jobIds");
    }

    /** Every job id of jobIds (no projectIds) refused: the step says the run ends as a connection failure. */
    @Test
    void everyJobIdRefusedWith403SaysTheRunEndsAsAConnectionFailure() {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        String first = DbtCloudFixtures.jobId(100);
        String second = DbtCloudFixtures.jobId(101);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(List.of(first, second), null)).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
        assertThat(e.getMessage()).isEqualTo("dbt Cloud refused jobs " + first + ", " + second + " of jobIds with HTTP 403"
                + " (You do not have permission to access this resource.): the token may not read those jobs' projects;"
                + " as it reads none of jobIds, the run ends as a connection failure (exit 3); grant the token of"
                + " source.serviceConnection.config.token access to their projects (a permission set with Job Viewer on"
                + " it), or remove them from source.serviceConnection.config.jobIds");
    }

    /** A token revoked with 403 "Invalid token." after the account's check: still the token's failure, not a project's. */
    @Test
    void aTokenRevokedWith403DuringTheProjectChecksStaysTheTokensFailure() {
        server.revokeTokenAfter(1, 403);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(TestSupport.connection(server)
                .withSelection(null, List.of(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B))).test());
        assertThat(e.getMessage()).isEqualTo("dbt Cloud denied access: HTTP 403 (Invalid token.); check"
                + " source.serviceConnection.config.token: it was revoked or lacks permission (it needs Job Viewer, and"
                + " Metadata Only for the Discovery API)");
        assertThat(server.seen()).as("no call after the refusal").hasSize(2);
    }

    private String jobNotFoundMessage() {
        // The server's own words for a job it does not have, as the run quotes them too.
        try {
            return TestSupport.client(TestSupport.connection(server), new RecordingSleeper()).job("999999").name();
        } catch (io.metaingest.toolkit.VendorApiException notFound) {
            return notFound.vendorMessage();
        } finally {
            server.clearSeen();
        }
    }

    @Test
    void aRefusedTokenIsAnAuthenticationFailureWithTheVendorsMessage() {
        DbtCloudConnection wrong = DbtCloudConnection.of(server.host(), server.discoveryApi(), DbtCloudFixtures.ACCOUNT,
                "dbtc_not_it_8");
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(wrong).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("Invalid token.").doesNotContain("dbtc_not_it_8");
    }

    @Test
    void aWrongDiscoveryApiIsNotFoundNamingDiscoveryApiNotTheAccount() {
        DbtCloudConnection wrong = DbtCloudConnection.of(server.host(), server.host() + "/metadata/graphql",
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(wrong).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("dbt Cloud Discovery API not found").contains("check source.serviceConnection.config.discoveryAPI")
                .doesNotContain("accountId");
        assertThat(e.passed()).as("the Administrative API's line is kept").singleElement().asString()
                .startsWith("Administrative API: read job ");
    }

    /** What a wrong host answers (a web site, a proxy's login page) names host, each setting once. */
    @Test
    void anHtmlPageInPlaceOfEitherApiNamesItsOwnSetting() {
        DbtCloudServer.Reply page = new DbtCloudServer.Reply(200, "<html><body>Sign in</body></html>",
                java.util.Map.of("Content-Type", "text/html"));
        server.faultOnce("jobs@0", page);
        ConnectionException admin = catchThrowableOfType(ConnectionException.class,
                () -> tester(TestSupport.connection(server)).test());
        assertThat(admin.getMessage()).isEqualTo("GET /api/v2/accounts/" + DbtCloudFixtures.ACCOUNT + "/jobs/: an HTML page"
                + " in a 200 response, not the dbt Cloud API answering: check source.serviceConnection.config.host (a wrong"
                + " host, or a proxy or login page answering in its place)");

        server.faultOnce("discovery/" + DbtCloudFixtures.jobId(0), page);
        ConnectionException discovery = catchThrowableOfType(ConnectionException.class,
                () -> tester(TestSupport.connection(server)).test());
        assertThat(discovery.getMessage()).isEqualTo("POST /graphql: an HTML page in a 200 response, not the dbt Cloud"
                + " Discovery API answering: check source.serviceConnection.config.discoveryAPI (a wrong host, or a proxy or"
                + " login page answering in its place)");
    }

    @Test
    void aDiscoveryApiFailingAfterTheRetriesNamesItSaysToRetryLaterAndNamesDiscoveryApi() {
        for (int attempt = 0; attempt < TestSupport.FAST.maxAttempts(); attempt++) {
            server.faultOnce("discovery/" + DbtCloudFixtures.jobId(0), DbtCloudServer.error(500, "Internal error"));
        }
        ConnectionException e = catchThrowableOfType(ConnectionException.class,
                () -> tester(TestSupport.connection(server)).test());
        assertThat(e.getMessage()).isEqualTo("POST /graphql: the dbt Cloud Discovery API answered HTTP 500: Internal error"
                + " (after " + TestSupport.FAST.maxAttempts() + " attempts): the service is failing; retry later;"
                + " check source.serviceConnection.config.discoveryAPI");
    }

    /**
     * A host nothing listens on: the Administrative API's failure names host alone. It also named discoveryAPI,
     * which no request had used yet (the Discovery API has its own failures, naming it).
     */
    @Test
    void anUnreachableHostNamesHostOnly() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DbtCloudConnection down = DbtCloudConnection.of("http://127.0.0.1:" + closed, server.discoveryApi(),
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(down).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).startsWith("dbt Cloud API unreachable: GET /api/v2/accounts/" + DbtCloudFixtures.ACCOUNT
                + "/jobs/: cannot connect to http://127.0.0.1:" + closed).endsWith("; check source.serviceConnection.config.host");
    }

    @Test
    void aWrongAccountIsNotFoundNamingHostAndAccountId() {
        DbtCloudConnection other = DbtCloudConnection.of(server.host(), server.discoveryApi(), "1", DbtCloudFixtures.TOKEN);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(other).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("Account not found.", "check source.serviceConnection.config.host and source.serviceConnection.config.accountId");
    }

    /**
     * A host copied with the API's path ({@code https://cloud.getdbt.com/api/v2}, as the API docs write it) asks for
     * /api/v2/api/v2/…: the 404 says to write the access URL alone. It said only "check host and accountId".
     */
    @Test
    void aHostWrittenWithTheApiPathSaysToWriteTheAccessUrlAlone() {
        DbtCloudConnection withPath = DbtCloudConnection.of(server.host() + "/api/v2/", server.discoveryApi(),
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(withPath).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("dbt Cloud API not found at host " + server.host() + "/api/v2/ (GET /api/v2/api/v2/")
                .endsWith("; write source.serviceConnection.config.host as the access URL alone, without a path: "
                        + server.host());
    }
}
