package io.metaingest.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.runtime.testing.LoadProblems;
import io.metaingest.testconnectors.ShelfConnection;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One golden message per class of configuration problem. */
class WorkflowLoaderTest {

    static final String VALID = """
            source:
              type: shelf
              serviceName: local_db
              serviceConnection:
                config:
                  type: Shelf
                  hostPort: localhost:5432
                  password: s3cr3t-pw
              sourceConfig:
                config:
                  type: DatabaseMetadata
                  schemaFilterPattern:
                    excludes: ["^tmp"]
            sink:
              type: file
              config:
                path: out.ndjson
            workflowConfig:
              loggerLevel: INFO
              successThreshold: 80
            """;

    @TempDir
    Path dir;

    private final WorkflowLoader loader = new WorkflowLoader(
            ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
            Mappers.standard(), Map.of("PORT", "6543")::get);

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private List<String> problems(String yaml) throws Exception {
        return LoadProblems.problemsOf(() -> loader.load(write(yaml)));
    }

    @Test
    void loadsAndBindsAValidWorkflow() throws Exception {
        LoadedWorkflow workflow = loader.load(write(VALID));
        assertThat(workflow.spec().spec().serviceType()).isEqualTo("Shelf");
        assertThat(workflow.context().kind()).isEqualTo(WorkflowKind.METADATA);
        assertThat(workflow.context().serviceName()).isEqualTo("local_db");
        DatabaseMetadataConfig config = (DatabaseMetadataConfig) workflow.sourceConfig();
        assertThat(config.includeViews()).isTrue();
        assertThat(config.includeOwners()).isFalse();
        assertThat(config.schemaFilterPattern().includes("tmp_x")).isFalse();
        assertThat(workflow.settings().successThreshold()).isEqualTo(80);
        assertThat(workflow.sink().orElseThrow().name()).isEqualTo("file");
        assertThat(workflow.secrets()).containsExactly("s3cr3t-pw");
        assertThat(workflow.warnings()).isEmpty();
    }

    @Test
    void jsonFilesWorkToo() throws Exception {
        Path file = dir.resolve("w.json");
        Files.writeString(file, """
                {"source": {"type": "shelf-lineage", "serviceName": "s",
                  "serviceConnection": {"config": {"type": "Shelf", "hostPort": "h:1"}},
                  "sourceConfig": {"config": {"type": "DatabaseLineage"}}},
                 "sink": {"type": "console"}}""");
        assertThat(loader.load(file).context().kind()).isEqualTo(WorkflowKind.LINEAGE);
    }

    @Test
    void yamlSyntaxError() throws Exception {
        // Where the unclosed list begins, not the end of the file where the parser noticed.
        assertThat(problems("source:\n  type: [unclosed\n")).singleElement().asString()
                .isEqualTo(dir.resolve("workflow.yaml") + ":2:9: not valid YAML: a list opened here with '[' is never"
                        + " closed with ']'");
    }

    /** Each malformed file is one line: where, and what in plain words, without the parser's tokens or event classes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "? {a: 1}\\n: x\\n"                   | 1:4 | a mapping where a key was expected; a key is a plain name: check the indentation, or quote the key
            "[a, b]: c\\n"                        | 1:2 | a list where a key was expected; a key is a plain name: check the indentation, or quote the key
            "source:\\n  type: x\\n bad: y\\n"      | 3:2 | a key indented unlike the lines before it; check the indentation
            "source:\\n  - a\\n  b: c\\n"           | 3:3 | a key among the items of a list ('- '); check the indentation
            "a: b: c\\n"                          | 1:5 | a ':' where no key can start; check the indentation, or quote a value that holds ': '
            "source: 'unclosed\\n"               | 1:9 | a quoted value opened here is never closed; add its closing quote
            "source: {type: x\\n"                 | 1:9 | a mapping opened here with '{' is never closed with '}'
            "source: [a, b}\\n"                   | 1:9 | a list opened here with '[' has '}' where ',' or ']' was expected; close it with ']' where it ends, or quote a value that holds '}'
            "source:\\n  serviceName: [x\\n  type: y\\n" | 2:16 | a list opened here with '[' has ':' where ',' or ']' was expected; close it with ']' where it ends, or quote a value that holds ':'
            "a: @b\\n"                            | 1:4 | '@' cannot start a value; quote the value
            """)
    void aYamlSyntaxErrorIsOneLineInPlainWords(String yaml, String at, String what) throws Exception {
        String text = yaml.replace("\\n", "\n");
        assertThat(problems(text)).singleElement().asString()
                .isEqualTo(dir.resolve("workflow.yaml") + ":" + at + ": not valid YAML: " + what)
                .doesNotContain("org.yaml").doesNotContain("Event").doesNotContain("<").doesNotContain("\n");
    }

    /** A file that holds no workflow object says what it holds instead, in the words the other messages use. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "- source: {}\\n- sink: {}\\n" | a list
            "just some text\\n"            | a string
            "42\\n"                        | a number
            "1.5\\n"                       | a number
            "true\\n"                      | a boolean (true or false)
            "~\\n"                         | empty
            "# only a comment\\n"          | empty
            "!!binary aGVsbG8=\\n"         | a binary value
            """)
    void aFileThatHoldsNoObjectSaysWhatItHolds(String yaml, String what) throws Exception {
        assertThat(problems(yaml.replace("\\n", "\n"))).containsExactly(dir.resolve("workflow.yaml")
                + ": the file must hold an object with source, sink and workflowConfig; it is " + what);
    }

    /** A file one edit away from a valid one gets exactly one line: the path, what is wrong, and the fix. */
    @ParameterizedTest(name = "{index}: {1}")
    @MethodSource("oneEdits")
    void oneEditGivesOneLine(String from, String to, String line) throws Exception {
        assertThat(problems(VALID.replace(from, to))).containsExactly(line);
    }

