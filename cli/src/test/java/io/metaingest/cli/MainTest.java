package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Metaingest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, with the test connector "Notes" found by discovery on the test class path. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Metaingest::discover), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path workflow(String notes, String extra) throws Exception {
        Path file = dir.resolve("notes.yaml");
        Files.writeString(file, """
                source:
                  type: notes
                  serviceName: notes_svc
                  serviceConnection:
                    config:
                      type: Notes
                      notes: %s
                      password: pa55-word-XYZ
                %s
                  sourceConfig:
                    config:
                      type: DatabaseMetadata
                sink:
                  type: file
                  config:
                    path: %s
                workflowConfig:
                  successThreshold: 60
                """.formatted(notes, extra, dir.resolve("out/records.ndjson")));
        return file;
    }

    @Test
    void ingestWritesNdjsonAndTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        int code = run("ingest", "-c", workflow("[sales, finance, \"!broken\", hr]", "").toString(),
                "--report", report.toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        List<String> lines = Files.readAllLines(dir.resolve("out/records.ndjson"));
        assertThat(lines).containsExactly(
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"sales\",\"description\":\"note sales\",\"service\":\"notes_svc\"}}",
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"finance\",\"description\":\"note finance\",\"service\":\"notes_svc\"}}",
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"hr\",\"description\":\"note hr\",\"service\":\"notes_svc\"}}");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("state").asText()).isEqualTo("partialSuccess");
        assertThat(json.get("success").asDouble()).isEqualTo(87.5); // source 75 %, sink 100 %
        assertThat(json.at("/steps/0/name").asText()).isEqualTo("notes");
        assertThat(json.at("/steps/0/errors").asInt()).isEqualTo(1);
        assertThat(json.at("/steps/0/failures/0/name").asText()).isEqualTo("!broken");
        assertThat(json.at("/steps/1/records").asInt()).isEqualTo(3);
        assertThat(err()).contains("notes: partial success (success rate 87.50%, threshold 60%) - 3 records written to "
                + dir.resolve("out/records.ndjson"));
        assertThat(out()).isEmpty(); // stdout carries records only (console sink)
        assertThat(err()).doesNotContain("updated"); // no column that is always 0
        assertThat(out() + err() + Files.readString(report)).doesNotContain("pa55-word-XYZ");
    }

    @Test
    void threeMistakesPrintThreeLinesAndExitTwo() throws Exception {
        Path file = workflow("[a]", "      hostPort: x");
        Files.writeString(file, Files.readString(file)
                .replace("serviceName: notes_svc", "serviceName: notes_svc\n  serviceNam: typo")
                .replace("successThreshold: 60", "successThreshold: 160"));
        int code = run("ingest", "-c", file.toString());

        assertThat(code).isEqualTo(ExitCodes.INVALID_CONFIG);
        List<String> lines = err().lines().toList();
        assertThat(lines).containsExactly(
                "source.serviceNam: unknown field; did you mean 'serviceName'?",
                "workflowConfig.successThreshold: must be at most 100",
                "source.serviceConnection.config.hostPort: unknown field; known fields: hangAfterFirst, leak, notes, password, reachable, type, user",
                file + ": 3 configuration problems; nothing was run");
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("out/records.ndjson"))).isFalse();
    }

    @Test
    void connectionFailureExitsThree() throws Exception {
        Path file = workflow("[a]", "      reachable: false");
        assertThat(run("ingest", "-c", file.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(err()).contains("notes: failed - connection failed: notes service unreachable; check reachable");
        assertThat(run("test-connection", "-c", file.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(err()).contains("connection failed (unreachable): notes service unreachable; check reachable");
    }

    @Test
    void testConnectionAndValidateSucceed() throws Exception {
        Path file = workflow("[a, b]", "");
        assertThat(run("test-connection", "-c", file.toString())).isZero();
        assertThat(out()).contains("ok: listed 2 notes").contains("connection ok");
        assertThat(run("validate", "-c", file.toString())).isZero();
        assertThat(out()).contains("valid - Notes metadata workflow, writing to file");
    }

    @Test
    void workflowLoggerLevelIsApplied() throws Exception {
        Path file = workflow("[a]", "");
        Files.writeString(file, Files.readString(file).replace("successThreshold: 60", "loggerLevel: ERROR"));
        assertThat(run("ingest", "-c", file.toString())).isZero();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(run("--debug", "validate", "-c", file.toString())).isZero();
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
    }

    @Test
    void belowThresholdExitsOne() throws Exception {
        assertThat(run("ingest", "-c", workflow("[\"!a\", \"!b\", \"!c\", \"!d\", \"!e\", f]", "").toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(err()).contains("notes: failed - success rate 58.34%, threshold 60%: below the threshold; "
                + "no records kept: " + dir.resolve("out/records.ndjson") + " keeps its previous content");
    }

    @Test
    void unknownServiceTypeExitsTwo() throws Exception {
        Path file = workflow("[a]", "");
        Files.writeString(file, Files.readString(file).replace("type: Notes", "type: Nots"));
        assertThat(run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).contains("source.serviceConnection.config.type: unknown service type 'Nots'; did you mean 'Notes'?");
    }

    @Test
    void connectorsListAndDescribe() throws Exception {
        assertThat(run("connectors", "list")).isZero();
        assertThat(out()).containsPattern("Notes\\s+database\\s+metadata\\s+classpath\\s+Memos");
        List<String> lines = out().lines().toList();
        for (String header : List.of("CATEGORY", "WORKFLOWS", "FROM")) {
            int column = lines.get(0).indexOf(header);
            assertThat(lines).as("column %s starts at %d on every line", header, column)
                    .allSatisfy(l -> assertThat(l.substring(column - 2, column + 1)).matches("  \\S"));
        }
        out.reset();
        assertThat(run("connectors", "list", "--json")).isZero();
        JsonNode list = new ObjectMapper().readTree(out());
        assertThat(list.findValuesAsText("serviceType")).contains("Notes");
        out.reset();
        assertThat(run("connectors", "describe", "notes")).isZero();
        JsonNode described = new ObjectMapper().readTree(out());
        assertThat(described.get("sourceTypes").toString()).isEqualTo("[\"notes\"]");
        assertThat(described.at("/connectionSchema/properties/password/format").asText()).isEqualTo("password");
        assertThat(run("connectors", "describe", "Nope")).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    @Test
    void versionAndUsageErrors() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("metaingest 0.");
        assertThat(run("ingest")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void consoleSinkWritesJsonLinesToStdoutAndEverythingElseToStderr() throws Exception {
        Path file = workflow("[sales, finance]", "");
        Files.writeString(file, Files.readString(file).replaceAll("(?s)sink:.*workflowConfig", "sink:\n  type: console\nworkflowConfig"));
        assertThat(run("ingest", "-c", file.toString())).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(new ObjectMapper().readTree(line).get("entityType").asText()).isEqualTo("database");
        }
        assertThat(err()).contains("notes: success - 2 records written to standard output");
    }

    @Test
    void aSuccessfulRunSaysSuccessOnce() throws Exception {
        assertThat(run("ingest", "-c", workflow("[a]", "").toString())).isZero();
        List<String> outcome = err().lines().filter(l -> l.startsWith("notes:")).toList();
        assertThat(outcome).containsExactly("notes: success - 1 record written to " + dir.resolve("out/records.ndjson"));
    }

    @Test
    void outputPathsThatCannotBeWrittenExitTwoBeforeConnecting() throws Exception {
        // reachable: false would exit 3 if the run connected first.
        Path file = workflow("[a]", "      reachable: false");
        Files.writeString(file, Files.readString(file).replace(dir.resolve("out/records.ndjson").toString(), "/proc/x/out.ndjson"));
        assertThat(run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).startsWith("sink.config.path: cannot create /proc/x/out.ndjson: /proc is not writable (");
        err.reset();
        assertThat(run("ingest", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).startsWith("sink.config.path: cannot create /proc/x/out.ndjson").doesNotContain("Exception");

        err.reset();
        Path good = workflow("[a]", "      reachable: false");
        assertThat(run("ingest", "-c", good.toString(), "--report", "/proc/x/report.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err().lines().toList()).containsExactly(
                err().lines().findFirst().orElseThrow(), good + ": 1 configuration problem; nothing was run");
        assertThat(err()).startsWith("--report: cannot create /proc/x/report.json: /proc is not writable (");
        err.reset();
        assertThat(run("validate", "-c", good.toString(), "--report", "/proc/x/report.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).startsWith("--report: cannot create /proc/x/report.json");
        err.reset();
        Path plain = Files.writeString(dir.resolve("plain"), "");
        assertThat(run("ingest", "-c", good.toString(), "--report", plain.resolve("report.json").toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).startsWith("--report: cannot create " + plain.resolve("report.json") + ": " + plain + " is not a folder");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aPluginFolderThatDoesNotExistExitsTwoNamingIt() {
        assertThat(run("--plugins", "/nonexistent", "connectors", "list")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err().strip()).isEqualTo("--plugins /nonexistent: no such folder; give the folder holding one "
                + "sub-folder per connector");
        err.reset();
        assertThat(run("--plugins", "/nonexistent")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(err()).doesNotContain("DIR");
    }

    @Test
    void secretsAreMaskedOnEveryOutputPath() throws Exception {
        String password = "pa55-word-XYZ";
        String basic = java.util.Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
        String urlEncoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        Path report = dir.resolve("report.json");
        // NDJSON, report, failures and the fatal error (exception message).
        Path file = workflow("[a, \"!broken\", \"!fatal\"]", "      user: alice\n      leak: true");
        run("ingest", "-c", file.toString(), "--report", report.toString());
        String everything = out() + err() + Files.readString(report)
                + (Files.exists(dir.resolve("out/records.ndjson")) ? Files.readString(dir.resolve("out/records.ndjson")) : "");
        assertThat(err()).contains("server went away");
        // Console sink (stdout).
        Files.writeString(file, Files.readString(file).replace("\"!fatal\"", "b")
                .replaceAll("(?s)sink:.*workflowConfig", "sink:\n  type: console\nworkflowConfig"));
        run("ingest", "-c", file.toString());
        assertThat(out()).contains("Basic ******");
        // test-connection output.
        Files.writeString(file, Files.readString(file).replace("leak: true", "leak: true\n      reachable: false"));
        assertThat(run("test-connection", "-c", file.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(err()).contains("\"authorization\":\"Basic ******\"");
        everything += out() + err();
        assertThat(everything).doesNotContain(password).doesNotContain(basic).doesNotContain(basic.replace("=", ""))
                .doesNotContain(urlEncoded);
    }

    @Test
    void hostileFilesAreRefusedBeforeConnectorsAreEvenDiscovered() throws Exception {
        java.util.function.Function<Path, Metaingest> noDiscovery = plugins -> {
            throw new AssertionError("discovery should not be needed to refuse the file");
        };
        Path huge = dir.resolve("huge.yaml");
        try (var channel = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap("source: x".getBytes(StandardCharsets.UTF_8)), 50L << 20);
        }
        for (String command : List.of("validate", "ingest", "test-connection")) {
            for (String file : List.of("/dev/zero", dir.toString(), huge.toString())) {
                err.reset();
                long started = System.nanoTime();
                int code = Main.execute(new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), noDiscovery), command, "-c", file);
                assertThat(code).as(command + " " + file + ": " + err()).isEqualTo(ExitCodes.INVALID_CONFIG);
                assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(1_000);
                assertThat(err().lines().toList()).hasSize(2).first().asString().startsWith(file + ": ");
            }
        }
    }
}
