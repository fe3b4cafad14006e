package io.metaingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.runtime.Metaingest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end, with the shared test connector "Shelf" found by discovery on the test class path. */
class MainTest {

    @TempDir
    Path dir;

    private final CapturedCli cli = new CapturedCli();

    /** A table of the shelf as the file sink writes it. */
    private static String table(String book) {
        return "{\"entityType\":\"table\",\"entity\":{\"name\":\"" + book + "\",\"description\":\"the book " + book
                + "\",\"tableType\":\"Regular\",\"columns\":[{\"name\":\"title\",\"dataType\":\"VARCHAR\",\"dataLength\":200,"
                + "\"dataTypeDisplay\":\"varchar(200)\",\"ordinalPosition\":1}],\"databaseSchema\":\"shelf_svc.shelf.main\"}}";
    }

    private Path workflow(String books, String extra) throws Exception {
        Path file = dir.resolve("shelf.yaml");
        Files.writeString(file, """
                source:
                  type: shelf
                  serviceName: shelf_svc
                  serviceConnection:
                    config:
                      type: Shelf
                      hostPort: "shelf:1"
                      books: %s
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
                """.formatted(books, extra, dir.resolve("out/records.ndjson")));
        return file;
    }

    @Test
    void onlyTheNamedCommandIsModelled() throws Exception {
        assertThat(Main.requested("ingest", "-c", "w.yaml")).contains(IngestCommand.NAME);
        assertThat(Main.requested("--debug", "--plugins", "ingest", "connectors", "list")).contains(ConnectorsCommand.NAME);
        assertThat(Main.requested("--plugins=p", "migrate", "-c", "x")).contains(MigrateCommand.NAME);
        assertThat(Main.requested("--version")).isEmpty();
        assertThat(Main.requested("--help", "ingest")).isEmpty();
        assertThat(Main.requested("nosuch")).isEmpty();
        assertThat(Main.requested()).isEmpty();
        // Help still lists every command, and an unknown one is still refused by name.
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("ingest", "validate", "test-connection", "connectors", "demo", "status", "migrate");
        assertThat(cli.run("nosuch")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("error: unknown command 'nosuch'");
    }

    /** A mistyped command: one line with the likely one and where the commands are listed, as a mistyped option gets. */
    @Test
    void aMistypedCommandIsOneLineNamingTheLikelyOne() {
        String[][] commandLines = {{"ingst", "-c", "postgres.yaml"}, {"--debug", "valdate"}, {"connector", "list"},
            {"connectors", "lst"}, {"connectors", "describ", "Postgres"}, {"zzzzzz"}, {"connectors", "zzzzzz"}};
        String[] expected = {"unknown command 'ingst'; did you mean 'ingest'? (metaingest --help lists the commands)",
            "unknown command 'valdate'; did you mean 'validate'? (metaingest --help lists the commands)",
            "unknown command 'connector'; did you mean 'connectors'? (metaingest --help lists the commands)",
            "unknown command 'connectors lst'; did you mean 'connectors list'? (metaingest connectors --help lists the"
                    + " commands)",
            "unknown command 'connectors describ'; did you mean 'connectors describe'? (metaingest connectors --help"
                    + " lists the commands)",
            "unknown command 'zzzzzz' (metaingest --help lists the commands)",
            "unknown command 'connectors zzzzzz' (metaingest connectors --help lists the commands)"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.reset();
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i]))
                    .containsExactly("error: " + expected[i]);
            assertThat(cli.out()).isEmpty();
        }
    }

    /** A command that has commands of its own, given none, is a usage error as the top level without one is. */
    @Test
    void aParentCommandWithoutItsCommandIsAUsageErrorLikeTheTopLevel() {
        assertThat(cli.run()).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("Usage: metaingest ").endsWith("metaingest: a command is required"
                + System.lineSeparator());
        cli.reset();
        assertThat(cli.run("connectors")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).contains("Usage: metaingest connectors ", "list", "describe")
                .endsWith("metaingest connectors: a command is required" + System.lineSeparator());
        cli.reset();
        assertThat(cli.run("--debug", "connectors")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).endsWith("metaingest connectors: a command is required" + System.lineSeparator());
        // Its help is still asked for, and given on stdout.
        cli.reset();
        assertThat(cli.run("connectors", "--help")).isZero();
        assertThat(cli.out()).contains("Usage: metaingest connectors ");
        assertThat(cli.err()).isEmpty();
    }

    /** A command line that cannot be parsed: the problem first and alone, not above a screen of usage. */
    @Test
    void aCommandLineThatCannotBeParsedSaysWhyInOneLineAndWhereTheUsageIs() {
        assertThat(cli.run("status", "--stale-after", "5x", "x.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly(
                "error: Invalid value for option '--stale-after': '5x' is not a duration; write e.g. 90s, 10m, 2h or 1h30m",
                "run 'metaingest status --help' for the usage");
        cli.resetErr();
        assertThat(cli.run("ingst")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly(
                "error: unknown command 'ingst'; did you mean 'ingest'? (metaingest --help lists the commands)");
        cli.resetErr();
        assertThat(cli.run("validate")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("error: Missing required option: '--config=FILE'",
                "run 'metaingest validate --help' for the usage");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void eachCommandThatRunsAWorkflowListsItsExitCodesInItsHelp() {
        for (String command : List.of("ingest", "validate", "test-connection")) {
            cli.resetOut();
            assertThat(cli.run(command, "--help")).isZero();
            assertThat(cli.out()).as(command).contains("Exit codes:").contains("  2   ").contains("  3   ");
        }
        assertThat(cli.out()).contains("143");
    }

    /** Exit code 4 is listed where every code is, saying the one command and option that end with it. */
    @Test
    void theTopLevelHelpListsTheExitCodeOfTestsNotPassedAsIngestsDoes() {
        assertThat(cli.run("--help")).isZero();
        // As one line, however picocli wraps each list's columns.
        String top = cli.out().replaceAll("\\s+", " ");
        cli.resetOut();
        assertThat(cli.run("ingest", "--help")).isZero();
        String ingest = cli.out().replaceAll("\\s+", " ");
        String line = " 4 with ingest --fail-on-failed-tests, a test suite's run succeeded but some of its tests Failed,"
                + " were Aborted or never ran ";
        assertThat(top).contains(line);
        assertThat(ingest).contains(line);
    }

    /** Every command's description is an imperative, as picocli's own lines are. */
    @Test
    void everyCommandIsDescribedInTheImperative() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("List runs from their status files").doesNotContain("Lists runs");
    }

    @Test
    void onlyCommandsThatReadAWorkflowStartTheWarmUp() {
        assertThat(Main.warmsUp("ingest", "-c", "w.yaml")).isTrue();
        assertThat(Main.warmsUp("--debug", "validate", "-c", "w.yaml")).isTrue();
        assertThat(Main.warmsUp("test-connection", "-c", "w.yaml")).isTrue();
        assertThat(Main.warmsUp("demo")).isTrue();
        assertThat(Main.warmsUp("ingest", "--help")).isFalse();
        assertThat(Main.warmsUp("--version")).isFalse();
        assertThat(Main.warmsUp("connectors", "list")).isFalse();
        assertThat(Main.warmsUp("status", "r.json")).isFalse();
        assertThat(Main.warmsUp()).isFalse();
    }

    @Test
    void ingestWritesNdjsonAndTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        int code = cli.run("ingest", "-c", workflow("[sales, finance, broken, hr]", "      failOn: [broken]").toString(),
                "--report", report.toString());

        assertThat(code).isEqualTo(ExitCodes.OK);
        List<String> lines = Files.readAllLines(dir.resolve("out/records.ndjson"));
        assertThat(lines).containsExactly(
                "{\"entityType\":\"database\",\"entity\":{\"name\":\"shelf\",\"service\":\"shelf_svc\"}}",
                "{\"entityType\":\"databaseSchema\",\"entity\":{\"name\":\"main\",\"database\":\"shelf_svc.shelf\"}}",
                table("sales"), table("finance"), table("hr"));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("state").asText()).isEqualTo("partialSuccess");
        assertThat(json.get("success").asDouble()).isEqualTo(91.67); // source 5 of 6 (83.33 %), sink 100 %
        assertThat(json.at("/steps/0/name").asText()).isEqualTo("shelf");
        assertThat(json.at("/steps/0/errors").asInt()).isEqualTo(1);
        assertThat(json.at("/steps/0/failures/0/name").asText()).isEqualTo("shelf_svc.shelf.main.broken");
        assertThat(json.at("/steps/1/records").asInt()).isEqualTo(5);
        assertThat(cli.err()).contains("shelf: partial success (success rate 91.67%, threshold 60%) - 5 records written to "
                + dir.resolve("out/records.ndjson"));
        assertThat(cli.out()).isEmpty(); // stdout carries records only (console sink)
        assertThat(cli.err()).doesNotContain("updated"); // no column that is always 0
        assertThat(cli.out() + cli.err() + Files.readString(report)).doesNotContain("pa55-word-XYZ");
    }

    @Test
    void threeMistakesPrintThreeLinesAndExitTwo() throws Exception {
        Path file = workflow("[a]", "      colour: x");
        Files.writeString(file, Files.readString(file)
                .replace("serviceName: shelf_svc", "serviceName: shelf_svc\n  serviceNam: typo")
                .replace("successThreshold: 60", "successThreshold: 160"));
        int code = cli.run("ingest", "-c", file.toString());

        assertThat(code).isEqualTo(ExitCodes.INVALID_CONFIG);
        List<String> lines = cli.err().lines().toList();
        assertThat(lines).containsExactly(
                "source.serviceNam: unknown field; did you mean 'serviceName'?",
                "workflowConfig.successThreshold: must be at most 100; use a value from 0 to 100",
                "source.serviceConnection.config.colour: unknown field; known fields: books, count, explodeAfter, failOn, "
                        + "hangAfterFirst, hostPort, leak, password, queries, type, username",
                file + ": 3 configuration problems; nothing was run");
        assertThat(cli.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("out/records.ndjson"))).isFalse();
    }

    @Test
    void connectionFailureExitsThree() throws Exception {
        Path file = unreachable(workflow("[a]", ""));
        Path report = dir.resolve("report.json");
        assertThat(cli.run("ingest", "-c", file.toString(), "--report", report.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err()).contains("shelf: failed - connection failed: cannot reach down:1; check source.serviceConnection.config.hostPort");
        // The failure is the source's, counted as OpenMetadata counts failures: source 50 %, file sink 100 %.
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("state").asText()).isEqualTo("failed");
        assertThat(json.get("success").asDouble()).isEqualTo(75.0);
        assertThat(json.at("/steps/0/errors").asInt()).isEqualTo(1);
        assertThat(json.at("/steps/0/failures/0/name").asText()).isEqualTo("shelf");
        assertThat(json.at("/steps/0/failures/0/error").asText())
                .isEqualTo("connection failed: cannot reach down:1; check source.serviceConnection.config.hostPort");
        assertThat(json.at("/steps/1/errors").asInt()).isZero();
        // The summary counts it in the source's row and states it once, in the outcome line.
        assertThat(cli.err().lines()).anyMatch(line -> line.matches("shelf +0 +0 +0 +1"));
        assertThat(cli.err().split("cannot reach down:1", -1)).hasSize(2);
        assertThat(cli.err()).doesNotContain("\tat ").doesNotContain("pa55-word-XYZ");
        assertThat(cli.run("test-connection", "-c", file.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err()).contains("connection failed (unreachable): cannot reach down:1; check source.serviceConnection.config.hostPort");
    }

    @Test
    void aStreamThatBreaksIsOneMoreFailureOfTheSourcePrintedOnce() throws Exception {
        Path report = dir.resolve("report.json");
        Path file = workflow("[a, b, c, d]", "      failOn: [a]\n      explodeAfter: 2");
        assertThat(cli.run("ingest", "-c", file.toString(), "--report", report.toString())).isEqualTo(ExitCodes.FAILED);

        // source: database, schema and b read, a failed, then the stream broke: 3 of 5 (60 %); file sink 100 %
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("state").asText()).isEqualTo("failed"); // though 80 is above the threshold of 60
        assertThat(json.get("success").asDouble()).isEqualTo(80.0);
        assertThat(json.at("/steps/0/errors").asInt()).isEqualTo(2);
        assertThat(json.at("/steps/0/failures/1/name").asText()).isEqualTo("shelf");
        assertThat(json.at("/steps/0/failures/1/error").asText()).isEqualTo("IllegalStateException: shelf server went away");
        assertThat(cli.err().lines().toList()).containsSubsequence(
                "failed  [shelf] shelf_svc.shelf.main.a: cannot map a with key ******",
                "shelf: failed - IllegalStateException: shelf server went away; no records kept: "
                        + dir.resolve("out/records.ndjson") + " was not created");
        assertThat(dir.resolve("out/records.ndjson")).doesNotExist();
        assertThat(cli.err().split("shelf server went away", -1)).hasSize(2);
    }

    /** The workflow pointed at a shelf that does not answer. */
    private static Path unreachable(Path workflow) throws Exception {
        return replaced(workflow, "hostPort: \"shelf:1\"", "hostPort: \"down:1\"");
    }

    /** Rewrites {@code file} with each {@code from} in it replaced by {@code to}; returns it. */
    private static Path replaced(Path file, String from, String to) throws Exception {
        return Files.writeString(file, Files.readString(file).replace(from, to));
    }

    @Test
    void testConnectionAndValidateSucceed() throws Exception {
        Path file = workflow("[a, b]", "");
        assertThat(cli.run("test-connection", "-c", file.toString())).isZero();
        assertThat(cli.out()).contains("ok: reached shelf:1: 2 books").contains("connection ok");
        assertThat(cli.run("validate", "-c", file.toString())).isZero();
        assertThat(cli.out()).endsWith("connection ok\n" + file + ": valid - Shelf metadata workflow of shelf_svc, writing to file\n");
    }

    @Test
    void testConnectionExitsTwoWhenTheServiceRefusesASettingOnlyItCanJudge() throws Exception {
        Path file = replaced(workflow("[a]", ""), "hostPort: \"shelf:1\"", "hostPort: \"picky:1\"");

        assertThat(cli.run("test-connection", "-c", file.toString())).as(cli.err()).isEqualTo(ExitCodes.INVALID_CONFIG);

        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("setting refused: source.serviceConnection.config.books: the shelf at picky:1 holds"
                + " none of these books; name books it holds\n");
    }

    @Test
    void testConnectionPrintsTheLoadsWarningsAsValidateDoes() throws Exception {
        Path file = replaced(workflow("[a]", ""), "password: pa55-word-XYZ", "password: x");
        assertThat(cli.run("test-connection", "-c", file.toString())).isZero();
        assertThat(cli.err()).isEqualTo("warning: source.serviceConnection.config.password is shorter than 4 characters;"
                + " it is masked where it appears as a field value, not inside free text (log lines, messages), where"
                + " hiding it would garble every word holding it: use a longer secret\n");
    }

    @Test
    void aFileWithProblemsShowsItsWarningsInTheSamePassNotOnlyOnceItIsValid() throws Exception {
        Path file = replaced(workflow("[a]", ""), "type: Shelf", "type: Bookcase");
        replaced(file, "successThreshold: 60", "successThreshold: 160");
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("warning: source.serviceConnection.config.type: 'Bookcase' is deprecated;"
                + " write 'Shelf' (`metaingest migrate` rewrites it)\nworkflowConfig.successThreshold: ")
                .endsWith(": invalid - 1 configuration problem\n");
    }

    @Test
    void testConnectionPrintsACheckThatPassedWithACaveatAsAWarningNotAsOk() throws Exception {
        Path file = workflow("[a, broken]", "      failOn: [broken]");
        assertThat(cli.run("test-connection", "-c", file.toString())).as(cli.err()).isZero();
        assertThat(cli.out().lines().toList()).containsExactly("ok: reached shelf:1: 2 books",
                "warning: a run cannot map broken", "connection ok");
    }

    @Test
    void testConnectionWithoutATesterFailsAndSaysNothingWasChecked() throws Exception {
        Path file = replaced(workflow("[a]", ""), "type: shelf", "type: metadatashelf");
        replaced(file, "type: Shelf", "type: MetadataShelf");

        assertThat(cli.run("test-connection", "-c", file.toString())).as(cli.err()).isEqualTo(ExitCodes.FAILED);

        assertThat(cli.out()).isEmpty(); // no "ok" or "connection ok" a gate could read as a pass
        assertThat(cli.err().lines().toList()).containsExactly("connection not tested: the MetadataShelf connector has no "
                + "connection tester, so nothing was checked (its author adds one by returning a ConnectionTester class "
                + "from ServiceSpec.connectionTester())");
        assertThat(cli.err()).doesNotContain("pa55-word-XYZ");
    }

    @Test
    void workflowLoggerLevelIsApplied() throws Exception {
        Path file = replaced(workflow("[a]", ""), "successThreshold: 60", "loggerLevel: ERROR");
        assertThat(cli.run("ingest", "-c", file.toString())).isZero();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
        assertThat(cli.run("--debug", "validate", "-c", file.toString())).isZero();
        assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
    }

    @Test
    void belowThresholdExitsOne() throws Exception {
        Path file = replaced(workflow("[a, b, c]", "      failOn: [a, b]"), "successThreshold: 60", "successThreshold: 90");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/records.ndjson"), "{\"an\": \"earlier run\"}\n");
        assertThat(cli.run("ingest", "-c", file.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(dir.resolve("out/records.ndjson")).hasContent("{\"an\": \"earlier run\"}");
        // source: database, schema and c of 5 (60 %), sink 100 %
        assertThat(cli.err()).contains("shelf: failed - success rate 80.00%, threshold 90%: below the threshold; "
                + "no records kept: " + dir.resolve("out/records.ndjson") + " keeps its previous content");
    }

    @Test
    void unknownServiceTypeExitsTwo() throws Exception {
        Path file = replaced(workflow("[a]", ""), "type: Shelf", "type: Shlef");
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("source.serviceConnection.config.type: unknown service type 'Shlef'; did you mean 'Shelf'?");
    }

    @Test
    void connectorsListAndDescribe() throws Exception {
        assertThat(cli.run("connectors", "list")).isZero();
        // Test suites are among the workflows of a connector with a test executor, as validate says.
        assertThat(cli.out()).containsPattern("Shelf\\s+database\\s+metadata, lineage, usage, profiler, autoClassification,"
                + " testsuite\\s+classpath\\s+Bookcase")
                .containsPattern("MetadataShelf\\s+database\\s+metadata\\s+classpath");
        List<String> lines = cli.out().lines().toList();
        for (String header : List.of("CATEGORY", "WORKFLOWS", "FROM")) {
            int column = lines.get(0).indexOf(header);
            assertThat(lines).as("column %s starts at %d on every line", header, column)
                    .allSatisfy(l -> assertThat(l.substring(column - 2, column + 1)).matches("  \\S"));
        }
        cli.resetOut();
        assertThat(cli.run("connectors", "list", "--json")).isZero();
        JsonNode list = new ObjectMapper().readTree(cli.out());
        assertThat(list.findValuesAsText("serviceType")).contains("Shelf", "ShelfAnnex", "MetadataShelf");
        cli.resetOut();
        assertThat(cli.run("connectors", "describe", "shelf")).isZero();
        JsonNode described = new ObjectMapper().readTree(cli.out());
        assertThat(described.get("sourceTypes").toString()).isEqualTo("[\"shelf\",\"shelf-lineage\",\"shelf-usage\"]");
        assertThat(described.get("workflows").toString()).endsWith(",\"testsuite\"]");
        assertThat(described.at("/connectionSchema/properties/password/format").asText()).isEqualTo("password");
        // Shelf declares no test definitions (its executor answers any); Postgres declares the toolkit's.
        assertThat(described.get("testDefinitions").toString()).isEqualTo("[]");
        cli.resetOut();
        assertThat(cli.run("connectors", "describe", "postgres")).isZero();
        JsonNode postgres = new ObjectMapper().readTree(cli.out());
        assertThat(postgres.get("testDefinitions").findValuesAsText("name")).contains("tableRowCountToEqual",
                "columnValuesToBeBetween");
        assertThat(postgres.get("testDefinitions").toString()).contains("{\"name\":\"columnValuesToBeBetween\","
                + "\"entityType\":\"COLUMN\",\"parameterNames\":[\"minValue\",\"maxValue\"]}");
        assertThat(cli.run("connectors", "describe", "Nope")).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    @Test
    void versionAndUsageErrors() {
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).startsWith("metaingest 0.");
        assertThat(cli.run("ingest")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void consoleSinkWritesJsonLinesToStdoutAndEverythingElseToStderr() throws Exception {
        Path file = workflow("[sales, finance]", "");
        Files.writeString(file, Files.readString(file).replaceAll("(?s)sink:.*workflowConfig", "sink:\n  type: console\nworkflowConfig"));
        assertThat(cli.run("ingest", "-c", file.toString())).isZero();
        List<String> types = new ArrayList<>();
        for (String line : cli.out().lines().toList()) {
            types.add(new ObjectMapper().readTree(line).get("entityType").asText());
        }
        assertThat(types).containsExactly("database", "databaseSchema", "table", "table");
        assertThat(cli.err()).contains("shelf: success - 4 records written to standard output");
    }

    @Test
    void aSuccessfulRunSaysSuccessOnce() throws Exception {
        assertThat(cli.run("ingest", "-c", workflow("[a]", "").toString())).isZero();
        List<String> outcome = cli.err().lines().filter(l -> l.startsWith("shelf:")).toList();
        assertThat(outcome).containsExactly("shelf: success - 3 records written to " + dir.resolve("out/records.ndjson"));
    }

    @Test
    void outputPathsThatCannotBeWrittenExitTwoBeforeConnecting() throws Exception {
        // An unreachable shelf would exit 3 if the run connected first.
        Path file = replaced(unreachable(workflow("[a]", "")), dir.resolve("out/records.ndjson").toString(), "/proc/x/out.ndjson");
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("sink.config.path: cannot create /proc/x/out.ndjson: the folder /proc/x does not exist and cannot be made in /proc (");
        cli.resetErr();
        assertThat(cli.run("ingest", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("sink.config.path: cannot create /proc/x/out.ndjson").doesNotContain("Exception");

        cli.resetErr();
        Path good = unreachable(workflow("[a]", ""));
        assertThat(cli.run("ingest", "-c", good.toString(), "--report", "/proc/x/report.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly(
                cli.err().lines().findFirst().orElseThrow(), good + ": 1 configuration problem; nothing was run");
        assertThat(cli.err()).startsWith("--report: cannot create /proc/x/report.json: the folder /proc/x does not exist and cannot be made in /proc (");
        cli.resetErr();
        assertThat(cli.run("validate", "-c", good.toString(), "--report", "/proc/x/report.json")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("--report: cannot create /proc/x/report.json");
        cli.resetErr();
        Path plain = Files.writeString(dir.resolve("plain"), "");
        assertThat(cli.run("ingest", "-c", good.toString(), "--report", plain.resolve("report.json").toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("--report: cannot create " + plain.resolve("report.json") + ": " + plain + " is not a folder");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** An unwritable sink path is told with the workflow's other problems, not once those are fixed. */
    @Test
    void anUnwritableSinkPathIsToldWithTheWorkflowsOtherProblems() throws Exception {
        Path file = replaced(unreachable(workflow("5", "")), dir.resolve("out/records.ndjson").toString(), "/proc/x/out.ndjson");
        for (String command : List.of("validate", "ingest")) {
            cli.resetErr();
            assertThat(cli.run(command, "-c", file.toString())).as(command).isEqualTo(ExitCodes.INVALID_CONFIG);
            List<String> lines = cli.err().lines().toList();
            assertThat(lines).as(command).hasSize(3);
            assertThat(lines.get(0)).startsWith("source.serviceConnection.config.books: ");
            assertThat(lines.get(1)).startsWith("sink.config.path: cannot create /proc/x/out.ndjson: the folder /proc/x"
                    + " does not exist and cannot be made in /proc (").endsWith("; create it, or choose a path in an existing folder");
            assertThat(lines.get(2)).isEqualTo(file + (command.equals("validate") ? ": invalid - 2 configuration problems"
                    : ": 2 configuration problems; nothing was run"));
        }
        // A folder under a plain file, with an unset variable besides: both, and the unset one's hint.
        Path plain = Files.writeString(dir.resolve("plain"), "");
        Files.writeString(file, Files.readString(file).replace("/proc/x/out.ndjson", plain.resolve("out.ndjson").toString())
                .replace("books: 5", "books: [a]").replace("pa55-word-XYZ", "${H122_NEVER_SET}"));
        cli.resetErr();
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).hasSize(3).anyMatch(l -> l.startsWith("sink.config.path: cannot create "
                + plain.resolve("out.ndjson") + ": " + plain + " is not a folder"));
        // A sink path that is itself an unset variable is that problem alone, not a path "" that cannot be made.
        Files.writeString(file, Files.readString(file).replace(plain.resolve("out.ndjson").toString(), "${H122_OUT}")
                .replace("${H122_NEVER_SET}", "pa55-word-XYZ").replace("books: [a]", "books: 5"));
        cli.resetErr();
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("sink.config.path: environment variable H122_OUT is not set").doesNotContain("cannot create");
        cli.resetErr();
        assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("source.serviceConnection.config.books").doesNotContain("cannot create");
    }

    /**
     * With --allow-unset-variables, a sink path an unset variable left incomplete is not checked (where it points
     * is not knowable): the variable's warning, and the rest judged, rather than a problem with the incomplete path.
     */
    @Test
    void anOutputPathAnUnsetVariableLeftIncompleteIsNotCheckedWithAllowUnsetVariables() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain"), "");
        Path file = workflow("[a]", "");
        String written = dir.resolve("out/records.ndjson").toString();
        for (String path : List.of(plain + "${H128_NEVER_SET}/out.ndjson", "/proc/${H128_NEVER_SET}/out.ndjson")) {
            replaced(file, written, "\"" + path + "\"");
            written = "\"" + path + "\"";
            cli.reset();
            assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).as(path + ": " + cli.err()).isZero();
            assertThat(cli.err().lines().toList()).as(path).containsExactly("warning: sink.config.path: environment variable"
                    + " H128_NEVER_SET is not set, so its value was not checked");
            assertThat(cli.out()).contains(file + ": valid - Shelf metadata workflow of shelf_svc");
            // The rest is still judged.
            replaced(file, "successThreshold: 60", "successThreshold: 160");
            cli.resetErr();
            assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err()).contains("workflowConfig.successThreshold:").doesNotContain("cannot create");
            replaced(file, "successThreshold: 160", "successThreshold: 60");
        }
    }

    /** A service name an unset variable left empty is told as the setting, not as nothing ("workflow of , writing"). */
    @Test
    void aServiceNameLeftUnsetIsNamedBySettingInValidatesLine() throws Exception {
        Path file = replaced(workflow("[a]", ""), "serviceName: shelf_svc", "serviceName: ${H2_SVC_NEVER_SET}");
        assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).as(cli.err()).isZero();
        assertThat(cli.out().strip()).isEqualTo(file + ": valid - Shelf metadata workflow of (source.serviceName not set),"
                + " writing to file");
    }

    /** validate tells that --allow-unset-variables checks the rest meanwhile; ingest cannot run without the value. */
    @Test
    void anUnsetVariablesProblemNamesAllowUnsetVariablesForValidateOnly() throws Exception {
        Path file = replaced(workflow("[a]", ""), "pa55-word-XYZ", "${H122_NEVER_SET}");
        String unset = "source.serviceConnection.config.password: environment variable H122_NEVER_SET is not set;"
                + " export it, or write ${H122_NEVER_SET:-<default>}";
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly(
                unset + "; meanwhile validate --allow-unset-variables checks the rest",
                file + ": invalid - 1 configuration problem");
        cli.resetErr();
        assertThat(cli.run("ingest", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly(unset, file + ": 1 configuration problem; nothing was run");
    }

    @Test
    void aReportPathThatCannotBeWrittenIsToldWithTheWorkflowsOwnProblems() throws Exception {
        Path file = replaced(unreachable(workflow("[a]", "")), dir.resolve("out/records.ndjson").toString(), "/proc/x/out.ndjson");
        for (String command : List.of("validate", "ingest")) {
            cli.resetErr();
            assertThat(cli.run(command, "-c", file.toString(), "--report", "/proc/x/report.json")).as(command)
                    .isEqualTo(ExitCodes.INVALID_CONFIG);
            List<String> lines = cli.err().lines().toList();
            assertThat(lines).as(command).hasSize(3);
            assertThat(lines.get(0)).startsWith("--report: cannot create /proc/x/report.json");
            assertThat(lines.get(1)).startsWith("sink.config.path: cannot create /proc/x/out.ndjson");
            assertThat(lines.get(2)).isEqualTo(file + (command.equals("validate") ? ": invalid - 2 configuration problems"
                    : ": 2 configuration problems; nothing was run"));
        }
        // A file that cannot be read at all is one problem too, beside the option's.
        cli.resetErr();
        assertThat(cli.run("validate", "-c", dir.resolve("missing.yaml").toString(), "--report", "/proc/x/report.json"))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("--report: cannot create /proc/x/report.json")
                .contains(dir.resolve("missing.yaml") + ": no such file").contains("invalid - 2 configuration problems");
    }

    @Test
    void validateCanTakeUnsetVariablesForWarningsAndJudgeTheRest() throws Exception {
        Path file = replaced(workflow("\"${MI_TEST_UNSET_BOOKS}\"", ""), "pa55-word-XYZ", "\"${MI_TEST_UNSET_PW}\"");
        replaced(file, "successThreshold: 60", "successThreshold: 160");
        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("source.serviceConnection.config.password: environment variable MI_TEST_UNSET_PW is not set");

        // With the option: the variables are warnings, their values (an array from the empty text) go unchecked,
        // and the workflow's own problem is still one.
        cli.resetErr();
        assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().filter(l -> !l.startsWith("warning: ")).toList()).hasSize(2)
                .first().asString().startsWith("workflowConfig.successThreshold:");
        assertThat(cli.err()).contains("warning: source.serviceConnection.config.password: environment variable"
                + " MI_TEST_UNSET_PW is not set, so its value was not checked")
                .contains("warning: source.serviceConnection.config.books: environment variable MI_TEST_UNSET_BOOKS is"
                        + " not set, so its value was not checked");

        cli.resetErr();
        replaced(file, "successThreshold: 160", "successThreshold: 60");
        assertThat(cli.run("validate", "--allow-unset-variables", "-c", file.toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains(file + ": valid - Shelf metadata workflow of shelf_svc");
        assertThat(cli.err().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("warning: "));

        cli.resetOut();
        assertThat(cli.run("validate", "--help")).isZero();
        assertThat(cli.out()).contains("--allow-unset-variables").contains("a ${VAR} that is not set");
    }

    @Test
    void anUnknownOptionIsToldRatherThanTheRequiredOneItLeftMissing() {
        assertThat(cli.run("ingest", "--bogus")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("error: unknown option '--bogus'").doesNotContain("Missing required option");
        cli.resetErr();
        assertThat(cli.run("validate", "--confg", "wf.yaml")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("error: unknown option '--confg'; did you mean --config?");
        cli.resetErr();
        assertThat(cli.run("ingest")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("error: Missing required option: '--config=FILE'");
    }

    /** A mistyped option: one line naming it and the command's own option it likely meant, not its value as a second unknown. */
    @Test
    void aMistypedOptionIsOneLineNamingTheLikelyOne() {
        String[][] commandLines = {
            {"ingest", "--confg", "prof.yaml"}, {"validate", "--confg", "prof.yaml"},
            {"test-connection", "--confg", "prof.yaml"}, {"ingest", "-c", "w.yaml", "--reprot", "r.json"},
            {"ingest", "-c", "w.yaml", "--reprot=r.json"}, {"status", "--stale-aftr", "5m", "r.json"},
            {"validate", "-c", "w.yaml", "--allow-unset-variable"}, {"migrate", "-c", "w.yaml", "--ouput", "n.yaml"},
            {"demo", "--ot", "d"}, {"connectors", "list", "--jsn"}};
        String[] expected = {"--confg'; did you mean --config?", "--confg'; did you mean --config?",
            "--confg'; did you mean --config?", "--reprot'; did you mean --report?", "--reprot'; did you mean --report?",
            "--stale-aftr'; did you mean --stale-after?", "--allow-unset-variable'; did you mean --allow-unset-variables?",
            "--ouput'; did you mean --output?", "--ot'; did you mean --out?", "--jsn'; did you mean --json?"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.resetErr();
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i]))
                    .containsExactly("error: unknown option '" + expected[i]);
        }
        // Nothing close: the option alone, and where the usage is.
        cli.resetErr();
        assertThat(cli.run("ingest", "-c", "w.yaml", "--zzzzzz")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("error: unknown option '--zzzzzz'",
                "run 'metaingest ingest --help' for the usage");
        assertThat(cli.out()).isEmpty();
    }

    /** A one-letter option is suggested only for a change of case: any other letter is one edit from every one. */
    @Test
    void aOneLetterOptionIsSuggestedOnlyForAChangeOfCase() {
        String[][] commandLines = {{"connectors", "list", "-C"}, {"status", "-X"}, {"demo", "-C"}, {"-C"}, {"validate", "-x"}};
        String[] usage = {"metaingest connectors list", "metaingest status", "metaingest demo", "metaingest", "metaingest validate"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.resetErr();
            String typed = commandLines[i][commandLines[i].length - 1];
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i])).containsExactly(
                    "error: unknown option '" + typed + "'", "run '" + usage[i] + " --help' for the usage");
        }
        cli.resetErr();
        assertThat(cli.run("validate", "-C", "w.yaml")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().lines().toList()).containsExactly("error: unknown option '-C'; did you mean -c?");
        cli.resetErr();
        assertThat(cli.run("status", "-C", "w.yaml", "run.json")).isEqualTo(ExitCodes.INVALID_CONFIG); // status has -c too
        assertThat(cli.err().lines().toList()).containsExactly("error: unknown option '-C'; did you mean -c?");
    }

    /** A word a command does not take is one line that says what the command takes, not picocli's index. */
    @Test
    void aStrayWordSaysWhatTheCommandTakes() {
        String[][] commandLines = {{"connectors", "list", "extra"}, {"validate", "-c", "my", "workflow.yaml"},
            {"connectors", "describe", "Postgres", "Fivetran"}};
        String[] expected = {
            "error: unexpected argument 'extra'; `metaingest connectors list` takes no arguments (a value with a space"
                    + " needs quotes); run 'metaingest connectors list --help' for the usage",
            "error: unexpected argument 'workflow.yaml'; `metaingest validate` takes no arguments (a value with a space"
                    + " needs quotes); run 'metaingest validate --help' for the usage",
            "error: unexpected argument 'Fivetran'; `metaingest connectors describe` takes TYPE only;"
                    + " run 'metaingest connectors describe --help' for the usage"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.resetErr();
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i])).containsExactly(expected[i]);
        }
    }

    /** After {@code --} a word is an argument: told as one, never "did you mean" itself. */
    @Test
    void aWordAfterDoubleDashIsToldAsAnArgument() {
        for (String word : List.of("--report", "extra")) {
            cli.resetErr();
            assertThat(cli.run("ingest", "-c", "w.yaml", "--", word)).as(word).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(word).containsExactly("error: unexpected argument '" + word
                    + "' after '--' (everything after '--' is an argument, not an option; put options before it)");
        }
    }

    /** An option without its value names the option as typed (not an alias) and what it wants. */
    @Test
    void anOptionWithoutItsValueIsNamedAsTyped() {
        String[][] commandLines = {{"ingest", "-c", "w.yaml", "--report"}, {"ingest", "-c", "w.yaml", "--status-file"},
            {"validate", "-c", "w.yaml", "--report"}, {"migrate", "-c"}, {"status", "--stale-after"}, {"demo", "--publish"}};
        String[] expected = {"--report needs a file path", "--status-file needs a file path", "--report needs a file path",
            "-c needs a file path", "--stale-after needs a duration (e.g. 90s, 10m, 2h)", "--publish needs a URL"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.resetErr();
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i])).containsExactly("error: " + expected[i]);
        }
    }

    /** An option of another command names the command that has it. */
    @Test
    void anOptionOfAnotherCommandNamesThatCommand() {
        String[][] commandLines = {{"ingest", "-c", "w.yaml", "--allow-unset-variables"},
            {"validate", "-c", "w.yaml", "--fail-on-failed-tests"}, {"connectors", "--json"}, {"-c", "w.yaml"}};
        String[] expected = {"--allow-unset-variables'; --allow-unset-variables is an option of `validate`",
            "--fail-on-failed-tests'; --fail-on-failed-tests is an option of `ingest`",
            "--json'; --json is an option of `connectors list`",
            "-c'; -c is an option of `ingest`, `validate`, `test-connection`, `status` and `migrate`"};
        for (int i = 0; i < commandLines.length; i++) {
            cli.resetErr();
            assertThat(cli.run(commandLines[i])).as(String.join(" ", commandLines[i])).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err().lines().toList()).as(String.join(" ", commandLines[i]))
                    .containsExactly("error: unknown option '" + expected[i]);
        }
    }

    @Test
    void aPluginFolderThatDoesNotExistExitsTwoNamingIt() {
        assertThat(cli.run("--plugins", "/nonexistent", "connectors", "list")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().strip()).isEqualTo("--plugins /nonexistent: no such folder; give the folder holding one "
                + "sub-folder per connector");
        cli.resetErr();
        assertThat(cli.run("--plugins", "/nonexistent")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).doesNotContain("DIR");
        // An empty value (an unset variable) would read the working directory: it is refused instead.
        cli.resetErr();
        assertThat(cli.run("connectors", "list", "--plugins", "")).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err().strip()).isEqualTo("--plugins: empty; give the folder holding one sub-folder per connector,"
                + " or leave the option out for the distribution's plugins/");
    }

    @Test
    void secretsAreMaskedOnEveryOutputPath() throws Exception {
        String password = "pa55-word-XYZ";
        String basic = java.util.Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
        String urlEncoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
        Path report = dir.resolve("report.json");
        // NDJSON, report, failures and the fatal error (exception message).
        Path file = workflow("[a, broken, c]", "      failOn: [broken]\n      explodeAfter: 2\n      username: alice\n      leak: true");
        cli.run("ingest", "-c", file.toString(), "--report", report.toString());
        String everything = cli.out() + cli.err() + Files.readString(report)
                + (Files.exists(dir.resolve("out/records.ndjson")) ? Files.readString(dir.resolve("out/records.ndjson")) : "");
        assertThat(cli.err()).contains("server went away");
        // Console sink (stdout).
        Files.writeString(file, Files.readString(file).replace("explodeAfter: 2", "explodeAfter: 3")
                .replaceAll("(?s)sink:.*workflowConfig", "sink:\n  type: console\nworkflowConfig"));
        cli.run("ingest", "-c", file.toString());
        assertThat(cli.out()).contains("Basic ******");
        // test-connection output.
        unreachable(file);
        assertThat(cli.run("test-connection", "-c", file.toString())).isEqualTo(ExitCodes.CONNECTION_FAILURE);
        assertThat(cli.err()).contains("\"authorization\":\"Basic ******\"");
        everything += cli.out() + cli.err();
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
                cli.resetErr();
                long started = System.nanoTime();
                int code = Main.execute(cli.main(noDiscovery), command, "-c", file);
                assertThat(code).as(command + " " + file + ": " + cli.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
                // Only catches reading an endless file to its end (it never comes); no speed goal.
                assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(30_000);
                assertThat(cli.err().lines().toList()).hasSize(2).first().asString().startsWith(file + ": ");
            }
        }
    }

    /** A file descriptor whose every write fails as the kernel's {@code write} does, with {@code message}. */
    private static java.io.OutputStream failing(String message) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException(message);
            }
        };
    }

    @Test
    void aCommandWhoseOutputNeverArrivedFailsAndSaysWhy() {
        // Standard output as Main.main wraps it, on a full disk (ENOSPC).
        int exit = Main.execute(cli.printingTo(new StandardOutput(failing("No space left on device"))),
                "connectors", "list");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.err()).isEqualTo("error: " + io.metaingest.runtime.sink.ConsoleSink.STDOUT_LOST + System.lineSeparator());
    }

    @Test
    void anEmbeddersPrintStreamThatFailedFailsTheCommandWhateverTheCause() {
        // A PrintStream keeps no cause: a closed pipe cannot be told from a full disk, and is not hidden.
        int exit = Main.execute(cli.printingTo(new PrintStream(failing("Broken pipe"), true, StandardCharsets.UTF_8)),
                "connectors", "list");

        assertThat(exit).isEqualTo(ExitCodes.FAILED);
        assertThat(cli.err()).contains(io.metaingest.runtime.sink.ConsoleSink.STDOUT_LOST);
    }

    @Test
    void aReaderThatStoppedReadingEndsTheCommandQuietlyAsOnSigpipe() {
        int exit = Main.execute(cli.printingTo(new StandardOutput(failing("Broken pipe"))), "connectors", "describe", "shelf");

        assertThat(exit).isEqualTo(ExitCodes.READER_CLOSED).isEqualTo(141);
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void aReaderThatStoppedReadingLeavesAFailedCommandsExitCode() {
        int exit = Main.execute(cli.printingTo(new StandardOutput(failing("Broken pipe"))), "connectors", "describe", "Nope");

        assertThat(exit).isEqualTo(ExitCodes.INVALID_CONFIG);
    }

    @Test
    void aFileWithHundredsOfProblemsPrintsTheFirstFiftyAndHowManyMore() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            yaml.append("unknownKey").append(i).append(": 1\n");
        }
        Path file = Files.writeString(dir.resolve("many.yaml"), yaml.toString());

        assertThat(cli.run("validate", "-c", file.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);

        List<String> lines = cli.err().lines().toList();
        assertThat(lines).hasSize(Printer.MAX_PROBLEM_LINES + 2);
        assertThat(lines.get(Printer.MAX_PROBLEM_LINES)).matches("\\.\\.\\. and \\d+ more; fix these and validate again");
        // validate never runs anything: its last line answers as its success line does.
        assertThat(lines.get(lines.size() - 1)).isEqualTo(file + ": invalid - 122 configuration problems"); // and source, sink missing
    }

    @Test
    void aMalformedAddressIsAConfigurationProblemNamingItsSetting() throws Exception {
        String postgres = """
                source:
                  type: postgres
                  serviceName: pg
                  serviceConnection:
                    config: {type: Postgres, hostPort: "HOST", username: u, authType: {password: p}, database: d}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: metadata-rest, config: {}}
                workflowConfig:
                  openMetadataServerConfig: {hostPort: "OM", authProvider: openmetadata, securityConfig: {jwtToken: t}}
                """;
        Path workflow = dir.resolve("pg.yaml");
        for (String good : List.of("localhost:5432", "[::1]:5432", "db.example.com", "10.0.0.7:65535")) {
            Files.writeString(workflow, postgres.replace("HOST", good).replace("OM", "http://localhost:8585/api"));
            assertThat(cli.run("validate", "-c", workflow.toString())).as(good).isZero();
        }
        for (String bad : List.of("localhost:abc", "localhost:99999", "exa mple.com:5432", "postgres://db:5432")) {
            cli.resetErr();
            Files.writeString(workflow, postgres.replace("HOST", bad).replace("OM", "http://localhost:8585/api"));
            assertThat(cli.run("validate", "-c", workflow.toString())).as(bad).isEqualTo(ExitCodes.INVALID_CONFIG);
            assertThat(cli.err()).as(bad).contains("source.serviceConnection.config.hostPort: has the wrong format; expected"
                    + " host and port of the PostgreSQL server, e.g. localhost:5432 (host, or [IPv6], then an optional :port of 1 to"
                    + " 65535)\n");
        }
        cli.resetErr();
        Files.writeString(workflow, postgres.replace("HOST", "db:5432").replace("OM", "localhost:8585/api"));
        assertThat(cli.run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("workflowConfig.openMetadataServerConfig.hostPort: has the wrong format; expected the API"
                + " URL with its scheme, e.g. http://localhost:8585/api");
    }

    @Test
    void withoutConnectorsTheListSaysWhichFolderItLookedIn() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-plugins"));
        int code = Main.execute(cli.main(plugins -> CapturedCli.runtime(io.metaingest.runtime.registry.ServiceSpecRegistry.of(),
                Map.of())), "connectors", "list", "--plugins", empty.toString());
        assertThat(code).isZero();
        assertThat(cli.out()).isEqualTo("no connectors installed in " + empty.toAbsolutePath()
                + " (one sub-folder per connector; another folder: --plugins DIR)" + System.lineSeparator());
    }

    @Test
    void whenNoPluginLoadsTheListSaysWhichDidNotAndWorkflowsNameThemTooNotNone() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(Files.createDirectories(plugins.resolve("kennel")).resolve("kennel.jar"), "not a jar");
        java.util.function.Function<Path, Metaingest> discovering = folder -> CapturedCli.runtime(
                io.metaingest.runtime.registry.ServiceSpecRegistry.discover(getClass().getClassLoader().getParent(),
                        folder), Map.of());
        int code = Main.execute(cli.main(discovering), "connectors", "list", "--plugins", plugins.toString());

        assertThat(code).as("no connector of the folder can be used").isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).startsWith("warning: plugin kennel (kennel.jar): unreadable jar, skipped (not a jar: ")
                .endsWith("); rebuild the plugin or remove the jar" + System.lineSeparator())
                .doesNotContain("no jar in", "no ServiceSpec"); // one problem, one line
        assertThat(cli.out()).isEqualTo("no usable connectors: plugin kennel cannot be used (the warnings above say why)"
                + System.lineSeparator());
        cli.reset();
        assertThat(Main.execute(cli.main(discovering), "connectors", "list", "--json", "--plugins", plugins.toString()))
                .isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.out()).isEqualTo("[ ]" + System.lineSeparator());
    }

    /** The shelf's usage pipeline; STAGE and PATH are the staging folder and the bulk sink's file. */
    private static final String SHELF_USAGE = """
            source:
              type: shelf-usage
              serviceName: shelf_svc
              serviceConnection:
                config: {type: Shelf, hostPort: "shelf:1", books: [a, b]}
              sourceConfig:
                config: {type: DatabaseUsage}
            processor: {type: query-parser, config: {}}
            stage: {type: table-usage, config: {filename: "STAGE"}}
            bulkSink: {type: metadata-usage, config: {filename: "STAGE", path: "PATH"}}
            """;

    @Test
    void theUsagePipelinesOutputsAreCheckedBeforeAnythingRuns() throws Exception {
        Path workflow = dir.resolve("usage.yaml");
        String usage = SHELF_USAGE;
        String stage = dir.resolve("staging").toString();
        // The bulk sink's file is the workflow file itself: refused, the file untouched.
        Files.writeString(workflow, usage.replace("STAGE", stage).replace("PATH", workflow.toString()));
        String original = Files.readString(workflow);
        assertThat(cli.run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("bulkSink.config.path: " + workflow + " is the workflow file itself");
        assertThat(Files.readString(workflow)).isEqualTo(original);

        // A report that is the bulk sink's file; then a bulk sink file and a staging folder under /proc.
        Path records = dir.resolve("usage.ndjson");
        Files.writeString(workflow, usage.replace("STAGE", stage).replace("PATH", records.toString()));
        assertThat(cli.run("ingest", "-c", workflow.toString(), "--report", records.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("--report: " + records + " is also bulkSink.config.path");
        Files.writeString(workflow, usage.replace("STAGE", "/proc/metaingest-stage").replace("PATH", "/proc/x/u.ndjson"));
        assertThat(cli.run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("bulkSink.config.path: cannot create /proc/x/u.ndjson")
                .contains("stage.config.filename: cannot create /proc/metaingest-stage");
        // A staging folder that is a file.
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Files.writeString(workflow, usage.replace("STAGE", file.toString()).replace("PATH", records.toString()));
        assertThat(cli.run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("stage.config.filename: " + file + " is a file, not a folder; give a folder");
    }

    @Test
    void aBulkSinkReadingAnotherFolderThanTheStagesIsInvalidBeforeAnythingRuns() throws Exception {
        Path workflow = dir.resolve("usage.yaml");
        Path stage = dir.resolve("staging");
        Path other = dir.resolve("elsewhere");
        Files.writeString(workflow, SHELF_USAGE.replace("{filename: \"STAGE\"}", "{filename: \"" + stage + "\"}")
                .replace("STAGE", other.toString()).replace("PATH", dir.resolve("usage.ndjson").toString()));
        String problem = "bulkSink.config.filename: " + other + " is not the stage's folder (stage.config.filename: "
                + stage + "); the bulk sink reads what the stage wrote: give both the same folder";

        // Staged everything and published nothing, with success, before: now refused, validate included.
        assertThat(cli.run("validate", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains(problem);
        assertThat(cli.run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains(problem);
        assertThat(stage).doesNotExist();
    }

    @Test
    void noOutputMayBeTheWorkflowFileItselfNorTheReportTheSinksFile() throws Exception {
        Path workflow = workflow("[a, b]", "");
        String sinkPath = dir.resolve("out/records.ndjson").toString();
        replaced(workflow, sinkPath, workflow.toString());
        String original = Files.readString(workflow);

        assertThat(cli.run("ingest", "-c", workflow.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("sink.config.path: " + workflow + " is the workflow file itself");
        assertThat(Files.readString(workflow)).isEqualTo(original);

        Path valid = workflow("[a, b]", "");
        assertThat(cli.run("ingest", "-c", valid.toString(), "--report", valid.toString())).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("--report: " + valid + " is the workflow file itself");
        assertThat(cli.run("ingest", "-c", valid.toString(), "--report", sinkPath)).isEqualTo(ExitCodes.INVALID_CONFIG);
        assertThat(cli.err()).contains("--report: " + sinkPath + " is also sink.config.path");
        // The run did not start: the file holds the failed status the report path was promised, and why.
        JsonNode status = new ObjectMapper().readTree(Path.of(sinkPath).toFile());
        assertThat(status.get("state").asText()).isEqualTo("failed");
        assertThat(status.get("fatalError").asText()).contains("is also sink.config.path");
    }
}
