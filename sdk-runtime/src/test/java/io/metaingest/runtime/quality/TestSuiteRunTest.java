package io.metaingest.runtime.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.exec.ConnectionTestResult;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.testing.LoadProblems;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfExecutor;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test suite workflow ({@code source.type: testsuite}) as the runtime loads and runs it: services
 * from {@code sourceConfig.config.serviceConnections}, each checked against its own connector's
 * schema with its full path and its secrets masked; one executor per service, made by its connector
 * with that service's connection, opened once and closed at the end; the 1.5 shape refused.
 */
class TestSuiteRunTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);

    static final String SUITE = ShelfWorkflows.testSuiteSource("""
            - serviceName: alpha
              serviceConnection:
                config: {type: Shelf, hostPort: "alpha:5432", username: ann, password: Alpha-Secret-1}
            - serviceName: beta
              serviceConnection:
                config: {type: Bookcase, hostPort: "beta:5432", username: bob, password: Beta-Secret-2}
            """) + """
            processor:
              type: orm-test-runner
              config:
                testCases:
                  - {name: a_rows, testDefinitionName: tableRowCountToBeBetween, entityLink: "<#E::table::alpha.db.s.t>"}
                  - {name: b_rows, testDefinitionName: tableRowCountToBeBetween, entityLink: "<#E::table::beta.db.s.t>"}
                  - {name: b_col, testDefinitionName: columnValuesToBeNotNull, entityLink: "<#E::table::beta.db.s.t::columns::c>"}
                  - {name: nowhere, testDefinitionName: tableRowCountToBeBetween, entityLink: "<#E::table::gamma.db.s.t>"}
            sink:
              type: file
              config:
                path: OUT
            """;

    @TempDir
    Path dir;

    /** The test runner with no test cases of its own, writing to the file sink at OUT. */
    private static final String RUNNER_TO_FILE = """
            processor:
              type: orm-test-runner
              config: {}
            sink:
              type: file
              config:
                path: OUT
            """;

    private final Metaingest runtime = ShelfWorkflows.runtime(CLOCK, new ShelfSpec(), new ShelfSpec.MetadataShelfSpec());

    @BeforeEach
    void clearEvents() {
        ShelfExecutor.EVENTS.clear();
    }

    /** Runs the suite {@code yaml} without a report, its console and messages unread. */
    private RunResult runQuietly(String yaml) throws Exception {
        return ShelfWorkflows.ingestQuietly(runtime, write(yaml), Optional.empty());
    }

    private Path write(String yaml) throws Exception {
        return writeSuite(dir, yaml);
    }

    /** {@code yaml} as {@code dir}'s suite.yaml, its file sink's OUT a file in {@code dir}. */
    static Path writeSuite(Path dir, String yaml) throws Exception {
        return Files.writeString(dir.resolve("suite.yaml"), yaml.replace("OUT", dir.resolve("out.ndjson").toString()));
    }

    private List<String> problems(String yaml) throws Exception {
        return LoadProblems.problemsOf(() -> runtime.load(write(yaml)));
    }

    @Test
    void eachServiceGetsItsOwnExecutorWithItsOwnConnectionOpenedOnceAndClosedAtTheEnd() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path report = dir.resolve("report.json");
        RunResult result = runtime.ingest(write(SUITE), new Metaingest.IngestOptions(Optional.of(report),
                new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(console, true, StandardCharsets.UTF_8),
                false, false));

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(ShelfExecutor.EVENTS).containsExactly("open alpha:5432", "run alpha:5432 a_rows", "open beta:5432",
                "run beta:5432 b_rows", "run beta:5432 b_col", "close alpha:5432", "close beta:5432");
        List<JsonNode> lines = Mappers.standard().readerFor(JsonNode.class)
                .<JsonNode>readValues(dir.resolve("out.ndjson").toFile()).readAll();
        assertThat(lines).extracting(l -> l.at("/entity/testCaseFQN").asText() + " " + l.at("/entity/testCaseStatus").asText()
                + " " + l.at("/entity/testResultValue/0/value").asText())
                .containsExactly("alpha.db.s.t.a_rows Success alpha", "beta.db.s.t.b_rows Success beta",
                        "beta.db.s.t.c.b_col Success beta", "gamma.db.s.t.nowhere Aborted ");
        assertThat(lines.get(3).at("/entity/result").asText())
                .isEqualTo("service gamma: not listed in source.sourceConfig.config.serviceConnections (listed: alpha, beta)");
        String everything = Files.readString(dir.resolve("out.ndjson")) + Files.readString(report) + console;
        assertThat(everything).doesNotContain("Alpha-Secret-1").doesNotContain("Beta-Secret-2");
    }

    @Test
    void aTestThatDidNotPassIsAWarningOfTheRunnerAndTheResultCountsTheTestsByStatus() throws Exception {
        RunResult result = runQuietly(SUITE);

        assertThat(result.state()).as("a test that did not pass is a result, not a failure").isEqualTo(RunState.SUCCESS);
        // NotRun is there at 0 too, as in the README's example: a reader finds the same four keys in every report.
        assertThat(result.testResults()).containsExactly(Map.entry("Success", 3L), Map.entry("Failed", 0L),
                Map.entry("Aborted", 1L), Map.entry("NotRun", 0L));
        assertThat(result.testsNotPassed()).isEqualTo(1);
        assertThat(result.testsLine()).isEqualTo("4 tests: 3 Success, 0 Failed, 1 Aborted");
        assertThat(result.steps()).filteredOn(step -> step.name().equals("orm-test-runner")).singleElement()
                .satisfies(step -> {
                    assertThat(step.errors()).isZero();
                    assertThat(step.warningDetails()).containsExactly("gamma.db.s.t.nowhere: Aborted: service gamma:"
                                    + " not listed in source.sourceConfig.config.serviceConnections (listed: alpha, beta)");
                });
    }

    @Test
    void aSuiteWithNoTestCaseToRunFailsInsteadOfSucceedingWithNothingRun() throws Exception {
        String empty = SUITE.substring(0, SUITE.indexOf("processor:")) + "processor:\n  type: orm-test-runner\n"
                + "  config: {}\n" + SUITE.substring(SUITE.indexOf("sink:"));
        RunResult result = runQuietly(empty);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(ShelfExecutor.EVENTS).isEmpty();
        assertThat(result.fatalError()).isEqualTo("my_suite: no test case to run: processor.config.testCases defines"
                + " none, and no workflowConfig.openMetadataServerConfig names a server to read the suite's test cases"
                + " from; define test cases in processor.config.testCases, or in OpenMetadata's test suite my_suite");
        // Fatal: a threshold low enough to let one failure among few pass does not let this one pass.
        RunResult lenient = runQuietly(empty.replace("sink:", "workflowConfig:\n successThreshold: 0\nsink:"));
        assertThat(lenient.state()).isEqualTo(RunState.FAILED);
    }

    @Test
    void aSuiteTheServerDoesNotHaveAndTheFileDefinesNoTestOfFailsNamingTheSuiteLookedFor() throws Exception {
        try (io.metaingest.openmetadata.OpenMetadataStandIn server = new io.metaingest.openmetadata.OpenMetadataStandIn(
                "suite-token")) {
            String empty = SUITE.substring(0, SUITE.indexOf("processor:")) + "processor:\n  type: orm-test-runner\n"
                    + "  config: {}\n" + SUITE.substring(SUITE.indexOf("sink:")) + server.workflowConfigYaml("suite-token");
            RunResult result = runQuietly(empty);

            assertThat(result.state()).isEqualTo(RunState.FAILED);
            assertThat(result.fatalError()).isEqualTo("my_suite: no test case to run: processor.config.testCases"
                    + " defines none, and OpenMetadata at " + server.hostPort() + " has no test suite named my_suite;"
                    + " define test cases in processor.config.testCases, or in OpenMetadata's test suite my_suite");
        }
    }

    @Test
    void sourceConfigTestCasesNarrowsTheRunToTheNamedOnes() throws Exception {
        String narrowed = SUITE.replace("      serviceConnections:", "      testCases: [b_col]\n      serviceConnections:");
        RunResult result = runQuietly(narrowed);

        assertThat(ShelfExecutor.EVENTS).containsExactly("open beta:5432", "run beta:5432 b_col", "close beta:5432");
        assertThat(result.steps().get(0).filtered()).isEqualTo(3);
        assertThat(result.steps().get(0).records()).isEqualTo(1);
    }

    @Test
    void aNameInSourceConfigTestCasesThatNoTestCaseHasIsAFailure() throws Exception {
        String narrowed = SUITE.replace("      serviceConnections:", "      testCases: [b_col, no_such_case]\n      serviceConnections:");
        RunResult result = runQuietly(narrowed);

        assertThat(result.steps().get(0).records()).isEqualTo(1);
        assertThat(result.steps().get(0).errors()).isEqualTo(1);
        assertThat(result.steps().get(0).failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("no_such_case");
            assertThat(f.error()).isEqualTo("source.sourceConfig.config.testCases names no_such_case, which neither"
                    + " processor.config.testCases nor the server's suite has; check the name");
        });
    }

    /** OpenMetadata knows a test case by its table, column and name: a second of one name would replace the first. */
    @Test
    void twoTestCasesOfOneNameOnOneTableAreAConfigurationProblem() throws Exception {
        String twice = SUITE.replace("      - {name: nowhere,", "      - {name: a_rows, testDefinitionName:"
                + " tableRowCountToBeBetween, entityLink: \"<#E::table::alpha.db.s.t>\"}\n      - {name: nowhere,");

        assertThat(problems(twice)).containsExactly("processor.config: testCases[0] and testCases[3] are both test case"
                + " 'a_rows' of the same table, so the second would replace the first; give each a name of its own");
        // The same name on another column, or another table, is another test case.
        assertThat(runtime.load(write(SUITE.replace("{name: b_col,", "{name: b_rows,")))).isNotNull();
    }

    /** A link to the suite's own table and a test without a link (or with only a column) name the same test case. */
    @Test
    void aTestCaseDefinedTwiceThroughTheSuitesOwnTableIsAConfigurationProblemToo() throws Exception {
        String twice = SUITE.replace("      serviceConnections:", "      entityFullyQualifiedName: alpha.db.s.t\n"
                + "      serviceConnections:").replace("      - {name: nowhere,", "      - {name: a_rows, testDefinitionName:"
                + " tableRowCountToBeBetween}\n      - {name: b_col, testDefinitionName: columnValuesToBeUnique,"
                + " entityLink: \"<#E::table::beta.db.s.t>\", columnName: c}\n      - {name: nowhere,");

        assertThat(problems(twice)).containsExactly(
                "processor.config: testCases[0] and testCases[3] are both test case 'a_rows' of the same table, so the"
                        + " second would replace the first; give each a name of its own",
                "processor.config: testCases[2] and testCases[4] are both test case 'b_col' of the same column, so the"
                        + " second would replace the first; give each a name of its own");
    }

    /** A result naming a connection field names it in its service's entry, where the user sets it in a suite. */
    @Test
    void aResultNamingAConnectionFieldNamesItInItsServicesEntry() throws Exception {
        RunResult result = runQuietly(SUITE.replace("{name: b_col,", "{name: timed_out,"));

        assertThat(result.steps()).filteredOn(step -> step.name().equals("orm-test-runner")).singleElement()
                .satisfies(step -> assertThat(step.warningDetails()).contains("beta.db.s.t.c.timed_out: Aborted:"
                        + " cancelled after the timeout in"
                        + " source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort's server;"
                        + " raise it there"));
    }

    /** As for a workflow's own connection: read in another case, with OpenMetadata's spelling to write. */
    @Test
    void aSuiteServiceTypeInAnotherCaseIsReadWithAWarning() throws Exception {
        LoadedWorkflow workflow = runtime.load(write(SUITE.replace("config: {type: Shelf,", "config: {type: shelf,")));

        assertThat(workflow.warnings()).contains("source.sourceConfig.config.serviceConnections[0].serviceConnection"
                + ".config.type: 'shelf' is read as 'Shelf'; write 'Shelf': OpenMetadata's service types are"
                + " case-sensitive, and it refuses 'shelf'");
    }

    @Test
    void theSecretsOfEveryServiceAreMasked() throws Exception {
        LoadedWorkflow workflow = runtime.load(write(SUITE));

        assertThat(workflow.secrets()).containsExactlyInAnyOrder("Alpha-Secret-1", "Beta-Secret-2");
        assertThat(workflow.masker().mask("login Alpha-Secret-1 then Beta-Secret-2"))
                .doesNotContain("Alpha-Secret-1").doesNotContain("Beta-Secret-2");
        assertThat(workflow.spec().spec().serviceType()).isEqualTo("TestSuite");
        assertThat(workflow.warnings()).containsExactly(
                "source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type: 'Bookcase' is deprecated;"
                        + " write 'Shelf'");
    }

    private static String sampled(String settings) {
        return SUITE.replace("      type: TestSuite\n", "      type: TestSuite\n" + settings.indent(6));
    }

    /**
     * A suite's sample loads without a warning and reaches each executor with its tests; one whose
     * connector does not sample (the shelf's) reads the whole table, and each result says so.
     */
    @Test
    void aSuitesProfileSampleReachesTheExecutorsAndAConnectorThatCannotSampleSaysSoInEachResult() throws Exception {
        String suite = sampled("profileSample: 10\nprofileSampleType: PERCENTAGE\nsamplingMethodType: SYSTEM");
        assertThat(runtime.load(write(suite)).warnings()).as("only the former name Bookcase's")
                .containsExactly("source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type:"
                        + " 'Bookcase' is deprecated; write 'Shelf'");

        RunResult result = runQuietly(suite);

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        List<JsonNode> lines = Mappers.standard().readerFor(JsonNode.class)
                .<JsonNode>readValues(dir.resolve("out.ndjson").toFile()).readAll();
        assertThat(lines.get(0).at("/entity/result").asText()).isEqualTo("ran on alpha:5432 (on the whole table: this"
                + " service's connector does not sample, profileSample 10 PERCENTAGE SYSTEM not applied)");
        assertThat(lines.get(0).at("/entity/testCaseStatus").asText()).isEqualTo("Success");
    }

    /** Without a sample, or at 100 percent, a connector that cannot sample has nothing to say. */
    @Test
    void aSampleOfAHundredPercentIsTheWholeTable() throws Exception {
        runQuietly(sampled("profileSample: 100"));

        List<JsonNode> lines = Mappers.standard().readerFor(JsonNode.class)
                .<JsonNode>readValues(dir.resolve("out.ndjson").toFile()).readAll();
        assertThat(lines.get(0).at("/entity/result").asText()).isEqualTo("ran on alpha:5432");
    }

    /** A sample of no rows, or of more than all of them, is refused when loading, with a line naming the setting. */
    @Test
    void aSampleOfNothingOrOfMoreThanAHundredPercentIsRefusedWhenLoading() throws Exception {
        String none = "source.sourceConfig.config.profileSample: must be more than 0";
        String over = "source.sourceConfig.config.profileSample: must be at most 100: a percentage (profileSampleType"
                + " PERCENTAGE, the default); for a number of rows set profileSampleType: ROWS";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("profileSample: 0", none);
        refused.put("profileSample: -5\nprofileSampleType: PERCENTAGE", none);
        refused.put("profileSample: 0\nprofileSampleType: ROWS", none);
        refused.put("profileSample: -1\nprofileSampleType: ROWS", none);
        refused.put("profileSample: 150\nprofileSampleType: PERCENTAGE", over);
        refused.put("profileSample: 100.5", over);
        refused.forEach((settings, problem) -> {
            try {
                assertThat(problems(sampled(settings))).as(settings).containsExactly(problem);
            } catch (Exception e) {
                throw new AssertionError(settings, e);
            }
        });
        assertThat(runtime.load(write(sampled("profileSample: 150\nprofileSampleType: ROWS")))).isNotNull();
        assertThat(runtime.load(write(sampled("profileSample: 100\nprofileSampleType: PERCENTAGE")))).isNotNull();
        assertThat(runtime.load(write(sampled("profileSample: 0.5")))).isNotNull();
    }

    @Test
    void aServicesConnectionIsCheckedAgainstItsConnectorsSchemaWithItsFullPath() throws Exception {
        assertThat(problems(SUITE.replace("hostPort: \"beta:5432\", ", "").replace("\"alpha:5432\"", "alpha")))
                .containsExactly(
                        "source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort: "
                                + "has the wrong format; expected host:port of the shelf; the host down never answers",
                        "source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort: "
                                + "required field is missing (host:port of the shelf; the host down never answers); add it");
    }

    @Test
    void anUnknownServiceTypeOrOneThatRunsNoTestsIsOneClearProblem() throws Exception {
        assertThat(problems(SUITE.replace("type: Bookcase", "type: Shelff")))
                .containsExactly("source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type: "
                        + "unknown service type 'Shelff'; did you mean 'Shelf'? Installed connectors that run "
                        + "tests: Shelf (see `metaingest connectors list`; a connector outside the distribution"
                        + " is loaded from a plugin folder given with --plugins DIR, which replaces the distribution's plugins/ folder)");
        assertThat(problems(SUITE.replace("type: Bookcase", "type: MetadataShelf")))
                .containsExactly("source.sourceConfig.config.serviceConnections[1].serviceConnection.config.type: "
                        + "MetadataShelf runs no data-quality tests; connectors that do: Shelf");
    }

    @Test
    void theOneConnectionShapeOf15IsRefusedWithTheWayTo162() throws Exception {
        String old = """
                source:
                  type: testsuite
                  serviceName: nightly_suite
                  serviceConnection:
                    config: {type: Shelf, hostPort: "alpha:5432", password: Alpha-Secret-1}
                  sourceConfig:
                    config:
                      type: TestSuite
                      entityFullyQualifiedName: alpha.db.s.t
                """ + RUNNER_TO_FILE;
        assertThat(problems(old)).containsExactly("source.serviceConnection: a testsuite workflow lists its services in "
                + "source.sourceConfig.config.serviceConnections since OpenMetadata 1.6.2; move this connection there as "
                + "[{serviceName: alpha, serviceConnection: {config: ...}}] (one entry per service of the suite), or run "
                + "`metaingest migrate` on the file");
    }

    @Test
    void aSuiteWhoseEveryServiceIsUnreachableEndsAsAConnectionFailureNamingEachInItsEntry() throws Exception {
        RunResult result = runQuietly(SUITE.replace("\"alpha:5432\"", "\"down:1\"")
                .replace("\"beta:5432\"", "\"down:2\""));

        // Exit 3, as for a suite of one service: nothing could be tested, which is no data-quality outcome.
        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).isEqualTo("connection failed: no service of the suite can be used:"
                + " service alpha: cannot reach down:1; check source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort;"
                + " service beta: cannot reach down:2; check source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort");
        // Every test of the suite has its outcome: those of the unreachable services not run, each named; the
        // test of a service the suite does not list still Aborted, as when the others run.
        assertThat(result.testsLine()).isEqualTo("4 tests: 0 Success, 0 Failed, 1 Aborted, 3 not run");
        assertThat(runnerFailures(result)).containsExactly(
                "alpha.db.s.t.a_rows: service alpha: cannot reach down:1; check"
                        + " source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort (the test did not run)",
                "beta.db.s.t.b_rows: service beta: cannot reach down:2; check"
                        + " source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort (the test did not run)",
                "beta.db.s.t.c.b_col: service beta: cannot reach down:2; check"
                        + " source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort (the test did not run)");
        // The run's end says what those failures say: not one more error than tests that did not run.
        assertThat(runner(result).errors()).isEqualTo(3);
    }

    @Test
    void aSuiteOfOneUnreachableServiceCountsAndNamesEveryTestAsNotRunInTheSummaryAndTheReport() throws Exception {
        Path report = dir.resolve("report.json");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        String oneService = SUITE.replace("\"alpha:5432\"", "\"down:1\"").replace("""
                    - serviceName: beta
                      serviceConnection:
                        config: {type: Bookcase, hostPort: "beta:5432", username: bob, password: Beta-Secret-2}
            """, "").replace("beta.db", "alpha.db").replace("gamma.db", "alpha.db");
        RunResult result = runtime.ingest(write(oneService), new Metaingest.IngestOptions(Optional.of(report), out, out,
                false, false));

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.fatalError()).isEqualTo("connection failed: service alpha: cannot reach down:1;"
                + " check source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort");
        assertThat(result.testsLine()).isEqualTo("4 tests: 0 Success, 0 Failed, 0 Aborted, 4 not run");
        assertThat(runnerFailures(result)).extracting(f -> f.substring(0, f.indexOf(':'))).containsExactly(
                "alpha.db.s.t.a_rows", "alpha.db.s.t.b_rows", "alpha.db.s.t.c.b_col", "alpha.db.s.t.nowhere");
        assertThat(runner(result).errors()).as("one error per test that did not run, none for the run's end").isEqualTo(4);
        assertThat(ShelfExecutor.EVENTS).as("the executor is made once")
                .containsExactly("open down:1", "close down:1");
        JsonNode written = Mappers.standard().readTree(report.toFile());
        assertThat(written.at("/testResults/NotRun").asLong()).isEqualTo(4);
        assertThat(written.at("/exitCode").asInt()).isEqualTo(3);
        assertThat(written.at("/steps/0/records").asLong()).as("the source read the suite's 4 tests").isEqualTo(4);
        assertThat(written.at("/steps/1/errors").asLong()).isEqualTo(4);
    }

    private static List<String> runnerFailures(RunResult result) {
        return runner(result).failures().stream().map(f -> f.name() + ": " + f.error()).toList();
    }

    private static io.metaingest.runtime.exec.StepSummary runner(RunResult result) {
        return result.steps().stream().filter(step -> step.name().equals("orm-test-runner")).findFirst().orElseThrow();
    }

    @Test
    void aSuiteWithOneUnreachableServiceOfTwoRunsTheOthersTests() throws Exception {
        RunResult result = runQuietly(SUITE.replace("\"alpha:5432\"", "\"down:1\""));

        assertThat(result.connectionFailure()).isFalse();
        assertThat(ShelfExecutor.EVENTS).contains("run beta:5432 b_rows", "run beta:5432 b_col");
        // The unreachable service's test never ran: counted, so a quality gate does not pass it.
        assertThat(result.testsLine()).isEqualTo("4 tests: 2 Success, 0 Failed, 1 Aborted, 1 not run");
        assertThat(result.testsNotPassed()).isEqualTo(2);
    }

    @Test
    void testConnectionTestsEachServiceWithItsOwnConnectorsTester() throws Exception {
        assertThat(runtime.testConnection(write(SUITE))).isEqualTo(new ConnectionTestResult(List.of(
                "alpha: reached alpha:5432 as ann: 0 books", "beta: reached beta:5432 as bob: 0 books"), List.of(), List.of()));
        // A check that passed with a caveat keeps its "warning: " first, the service's name after it.
        assertThat(runtime.testConnection(write(SUITE.replace("password: Beta-Secret-2}",
                "password: Beta-Secret-2, books: [x], failOn: [x]}"))).passed()).containsExactly(
                "alpha: reached alpha:5432 as ann: 0 books", "beta: reached beta:5432 as bob: 1 books",
                "warning: beta: a run cannot map x");

        // A server that echoes the credentials in its error: the message reaches the user masked.
        ConnectionTestResult leaking = runtime.testConnection(write(SUITE.replace("\"beta:5432\"", "\"down:1\", leak: true")));
        assertThat(leaking.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.serviceName()).isEqualTo("beta");
            assertThat(failed.message()).startsWith("cannot reach down:1; check "
                    + "source.sourceConfig.config.serviceConnections[1].serviceConnection.config.hostPort: ")
                    .doesNotContain("Beta-Secret-2");
        });
    }

    @Test
    void testConnectionTestsEveryServiceWhenTheFirstFailsAndListsEachFailureWithItsOwnPath() throws Exception {
        String third = """
                    - serviceName: gamma
                      serviceConnection:
                        config: {type: Shelf, hostPort: "down:3", username: cy}
            processor:""";
        ConnectionTestResult result = runtime.testConnection(write(SUITE.replace("\"alpha:5432\"", "\"down:1\"")
                .replace("processor:", third)));

        assertThat(result.passed()).containsExactly("beta: reached beta:5432 as bob: 0 books");
        assertThat(result.failed()).containsExactly(
                new ConnectionTestResult.Failed("alpha", ConnectionException.Reason.UNREACHABLE, "cannot reach down:1; check "
                        + "source.sourceConfig.config.serviceConnections[0].serviceConnection.config.hostPort"),
                new ConnectionTestResult.Failed("gamma", ConnectionException.Reason.UNREACHABLE, "cannot reach down:3; check "
                        + "source.sourceConfig.config.serviceConnections[2].serviceConnection.config.hostPort"));
        assertThat(result.allPassed()).isFalse();
    }

    /**
     * A shelf that runs tests but has no connection tester, under a type the shelf's connection schema
     * accepts (MetadataShelf, whose own spec is left out of the registry).
     */
    private static final class UntestedShelf extends ShelfSpec {
        @Override public String serviceType() { return "MetadataShelf"; }
        @Override public java.util.Set<String> formerServiceTypes() { return java.util.Set.of(); }
        @Override public Optional<Class<? extends io.metaingest.api.ConnectionTester>> connectionTester() {
            return Optional.empty();
        }
    }

    @Test
    void aServiceWhoseConnectorHasNoTesterIsUntestedNotPassed() throws Exception {
        Metaingest withUntested = ShelfWorkflows.runtime(CLOCK, new ShelfSpec(), new UntestedShelf());

        ConnectionTestResult result = withUntested.testConnection(write(SUITE.replace("type: Bookcase", "type: MetadataShelf")));

        assertThat(result.passed()).containsExactly("alpha: reached alpha:5432 as ann: 0 books");
        assertThat(result.untested()).containsExactly(new ConnectionTestResult.Untested(Optional.of("beta"), "MetadataShelf"));
        assertThat(result.allChecked()).isFalse();
    }

    @Test
    void theTestRunnerServesTestSuitesOnly() throws Exception {
        String metadata = """
                source:
                  type: shelf
                  serviceName: alpha
                  serviceConnection:
                    config: {type: Shelf, hostPort: "alpha:5432"}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                """ + RUNNER_TO_FILE;
        assertThat(problems(metadata)).containsExactly(
                "processor.type: 'orm-test-runner' runs data-quality test suites; use it with source.type: testsuite");
    }

    @Test
    void aSuiteNeedsItsServicesAndTheTestRunner() throws Exception {
        String bare = SUITE.substring(0, SUITE.indexOf("      serviceConnections:"))
                + "      entityFullyQualifiedName: alpha.db.s.t\nsink:\n  type: file\n  config:\n    path: OUT\n";
        assertThat(problems(bare)).containsExactly(
                "source.sourceConfig.config.serviceConnections: missing; list each service of the suite's tables as "
                        + "{serviceName: <name>, serviceConnection: {config: {type: Postgres, ...}}}, or name the"
                        + " OpenMetadata server in workflowConfig.openMetadataServerConfig to read their connections"
                        + " from it",
                "processor: missing; a testsuite workflow runs its tests with processor: {type: orm-test-runner, "
                        + "config: {testCases: [...]}}");
    }
}