    static Stream<Arguments> oneEdits() {
        return Stream.of(
                // unknown fields: the closest known one, in the section and in the connector's schema
                arguments("serviceName:", "serviceNme:",
                        "source.serviceNme: unknown field; did you mean 'serviceName'?"),
                arguments("hostPort: localhost:5432", "hostport: localhost:5432",
                        "source.serviceConnection.config.hostport: unknown field; did you mean 'hostPort'?"),
                // a field 1.6 moved, and fields the connector's schema retired (as dbt Cloud's does of jobId)
                arguments("type: DatabaseMetadata", "type: DatabaseMetadata\n      overrideViewLineage: true",
                        "source.sourceConfig.config.overrideViewLineage: unknown field: moved in 1.6 to the "
                        + "DatabaseLineage workflow (view lineage is the lineage workflow's job now, source.type: "
                        + "<service>-lineage); `metaingest migrate` writes that workflow beside this one"),
                arguments("hostPort: localhost:5432", "hostPort: localhost:5432\n      book: emma",
                        "source.serviceConnection.config.book: unknown field: replaced by books in 1.6: "
                        + "write books: [\"<book>\"] (a list of book names); `metaingest migrate` rewrites it"),
                arguments("hostPort: localhost:5432", "hostPort: localhost:5432\n      user: ann",
                        "source.serviceConnection.config.user: unknown field: renamed to username in 1.6; "
                        + "`metaingest migrate` rewrites it"),
                arguments("hostPort: localhost:5432", "hostPort: localhost:5432\n      archive: true",
                        "source.serviceConnection.config.archive: unknown field: removed in 1.6: archived books "
                        + "are not read any more; delete the field"),
                // a field of another section says where it belongs
                arguments("serviceName: local_db", "serviceName: local_db\n  bulkSink: {type: x}",
                        "source.bulkSink: unknown field here; it belongs at the top level"),
                // wrong type and range; a fraction (OpenMetadata's threshold is an integer too) names the fix
                arguments("successThreshold: 80", "successThreshold: high",
                        "workflowConfig.successThreshold: must be an integer, not a string;"
                        + " write a whole number without quotes"),
                arguments("successThreshold: 80", "successThreshold: 150",
                        "workflowConfig.successThreshold: must be at most 100; use a value from 0 to 100"),
                arguments("successThreshold: 80", "successThreshold: 99.95",
                        "workflowConfig.successThreshold: must be an integer, not a number; write a whole percentage from 0 to"
                        + " 100, e.g. 99"),
                // an enum: a likely typo, the wrong case or a longer form (Python's WARNING) names the schema's value
                arguments("loggerLevel: INFO", "loggerLevel: LOUD",
                        "workflowConfig.loggerLevel: must be one of [DEBUG, INFO, WARN, ERROR]"),
                arguments("loggerLevel: INFO", "loggerLevel: WRAN",
                        "workflowConfig.loggerLevel: must be one of [DEBUG, INFO, WARN, ERROR]; did you mean 'WARN'?"),
                arguments("loggerLevel: INFO", "loggerLevel: debug",
                        "workflowConfig.loggerLevel: must be one of [DEBUG, INFO, WARN, ERROR]; did you mean 'DEBUG'?"),
                arguments("loggerLevel: INFO", "loggerLevel: WARNING",
                        "workflowConfig.loggerLevel: must be one of [DEBUG, INFO, WARN, ERROR]; did you mean 'WARN'?"),
                // an unknown service type: the closest installed one
                arguments("type: Shelf", "type: Shlef",
                        "source.serviceConnection.config.type: unknown service type 'Shlef'; did you mean 'Shelf'? "
                        + "Installed: MetadataShelf, Shelf (see `metaingest connectors list`; a connector outside the distribution"
                        + " is loaded from a plugin folder given with --plugins DIR, which replaces the distribution's plugins/ folder)"),
                // a source type that does not match the workflow's kind
                arguments("type: shelf", "type: shelf-lineage",
                        "source.type: 'shelf-lineage' does not match a DatabaseMetadata workflow of Shelf; write 'shelf'"),
                arguments("type: DatabaseMetadata", "type: DatabaseLineage",
                        "source.type: 'shelf' does not match a DatabaseLineage workflow of Shelf; write 'shelf-lineage'"),
                // an invalid filter pattern
                arguments("[\"^tmp\"]", "[\"^tmp(\"]",
                        "source.sourceConfig.config.schemaFilterPattern.excludes[0]: invalid regular expression \"^tmp(\" "
                        + "(Unclosed group near index 5); fix the expression"),
                // an unset variable; the literal left in place would not match hostPort's pattern: one problem, said once
                arguments("s3cr3t-pw", "${DB_PASSWORD}",
                        "source.serviceConnection.config.password: environment variable DB_PASSWORD is not set; export it, or write ${DB_PASSWORD:-<default>}"),
                arguments("localhost:5432", "${SHELF_HOST}",
                        "source.serviceConnection.config.hostPort: environment variable SHELF_HOST is not set; export it, or write ${SHELF_HOST:-<default>}"),
                // the sink's type and fields
                arguments("type: file", "type: fiel",
                        "sink.type: unknown sink type 'fiel'; did you mean 'file'?; available: console, file, metadata-rest"),
                arguments("    path: out.ndjson", "    pth: out.ndjson",
                        "sink.config.pth: unknown field; did you mean 'path'?"));
    }

    /** A misspelt required field is one mistake, told once: the line naming the misspelling says the fix. */
    @Test
    void unknownFieldWithDidYouMean() throws Exception {
        assertThat(problems(VALID.replace("serviceName: ", "zzzzzzzzzzzz: "))).as("no typo: two mistakes").hasSize(2)
                .first().asString().isEqualTo("source.serviceName: required field is missing (the OpenMetadata service the"
                        + " entities belong to); add it");
    }


    /**
     * The sourceConfig as an OpenMetadata 1.6 server writes it into the workflows it deploys: every
     * field with its default, including the two for stored procedures' query logs that metaingest
     * does not use. None of it may be an unknown field.
     */
    @Test
    void aMetadataSourceConfigAsOpenMetadataWritesItLoads() throws Exception {
        LoadedWorkflow workflow = loader.load(write(VALID.replace("type: DatabaseMetadata", """
                type: DatabaseMetadata
                      markDeletedTables: true
                      markDeletedStoredProcedures: true
                      includeTables: true
                      includeViews: true
                      includeTags: true
                      includeOwners: false
                      includeStoredProcedures: true
                      includeDDL: false
                      overrideMetadata: false
                      queryLogDuration: 1
                      queryParsingTimeoutLimit: 300
                      useFqnForFiltering: false
                      threads: 1
                      incremental: {enabled: false, lookbackDays: 7, safetyMarginDays: 1}""")));
        assertThat(workflow.context().kind()).isEqualTo(WorkflowKind.METADATA);
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      queryLogDuration: soon")))
                .containsExactly("source.sourceConfig.config.queryLogDuration: must be an integer, not a string;"
                        + " write a whole number without quotes");
    }

    /** The server's part of a workflow as OpenMetadata's server writes it into the pipelines it deploys. */
    static final String SERVER_AS_OPENMETADATA_WRITES_IT = """
            workflowConfig:
              loggerLevel: DEBUG
              raiseOnError: true
              successThreshold: 90
              openMetadataServerConfig:
                clusterName: openmetadata
                type: OpenMetadata
                hostPort: http://openmetadata-server:8585/api
                authProvider: openmetadata
                verifySSL: no-ssl
                securityConfig:
                  jwtToken: "bot-jwt"
                secretsManagerProvider: db
                secretsManagerLoader: noop
                apiVersion: v1
                includeTopics: true
                includeTables: true
                includeDashboards: true
                includePipelines: true
                includeMlModels: true
                includeUsers: true
                includeTeams: true
                includeGlossaryTerms: true
                includeTags: true
                includePolicy: true
                includeMessagingServices: true
                enableVersionValidation: true
                includeDatabaseServices: true
                includePipelineServices: true
                limitRecords: 1000
                forceEntityOverwriting: false
                storeServiceConnection: true
                elasticsSearch: null
                supportsDataInsightExtraction: true
                supportsElasticSearchReindexingExtraction: true
                extraHeaders: null
            ingestionPipelineFQN: local_db.metadata
            enableStreamableLogs: false
            """;

    /**
     * A workflow as OpenMetadata's server deploys it (container mode runs exactly this): every field of
     * its server connection and sourceConfig with its default. None of it may be an unknown field.
     */
    @Test
    void aWorkflowAsOpenMetadataDeploysItLoads() throws Exception {
        String deployed = VALID.substring(0, VALID.indexOf("sink:")).replace("""
                      schemaFilterPattern:
                        excludes: ["^tmp"]
                """, """
                      markDeletedSchemas: false
                      markDeletedDatabases: false
                      overrideLineage: false
                      queryLogDuration: 1
                      queryParsingTimeoutLimit: 300
                """) + "sink:\n  type: metadata-rest\n  config: {}\n" + SERVER_AS_OPENMETADATA_WRITES_IT;
        LoadedWorkflow workflow = loader.load(write(deployed));
        assertThat(workflow.settings().openMetadataServerConfig().storeServiceConnection()).isTrue();
        assertThat(workflow.ingestionPipelineFqn()).contains("local_db.metadata");
    }

    /** {@code workflowConfig.config} is in OpenMetadata's schema; nothing here reads it, which a warning says when it has keys. */
    @Test
    void componentConfigLoadsAndItsKeysAreWarnedOfAsIgnored() throws Exception {
        String file = VALID.substring(0, VALID.indexOf("workflowConfig:")) + SERVER_AS_OPENMETADATA_WRITES_IT;
        assertThat(loader.load(write(file.replace("  raiseOnError: true\n", "  raiseOnError: true\n  config: {}\n")))
                .warnings()).noneMatch(w -> w.contains("workflowConfig.config"));
        assertThat(loader.load(write(file.replace("  raiseOnError: true\n",
                "  raiseOnError: true\n  config: {retries: 3, mode: fast}\n"))).warnings())
                .contains("workflowConfig.config: no metaingest step reads it; ignored: retries, mode");
        assertThat(problems(file.replace("  raiseOnError: true\n", "  raiseOnError: true\n  config: [retries]\n")))
                .containsExactly("workflowConfig.config: must be an object (key: value pairs), not a list");
    }

