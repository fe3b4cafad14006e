package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.testing.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Profiler and AutoClassification workflow files as OpenMetadata 1.6 documents them
 * ({@code source.type: postgres}, {@code sourceConfig.config.type}, {@code processor: orm-profiler}),
 * run by the runtime end to end; and the promise that without {@code storeSampleData} no sampled
 * value reaches the output, the run report, the console or the log, even at DEBUG.
 */
class WorkflowFilesTest {

    /** The AutoClassification of schema pii that keeps no sampled rows. */
    private static final String CLASSIFY_PII = """
            type: AutoClassification
            schemaFilterPattern:
              includes: ["^pii$"]
            storeSampleData: false
            enableAutoClassification: true""";

    @TempDir
    Path dir;

    private final Metaingest runtime = Workflows.runtime(ProfilerTest.CLOCK, Map.of());

    @BeforeAll
    static void load() throws Exception {
        ProfilerTest.load();
        PiiClassificationTest.load();
    }

    private Path workflow(String database, String sourceConfig, Path out) throws Exception {
        String source = Workflows.documentedSource("postgres", TestPg.get(), database);
        return Files.writeString(dir.resolve("workflow.yaml"), source + """
                %s
                processor:
                  type: orm-profiler
                  config: {}
                sink:
                  type: file
                  config:
                    path: %s
                workflowConfig:
                  loggerLevel: DEBUG
                """.formatted(sourceConfig.indent(6).stripTrailing(), out));
    }

    /** What loading {@code file} (as validate and ingest do first) throws: a configuration error. */
    private AbstractThrowableAssert<?, ? extends Throwable> loadRefuses(Path file) {
        return assertThatThrownBy(() -> runtime.load(file)).isInstanceOf(InvalidConfigException.class);
    }

    private record Run(RunResult result, String everything) {
    }

    /** Runs with --debug, capturing the output file, the report, the console, the messages and every log event. */
    private Run run(Path workflow, Path out) throws Exception {
        CapturedLogs logs = CapturedLogs.root();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        Path report = dir.resolve("report.json");
        RunResult result;
        try (logs) {
            result = runtime.ingest(workflow, new Metaingest.IngestOptions(Optional.of(report),
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    new PrintStream(messages, true, StandardCharsets.UTF_8), false, true));
        }
        StringBuilder all = new StringBuilder();
        all.append(Files.exists(out) ? Files.readString(out) : "").append(Files.readString(report))
                .append(console.toString(StandardCharsets.UTF_8)).append(messages.toString(StandardCharsets.UTF_8));
        for (ILoggingEvent e : logs.events()) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        assertThat(logs.events()).as("the capture sees the run's log").isNotEmpty();
        return new Run(result, all.toString());
    }

    @Test
    void theDocumentedProfilerWorkflowRuns() throws Exception {
        Path out = dir.resolve("profile.ndjson");
        Run run = run(workflow("profiler_test", """
                type: Profiler
                schemaFilterPattern:
                  includes: ["^m$"]
                profileSampleType: PERCENTAGE
                threadCount: 2
                timeoutSeconds: 60""", out), out);

        assertThat(run.result().fatalError()).isNull();
        assertThat(run.result().state()).isEqualTo(RunState.SUCCESS);
        assertThat(run.result().steps()).extracting(StepSummary::name).containsExactly("postgres", "orm-profiler", "file");
        List<JsonNode> lines = Workflows.lines(out);
        assertThat(lines).extracting(l -> l.path("entityType").asText()).containsOnly("tableProfile");
        assertThat(lines).extracting(l -> l.at("/entity/table/fullyQualifiedName").asText())
                .containsExactly("local_postgres.profiler_test.m.small", "local_postgres.profiler_test.m.stale");
        assertThat(lines.get(0).at("/entity/tableProfile/rowCount").asLong()).isEqualTo(4);
    }

    @Test
    void withoutStoreSampleDataNoSampledValueAppearsAnywhere() throws Exception {
        List<String> secrets = distinctiveValues();
        Path out = dir.resolve("tags.ndjson");
        Run run = run(workflow("pii_test", CLASSIFY_PII, out), out);

        assertThat(run.result().fatalError()).isNull();
        assertThat(Files.readString(out)).contains("\"entityType\":\"columnTags\"").contains("PII.Sensitive")
                .doesNotContain("sampleData");
        for (String value : secrets) {
            assertThat(run.everything()).as("a sampled value leaked").doesNotContain(value);
        }
    }

    /** OpenMetadata's server names the processor of the AutoClassification workflows it deploys tag-pii-processor. */
    @Test
    void anAutoClassificationWorkflowAsOpenMetadataDeploysItTagsTheSameColumns() throws Exception {
        Path out = dir.resolve("deployed.ndjson");
        Path file = workflow("pii_test", CLASSIFY_PII, out);
        Files.writeString(file, Files.readString(file).replace("type: orm-profiler", "type: tag-pii-processor"));

        Run run = run(file, out);

        assertThat(run.result().fatalError()).isNull();
        assertThat(run.result().steps()).extracting(StepSummary::name).containsExactly("postgres", "tag-pii-processor", "file");
        assertThat(Files.readString(out)).contains("\"entityType\":\"columnTags\"").contains("PII.Sensitive");
    }

