package io.metaingest.connectors.microstrategy;

import static io.metaingest.connectors.microstrategy.TestSupport.client;
import static io.metaingest.connectors.microstrategy.TestSupport.connection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.connectors.microstrategy.api.MstrSearchResult;
import io.metaingest.testing.CapturedLogs;
import io.metaingest.toolkit.ApiRequest;
import io.metaingest.toolkit.VendorApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The client against the local server: session, retries, paging, SQL endpoints, error texts. */
class MicroStrategyClientTest {

    @AutoClose
    private MstrServer server;

    @Test
    void loginKeepsTokenAndCookieForEveryCallAndLogoutEndsTheSession() {
        server = new MstrServer(MstrFixtures.small());
        MicroStrategyClient client = client(connection(server));
        client.login();
        client.keepAlive();
        assertThat(client.projects()).extracting(p -> p.name())
                .containsExactly("MicroStrategy Tutorial", "Human Resources Analysis Module");
        assertThat(server.openSessions()).isEqualTo(1);
        client.close();
        client.close();
        assertThat(server.logouts()).as("logging out twice is a no-op").isEqualTo(1);
        assertThat(server.openSessions()).isZero();
        assertThatThrownBy(client::projects).as("no new session after logout")
                .isInstanceOf(VendorApiException.class).hasMessageContaining("logged out of MicroStrategy");
        assertThat(server.logins()).isEqualTo(1);
        List<MstrServer.Seen> seen = server.seen();
        MstrServer.Seen login = seen.get(0);
        assertThat(login.key()).isEqualTo("login");
        assertThat(login.body()).contains("\"loginMode\":1", "\"applicationType\":35", "\"username\":\"administrator\"");
        assertThat(seen.subList(1, seen.size())).allSatisfy(s -> {
            assertThat(s.token()).startsWith("tok");
            assertThat(s.cookie()).startsWith("JSESSIONID=");
        });
        assertThat(client.loginCount()).isEqualTo(1);
    }