    /** OpenMetadata 1.6 writes overrideMetadata (false) into every pipeline workflow it deploys. */
    @Test
    void aPipelineSourceConfigAsOpenMetadataWritesItLoadsAndAQueryLogFileIsRefusedWithWhy() throws Exception {
        String pipeline = VALID.replace("""
                      type: DatabaseMetadata
                      schemaFilterPattern:
                        excludes: ["^tmp"]
                """, """
                      type: DatabaseLineage
                      queryLogFilePath: /var/log/queries.csv
                """).replace("type: shelf\n", "type: shelf-lineage\n");
        assertThat(problems(pipeline)).containsExactly("source.sourceConfig.config.queryLogFilePath: not supported here:"
                + " metaingest reads the queries from the database (pg_stat_statements); remove queryLogFilePath");
        JsonNode schema = Mappers.standard().readTree(getClass().getResourceAsStream("/schemas/sourceConfig/PipelineMetadata.json"));
        assertThat(SchemaValidator.validate(Mappers.standard().readTree(
                "{\"type\": \"PipelineMetadata\", \"includeLineage\": true, \"overrideMetadata\": false, \"overrideLineage\": false,"
                        + " \"markDeletedPipelines\": true, \"includeUnDeployedPipelines\": true, \"includeTags\": true,"
                        + " \"includeOwners\": true}"), schema, "source.sourceConfig.config", "PipelineMetadata")).isEmpty();
    }

    @Test
    void aClassificationFilterOfTheProfilerIsRefusedWithWhy() throws Exception {
        assertThat(problems(VALID.replace("""
                      type: DatabaseMetadata
                      schemaFilterPattern:
                        excludes: ["^tmp"]
                """, """
                      type: Profiler
                      samplingMethodType: BERNOULLI
                      classificationFilterPattern: {includes: ["PII"]}
                """))).containsExactly("source.sourceConfig.config.classificationFilterPattern: not supported here:"
                + " metaingest selects tables by name (databaseFilterPattern, schemaFilterPattern, tableFilterPattern),"
                + " not by their tags; remove classificationFilterPattern");
    }

    /** A value of OpenMetadata's that metaingest cannot honour says why and what to write, not "unknown field". */
    @Test
    void anOpenMetadataSettingMetaingestCannotHonourSaysWhyAndTheFix() throws Exception {
        String file = VALID.substring(0, VALID.indexOf("workflowConfig:")) + SERVER_AS_OPENMETADATA_WRITES_IT
                .replace("secretsManagerProvider: db", "secretsManagerProvider: aws")
                .replace("raiseOnError: true", "raiseOnError: false")
                .replace("extraHeaders: null", "extraHeaders: {X-Proxy: on}")
                .replace("enableStreamableLogs: false", "enableStreamableLogs: true");
        assertThat(problems(file.replace("type: DatabaseMetadata",
                "type: DatabaseMetadata\n      markDeletedSchemas: true\n      overrideMetadata: true")))
                .containsExactlyInAnyOrder(
                        "source.sourceConfig.config.overrideMetadata: not supported here: metaingest never replaces"
                                + " what was edited on the server; remove overrideMetadata or set it false",
                        "enableStreamableLogs: not supported here: metaingest does not stream its logs to the server;"
                                + " remove enableStreamableLogs or set it false",
                        "source.sourceConfig.config.markDeletedSchemas: not supported here: metaingest marks deleted"
                                + " tables and stored procedures only (markDeletedTables, markDeletedStoredProcedures);"
                                + " remove markDeletedSchemas or set it false",
                        "workflowConfig.raiseOnError: not supported here: a run that fails, or stays below"
                                + " successThreshold, always ends with an error here (exit 1; 3 when a connection"
                                + " failed); remove raiseOnError or set it true",
                        "workflowConfig.openMetadataServerConfig.secretsManagerProvider: not supported here:"
                                + " metaingest reads secrets from the workflow file and its environment, not from a secrets"
                                + " manager: use db (the values are then in the workflow as the server wrote it)",
                        "workflowConfig.openMetadataServerConfig.extraHeaders: not supported here: metaingest"
                                + " sends no extra headers to the server; remove extraHeaders");
    }


    @Test
    void profilerFieldsMovedToAutoClassification() throws Exception {
        String profiler = VALID
                .replace("type: DatabaseMetadata", "type: Profiler\n      generateSampleData: true\n      processPiiSensitive: true\n      confidence: 90");
        assertThat(problems(profiler)).containsExactly(
                "source.sourceConfig.config.confidence: unknown field: moved in 1.6 to the AutoClassification workflow"
                        + "; `metaingest migrate` writes that workflow beside this one",
                "source.sourceConfig.config.generateSampleData: unknown field: moved in 1.6 to the AutoClassification workflow"
                        + " as storeSampleData; `metaingest migrate` writes that workflow beside this one",
                "source.sourceConfig.config.processPiiSensitive: unknown field: moved in 1.6 to the AutoClassification workflow"
                        + " as enableAutoClassification; `metaingest migrate` writes that workflow beside this one");
    }


