package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.metaingest.api.ConnectionException;
import io.metaingest.connectors.dbtcloud.DbtCloudServer.Seen;
import io.metaingest.connectors.dbtcloud.TestSupport.RecordingSleeper;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** test-connection reads one job and sends one Discovery query, and names what to fix when refused. */
class DbtCloudConnectionTesterTest {

    private final DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard());

    @AfterEach
    void stop() {
        server.close();
    }

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

    @Test
    void withJobIdsReadsTheFirstOfThem() throws Exception {
        String job = DbtCloudFixtures.jobId(3);
        List<String> passed = tester(TestSupport.connection(server).withSelection(List.of(job), null)).test();
        assertThat(passed).containsExactly("Administrative API: read job " + job + " (job 003)",
                "Discovery API: job " + job + " has no run with metadata yet");
        assertThat(server.seen()).extracting(Seen::pathAndQuery)
                .containsExactly("/api/v2/accounts/70403103922125/jobs/" + job + "/", "/graphql");
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
    }

    @Test
    void aWrongAccountIsNotFoundNamingHostAndAccountId() {
        DbtCloudConnection other = DbtCloudConnection.of(server.host(), server.discoveryApi(), "1", DbtCloudFixtures.TOKEN);
        ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> tester(other).test());
        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("Account not found.", "check source.serviceConnection.config.host and source.serviceConnection.config.accountId");
    }
}
