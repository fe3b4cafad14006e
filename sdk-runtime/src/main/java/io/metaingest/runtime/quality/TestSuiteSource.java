package io.metaingest.runtime.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.Result;
import io.metaingest.api.Source;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.TestSuiteConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.quality.EntityLink;
import io.metaingest.api.quality.TestCase;
import io.metaingest.openmetadata.OpenMetadataClient;
import io.metaingest.openmetadata.OpenMetadataConnections;
import io.metaingest.openmetadata.TestSuiteReader;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The source of a test suite workflow: the test cases of the {@code orm-test-runner}'s config, each
 * with the table or column it tests, and, when {@code workflowConfig.openMetadataServerConfig} names
 * a server, the test cases the server keeps for the suite (a basic suite's: its table's
 * {@code <tableFqn>.testSuite}; a logical suite's: the one named {@code source.serviceName}), as
 * OpenMetadata runs every test of a suite. A test case in both is run once, as the file writes it.
 * A basic suite's test names a column of the suite's table ({@code entityFullyQualifiedName} with
 * {@code columnName}, or the table alone); a logical suite's test names its own with an
 * {@code entityLink}, which wins when both are given. When {@code sourceConfig.config.testCases}
 * lists names, the others are filtered out.
 */
public final class TestSuiteSource implements Source<TestCase> {

    private final TestSuiteConfig suite;
    private final OrmTestRunner.Config runner;
    private final WorkflowSettings settings;
    private final WorkflowContext context;
    private final HttpClient http;
    private final ObjectMapper mapper;

    /** Creates the source of a run. */
    @Inject
    public TestSuiteSource(TestSuiteConfig suite, OrmTestRunner.Config runner, WorkflowSettings settings,
                           WorkflowContext context, HttpClient http, ObjectMapper mapper) {
        this.suite = suite;
        this.runner = runner;
        this.settings = settings;
        this.context = context;
        this.http = http;
        this.mapper = mapper;
    }

    /**
     * Lists the test cases.
     *
     * @throws ConnectionException when the configured server cannot be reached or refuses the token
     */
    @Override
    public Stream<Result<TestCase>> read() throws ConnectionException {
        Map<String, Result<TestCase>> byFqn = new LinkedHashMap<>();
        List<Result<TestCase>> unnamed = new ArrayList<>();
        for (OrmTestRunner.TestCaseDefinition definition : runner.testCases()) {
            Result<TestCase> result = testCase(definition);
            if (result instanceof Result.Ok<TestCase> ok) {
                // Two of one FQN are refused when loading (TestCaseNames): none is replaced here.
                byFqn.put(ok.record().fullyQualifiedName(), result);
            } else {
                unnamed.add(result);
            }
        }
        ServerCases server = fromServer();
        server.testCases().forEach(testCase -> byFqn.putIfAbsent(testCase.fullyQualifiedName(), Result.ok(testCase)));
        if (byFqn.isEmpty() && unnamed.isEmpty()) {
            // A suite that runs nothing would end "success - 0 records": a quality gate passing with no test
            // run. Fatal, not one failure among none: no successThreshold may turn it into a pass.
            throw new NothingToRun(server.suiteName() + ": no test case to run: processor.config.testCases"
                    + " defines none, and " + server.whyNone() + "; define test cases in processor.config.testCases,"
                    + " or in OpenMetadata's test suite " + server.suiteName());
        }
        return Stream.of(unnamed.stream(), byFqn.values().stream().map(this::filter), unknownNames(byFqn.values()))
                .flatMap(s -> s);
    }

    /** A suite with no test case at all: the run fails, whatever its threshold. Its message is written for users. */
    static final class NothingToRun extends IllegalStateException implements io.metaingest.api.UserFacingMessage {
        private static final long serialVersionUID = 1L;

        NothingToRun(String message) {
            super(message);
        }
    }

    /** The server's test cases of the suite, and why there are none when so. */
    private record ServerCases(String suiteName, List<TestCase> testCases, String whyNone) {
    }

    /**
     * A failure for each name {@code sourceConfig.config.testCases} asks for that no test case has: a
     * test the user asked to run and that silently did not run would read as a pass.
     */
    private Stream<Result<TestCase>> unknownNames(java.util.Collection<Result<TestCase>> known) {
        if (suite.testCases() == null) {
            return Stream.empty();
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        known.forEach(r -> {
            if (r instanceof Result.Ok<TestCase> ok) {
                names.add(ok.record().name());
            }
        });
        return suite.testCases().stream().filter(name -> !names.contains(name)).distinct()
                .map(name -> Result.failed(name, "source.sourceConfig.config.testCases names " + name + ", which neither"
                        + " processor.config.testCases nor the server's suite has; check the name"));
    }

    private ServerCases fromServer() throws ConnectionException {
        String suiteName = suite.entityFullyQualifiedName() != null
                ? TestSuiteReader.basicSuiteName(suite.entityFullyQualifiedName()) : context.serviceName();
        if (settings.openMetadataServerConfig() == null) {
            return new ServerCases(suiteName, List.of(), "no workflowConfig.openMetadataServerConfig names a server to"
                    + " read the suite's test cases from");
        }
        OpenMetadataClient client = OpenMetadataConnections.client(settings, http, mapper, 1);
        Optional<List<TestCase>> stored = OpenMetadataConnections.connect(client,
                () -> new TestSuiteReader(client).testCases(suiteName));
        return new ServerCases(suiteName, stored.orElse(List.of()), stored.isEmpty()
                ? "OpenMetadata at " + client.baseUrl() + " has no test suite named " + suiteName
                : "OpenMetadata's test suite " + suiteName + " has no test case");
    }

    private Result<TestCase> filter(Result<TestCase> result) {
        if (result instanceof Result.Ok<TestCase> ok && suite.testCases() != null
                && !suite.testCases().contains(ok.record().name())) {
            return Result.filtered(ok.record().name(), "not in source.sourceConfig.config.testCases");
        }
        return result;
    }

    private Result<TestCase> testCase(OrmTestRunner.TestCaseDefinition definition) {
        try {
            return Result.ok(new TestCase(definition.name(), definition.testDefinitionName(), entityLink(definition),
                    definition.parameterValues()));
        } catch (IllegalArgumentException e) {
            return Result.failed(definition.name(), e.getMessage());
        }
    }

    private EntityLink entityLink(OrmTestRunner.TestCaseDefinition definition) {
        return EntityLink.of(definition.entityLink(), definition.columnName(), suite.entityFullyQualifiedName())
                .orElseThrow(() -> new IllegalArgumentException("test case " + definition.name() + " names no table:"
                        + " give it an entityLink (<#E::table::service.database.schema.table>) or set"
                        + " source.sourceConfig.config.entityFullyQualifiedName"));
    }
}
