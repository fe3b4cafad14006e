package io.metaingest.connectors.microstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.testing.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real runtime: the 1.5 type name {@code Mstr}, test-connection, and a whole run whose
 * log lines, report, console and records never contain the password or a session token.
 */
class MicroStrategyRuntimeTest {

    @TempDir
    Path dir;
    @AutoClose
    private MstrServer server;
    @AutoClose
    private final CapturedLogs logs = CapturedLogs.root();

    private Metaingest runtime() {
        return new Metaingest(ServiceSpecRegistry.of(new MicroStrategySpec()), Mappers.standard(),
                Clock.systemUTC(), System::getenv);
    }

    private Path workflow(String type, Path out) throws Exception {
        Path file = dir.resolve("mstr-" + type + ".yaml");
        Files.writeString(file, """
                source:
                  type: microstrategy
                  serviceName: mstr_prod
                  serviceConnection:
                    config:
                      type: %s
                      hostPort: "%s"
                      username: %s
                      password: "%s"
                      threads: 3
                  sourceConfig:
                    config:
                      type: DashboardMetadata
                      lineageInformation: {dbServiceNames: [warehouse_pg]}
                sink: {type: file, config: {path: "%s"}}
                workflowConfig: {loggerLevel: DEBUG}
                """.formatted(type, server.hostPort(), MstrFixtures.USERNAME, MstrFixtures.PASSWORD, out));
        return file;
    }

    @Test
    void theFormerTypeMstrRunsWithOneDeprecationWarning() throws Exception {
        server = new MstrServer(MstrFixtures.small().healthy());
        assertThat(ServiceSpecRegistry.of(new MicroStrategySpec()).find("Mstr")).get()
                .satisfies(l -> assertThat(l.viaFormerName()).isTrue());
        LoadedWorkflow loaded = runtime().load(workflow("Mstr", dir.resolve("out.ndjson")));
        assertThat(loaded.warnings()).containsExactly(
                "source.serviceConnection.config.type: 'Mstr' is deprecated; write 'MicroStrategy' (`metaingest migrate` rewrites it)");
        RunResult result = runtime().run(loaded, Optional.empty(), new PrintStream(new ByteArrayOutputStream()), false);
        assertThat(result.state()).as(String.valueOf(result.fatalError())).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        assertThat(result.warnings()).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve("out.ndjson"))).anySatisfy(l -> assertThat(l).contains("\"dashboard\""));
        assertThat(server.logouts()).isEqualTo(1);
    }

    @Test
    void testConnectionLogsInListsProjectsAndLogsOut() throws Exception {
        server = new MstrServer(MstrFixtures.small().healthy());
        ConnectionTestResult lines = runtime().testConnection(workflow("MicroStrategy", dir.resolve("t.ndjson")));
        assertThat(lines.untested()).isEmpty();
        assertThat(lines.passed()).containsExactly("logged in",
                "listed 2 project(s): MicroStrategy Tutorial, Human Resources Analysis Module", "logged out");
        assertThat(server.seen()).extracting(MstrServer.Seen::key).containsExactly("login", "projects", "logout");
        assertThat(server.openSessions()).isZero();
    }

    /**
     * A user who may open no project: the line says what that means for a run. It read
     * "listed 0 project(s): ", a list cut off after its colon.
     */
    @Test
    void testConnectionOfAUserWithoutProjectsSaysARunReadsNothing() throws Exception {
        server = new MstrServer(new MstrFixtures());
        ConnectionTestResult lines = runtime().testConnection(workflow("MicroStrategy", dir.resolve("t.ndjson")));
        assertThat(lines.passed()).containsExactly("logged in",
                "listed no project: the user may open none, so a run reads no dossier", "logged out");
    }

    @Test
    void testConnectionWithAWrongPasswordNamesTheVendorErrorAndWhatToCheck() throws Exception {
        server = new MstrServer(MstrFixtures.small().healthy(), MstrFixtures.USERNAME, "the-real-password");
        Path file = workflow("MicroStrategy", dir.resolve("t.ndjson"));
        assertThatThrownBy(() -> runtime().testConnection(file)).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("HTTP 401 (ERR003: Login failed")
                .hasMessageContaining("check source.serviceConnection.config.username, source.serviceConnection.config.password and source.serviceConnection.config.loginMode")
                .hasMessageNotContaining(MstrFixtures.PASSWORD)
                .satisfies(e -> assertThat(((ConnectionException) e).reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION));
        assertThat(server.openSessions()).isZero();
        assertThat(server.logouts()).isZero();
    }

    @Test
    void noLogLineReportOrRecordCarriesThePasswordOrASessionToken() throws Exception {
        server = new MstrServer(MstrFixtures.standard().healthy());
        server.expireSessionAfter(30);
        server.faultOnce("projects", MstrServer.tooManyRequests(0));
        Path out = dir.resolve("records.ndjson");
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        RunResult result = runtime().run(runtime().load(workflow("MicroStrategy", out)), Optional.of(report),
                new PrintStream(console, true, StandardCharsets.UTF_8), false);
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(server.logins()).isEqualTo(2);
        assertThat(server.logouts()).isEqualTo(1);

        Set<String> tokens = server.seen().stream().map(MstrServer.Seen::token).filter(t -> t != null)
                .collect(Collectors.toSet());
        Set<String> cookies = server.seen().stream().map(MstrServer.Seen::cookie).filter(c -> c != null)
                .map(c -> c.substring(c.indexOf('=') + 1)).collect(Collectors.toSet());
        assertThat(tokens).hasSize(2);
        String everything = logs.events().stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"))
                + Files.readString(out) + Files.readString(report) + console.toString(StandardCharsets.UTF_8);
        assertThat(logs.messages()).as("the run logged its session work")
                .anySatisfy(m -> assertThat(m).startsWith("Logged in to MicroStrategy"))
                .anySatisfy(m -> assertThat(m).contains("session expired"))
                .anySatisfy(m -> assertThat(m).contains("HTTP 429"))
                .anySatisfy(m -> assertThat(m).isEqualTo("Logged out of MicroStrategy"));
        for (String secret : concat(Set.of(MstrFixtures.PASSWORD), tokens, cookies)) {
            assertThat(everything).doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aRefusedProjectListEndsTheRunAsAConnectionFailureAndStillLogsOut() throws Exception {
        server = new MstrServer(MstrFixtures.small().healthy());
        server.faultAlways("projects", MstrServer.error(403, "internal.json", "Insufficient privileges (ERR014)"));
        RunResult result = runtime().run(runtime().load(workflow("MicroStrategy", dir.resolve("f.ndjson"))),
                Optional.empty(), new PrintStream(new ByteArrayOutputStream()), false);
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).contains("MicroStrategy denied access: HTTP 403", "Insufficient privileges");
        assertThat(server.logins()).isEqualTo(1);
        assertThat(server.logouts()).isEqualTo(1);
    }

    private static List<String> concat(Set<String> a, Set<String> b, Set<String> c) {
        return java.util.stream.Stream.of(a, b, c).flatMap(Set::stream).toList();
    }
}
