package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a whole run through the runtime ends when the Discovery API cannot be used: as a connection
 * failure ({@link RunResult#connectionFailure()}, which the CLI turns into exit 3), not as a partial
 * success with one lineage failure per job.
 */
class DbtCloudRunOutcomeTest {

    @TempDir
    Path dir;

    @AutoClose
    private final DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard());

    @Test
    void aWrongDiscoveryApiEndsTheLineageRunAsAConnectionFailureWithNothingWritten() throws Exception {
        Path out = dir.resolve("records.ndjson");
        // Every job of the account (no jobIds), with lineage into warehouse; discoveryAPI is a path the host does not serve.
        RunResult result = ingest(DbtCloudWorkflows.text(server.host(), server.host() + "/metadata/graphql", "", "", out));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.connectionFailure()).as("the CLI exits with 3 on a connection failure").isTrue();
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud Discovery API not found")
                .contains("check source.serviceConnection.config.discoveryAPI").doesNotContain("\n");
        StepSummary source = result.steps().get(0);
        assertThat(source.records()).isZero();
        assertThat(source.errors()).as("the run's one failure, no lineage failure per job").isEqualTo(1);
        assertThat(out).doesNotExist();
    }

    /**
     * The token revoked after the run started: one connection failure naming the token (exit 3), no
     * failure per job, and no call after the first refused one.
     */
    @Test
    void aTokenRevokedMidRunEndsTheRunAsAConnectionFailureAndStopsCalling() throws Exception {
        // The jobs listing and a few runs calls are answered; then the token is revoked.
        server.revokeTokenAfter(6);
        RunResult result = runAllJobsWithoutLineage();

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.connectionFailure()).as("the CLI exits with 3 on a connection failure").isTrue();
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud refused the credentials: HTTP 401"
                + " (Invalid token.); check source.serviceConnection.config.token").doesNotContain("\n");
        assertThat(result.steps().get(0).errors()).as("the run's one failure, none per job").isEqualTo(1);
        long refused = server.seen().stream().skip(6).count();
        // Workers already sending when the first 401 came may each be refused once; nothing is sent after that.
        assertThat(refused).isBetween(1L, 3L);
    }

    /** Runs the workflow {@code text} (written to a file, as a user's) with its report. */
    private RunResult ingest(String text) throws Exception {
        Path workflow = Files.writeString(dir.resolve("dbtcloud.yaml"), text);
        return DbtCloudWorkflows.ingest(workflow, dir.resolve("report.json"), new ByteArrayOutputStream());
    }

    private RunResult runAllJobsWithoutLineage() throws Exception {
        return runWithoutLineage("");
    }

    /** A run of the standard fixtures without lineage, reading what {@code selection} (the connection's lines) selects. */
    private RunResult runWithoutLineage(String selection) throws Exception {
        String text = DbtCloudWorkflows.text(server.host(), server.discoveryApi(), selection, "",
                dir.resolve("records.ndjson"));
        return ingest(text.replace("lineageInformation: {dbServiceNames: [warehouse]}", "includeLineage: false"));
    }

    /** The names of the pipelines the run wrote, in the order written. */
    private List<String> writtenPipelines() throws IOException {
        // Each pipeline line starts {"entityType":"pipeline","entity":{"name":"<job id>", …
        return Files.readAllLines(dir.resolve("records.ndjson")).stream()
                .filter(l -> l.startsWith("{\"entityType\":\"pipeline\",\"entity\":{\"name\":\""))
                .map(l -> l.split("\"")[9]).toList();
    }

    /**
     * dbt Cloud also answers a revoked token with 403 {@code "Invalid token."}: the run ends as with a
     * 401 (exit 3, the token named, no call after the refusal), not with one failure per job.
     */
    @Test
    void aTokenRevokedMidRunAnsweredWith403EndsTheRunAsAConnectionFailureAndStopsCalling() throws Exception {
        server.revokeTokenAfter(6, 403);
        RunResult result = runAllJobsWithoutLineage();

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.connectionFailure()).as("the CLI exits with 3 on a connection failure").isTrue();
        assertThat(result.fatalError()).isEqualTo("connection failed: dbt Cloud denied access: HTTP 403"
                + " (Invalid token.); check source.serviceConnection.config.token: it was revoked or lacks permission"
                + " (it needs Job Viewer, and Metadata Only for the Discovery API)");
        assertThat(result.steps().get(0).errors()).as("the run's one failure, none per job").isEqualTo(1);
        assertThat(server.seen().stream().skip(6).count()).isBetween(1L, 3L);
    }

    /** A 403 on a later page of the account's job listing: the token may not read the account, a connection failure. */
    @Test
    void a403OnTheAccountsJobListingEndsTheRunAsAConnectionFailure() throws Exception {
        server.faultOnce("jobs@100", DbtCloudServer.error(403, "You do not have permission to access this resource."));
        RunResult result = runAllJobsWithoutLineage();

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud denied access: HTTP 403 (You do not have"
                + " permission to access this resource.); check source.serviceConnection.config.token: it was revoked");
    }

    /** A 403 on one job's runs that does not say the token is invalid: that job's failure; the run goes on. */
    @Test
    void a403OnOneJobsRunsStaysThatJobsFailure() throws Exception {
        String job = DbtCloudFixtures.jobId(1);
        server.faultOnce("runs/" + job + "@0", DbtCloudServer.error(403, "You do not have permission to access this resource."));
        RunResult result = runAllJobsWithoutLineage();

        assertThat(result.connectionFailure()).isFalse();
        assertThat(result.steps().get(0).errors()).isEqualTo(1);
        assertThat(server.seen().stream().filter(s -> s.pathAndQuery().contains("/runs/")).count())
                .as("every job's runs asked for").isEqualTo(DbtCloudFixtures.standard().jobCount());
    }

    private RunResult runProjectsWithoutLineage(String... projectIds) throws Exception {
        return runWithoutLineage("projectIds: " + DbtCloudWorkflows.idList(List.of(projectIds)));
    }

    /**
     * projectIds with a project the token may not read (403 on its listing) and one it may: one recorded
     * failure naming the project, the other project's pipelines all written once, and the success rate
     * decides the state (a partial success here), not a broken-off listing failing the run (exit 1).
     */
    @Test
    void a403OnOneProjectOfProjectIdsIsOneFailureAndTheSuccessRateDecides() throws Exception {
        server.forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        RunResult result = runProjectsWithoutLineage(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B);

        assertThat(result.state()).isEqualTo(RunState.PARTIAL_SUCCESS);
        assertThat(result.connectionFailure()).isFalse();
        assertThat(result.fatalError()).isNull();
        assertThat(result.exitCode()).isZero();
        assertThat(result.steps().get(0).errors()).isEqualTo(1);
        assertThat(writtenPipelines()).as("project A's jobs, each once; none of B's")
                .containsExactlyElementsOf(DbtCloudFixtures.standard().jobIdsOf(DbtCloudFixtures.PROJECT_A));
        assertThat(Files.readString(dir.resolve("report.json"))).contains("project " + DbtCloudFixtures.PROJECT_B
                + " of projectIds").contains("or remove " + DbtCloudFixtures.PROJECT_B + " from source.serviceConnection"
                + ".config.projectIds");
    }

    /** Every project of projectIds answers 403: the token's problem, a connection failure (exit 3) naming them. */
    @Test
    void a403OnEveryProjectOfProjectIdsEndsTheRunAsAConnectionFailure() throws Exception {
        server.forbidProject(DbtCloudFixtures.PROJECT_A, 0).forbidProject(DbtCloudFixtures.PROJECT_B, 0);
        RunResult result = runProjectsWithoutLineage(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud denied access to every project of"
                + " projectIds (" + DbtCloudFixtures.PROJECT_A + ", " + DbtCloudFixtures.PROJECT_B + "): HTTP 403");
    }

    /** A token revoked (403 "Invalid token.") under projectIds: still exit 3 at once, not a failure per project. */
    @Test
    void aTokenRevokedWith403UnderProjectIdsStaysAConnectionFailure() throws Exception {
        server.revokeTokenAfter(0, 403);
        RunResult result = runProjectsWithoutLineage(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.fatalError()).isEqualTo("connection failed: dbt Cloud denied access: HTTP 403"
                + " (Invalid token.); check source.serviceConnection.config.token: it was revoked or lacks permission"
                + " (it needs Job Viewer, and Metadata Only for the Discovery API)");
        assertThat(server.seen()).as("no call after the refusal").hasSize(1);
    }

    /** The same token revoked mid-run, after the first project was listed: exit 3, not the second project's failure. */
    @Test
    void aTokenRevokedWith403MidRunUnderProjectIdsStaysAConnectionFailure() throws Exception {
        server.revokeTokenAfter(6, 403);
        RunResult result = runProjectsWithoutLineage(DbtCloudFixtures.PROJECT_A, DbtCloudFixtures.PROJECT_B);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.steps().get(0).errors()).as("the run's one failure, none per job or project").isEqualTo(1);
    }

    private RunResult runJobIdsWithoutLineage(String... jobIds) throws Exception {
        return runWithoutLineage("jobIds: " + DbtCloudWorkflows.idList(List.of(jobIds)));
    }

    /**
     * jobIds alone, the first id refused with 403 (its project is not the token's): that job's one failure,
     * the others written once each, and the success rate decides; was a connection failure (exit 3).
     */
    @Test
    void a403OnTheFirstJobIdIsOneFailureAndTheSuccessRateDecides() throws Exception {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        String inB = DbtCloudFixtures.jobId(100);
        RunResult result = runJobIdsWithoutLineage(inB, DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(1));

        assertThat(result.connectionFailure()).isFalse();
        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isEqualTo(RunState.PARTIAL_SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.steps().get(0).errors()).isEqualTo(1);
        assertThat(writtenPipelines()).containsExactly(DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(1));
        assertThat(Files.readString(dir.resolve("report.json"))).contains("job " + inB + " of jobIds: ")
                .contains("or remove " + inB + " from source.serviceConnection.config.jobIds");
    }

    /** Every job id refused with 403: the token's problem, a connection failure (exit 3) naming them. */
    @Test
    void a403OnEveryJobIdEndsTheRunAsAConnectionFailure() throws Exception {
        server.forbidJobsOf(DbtCloudFixtures.PROJECT_B);
        RunResult result = runJobIdsWithoutLineage(DbtCloudFixtures.jobId(100), DbtCloudFixtures.jobId(101));

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud denied access to every job of jobIds ("
                + DbtCloudFixtures.jobId(100) + ", " + DbtCloudFixtures.jobId(101) + "): HTTP 403");
    }

    /** A token revoked (403 "Invalid token.") under jobIds: still exit 3 at once, not a failure per job. */
    @Test
    void aTokenRevokedWith403UnderJobIdsStaysAConnectionFailure() throws Exception {
        server.revokeTokenAfter(0, 403);
        RunResult result = runJobIdsWithoutLineage(DbtCloudFixtures.jobId(0), DbtCloudFixtures.jobId(1));

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.fatalError()).startsWith("connection failed: dbt Cloud denied access: HTTP 403 (Invalid token.)");
        assertThat(server.seen()).as("no call after the refusal").hasSize(1);
    }
}