    @Test
    void withStoreSampleDataTheSameCheckFindsTheRows() throws Exception {
        List<String> secrets = distinctiveValues();
        Path out = dir.resolve("sample.ndjson");
        Run run = run(workflow("pii_test", """
                type: AutoClassification
                schemaFilterPattern:
                  includes: ["^pii$"]
                tableFilterPattern:
                  includes: ["^neutral$"]
                storeSampleData: true
                sampleDataCount: 50""", out), out);

        assertThat(run.result().state()).isEqualTo(RunState.SUCCESS);
        long shown = secrets.stream().filter(run.everything()::contains).count();
        assertThat(shown).isGreaterThan(0);
        JsonNode line = Mappers.standard().readTree(Files.readAllLines(out).get(0));
        assertThat(line.path("entityType").asText()).isEqualTo("sampleData");
        assertThat(line.at("/entity/sampleData/rows")).hasSize(50);
        assertThat(line.at("/entity/sampleData/columns").get(0).asText()).isEqualTo("f01");
    }

    /** Values of pii.neutral no log line or report would contain by chance: e-mails, cards, IBANs, SSNs, order numbers. */
    private static List<String> distinctiveValues() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = TestPg.get().jdbc("pii_test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT f01, f03, f04, f05, f16 FROM pii.neutral")) {
            while (rs.next()) {
                for (int i = 1; i <= 5; i++) {
                    values.add(rs.getString(i));
                }
            }
        }
        assertThat(values).hasSize(1000);
        return values;
    }

    @Test
    void aStepOfAnotherWorkflowKindIsRefusedWhenLoadingNotWhenCreated() throws Exception {
        // The usage workflow's query parser reads DatabaseUsage's sourceConfig, which a metadata run never binds.
        Path file = workflow(TestPg.get().shop(), "type: DatabaseMetadata", dir.resolve("out.ndjson"));
        Files.writeString(file, Files.readString(file).replace("type: orm-profiler", "type: query-parser"));

        loadRefuses(file)
                .hasMessage("processor.type: 'query-parser' belongs to DatabaseUsage workflows (it reads their sourceConfig),"
                        + " not to this DatabaseMetadata workflow; remove it or use it in a workflow whose"
                        + " sourceConfig.config.type is DatabaseUsage");
    }

    /** OpenMetadata's per-table processor settings are refused saying where metaingest's sampling and filters are. */
    @Test
    void theProcessorsPerTableConfigIsNotSupportedSayingWhatToWriteInstead() throws Exception {
        Path file = workflow("profiler_test", "type: Profiler", dir.resolve("out.ndjson"));
        Files.writeString(file, Files.readString(file).replace("  type: orm-profiler\n  config: {}",
                "  type: orm-profiler\n  config:\n    tableConfig:\n      - fullyQualifiedName: local_postgres.profiler_test.public.t"
                        + "\n        profileSample: 10"));

        loadRefuses(file)
                .hasMessage("processor.config.tableConfig: not supported here: metaingest profiles every table alike:"
                        + " set the sample with sourceConfig.config.profileSample and profileSampleType, leave tables out"
                        + " with sourceConfig.config.tableFilterPattern, and remove tableConfig");
    }

    @Test
    void aProfileSampleOfNoRowsIsRefusedWhenLoadingNamingTheSetting() throws Exception {
        // ROWS -5 failed every table at run time (LIMIT must not be negative); 0 or a negative percentage
        // profiled no row at all and reported empty profiles as a success.
        for (String sample : List.of("profileSampleType: ROWS\nprofileSample: -5", "profileSampleType: ROWS\nprofileSample: 0",
                "profileSampleType: PERCENTAGE\nprofileSample: 0", "profileSample: -1")) {
            Path file = workflow("profiler_test", "type: Profiler\n" + sample, dir.resolve("out.ndjson"));

            loadRefuses(file).as(sample).hasMessage("source.sourceConfig.config.profileSample: must be more than 0");
        }
        assertThat(runtime.load(workflow("profiler_test", "type: Profiler\nprofileSampleType: ROWS\nprofileSample: 1",
                dir.resolve("out.ndjson")))).isNotNull();
    }

    @Test
    void aFractionOfARowIsRefusedWhenLoadingWhileAFractionOfAPercentIsNot() throws Exception {
        // ROWS 150.5 read 151 rows (LIMIT rounds it) and validated silently.
        Path rows = workflow("profiler_test", "type: Profiler\nprofileSampleType: ROWS\nprofileSample: 150.5",
                dir.resolve("out.ndjson"));
        loadRefuses(rows)
                .hasMessage("source.sourceConfig.config.profileSample: must be an integer, not a number; a number of"
                        + " rows (profileSampleType ROWS) is whole: write e.g. 150, or set profileSampleType: PERCENTAGE"
                        + " for a share of the table");
        assertThat(runtime.load(workflow("profiler_test", "type: Profiler\nprofileSampleType: ROWS\nprofileSample: 150",
                dir.resolve("out.ndjson")))).isNotNull();
        assertThat(runtime.load(workflow("profiler_test", "type: Profiler\nprofileSample: 12.5",
                dir.resolve("out.ndjson")))).isNotNull();
    }
}