    /** A field of another section of the same workflow, written in the wrong one, is told where it belongs. */
    @Test
    void aFieldInTheWrongSectionSaysWhereItBelongs() throws Exception {
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      hostPort: db:5432")
                .replace("password: s3cr3t-pw", "password: s3cr3t-pw\n      markDeletedTables: true")
                .replace("serviceName: local_db", "serviceName: local_db\n  successThreshold: 90")))
                .containsExactlyInAnyOrder(
                        "source.sourceConfig.config.hostPort: unknown field here; it belongs in source.serviceConnection.config",
                        "source.serviceConnection.config.markDeletedTables: unknown field here; it belongs in"
                                + " source.sourceConfig.config",
                        "source.successThreshold: unknown field here; it belongs in workflowConfig");
        // A name no other section knows keeps the list of the fields there are.
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      colour: red")))
                .singleElement().satisfies(p -> assertThat(p).startsWith(
                        "source.sourceConfig.config.colour: unknown field; known fields: "));
    }




    @Test
    void formerServiceTypeIsAcceptedWithAWarning() throws Exception {
        String shelf = """
                source:
                  type: shelf
                  serviceName: s
                  serviceConnection: {config: {type: Bookcase, hostPort: "h:${PORT}"}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: console}
                """;
        LoadedWorkflow workflow = loader.load(write(shelf));
        assertThat(workflow.spec().spec().serviceType()).isEqualTo("Shelf");
        assertThat(workflow.warnings()).containsExactly(
                "source.serviceConnection.config.type: 'Bookcase' is deprecated; write 'Shelf' (`metaingest migrate` rewrites it)");
        assertThat(((ShelfConnection) workflow.connection()).hostPort()).isEqualTo("h:6543");
    }

    /** An empty pattern matches every name: a warning says what it does, in includes and in excludes, by its path. */
    @Test
    void anEmptyPatternIsWarnedOf() throws Exception {
        String shelf = """
                source:
                  type: shelf
                  serviceName: s
                  serviceConnection: {config: {type: Shelf, hostPort: "h:1"}}
                  sourceConfig: {config: {type: DatabaseMetadata, schemaFilterPattern: {excludes: ["^tmp", ""]},
                    tableFilterPattern: {includes: [""]}}}
                sink: {type: console}
                """;
        assertThat(loader.load(write(shelf)).warnings()).containsExactly(
                "source.sourceConfig.config.schemaFilterPattern.excludes[1]: an empty pattern matches every name, so it"
                        + " drops every one; remove it, or write the names it is meant to match",
                "source.sourceConfig.config.tableFilterPattern.includes[0]: an empty pattern matches every name, so it"
                        + " lets every one through; remove it, or write the names it is meant to match");
    }

    @Test
    void unsupportedWorkflowKindAndMismatchedSourceType() throws Exception {
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: DatabaseUsage")
                .replace("type: Shelf", "type: MetadataShelf"))).containsExactly(
                "source.sourceConfig.config.type: MetadataShelf has no usage workflow; it supports: metadata");
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: PipelineMetadata"))).contains(
                "source.sourceConfig.config.type: 'PipelineMetadata' does not fit a database service; write 'DatabaseMetadata'");
    }



    /** A suite as OpenMetadata's server writes it is checked as a suite, but its lines name the paths of its file. */
    @Test
    void aSuiteInTheServersFormNamesThePathsOfItsFile() throws Exception {
        String suite = """
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection:
                    config: {type: Shelf, hostPrt: "localhost:5432", password: s3cr3t-pw}
                  sourceConfig:
                    config: {type: TestSuite, entityFullyQualifiedName: local_db.shop.public.orders}
                processor: {type: orm-test-runner, config: {}}
                sink: {type: file, config: {path: out.ndjson}}
                """;
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(write(suite)));
        assertThat(e.problems()).map(ConfigProblem::toString)
                .contains("source.serviceConnection.config.hostPrt: unknown field; did you mean 'hostPort'?")
                .noneMatch(p -> p.contains("serviceConnections[0].serviceConnection"));
        assertThat(e.warnings()).noneMatch(w -> w.contains("serviceConnections[0].serviceConnection"));
    }

    /** The warning that a suite in the server's form runs as a suite names where its file has the connection. */
    @Test
    void aSuiteInTheServersFormIsToldWithThePathsOfItsFile() throws Exception {
        String suite = """
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection:
                    config: {type: Shelf, hostPort: "localhost:5432", password: s3cr3t-pw}
                  sourceConfig:
                    config: {type: TestSuite, entityFullyQualifiedName: local_db.shop.public.orders}
                processor: {type: orm-test-runner, config: {}}
                sink: {type: file, config: {path: out.ndjson}}
                """;
        String told = "source.type 'shelf' with a TestSuite sourceConfig (as OpenMetadata's server writes the suites"
                + " it deploys) runs as the test suite of service 'local_db': its connection is ";
        WorkflowLoader suites = loader.withTestSuiteSource(io.metaingest.runtime.quality.TestSuiteSource.class);
        assertThat(suites.load(write(suite)).warnings()).contains(told + "source.serviceConnection.config")
                .noneMatch(w -> w.contains("serviceConnections"));

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> suites.load(write(
                suite.replaceAll("(?m)^  serviceConnection:\n.*\n", ""))));
        assertThat(e).isNotNull();
        assertThat(e.warnings()).contains(told + "read from the OpenMetadata server by source.serviceName")
                .noneMatch(w -> w.contains("serviceConnections"));
        assertThat(e.problems()).map(ConfigProblem::toString).isNotEmpty().noneMatch(p -> p.contains("serviceConnections"));
    }

    /** The file shows only the reference, so the line says which variable left the value empty. */
    @Test
    void aValueLeftEmptyByASetButEmptyVariableNamesIt() throws Exception {
        WorkflowLoader withEmpty = new WorkflowLoader(
                ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("SVC", "")::get);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> withEmpty.load(
                write(VALID.replace("serviceName: local_db", "serviceName: \"${SVC}\""))));
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly("source.serviceName: must not be empty"
                + " (environment variable SVC is set but empty); give it a value");
        // So does a default that is empty too.
        e = catchThrowableOfType(InvalidConfigException.class, () -> withEmpty.load(
                write(VALID.replace("serviceName: local_db", "serviceName: \"${SVC:-}\""))));
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly("source.serviceName: must not be empty"
                + " (environment variable SVC is set but empty); give it a value");
        // As in the shell, ":-" takes the default for an empty variable too.
        LoadedWorkflow workflow = withEmpty.load(write(VALID.replace("serviceName: local_db", "serviceName: \"${SVC:-dflt}\"")));
        assertThat(workflow.context().serviceName()).isEqualTo("dflt");
    }

    /**
     * A number or boolean setting given one unquoted reference whose value is no number or boolean names the variable:
     * the file has no quotes to remove ("write a whole number without quotes" pointed at nothing the user wrote).
     */
    @Test
    void aNumberSettingWhoseUnquotedVariableHoldsTextNamesTheVariable() throws Exception {
        WorkflowLoader withText = new WorkflowLoader(
                ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("THR", "high", "INC", "yes")::get);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> withText.load(write(
                VALID.replace("successThreshold: 80", "successThreshold: ${THR}")
                        .replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      includeTables: $INC"))));
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactlyInAnyOrder(
                "workflowConfig.successThreshold: must be an integer, not a string: the value of environment variable"
                        + " THR (${THR}) is not a whole number; set THR to a whole number",
                "source.sourceConfig.config.includeTables: must be true or false, not a string: the value of environment"
                        + " variable INC ($INC) is not true or false; set INC to true or false");
        assertThat(e.problems()).map(ConfigProblem::toString).noneMatch(p -> p.contains("high") || p.contains("yes"));
        // Written in the file, the value keeps the schema's own line.
        assertThat(problems(VALID.replace("successThreshold: 80", "successThreshold: \"high\""))).containsExactly(
                "workflowConfig.successThreshold: must be an integer, not a string; write a whole number without quotes");
    }

    /** An empty token or pipeline name cannot work: refused when loading, not by the server at the run's start. */
    @Test
    void anEmptyTokenOrPipelineNameIsAProblem() throws Exception {
        WorkflowLoader withEmpty = new WorkflowLoader(
                ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("OM_JWT", "")::get);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> withEmpty.load(write(
                "ingestionPipelineFQN: \"\"\n" + VALID.replace("successThreshold: 80", "successThreshold: 80\n"
                        + "  openMetadataServerConfig: {hostPort: \"http://localhost:8585/api\", authProvider: openmetadata,"
                        + " securityConfig: {jwtToken: \"${OM_JWT}\"}}"))));
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactlyInAnyOrder(
                "ingestionPipelineFQN: must not be empty; give it a value, or remove the line to leave it unset",
                "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken: must not be empty (environment variable"
                        + " OM_JWT is set but empty); give it a value");
    }

    /**
     * The bot's token is needed wherever it is written (without it securityConfig is refused, or missing for the
     * server's calls), so its fix never says to remove the line; a token of spaces is refused as an empty one.
     */
    @Test
    void aTokenOfSpacesIsRefusedAsEmptyAndNeverToBeRemoved() throws Exception {
        String server = "successThreshold: 80\n  openMetadataServerConfig: {hostPort: \"http://localhost:8585/api\","
                + " authProvider: openmetadata, securityConfig: {jwtToken: %s}}";
        String path = "workflowConfig.openMetadataServerConfig.securityConfig.jwtToken: ";
        WorkflowLoader withSpaces = new WorkflowLoader(
                ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("OM_JWT", "   ", "OM_JWT_TAB", "\t")::get);
        Map<String, String> expected = Map.of(
                "\"\"", "must not be empty; give it a value",
                "\"   \"", "must not be empty (only spaces); give it a value",
                "\"${OM_JWT}\"", "must not be empty (environment variable OM_JWT holds only spaces); give it a value",
                "\"$OM_JWT_TAB\"", "must not be empty (environment variable OM_JWT_TAB holds only spaces); give it a value");
        for (Map.Entry<String, String> token : expected.entrySet()) {
            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> withSpaces.load(write(
                    VALID.replace("successThreshold: 80", server.formatted(token.getKey())))));
            assertThat(e).as(token.getKey()).isNotNull();
            assertThat(e.problems()).as(token.getKey()).map(ConfigProblem::toString)
                    .containsExactly(path + token.getValue());
        }
        // A token with spaces around it is a value (the server judges it).
        assertThat(withSpaces.load(write(VALID.replace("successThreshold: 80", server.formatted("\" tok \""))))).isNotNull();
    }

    @Test
    void theWarningsFoundBeforeTheProblemsTravelWithThem() throws Exception {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(write(
                VALID.replace("type: Shelf", "type: Bookcase").replace("successThreshold: 80", "successThreshold: 101"))));
        assertThat(e.problems()).singleElement().asString().startsWith("workflowConfig.successThreshold: ");
        assertThat(e.warnings()).containsExactly(
                "source.serviceConnection.config.type: 'Bookcase' is deprecated; write 'Shelf' (`metaingest migrate` rewrites it)");
    }

    /** Read whatever its case, as a user would expect, but said: the same file would fail on OpenMetadata. */
    @Test
    void aServiceTypeInAnotherCaseIsReadAndCorrected() throws Exception {
        LoadedWorkflow loaded = loader.load(write(VALID.replace("type: Shelf", "type: shelf")));

        assertThat(loaded.warnings()).containsExactly("source.serviceConnection.config.type: 'shelf' is read as 'Shelf';"
                + " write 'Shelf': OpenMetadata's service types are case-sensitive, and it refuses 'shelf'");
        assertThat(loader.load(write(VALID)).warnings()).isEmpty();
    }


    @Test
    void missingSinkAndMissingConnection() throws Exception {
        String noSink = VALID.substring(0, VALID.indexOf("sink:"));
        assertThat(problems(noSink)).containsExactly(
                "sink: missing; add for example sink: {type: file, config: {path: out.ndjson}}");
        String noConnection = VALID.replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:");
        assertThat(problems(noConnection)).singleElement().asString().startsWith("source.serviceConnection: missing;");
    }

    @Test
    void threeMistakesGiveThreeLinesAtOnce() throws Exception {
        String broken = VALID.replace("serviceName: local_db", "serviceName: local_db\n  serviceNam: x")
                .replace("successThreshold: 80", "successThreshold: 101")
                .replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      includeViewz: true");
        assertThat(problems(broken)).hasSize(3).allSatisfy(line -> assertThat(line).matches("^[a-zA-Z.\\[\\]0-9]+: .*"));
    }

    @Test
    void settingsThatHoldASecretsTextAreNamedInOneWarning() throws Exception {
        // A password that is part of the service's name, the host and the sink's file name: all show masked.
        LoadedWorkflow workflow = loader.load(write(VALID.replace("password: s3cr3t-pw", "password: local")
                .replace("path: out.ndjson", "path: local-out.ndjson")));
        assertThat(workflow.warnings()).containsExactly("source.serviceName, source.serviceConnection.config.hostPort, sink.config.path hold the text of a secret"
                + " of this workflow, so they show as ****** in logs, the report and records wherever the text occurs;"
                + " a secret that is no name or setting keeps the output readable");
        assertThat(workflow.warnings().get(0)).doesNotContain("local");
    }

    @Test
    void aSecretTooShortToMaskInFreeTextIsNamedByItsPathAtLoad() throws Exception {
        LoadedWorkflow workflow = loader.load(write(VALID.replace("password: s3cr3t-pw", "password: x")));
        assertThat(workflow.warnings()).containsExactly("source.serviceConnection.config.password is shorter than 4"
                + " characters; it is masked where it appears as a field value, not inside free text (log lines,"
                + " messages), where hiding it would garble every word holding it: use a longer secret");
        assertThat(workflow.masker().mask("x")).isEqualTo("******");
        assertThat(workflow.masker().mask("next: x")).isEqualTo("next: x");
        assertThat(loader.load(write(VALID.replace("password: s3cr3t-pw", "password: abcd"))).warnings()).isEmpty();
    }

    @Test
    void excludesBesideIncludesIsNamedOnceAsIgnored() throws Exception {
        LoadedWorkflow workflow = loader.load(write(VALID.replace("excludes: [\"^tmp\"]",
                "excludes: [\"^tmp\", \"^old\"]\n        includes: [\"^app\"]")));
        assertThat(workflow.warnings()).containsExactly("source.sourceConfig.config.schemaFilterPattern.excludes is"
                + " ignored because includes is set (OpenMetadata's rule); move the names into includes' regex or drop excludes");
        assertThat(loader.load(write(VALID.replace("excludes: [\"^tmp\"]",
                "excludes: [\"^tmp\"]\n        includes: []"))).warnings()).as("empty includes: excludes apply").isEmpty();
    }

    @Test
    void secretsNeverAppearInProblems() throws Exception {
        String bad = VALID.replace("password: s3cr3t-pw", "password: 12345");
        assertThat(String.join("\n", problems(bad))).doesNotContain("12345");
    }

    @Test
    void missingFile() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> loader.load(dir.resolve("nope.yaml")));
        assertThat(e.problems()).singleElement().asString().endsWith("nope.yaml: no such file; check the path given to -c");
    }

    /** {@code -c -} is no file named "-": standard input is not read, and the two ways a workflow comes are named. */
    @Test
    void aDashForStandardInputSaysItIsNotReadAndWhereAWorkflowComesFrom() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(Path.of("-")));
        assertThat(e.problems()).singleElement().asString().isEqualTo("-c -: standard input is not read; give a"
                + " workflow file, or (as in OpenMetadata's container) set the environment variable config to the"
                + " workflow's text and run metaingest without arguments");
    }

    @Test
    void profilerRunsUnderThePlainServiceTypeAsInOpenMetadata() throws Exception {
        String profiler = VALID.replace("type: DatabaseMetadata", "type: Profiler");
        assertThat(loader.load(write(profiler)).context().kind()).isEqualTo(WorkflowKind.PROFILER);
        assertThat(problems(profiler.replace("type: shelf", "type: shelf-profiler"))).containsExactly(
                "source.type: 'shelf-profiler' does not match a Profiler workflow of Shelf; write 'shelf'");
    }


    /**
     * OpenMetadata's documented profiler file has no serviceConnection (the server gives it): when the server cannot,
     * that is the one line; the connector is still the one source.type names, so its own orm-profiler is no problem.
     */
    @Test
    void aConnectionTheServerCannotGiveLeavesTheStepsOfTheConnectorSourceTypeNames() throws Exception {
        WorkflowLoader notOnServer = new WorkflowLoader(
                ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.MetadataShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), name -> null, (workflowConfig, serviceName, category) -> {
                    throw new ServerConnections.Unavailable("missing, and the server has no service " + serviceName);
                });
        String profiler = VALID.replaceAll("(?s)  serviceConnection:.*?  sourceConfig:", "  sourceConfig:")
                .replace("type: DatabaseMetadata", "type: Profiler")
                .replace("sink:", "processor:\n  type: orm-profiler\n  config: {}\nsink:");
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> notOnServer.load(write(profiler)));
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                "source.serviceConnection: missing, and the server has no service local_db");
    }
    /** The profiler's percentage is bounded as the test suite's is, by the one shared schema part, with the same line. */
    @Test
    void aProfilerPercentageAboveAHundredIsRefusedAsATestSuitesIsWhileRowsMayBeMany() throws Exception {
        String over = "source.sourceConfig.config.profileSample: must be at most 100: a percentage (profileSampleType"
                + " PERCENTAGE, the default); for a number of rows set profileSampleType: ROWS";
        assertThat(problems(VALID.replace("type: DatabaseMetadata",
                "type: Profiler\n      profileSample: 150\n      profileSampleType: PERCENTAGE"))).containsExactly(over);
        assertThat(problems(VALID.replace("type: DatabaseMetadata", "type: Profiler\n      profileSample: 100.5")))
                .containsExactly(over);
        assertThat(loader.load(write(VALID.replace("type: DatabaseMetadata",
                "type: Profiler\n      profileSample: 150000\n      profileSampleType: ROWS")))).isNotNull();
        assertThat(loader.load(write(VALID.replace("type: DatabaseMetadata",
                "type: Profiler\n      profileSample: 100")))).isNotNull();
    }

    @Test
    void aFormerServiceTypeInSourceTypeIsAcceptedWithOneWarning() throws Exception {
        String shelf = """
                source:
                  type: bookcase
                  serviceName: s
                  serviceConnection: {config: {type: Shelf, hostPort: "h:1"}}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: console}
                """;
        LoadedWorkflow workflow = loader.load(write(shelf));
        assertThat(workflow.spec().spec().serviceType()).isEqualTo("Shelf");
        assertThat(workflow.warnings()).containsExactly("source.type: 'bookcase' is deprecated; write 'shelf' (`metaingest migrate` rewrites it)");
        assertThat(loader.load(write(shelf.replace("type: Shelf", "type: Bookcase"))).warnings()).containsExactly(
                "source.type: 'bookcase' and source.serviceConnection.config.type: 'Bookcase' are deprecated names of "
                        + "Shelf; write 'shelf' and 'Shelf' (`metaingest migrate` rewrites it)");
    }

    /**
     * Loads {@code file} expecting exactly one problem. The bound only catches a loader that reads an endless
     * file ({@code /dev/zero}, a pipe) to its end, which never comes; it is no speed goal.
     */
    private String refusedFast(Path file) {
        long started = System.nanoTime();
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(file));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(e).as("expected a configuration problem for " + file).isNotNull();
        assertThat(millis).as("refused in ms").isLessThan(30_000);
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0).toString();
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing() throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (var out = Files.newBufferedWriter(file)) {
            out.write("source:\n  serviceName: ");
            char[] chunk = "a".repeat(1 << 16).toCharArray();
            for (int i = 0; i < 800; i++) { // 50 MiB, one value
                out.write(chunk);
            }
            out.write("\n");
        }
        assertThat(refusedFast(file)).isEqualTo(file + ": larger than 1024 KiB, the limit for a workflow file; "
                + "check the path given to -c");
    }

    @Test
    void devicesPipesAndFoldersAreRefused() throws Exception {
        assertThat(refusedFast(Path.of("/dev/zero"))).isEqualTo("/dev/zero: not a regular file (a device, a pipe or a socket); "
                + "give the path of a workflow file");
        assertThat(refusedFast(dir)).isEqualTo(dir + ": not a regular file (a folder); give the path of a workflow file");
        Path fifo = dir.resolve("fifo.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(refusedFast(fifo)).startsWith(fifo + ": not a regular file (a device, a pipe or a socket)");
    }

    @Test
    void binaryFilesAreRefused() throws Exception {
        Path nul = dir.resolve("nul.yaml");
        Files.write(nul, new byte[] {'a', ':', ' ', 'b', '\n', 0, 1, 2});
        assertThat(refusedFast(nul)).isEqualTo(nul + ":2: not a text file (a NUL byte at byte 5); "
                + "give the path of a YAML or JSON workflow file");
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        assertThat(refusedFast(latin1)).isEqualTo(latin1 + ": not UTF-8 text; save the workflow file as UTF-8");
    }

    @Test
    void aDuplicateKeyNamesTheKeyAndBothLines() throws Exception {
        Path file = write(VALID.replace("  serviceName: local_db\n", "  serviceName: local_db\n  type: shelf\n"));
        assertThat(refusedFast(file)).isEqualTo("source.type: duplicate key 'type' on lines 2 and 4; "
                + "keep one (otherwise the last one would silently win)");
        Path json = dir.resolve("w.json");
        Files.writeString(json, "{\"source\": {\"a\": 1,\n \"a\": 2}}");
        assertThat(refusedFast(json)).startsWith("source.a: duplicate key 'a' on lines 1 and 2");
    }

    @Test
    void aYamlMergeKeyIsOneProblemAtItsKeyNotAMissingField() throws Exception {
        String merged = """
                base: &conn {type: Shelf, hostPort: "shelf:1"}
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection:
                    config: {<<: *conn, password: pw}
                  sourceConfig:
                    config: {type: DatabaseMetadata}
                sink: {type: file, config: {path: out.ndjson}}
                """;
        assertThat(problems(merged)).containsExactly("source.serviceConnection.config.<<: YAML merge keys (<<: *anchor) are"
                + " not supported; write the fields out in full, or reuse a whole mapping with an alias (config: *pg)");
    }

    @Test
    void aFileWithAnAliasIsComposedOnceForItsAliasesAndItsQuotedScalars() throws Exception {
        // The quoted "${PORT}" stays a string and the alias is copied: both readers were served by one composition.
        Path file = write(VALID.replace("schemaFilterPattern:\n        excludes: [\"^tmp\"]",
                "schemaFilterPattern: &only {excludes: [\"^tmp\"]}\n      tableFilterPattern: *only")
                .replace("password: s3cr3t-pw", "password: \"${PORT}\""));
        long before = ComposedYaml.compositions();
        LoadedWorkflow workflow = loader.load(file);
        assertThat(ComposedYaml.compositions() - before).as("compositions of one load").isEqualTo(1);
        DatabaseMetadataConfig config = (DatabaseMetadataConfig) workflow.sourceConfig();
        assertThat(config.tableFilterPattern().excludes()).containsExactly("^tmp");
    }

    /** A whole mapping or list reused with an alias, as the merge-key message advises and OpenMetadata's loader reads it. */
    @Test
    void anAliasOfAMappingOrAListIsThatMappingOrList() throws Exception {
        String aliased = """
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection:
                    config: &conn {type: Shelf, hostPort: "localhost:5432", password: s3cr3t-pw}
                  sourceConfig:
                    config:
                      type: DatabaseMetadata
                      schemaFilterPattern: &only {includes: &names ["^sales", "^hr"]}
                      tableFilterPattern: {excludes: *names}
                      databaseFilterPattern: *only
                sink: {type: file, config: {path: out.ndjson}}
                """;
        LoadedWorkflow workflow = loader.load(write(aliased));
        DatabaseMetadataConfig config = (DatabaseMetadataConfig) workflow.sourceConfig();
        assertThat(config.tableFilterPattern().excludes()).containsExactly("^sales", "^hr");
        assertThat(config.databaseFilterPattern()).isEqualTo(config.schemaFilterPattern());
        assertThat(config.databaseFilterPattern().includes()).containsExactly("^sales", "^hr");
        // An alias inside the collection it repeats never ends: one problem, at the alias.
        assertThat(problems(aliased.replace("tableFilterPattern: {excludes: *names}",
                "tableFilterPattern: &loop {excludes: [*loop]}"))).containsExactly(
                "source.sourceConfig.config.tableFilterPattern.excludes[0]: an alias inside the collection it repeats"
                        + " (source.sourceConfig.config.tableFilterPattern), which would never end; write the values out");
    }

    /** A single value reused with an alias is that value, as OpenMetadata's loader reads it, not the anchor's name. */
    @Test
    void anAliasOfASingleValueIsThatValue() throws Exception {
        String aliased = """
                source:
                  type: shelf
                  serviceName: &name local_db
                  serviceConnection:
                    config:
                      type: Shelf
                      hostPort: "localhost:5432"
                      username: *name
                      password: &pw "s3cr3t-pw"
                      count: &n 3
                      books: [*name, dune]
                      failOn:
                        - *pw
                  sourceConfig:
                    config: {type: DatabaseMetadata, threads: *n}
                sink: {type: file, config: {path: out.ndjson}}
                """;
        LoadedWorkflow workflow = loader.load(write(aliased));
        ShelfConnection connection = (ShelfConnection) workflow.connection();
        assertThat(connection.username()).isEqualTo("local_db");
        assertThat(connection.books()).containsExactly("local_db", "dune");
        assertThat(connection.failOn()).containsExactly("s3cr3t-pw");
        assertThat(((DatabaseMetadataConfig) workflow.sourceConfig()).threads()).isEqualTo(3);
    }

    /**
     * Aliases that repeat a list of lists of lists: refused at once, not expanded (4 levels: 40 aliases, 10^4 values
     * and more once expanded). A bomb among more than 50 aliases (7 levels: 70 aliases, 10^8 values) is refused as one
     * with fewer: the count of aliases changes nothing.
     */
    @ParameterizedTest(name = "{0} levels")
    @ValueSource(ints = {4, 7})
    void anAliasBombIsOneProblemAndEndsFast(int levels) throws Exception {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= levels; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThat(problems(VALID + bomb)).singleElement().asString().startsWith("a3[")
                .endsWith(": aliases repeat more than 10000 values; a workflow never needs that many: write the file out");
    }

    /** SnakeYAML composes at most 50 collection aliases by default; past that no alias was expanded at all. */
    @Test
    void anyNumberOfOrdinaryAliasesIsExpanded() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                workflowConfig:
                  config:
                    base: &conn {type: Shelf, hostPort: "localhost:5432", password: s3cr3t-pw}
                """);
        for (int i = 0; i < 60; i++) {
            yaml.append("    c").append(i).append(": *conn\n");
        }
        // The 61st alias, where the schema wants a mapping: a name left as text would be refused here.
        yaml.append("""
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection: {config: *conn}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: file, config: {path: out.ndjson}}
                """);
        LoadedWorkflow workflow = loader.load(write(yaml.toString()));
        assertThat(workflow.spec().spec().serviceType()).isEqualTo("Shelf");
        assertThat(workflow.secrets()).containsExactly("s3cr3t-pw");
    }

    /** The copy an alias makes keeps its quoted values text: a quoted all-digit password is a password there too. */
    @Test
    void aQuotedReferenceInAnAliasedMappingStaysTextInTheCopy() throws Exception {
        LoadedWorkflow workflow = loader.load(write("""
                workflowConfig:
                  config:
                    base: &conn {type: Shelf, hostPort: "localhost:5432", password: "${PORT}"}
                source:
                  type: shelf
                  serviceName: local_db
                  serviceConnection: {config: *conn}
                  sourceConfig: {config: {type: DatabaseMetadata}}
                sink: {type: file, config: {path: out.ndjson}}
                """));
        assertThat(((ShelfConnection) workflow.connection()).password().reveal()).isEqualTo("6543");
    }

    @Test
    void aTabInTheIndentationHasItsOwnMessageWithItsLine() throws Exception {
        Path file = write(VALID.replace("    config:\n      type: Shelf", "    config:\n\t  type: Shelf"));
        assertThat(refusedFast(file)).isEqualTo(file + ":6: a tab in the indentation; YAML indents with spaces only, "
                + "replace the tab with spaces");
    }

    @Test
    void aSinkPathThatCannotBeCreatedIsAProblem() throws Exception {
        io.metaingest.runtime.Metaingest runtime = new io.metaingest.runtime.Metaingest(
                ServiceSpecRegistry.of(new ShelfSpec()), Mappers.standard(),
                java.time.Clock.systemUTC(), Map.<String, String>of()::get);
        Path file = write(VALID.replace("path: out.ndjson", "path: /proc/x/out.ndjson"));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(file));
        assertThat(e.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("sink.config.path: cannot create /proc/x/out.ndjson: the folder /proc/x does not exist and"
                        + " cannot be made in /proc (")
                .endsWith("); create it, or choose a path in an existing folder");
        Path inProc = write(VALID.replace("path: out.ndjson", "path: /proc/out.ndjson"));
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(inProc)).problems())
                .extracting(ConfigProblem::toString).singleElement().asString()
                .startsWith("sink.config.path: cannot create /proc/out.ndjson: /proc is not writable (")
                .endsWith("); choose a writable path");
        // A problem that says its own fix gets no second one.
        Path folder = Files.createDirectories(dir.resolve("out-folder"));
        Path toFolder = write(VALID.replace("path: out.ndjson", "path: " + folder));
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(toFolder)).problems())
                .extracting(ConfigProblem::toString).containsExactly("sink.config.path: " + folder + " is a folder; give a file name");
        Path tilde = write(VALID.replace("path: out.ndjson", "path: ~/out.ndjson"));
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(tilde)).problems())
                .extracting(ConfigProblem::toString).containsExactly("sink.config.path: ~/out.ndjson starts with ~, which"
                        + " only a shell expands (here it would make a folder named ~); write ${HOME}/out.ndjson");
        // A device, named as written, with the sink that prints records.
        Path toDevice = write(VALID.replace("path: out.ndjson", "path: /dev/null"));
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(toDevice)).problems())
                .extracting(ConfigProblem::toString).containsExactly("sink.config.path: /dev/null is not a"
                        + " regular file (a device, a pipe or a terminal), and the output is written to a file beside"
                        + " it that replaces it when the run succeeds; give a file path, or print the records with"
                        + " sink: {type: console}");
        // A descriptor, named as written (not as the pipe or file it leads to), whatever stdout is (DescriptorPathTest).
        Path toStdout = write(VALID.replace("path: out.ndjson", "path: /dev/stdout"));
        assertThat(catchThrowableOfType(InvalidConfigException.class, () -> runtime.load(toStdout)).problems())
                .extracting(ConfigProblem::toString).containsExactly("sink.config.path: /dev/stdout names a descriptor"
                        + " of the process (standard output or error, or a file it has open), not a file, and the run"
                        + " would replace the file or pipe it is redirected to; give a file path, or print the records"
                        + " with sink: {type: console}");
    }

    private static List<String> problemsWith(ShelfSpec spec, Path file) {
        WorkflowLoader checked = new WorkflowLoader(ServiceSpecRegistry.of(spec, new BuiltInSteps()), Mappers.standard(),
                Map.<String, String>of()::get);
        return LoadProblems.problemsOf(() -> checked.load(file));
    }

    @Test
    void aConnectorsOwnSettingProblemsAreConfigurationProblemsUnderSource() throws Exception {
        ShelfSpec spec = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingProblems(Object connection, Record sourceConfig) {
                return List.of(new io.metaingest.api.SettingProblem("sourceConfig.config.schemaFilterPattern",
                        "not for a shelf; remove it"));
            }
        };
        assertThat(problemsWith(spec, write(VALID))).containsExactly(
                "source.sourceConfig.config.schemaFilterPattern: not for a shelf; remove it");
    }

    /** A connector's problem of this machine (a file not here) is refused as any other, and keeps its kind. */
    @Test
    void aConnectorsProblemOfThisMachineIsRefusedAndMarkedSo() throws Exception {
        ShelfSpec spec = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingProblems(Object connection, Record sourceConfig) {
                return List.of(io.metaingest.api.SettingProblem.ofThisMachine("serviceConnection.config.hostPort",
                        "no such file here"), new io.metaingest.api.SettingProblem("sourceConfig.config.schemaFilterPattern",
                        "not for a shelf; remove it"));
            }
        };
        WorkflowLoader checked = new WorkflowLoader(ServiceSpecRegistry.of(spec, new BuiltInSteps()), Mappers.standard(),
                Map.<String, String>of()::get);
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> checked.load(write(VALID)));
        assertThat(e.problems()).containsExactly(
                new ConfigProblem("source.serviceConnection.config.hostPort", "no such file here", true),
                new ConfigProblem("source.sourceConfig.config.schemaFilterPattern", "not for a shelf; remove it", false));
    }

    /** validate lists the connector's own problems with the schemas' ones elsewhere, not once those are fixed. */
    @Test
    void aConnectorsOwnProblemsAreListedWithTheSchemasProblemsElsewhere() throws Exception {
        List<Object> sourceConfigs = new java.util.ArrayList<>();
        ShelfSpec spec = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingProblems(Object connection, Record sourceConfig) {
                sourceConfigs.add(String.valueOf(sourceConfig));
                return List.of(new io.metaingest.api.SettingProblem("serviceConnection.config.hostPort",
                        "not a shelf's host; write shelf:1"));
            }
        };
        assertThat(problemsWith(spec, write(VALID.replace("type: DatabaseMetadata", "type: DatabaseMetadata\n      includeTabels: true")
                .replace("successThreshold: 80", "successThreshold: lots")))).containsExactlyInAnyOrder(
                "source.sourceConfig.config.includeTabels: unknown field; did you mean 'includeTables'?",
                "workflowConfig.successThreshold: must be an integer, not a string;"
                        + " write a whole number without quotes",
                "source.serviceConnection.config.hostPort: not a shelf's host; write shelf:1");
        assertThat(sourceConfigs).as("a source config with problems of its own is not passed").containsExactly("null");
        // A connection with schema problems of its own is not checked by its connector.
        assertThat(problemsWith(spec, write(VALID.replace("password: s3cr3t-pw", "password: s3cr3t-pw\n      pasword: x"))))
                .hasSize(1).allMatch(p -> p.startsWith("source.serviceConnection.config.pasword: unknown field"));
        assertThat(sourceConfigs).hasSize(1);
    }

    /** A connector's warnings about the settings are the workflow's, so validate prints them; never a secret. */
    @Test
    void aConnectorsSettingWarningsAreWarningsOfTheLoadedWorkflowUnderSource() throws Exception {
        ShelfSpec spec = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingWarnings(Object connection, Record sourceConfig) {
                return List.of(new io.metaingest.api.SettingProblem("sourceConfig.config.schemaFilterPattern",
                        "not applied to a shelf of one schema; remove it (the password s3cr3t-pw is not shown)"));
            }
        };
        LoadedWorkflow loaded = new WorkflowLoader(ServiceSpecRegistry.of(spec, new BuiltInSteps()), Mappers.standard(),
                Map.<String, String>of()::get).load(write(VALID));
        assertThat(loaded.warnings()).contains("source.sourceConfig.config.schemaFilterPattern: not applied to a shelf"
                + " of one schema; remove it (the password ****** is not shown)");
        ShelfSpec throwing = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingWarnings(Object connection, Record sourceConfig) {
                throw new IllegalStateException("bug");
            }
        };
        assertThat(new WorkflowLoader(ServiceSpecRegistry.of(throwing, new BuiltInSteps()), Mappers.standard(),
                Map.<String, String>of()::get).load(write(VALID)).warnings()).contains("source.type: the Shelf"
                + " connector's check of the settings threw IllegalStateException: bug; report it to its author");
    }

    @Test
    void aConnectorCheckThatThrowsIsOneProblemNamingTheConnector() throws Exception {
        ShelfSpec spec = new ShelfSpec() {
            @Override
            public List<io.metaingest.api.SettingProblem> settingProblems(Object connection, Record sourceConfig) {
                throw new IllegalStateException("bug");
            }
        };
        assertThat(problemsWith(spec, write(VALID))).containsExactly("source.type: the Shelf connector's check of the"
                + " settings threw IllegalStateException: bug; report it to its author");
    }

    @Test
    void anUnquotedReferenceWhoseValueReadsAsANumberSaysToQuoteItWithoutShowingTheValue() throws Exception {
        WorkflowLoader digits = new WorkflowLoader(ServiceSpecRegistry.of(new ShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("SHELF_PW", "0123")::get);
        Path file = write(VALID.replace("password: s3cr3t-pw", "password: ${SHELF_PW}"));
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> digits.load(file));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "source.serviceConnection.config.password: must be a string, not an integer: ${SHELF_PW} is written"
                        + " unquoted, so its value reads as one; quote it to keep the value text: \"${SHELF_PW}\"");
        // Quoted, the same value is the text it is, leading zero included.
        LoadedWorkflow quoted = digits.load(write(VALID.replace("password: s3cr3t-pw", "password: \"${SHELF_PW}\"")));
        assertThat(quoted.secrets()).contains("0123");
    }

    /**
     * In JSON a reference is always inside a string: a string setting keeps the value as text (no
     * "written unquoted" it could not be helped), a number setting still takes it as a number.
     */
    @Test
    void aJsonReferenceIsTextWhereTextIsWantedAndANumberWhereANumberIs() throws Exception {
        WorkflowLoader digits = new WorkflowLoader(ServiceSpecRegistry.of(new ShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("SHELF_PW", "0123", "THRESHOLD", "80")::get);
        Path file = dir.resolve("w.json");
        Files.writeString(file, """
                {"source": {"type": "shelf", "serviceName": "s",
                  "serviceConnection": {"config": {"type": "Shelf", "hostPort": "h:1", "password": "${SHELF_PW}"}},
                  "sourceConfig": {"config": {"type": "DatabaseMetadata"}}},
                 "sink": {"type": "console"}, "workflowConfig": {"successThreshold": "${THRESHOLD}"}}""");
        LoadedWorkflow workflow = digits.load(file);
        assertThat(workflow.secrets()).contains("0123");
        assertThat(workflow.settings().successThreshold()).isEqualTo(80);
    }

    /** An unquoted whole reference whose text is a YAML flow sequence or mapping reads as one, as written in the file. */
    @Test
    void anUnquotedReferenceToAFlowListOrMappingReadsAsOneAndAQuotedOneStaysText() throws Exception {
        WorkflowLoader env = new WorkflowLoader(ServiceSpecRegistry.of(new ShelfSpec(), new BuiltInSteps()),
                Mappers.standard(), Map.of("BOOKS", "[dune, emma]", "NONE", "[]", "IDS", "[101, 103]", "SHELF_PW", "{s3cr3t}", "ONE", "101",
                        "CONNECTION", "{type: Shelf, hostPort: 'h:1', password: from-env-pw}")::get);
        String books = VALID.replace("password: s3cr3t-pw", "password: s3cr3t-pw\n      books: ${BOOKS}");
        assertThat(((ShelfConnection) env.load(write(books)).connection()).books()).containsExactly("dune", "emma");
        assertThat(((ShelfConnection) env.load(write(books.replace("${BOOKS}", "${NONE}"))).connection()).books())
                .isEmpty();
        // Where the list wants text, its numbers are the text the variable holds (dbt Cloud's jobIds).
        assertThat(((ShelfConnection) env.load(write(books.replace("${BOOKS}", "${IDS}"))).connection()).books())
                .containsExactly("101", "103");
        InvalidConfigException quoted = catchThrowableOfType(InvalidConfigException.class,
                () -> env.load(write(books.replace("${BOOKS}", "\"${BOOKS}\""))));
        assertThat(quoted.problems()).extracting(ConfigProblem::toString)
                .containsExactly("source.serviceConnection.config.books: must be a list, not a string: ${BOOKS} is quoted,"
                        + " so its value stays text; write it unquoted (${BOOKS}) to read a list such as '[a, b]' from it");
        // A single value where a list is wanted: the variable is named, its value never shown.
        InvalidConfigException single = catchThrowableOfType(InvalidConfigException.class,
                () -> env.load(write(books.replace("${BOOKS}", "${ONE}"))));
        assertThat(single.problems()).extracting(ConfigProblem::toString)
                .containsExactly("source.serviceConnection.config.books: must be a list, not an integer: ${ONE}'s value"
                        + " reads as one value; give the variable a YAML list, e.g. '[a, b]'");

        // Where text is wanted, a value that reads as a mapping stays the text it is, and a secret's is masked.
        LoadedWorkflow braces = env.load(write(VALID.replace("password: s3cr3t-pw", "password: ${SHELF_PW}")));
        assertThat(braces.secrets()).containsExactly("{s3cr3t}");
        assertThat(braces.masker().mask("key {s3cr3t} sent")).isEqualTo("key ****** sent");
        // A whole connection from one variable: its secret is known, so masked, as if written in the file.
        LoadedWorkflow whole = env.load(write(VALID.replace("""
                    config:
                      type: Shelf
                      hostPort: localhost:5432
                      password: s3cr3t-pw
                """, "    config: ${CONNECTION}\n")));
        assertThat(whole.secrets()).containsExactly("from-env-pw");
        assertThat(whole.masker().mask("from-env-pw")).isEqualTo("******");
    }
}