    /** test-connection prints its own {@code ok:} lines: the session's log-in and log-out are no INFO lines among them. */
    @Test
    void testConnectionLogsNoSessionWorkAtInfo() throws Exception {
        server = new MstrServer(MstrFixtures.small());
        CapturedLogs logs = CapturedLogs.root();
        try (logs) {
            assertThat(new MicroStrategyConnectionTester(client(connection(server))).test()).isNotEmpty();
        }
        assertThat(server.logouts()).isEqualTo(1);
        assertThat(logs.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(logs.messages())
                .anySatisfy(m -> assertThat(m).startsWith("Logged in to MicroStrategy"));
    }

    @Test
    void testConnectionWithAnUnknownProjectNameNamesTheProjectNotHostPort() {
        server = new MstrServer(MstrFixtures.small());
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(client(connection(server).withProject("Tutorail")));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.NOT_FOUND);
            assertThat(e.getMessage()).startsWith("MicroStrategy at " + server.hostPort() + " answered ERR004:"
                    + " Project 'Tutorail' not found or not loaded").contains(
                    "check source.serviceConnection.config.projectName").doesNotContain("API not found", "hostPort");
        });
        assertThat(server.logouts()).isEqualTo(1);
    }

    /**
     * A very long projectName is shown once, shortened to its start and its length. It was echoed whole twice
     * (ours and the server's message): a 3,000-character name made a 6,300-character line.
     */
    @Test
    void aVeryLongUnknownProjectNameIsShownOnceShortenedWithItsLength() {
        server = new MstrServer(MstrFixtures.small());
        String name = "Tutorial " + "x".repeat(3000);
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(client(connection(server).withProject(name)));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("MicroStrategy at " + server.hostPort() + " answered ERR004: Project '"
                    + name.substring(0, 60) + "… (3,009 characters)' not found or not loaded (ticket"
                    + " 0a1b2c3d4e5f60718293a4b5c6d7e8f9); check source.serviceConnection.config.projectName: write the"
                    + " project's name as MicroStrategy shows it (a project the user can open), or leave it out to read"
                    + " every project");
        });
    }

    /**
     * A 500 on the lookup of a very long projectName names the call with the name shortened to its start and its
     * length, in the line and in the failure's causes; the toolkit printed the call's whole path (3,000 characters).
     */
    @Test
    void aServerErrorOnAVeryLongProjectNameNamesTheCallShortened() {
        server = new MstrServer(MstrFixtures.small());
        String name = "Tutorial " + "x".repeat(3000);
        server.faultAlways("project/" + ApiRequest.segment(name), MstrServer.internal("Internal server error"));
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(client(connection(server).withProject(name)));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e -> {
            assertThat(e.getMessage()).startsWith("GET /MicroStrategyLibrary/api/projects/Tutorial%20" + "x".repeat(49)
                    + "… (3,011 characters): the MicroStrategy API answered HTTP 500 ERR001: Internal server error")
                    .hasSizeLessThan(400);
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(t.getMessage()).doesNotContain("x".repeat(100));
            }
        });
    }

    /** A server whose message does not name the project: the line names it, once. */
    @Test
    void anUnknownProjectTheServerDoesNotNameIsNamedOnce() {
        server = new MstrServer(MstrFixtures.small());
        String name = "Tutorail " + "y".repeat(200);
        server.faultAlways("project/" + ApiRequest.segment(name), MstrServer.Reply.json(404,
                "{\"code\":\"ERR004\",\"message\":\"Not found\"}"));
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(client(connection(server).withProject(name)));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e ->
                assertThat(e.getMessage()).startsWith("MicroStrategy at " + server.hostPort() + " has no project named '"
                        + name.substring(0, 60) + "… (209 characters)' (ERR004: Not found); check "));
    }

    @Test
    void aWrongLibraryPathIsStillTheApiNotFoundNamingHostPort() {
        server = new MstrServer(MstrFixtures.small());
        // A 404 without MicroStrategy's ERR004 envelope: the address, not the project, is wrong.
        server.faultAlways("project/Human%20Resources%20Analysis%20Module", MstrServer.Reply.json(404, "{}"));
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(
                client(connection(server).withProject("Human Resources Analysis Module")));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e ->
                assertThat(e.getMessage()).contains("API not found", "source.serviceConnection.config.hostPort",
                        "source.serviceConnection.config.projectName"));
    }

    /**
     * hostPort written with /MicroStrategyLibrary and no projectName: the 404 names hostPort alone. It also
     * said "and source.serviceConnection.config.projectName", a setting the workflow did not have.
     */
    @Test
    void aWrongLibraryPathWithoutProjectNameNamesHostPortOnly() {
        server = new MstrServer(MstrFixtures.small());
        MicroStrategyConnectionTester tester = new MicroStrategyConnectionTester(
                client(MicroStrategyConnection.of(server.hostPort() + "/MicroStrategyLibrary", MstrFixtures.USERNAME,
                        MstrFixtures.PASSWORD)));

        assertThatThrownBy(tester::test).isInstanceOfSatisfying(io.metaingest.api.ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(io.metaingest.api.ConnectionException.Reason.NOT_FOUND);
            assertThat(e.getMessage()).startsWith("MicroStrategy API not found at " + server.hostPort() + ": POST"
                    + " /MicroStrategyLibrary/MicroStrategyLibrary/api/auth/login HTTP 404").endsWith("; check"
                    + " source.serviceConnection.config.hostPort (the Library server, without /MicroStrategyLibrary)");
        });
    }

    @Test
    void theSearchIsPagedWithTheProjectHeaderUntilTheReportedTotal() {
        server = new MstrServer(MstrFixtures.standard());
        MicroStrategyClient client = client(connection(server));
        client.login();
        List<MstrSearchResult> all = new ArrayList<>();
        client.dossiers(MstrFixtures.TUTORIAL_ID).forEachRemaining(all::add);
        client.close();
        assertThat(all).hasSize(71).extracting(MstrSearchResult::id).doesNotHaveDuplicates();
        List<MstrServer.Seen> searches = server.seen().stream().filter(s -> s.key().startsWith("search/")).toList();
        assertThat(searches).hasSize(3).allSatisfy(s -> assertThat(s.projectId()).isEqualTo(MstrFixtures.TUTORIAL_ID));
        assertThat(searches).extracting(MstrServer.Seen::path).allSatisfy(p ->
                assertThat(p).isEqualTo("/MicroStrategyLibrary/api/searches/results"));
    }

    @Test
    void aSearchAnswerWithoutItsResultListIsMalformedUnlessItSaysThereAreNone() {
        server = new MstrServer(MstrFixtures.standard());
        server.faultOnce("search/" + MstrFixtures.TUTORIAL_ID, MstrServer.Reply.json(200, "{\"totalItems\":0}"));
        server.faultOnce("search/" + MstrFixtures.TUTORIAL_ID, MstrServer.Reply.json(200, "{\"totalItems\":71}"));
        MicroStrategyClient client = client(connection(server));
        client.login();

        assertThat(client.dossiers(MstrFixtures.TUTORIAL_ID).hasNext()).as("none, and it says so").isFalse();
        assertThatThrownBy(() -> client.dossiers(MstrFixtures.TUTORIAL_ID).hasNext())
                .isInstanceOf(VendorApiException.class).hasMessageContaining("no result list in the search answer");
        client.close();
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedAsTheServerAsks() {
        server = new MstrServer(MstrFixtures.small());
        server.faultOnce("projects", MstrServer.tooManyRequests(7));
        server.faultOnce("projects", MstrServer.internal("Intelligence Server is busy"));
        TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
        MicroStrategyClient client = client(connection(server), sleeper);
        client.login();
        assertThat(client.projects()).hasSize(2);
        client.close();
        assertThat(sleeper.waits).first().isEqualTo(Duration.ofSeconds(7));
        assertThat(sleeper.waits).hasSize(2);
        assertThat(server.seen()).filteredOn(s -> s.key().equals("projects")).hasSize(3);
    }

    @Test
    void aPersistentServerErrorCarriesTheVendorCodeMessageAndTicket() {
        server = new MstrServer(MstrFixtures.small());
        String dossier = MstrFixtures.id("dossier", 0);
        server.faultAlways("definition/" + dossier, MstrServer.internal("Object is locked"));
        MicroStrategyClient client = client(connection(server));
        client.login();
        assertThatThrownBy(() -> client.definition(MstrFixtures.TUTORIAL_ID, dossier))
                .isInstanceOf(VendorApiException.class)
                .hasMessage("GET /MicroStrategyLibrary/api/v2/dossiers/" + dossier + "/definition: the MicroStrategy API"
                        + " answered HTTP 500 ERR001: Object is locked (ticket c0ffee00c0ffee00c0ffee00c0ffee00)"
                        + " (after 4 attempts): the service is failing; retry later");
        client.close();
    }

    @Test
    void aLoginThatKeepsFailingOnTheServerNamesMicroStrategyAndTheNextStep() {
        server = new MstrServer(MstrFixtures.small());
        server.faultAlways("login", MstrServer.internal("Intelligence Server is starting"));
        MicroStrategyClient client = client(connection(server));
        assertThatThrownBy(client::login).isInstanceOfSatisfying(VendorApiException.class, e ->
                assertThat(client.asConnectionException(e)).hasMessage("POST /MicroStrategyLibrary/api/auth/login: the"
                        + " MicroStrategy API answered HTTP 500 ERR001: Intelligence Server is starting (ticket"
                        + " c0ffee00c0ffee00c0ffee00c0ffee00) (after 4 attempts): the service is failing; retry later;"
                        + " check source.serviceConnection.config.hostPort"));
    }

    @Test
    void aLoginPageInPlaceOfTheApiNamesHostPort() {
        server = new MstrServer(MstrFixtures.small());
        server.faultAlways("login", new MstrServer.Reply(200, "<!DOCTYPE html><html><title>Sign in</title></html>",
                Map.of("Content-Type", "text/html")));
        MicroStrategyClient client = client(connection(server));
        assertThatThrownBy(client::login).isInstanceOf(VendorApiException.class)
                .hasMessageEndingWith(": an HTML page (Sign in) in a 200 response, not the MicroStrategy API answering: check"
                        + " source.serviceConnection.config.hostPort (a wrong host, or a proxy or login page answering in"
                        + " its place)")
                .hasMessageNotContaining("JSON String");
    }

    @Test
    void anExpiredSessionIsRenewedOnceAndTheCallSentAgain() {
        server = new MstrServer(MstrFixtures.small());
        MicroStrategyClient client = client(connection(server));
        client.login();
        server.expireSessionAfter(0);
        assertThat(client.projects()).hasSize(2);
        assertThat(client.loginCount()).isEqualTo(2);
        client.close();
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void cubeSqlComesFromTheSqlViewOrTheModelingServiceOrNowhere() {
        MstrFixtures fixtures = MstrFixtures.small();
        server = new MstrServer(fixtures);
        MicroStrategyClient client = client(connection(server));
        client.login();
        assertThat(client.cubeSql(MstrFixtures.TUTORIAL_ID, fixtures.cubes.get("retail").id()))
                .get().asString().contains("order_fact");
        assertThat(client.cubeSql(MstrFixtures.HR_ID, fixtures.cubes.get("ffsql").id()))
                .contains("SELECT id, name, salary FROM hr.payroll.salaries;");
        assertThat(client.cubeSql(MstrFixtures.TUTORIAL_ID, fixtures.cubes.get("imported").id())).isEmpty();
        client.close();
        assertThat(server.seen()).extracting(MstrServer.Seen::key).containsSubsequence(
                "sqlView/" + fixtures.cubes.get("ffsql").id(), "model/" + fixtures.cubes.get("ffsql").id());
    }

    @Test
    void aLoginWithoutTheTokenHeaderIsRefusedAsOpenMetadataDoes() {
        server = new MstrServer(MstrFixtures.small());
        server.faultOnce("login", MstrServer.Reply.json(200, "{}"));
        MicroStrategyClient client = client(connection(server));
        assertThatThrownBy(client::login).isInstanceOf(VendorApiException.class)
                .hasMessageContaining("POST /MicroStrategyLibrary/api/auth/login")
                .hasMessageContaining("204 with a token expected");
    }
}
