package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.files.RunProcess;
import io.metaingest.runtime.exec.RunReportWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metaingest status}: runs whose heartbeat stopped are found and finalised as failed. */
class StatusCommandTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();
    private final ObjectMapper mapper = new ObjectMapper();

    private int run(String... args) {
        return cli.run(Map.of(), args);
    }

    private Path statusFile(String name, String state, Instant updatedAt) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                {"pipelineRunId": "%s", "state": "%s", "startedAt": "2026-11-28T05:00:00Z", "updatedAt": "%s",
                 "steps": [{"name": "postgres", "records": 3, "updated_records": 0, "warnings": 0, "errors": 0,
                            "filtered": 0, "failures": []}]}
                """.formatted(name, state, updatedAt));
        return file;
    }

    @Test
    void listsRunsAndNamesStaleOnesWithoutChangingThem() throws Exception {
        Path stale = statusFile("stale.json", "running", Instant.now().minus(Duration.ofHours(1)));
        Path live = statusFile("live.json", "running", Instant.now());
        Path done = statusFile("done.json", "success", Instant.now().minus(Duration.ofDays(1)));
        String before = Files.readString(stale);

        int exit = run("status", stale.toString(), live.toString(), done.toString());

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out())
                .contains("stale.json: run stale.json running").contains("STALE: no heartbeat for over 600 s")
                .contains("live.json: run live.json running, last heartbeat")
                .contains("done.json: run done.json success, ended "); // a final state's time is no heartbeat
        assertThat(cli.out().lines().filter(l -> l.contains("STALE"))).hasSize(1);
        assertThat(Files.readString(stale)).isEqualTo(before);
    }

    @Test
    void markFailedFinalisesOnlyStaleRunsWithAReason() throws Exception {
        Path stale = statusFile("stale.json", "running", Instant.now().minus(Duration.ofMinutes(30)));
        Path live = statusFile("live.json", "running", Instant.now());

        int exit = run("status", "--stale-after", "15m", "--mark-failed", stale.toString(), live.toString());

        assertThat(exit).isEqualTo(ExitCodes.OK);
        JsonNode marked = mapper.readTree(stale.toFile());
        assertThat(marked.get("state").asText()).isEqualTo("failed");
        assertThat(marked.get("fatalError").asText()).startsWith("heartbeat stopped at ")
                .endsWith("(process killed or machine lost); marked failed by metaingest status");
        assertThat(marked.get("steps").get(0).get("records").asInt()).isEqualTo(3);
        // Why it ended, for an orchestrator; its process's exit code is not known, so there is none.
        assertThat(marked.path("endedBy").asText()).isEqualTo("abandoned");
        assertThat(marked.has("exitCode")).isFalse();
        assertThat(mapper.readTree(live.toFile()).get("state").asText()).isEqualTo("running");
    }

    /** A process killed (or a disk filled) while the workflow loaded leaves "queued": stale like a running one. */
    @Test
    void aQueuedRunWhoseHeartbeatStoppedIsStaleAndMarkFailedFinalisesIt() throws Exception {
        Path queued = dir.resolve("queued.json");
        Files.writeString(queued, """
                {"state": "queued", "startedAt": "2026-11-28T05:00:00Z", "updatedAt": "%s", "steps": []}
                """.formatted(Instant.now().minus(Duration.ofHours(1))));

        assertThat(run("status", queued.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("queued.json: run (not started) queued, last heartbeat")
                .contains("STALE");
        assertThat(run("status", "--mark-failed", queued.toString())).isEqualTo(ExitCodes.OK);
        assertThat(mapper.readTree(queued.toFile()).get("state").asText()).isEqualTo("failed");
    }

    /** Times are read by people: to the second, UTC, in every line and reason; the report keeps its own precision. */
    @Test
    void timesAreShownToTheSecondWhileTheReportKeepsItsPrecision() throws Exception {
        Path stale = statusFile("stale.json", "running", Instant.parse("2026-11-30T19:08:42.619857736Z"));
        Path done = statusFile("done.json", "success", Instant.parse("2026-11-30T19:08:43.000000001Z"));

        assertThat(run("status", stale.toString(), done.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out())
                .contains("stale.json: run stale.json running, last heartbeat 2026-11-30T19:08:42Z - STALE")
                .contains("done.json: run done.json success, ended 2026-11-30T19:08:43Z\n");

        cli.resetOut();
        assertThat(run("status", "--mark-failed", stale.toString())).isEqualTo(ExitCodes.OK);
        assertThat(cli.out())
                .contains("stale.json: run stale.json running, last heartbeat 2026-11-30T19:08:42Z - marked failed");
        JsonNode marked = mapper.readTree(stale.toFile());
        assertThat(marked.get("fatalError").asText()).startsWith("heartbeat stopped at 2026-11-30T19:08:42Z (process");
        assertThat(Instant.parse(marked.get("updatedAt").asText()).getNano()).isNotZero(); // the JSON as it was written
    }

    /** A queued report names the workflow being loaded: the only way to tell which run a stale queued one was. */
    @Test
    void aQueuedRunIsNamedByItsWorkflow() throws Exception {
        Path queued = dir.resolve("queued.json");
        Path workflow = Files.writeString(dir.resolve("w.yaml"), "source: {}\n");
        QueuedRun.start(java.util.Optional.of(queued), java.util.Optional.of(dir.relativize(workflow)),
                cli.stderr(), List.of()).end();
        assertThat(mapper.readTree(queued.toFile()).path(QueuedRun.WORKFLOW).asText()).as("absolute")
                .isEqualTo(dir.relativize(workflow).toAbsolutePath().toString());

        ObjectNode report = (ObjectNode) mapper.readTree(queued.toFile());
        report.put(QueuedRun.WORKFLOW, workflow.toString()).put("updatedAt", "2026-11-30T19:08:42.5Z").remove("process");
        mapper.writeValue(queued.toFile(), report);
        assertThat(run("status", queued.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("queued.json: run (not started) queued, last heartbeat"
                + " 2026-11-30T19:08:42Z, workflow " + workflow + " - STALE: no heartbeat for over 600 s");
    }

    /** A run whose process is alive on this host is only slow to write: never finalised, whatever --stale-after says. */
    @Test
    void aRunWhoseProcessIsAliveHereIsNotStale() throws Exception {
        Path slow = statusFile("slow.json", "running", Instant.now().minus(Duration.ofHours(1)));
        ObjectNode report = (ObjectNode) mapper.readTree(slow.toFile());
        report.putObject("process").put("pid", ProcessHandle.current().pid()).put("host", RunProcess.current().host());
        report.put("startedAt", Instant.now().toString()); // this JVM started before the run did
        mapper.writeValue(slow.toFile(), report);

        assertThat(run("status", "--stale-after", "0s", "--mark-failed", slow.toString())).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("slow.json: run slow.json running, last heartbeat")
                .contains("- its process " + ProcessHandle.current().pid() + " is alive on this host: not stale");
        assertThat(mapper.readTree(slow.toFile()).get("state").asText()).isEqualTo("running");

        // The same pid on another host, or a pid that started after the run (recycled), says nothing.
        report.putObject("process").put("pid", ProcessHandle.current().pid()).put("host", "another-host");
        mapper.writeValue(slow.toFile(), report);
        assertThat(run("status", slow.toString())).isEqualTo(ExitCodes.FAILED);
        cli.resetOut();
        assertThat(run("status", "--stale-after", "2h", slow.toString())).as("within the heartbeat's bound").isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("slow.json: run slow.json running, last heartbeat")
                .contains(" - its process ran on host another-host, so only its heartbeat tells: stale after 7200 s without one");
        report.putObject("process").put("pid", ProcessHandle.current().pid()).put("host", RunProcess.current().host());
        report.put("startedAt", "2020-01-01T00:00:00Z"); // the pid now belongs to a process started after the run
        mapper.writeValue(slow.toFile(), report);
        cli.resetOut();
        assertThat(run("status", slow.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("STALE");
    }

    /** A status file of a run killed while running: its process {@code pid}, on this host, is gone. */
    private record Killed(Path file, ObjectNode report, long pid) {
    }

    /** Writes the status file {@code name} of a killed run; the test adds to its report and writes it again. */
    private Killed killedRun(String name) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path file = statusFile(name, "running", Instant.now());
        ObjectNode report = (ObjectNode) mapper.readTree(file.toFile());
        RunProcess me = RunProcess.current();
        report.putObject("process").put("pid", gone.pid()).put("host", me.host()).put("bootId", me.bootId())
                .put("pidNamespace", me.pidNamespace());
        return new Killed(file, report, gone.pid());
    }

    /**
     * status calls the killed run stale and {@code --mark-failed} ends it, each saying {@code written} of its output;
     * returns the status file as it left it.
     */
    private JsonNode staleThenMarkedFailed(Killed killed, String written) throws Exception {
        assertThat(run("status", killed.file().toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.out()).contains("STALE: its process " + killed.pid()
                + " is no longer running on this host" + written + "; run with --mark-failed to finalise it");

        cli.resetOut();
        assertThat(run("status", "--mark-failed", killed.file().toString())).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains(" - marked failed" + written + "\n");
        return mapper.readTree(killed.file().toFile());
    }

    /**
     * A run killed while it wrote its final state, after its output was replaced, left a report recording that commit:
     * status and --mark-failed say the data was written rather than leave "failed" to read as nothing written.
     */
    @Test
    void aStaleRunWhoseOutputWasCommittedSaysItsDataWasWritten() throws Exception {
        Killed killed = killedRun("killed.json");
        ObjectNode report = killed.report();
        report.putArray("outputs").addObject().put("step", "file").put("destination", "/out/pg.ndjson")
                .put("records", 7).put("discarded", 0).put("kept", true);
        report.put("outputCommittedAt", "2026-12-01T02:00:00.123Z");
        mapper.writeValue(killed.file().toFile(), report);
        String written = "; its output /out/pg.ndjson was replaced at 2026-12-01T02:00:00Z (7 records), so that data was"
                + " written";

        JsonNode marked = staleThenMarkedFailed(killed, written);
        assertThat(marked.get("fatalError").asText()).isEqualTo("its process " + killed.pid()
                + " ended without a final state (killed?)" + written + "; marked failed by metaingest status");
        assertThat(marked.at("/outputs/0/kept").asBoolean()).isTrue();
    }

    /**
     * A run killed while it recorded its commit left only the commit's announcement (outputCommitting): the target, no
     * longer the file it was to replace, tells that the data was written, and --mark-failed records the output.
     */
    @Test
    void aStaleRunKilledWhileItRecordedItsCommitIsToldFromItsTarget() throws Exception {
        Path target = Files.writeString(dir.resolve("pg.ndjson"), "{\"previous\": true}\n");
        Object before = Files.readAttributes(target, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Killed killed = killedRun("killed-committing.json");
        ObjectNode report = killed.report();
        report.putObject(RunReportWriter.OUTPUT_COMMITTING).put("step", "file").put("destination", target.toString())
                .put("records", 3).put("at", "2026-12-01T02:00:00.123Z").put("replaces", String.valueOf(before));
        mapper.writeValue(killed.file().toFile(), report);
        // The commit's rename happened before the kill.
        Files.move(Files.writeString(dir.resolve(".pg.ndjson.tmp"), "{}\n{}\n{}\n"), target,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String written = "; its output " + target + " was replaced at 2026-12-01T02:00:00Z (3 records), so that data was"
                + " written";

        JsonNode marked = staleThenMarkedFailed(killed, written);
        assertThat(marked.at("/outputs/0/kept").asBoolean()).isTrue();
        assertThat(marked.at("/outputs/0/records").asLong()).isEqualTo(3);
    }

    /** A second run given the status file of a run still going on says so before it overwrites that run's state. */
    @Test
    void aRunGivenTheStatusFileOfALiveRunWarns() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path shared = statusFile("shared.json", "running", Instant.now());
            ObjectNode report = (ObjectNode) mapper.readTree(shared.toFile());
            report.put("startedAt", Instant.now().plusSeconds(5).toString());
            report.putObject("process").put("pid", other.pid()).put("host", RunProcess.current().host());
            mapper.writeValue(shared.toFile(), report);

            QueuedRun queued = QueuedRun.start(java.util.Optional.of(shared), cli.stderr());
            queued.end();
            assertThat(cli.err()).contains("warning: " + shared.toAbsolutePath()
                    + " is the status file of another run still going on (process " + other.pid() + " on this host)");
            assertThat(mapper.readTree(shared.toFile()).get("state").asText()).isEqualTo("queued");
        } finally {
            other.destroyForcibly();
        }
        // Its process gone: no warning.
        cli.resetErr();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path ended = statusFile("ended.json", "running", Instant.now());
        ObjectNode report = (ObjectNode) mapper.readTree(ended.toFile());
        report.putObject("process").put("pid", other.pid()).put("host", RunProcess.current().host());
        mapper.writeValue(ended.toFile(), report);
        QueuedRun.start(java.util.Optional.of(ended), cli.stderr()).end();
        assertThat(cli.err()).doesNotContain("warning");
    }

    /**
     * The warning about another live run's status file, said on the console, is in the report too: the run's final
     * report, and a refused workflow's.
     */
    @Test
    void theWarningOfAnotherRunsStatusFileIsInTheReport() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path workflow = dir.resolve("shelf.yaml");
            Files.writeString(workflow, ShelfWorkflows.toFile(dir.resolve("out.ndjson")));
            String warning = " is the status file of another run still going on (process " + other.pid() + " on this host)";
            for (String yaml : List.of(workflow.toString(), dir.resolve("missing-books.yaml").toString())) {
                if (yaml.contains("missing-books")) {
                    Files.writeString(Path.of(yaml), ShelfWorkflows.toFile(dir.resolve("out.ndjson"), "hostPort: \"shelf:1\", books: [a], nonsense: 1"));
                }
                Path shared = statusFile("shared.json", "running", Instant.now());
                ObjectNode report = (ObjectNode) mapper.readTree(shared.toFile());
                report.put("startedAt", Instant.now().plusSeconds(5).toString());
                report.putObject("process").put("pid", other.pid()).put("host", RunProcess.current().host());
                mapper.writeValue(shared.toFile(), report);
                cli.resetErr();

                int exit = run("ingest", "-c", yaml, "--report", shared.toString());

                assertThat(cli.err()).as(yaml).contains("warning: " + shared.toAbsolutePath()
                        + warning);
                JsonNode written = mapper.readTree(shared.toFile());
                assertThat(written.get("state").asText()).as(yaml).isEqualTo(exit == ExitCodes.OK ? "success" : "failed");
                assertThat(written.get("warnings")).as(yaml).anySatisfy(w -> assertThat(w.asText())
                        .isEqualTo(shared.toAbsolutePath() + warning + "; the two runs overwrite each other's state:"
                                + " give each run its own --report"));
            }
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aBadDurationOrFileIsReportedClearly() throws Exception {
        assertThat(run("status", "--stale-after", "soon", "x.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("'soon' is not a duration; write e.g. 90s, 10m, 2h or 1h30m");
        StatusCommand.DurationConverter durations = new StatusCommand.DurationConverter();
        assertThat(durations.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(durations.convert(" 2d 4h ")).isEqualTo(Duration.ofHours(52));
        assertThat(durations.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "not json");
        assertThat(run("status", junk.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains(junk + ": not a status file: give the file a run's"
                + " --report wrote");
        // A workflow file, a missing file: said in the user's words, no parser or exception names.
        Path workflow = Files.writeString(dir.resolve("workflow.yaml"), "source:\n  type: postgres\n");
        Path missing = dir.resolve("nosuch.json");
        cli.resetErr();
        assertThat(run("status", workflow.toString(), missing.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).isEqualTo(workflow + ": not a status file: give the file a"
                + " run's --report wrote" + System.lineSeparator() + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void aRunKilledWithSigkillStaysRunningUntilStatusMarksItFailed() throws Exception {
        Path report = dir.resolve("report.json");
        Process process = StopTest.startHangingRun(dir, "--status-file", report);
        try {
            StopTest.awaitReport(report, "running", Duration.ofSeconds(60));
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(mapper.readTree(report.toFile()).get("state").asText()).isEqualTo("running");

            // Its process gone from this host: stale at once, not only after --stale-after (10 minutes by default).
            assertThat(run("status", report.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains("running, last heartbeat")
                    .contains("- STALE: its process " + process.pid() + " is no longer running on this host;"
                            + " run with --mark-failed to finalise it");
            assertThat(run("status", "--mark-failed", report.toString())).isEqualTo(ExitCodes.OK);

            JsonNode last = mapper.readTree(report.toFile());
            assertThat(last.get("state").asText()).isEqualTo("failed");
            assertThat(last.get("fatalError").asText()).isEqualTo("its process " + process.pid()
                    + " ended without a final state (killed?); marked failed by metaingest status");
        } finally {
            process.destroyForcibly();
        }
    }

    /** A final state that could not be sent is never reported as sent, and the exit says the server still lags. */
    @Test
    void markFailedThatCannotSendTheFinalStateSaysSoAndExitsOne() throws Exception {
        try (OpenMetadataStandIn server = new OpenMetadataStandIn("bot-token")) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            server.refuseRunState("success", 403,
                    "Principal: CatalogPrincipal{name='ingestion-bot'} operations [EditIngestionPipelineStatus] not allowed");
            Path file = dir.resolve("refused.json");
            Files.writeString(file, """
                    {"pipelineRunId": "7b2f2c3d-1111-4a4a-9a9a-123456789abc", "state": "success",
                     "startedAt": "2026-11-28T05:00:00Z", "updatedAt": "2026-11-28T05:01:00Z",
                     "steps": [], "warnings": ["ingestion pipeline pg.pg_metadata did not take the final state (success): 403"],
                     "ingestionPipelineFQN": "pg.pg_metadata", "openMetadataHostPort": "%s"}
                    """.formatted(server.hostPort()));

            // No token: nothing can be sent.
            assertThat(run("status", "--mark-failed", file.toString())).isEqualTo(ExitCodes.FAILED);
            // The file's line is on stdout all the same, saying the state was not sent (why is on stderr).
            assertThat(cli.out()).doesNotContain("final state sent")
                    .contains(file + ": run 7b2f2c3d-1111-4a4a-9a9a-123456789abc success, ended 2026-11-28T05:01:00Z"
                            + " - NOT ON SERVER: final state not sent to " + server.hostPort());
            assertThat(cli.err()).contains("not sent to " + server.hostPort())
                    .contains("send the run's final state (success) to the server too");

            // A token the server refuses: the fix names where this token came from, not the workflow's setting.
            cli.reset();
            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", "revoked-token"), "status", "--mark-failed", file.toString()))
                    .isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains(" - NOT ON SERVER: final state not sent to ");
            assertThat(cli.err()).contains("OpenMetadata at " + server.hostPort() + " refused the token: ")
                    .contains("answered 401: Not Authorized! Token verification failed; check OPENMETADATA_JWT_TOKEN,"
                            + " the token metaingest status sends")
                    .doesNotContain("jwtToken").doesNotContain("revoked-token");

            // A token, but the bot's role may not set the state: the permission is named, not the token.
            cli.reset();
            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", "bot-token"), "status", "--mark-failed", file.toString()))
                    .isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).doesNotContain("final state sent")
                    .contains(" - NOT ON SERVER: final state not sent to " + server.hostPort());
            assertThat(cli.err()).contains("success here, but not on " + server.hostPort())
                    .contains("allow the EditIngestionPipelineStatus operation to the ingestion bot's role in OpenMetadata")
                    .doesNotContain("refused the token").doesNotContain("jwtToken");
            assertThat(mapper.readTree(file.toFile()).has("finalStateSentAt")).isFalse();
            assertThat(run("status", file.toString())).isEqualTo(ExitCodes.FAILED); // still NOT ON SERVER
        }
    }

    @Test
    void markFailedSendsTheFinalStateAServerDidNotTakeAtTheEndOfTheRun() throws Exception {
        // A stop while the server was down: the file says failed, the server still says running.
        try (OpenMetadataStandIn server = new OpenMetadataStandIn("bot-token")) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = dir.resolve("stopped.json");
            Files.writeString(file, """
                    {"pipelineRunId": "6a1f2c3d-1111-4a4a-9a9a-123456789abc", "state": "failed",
                     "startedAt": "2026-11-28T05:00:00Z", "updatedAt": "2026-11-28T05:01:00Z",
                     "fatalError": "interrupted",
                     "steps": [{"name": "postgres", "records": 3, "updated_records": 0, "warnings": 0, "errors": 0,
                                "filtered": 0, "failures": []}],
                     "warnings": ["ingestion pipeline pg.pg_metadata did not take the final state (failed) within 1500 ms;                     its status on the server may still say running"],
                     "ingestionPipelineFQN": "pg.pg_metadata", "openMetadataHostPort": "%s"}
                    """.formatted(server.hostPort()));

            assertThat(run("status", file.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains("NOT ON SERVER: pg.pg_metadata may still say running");

            cli.resetOut();
            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", "bot-token"), "status", "--mark-failed", file.toString()))
                    .as(cli.err()).isEqualTo(ExitCodes.OK);

            assertThat(server.runStatuses("pg.pg_metadata").get("6a1f2c3d-1111-4a4a-9a9a-123456789abc")
                    .get("pipelineState").asText()).isEqualTo("failed");
            JsonNode after = mapper.readTree(file.toFile());
            assertThat(after.get("state").asText()).isEqualTo("failed");
            assertThat(after.get("fatalError").asText()).isEqualTo("interrupted");
            assertThat(after.has("finalStateSentAt")).isTrue();
            // Sent once: the next look finds nothing left to do.
            cli.resetOut();
            assertThat(run("status", file.toString())).isEqualTo(ExitCodes.OK);
            assertThat(cli.out()).doesNotContain("NOT ON SERVER");
        }
    }

    /** Marked failed while the server could not be told: the file says so, and a later --mark-failed sends it. */
    @Test
    void aRunMarkedFailedHereOnlyIsSentByALaterMarkFailed() throws Exception {
        try (OpenMetadataStandIn server = new OpenMetadataStandIn("bot-token")) {
            server.seed("ingestionPipeline", "pg.pg_metadata", mapper.createObjectNode().put("name", "pg_metadata"));
            Path file = statusFile("killed.json", "running", Instant.now().minus(Duration.ofHours(1)));
            ObjectNode report = (ObjectNode) mapper.readTree(file.toFile());
            report.put("pipelineRunId", "df5983fd-1111-4a4a-9a9a-123456789abc")
                    .put("ingestionPipelineFQN", "pg.pg_metadata").put("openMetadataHostPort", server.hostPort());
            mapper.writeValue(file.toFile(), report);

            assertThat(run("status", "--mark-failed", file.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains("- marked failed here only");
            assertThat(mapper.readTree(file.toFile()).get("warnings").toString())
                    .contains("pg.pg_metadata did not take the final state (failed): not sent: OPENMETADATA_JWT_TOKEN was not set");

            cli.resetOut();
            assertThat(run("status", file.toString())).isEqualTo(ExitCodes.FAILED);
            assertThat(cli.out()).contains("NOT ON SERVER: pg.pg_metadata may still say running");
            cli.resetOut();
            assertThat(cli.run(Map.of("OPENMETADATA_JWT_TOKEN", "bot-token"), "status", "--mark-failed", file.toString()))
                    .as(cli.err()).isEqualTo(ExitCodes.OK);
            assertThat(cli.out()).contains("- final state sent to " + server.hostPort());
            assertThat(server.runStatuses("pg.pg_metadata").get("df5983fd-1111-4a4a-9a9a-123456789abc")
                    .get("pipelineState").asText()).isEqualTo("failed");
            assertThat(mapper.readTree(file.toFile()).has("finalStateSentAt")).isTrue();
        }
    }

    /** A report reached through a link is replaced where the link points, keeping the link and the file's permissions. */
    @Test
    void markFailedWritesThroughALinkAndKeepsThePermissions() throws Exception {
        Path stale = statusFile("stale.json", "running", Instant.now().minus(Duration.ofHours(1)));
        Files.setPosixFilePermissions(stale, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("stale-link.json"), stale.getFileName());

        assertThat(run("status", "--mark-failed", link.toString())).isEqualTo(ExitCodes.OK);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(mapper.readTree(stale.toFile()).get("state").asText()).isEqualTo("failed");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(stale)))
                .isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("stale.json", "stale-link.json");
        }
    }
}
