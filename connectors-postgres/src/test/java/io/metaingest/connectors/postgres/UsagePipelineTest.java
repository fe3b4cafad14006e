package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetadata 1.6's {@code postgres_usage} example workflow, as its documentation writes it
 * (connection with {@code authType.password}; query-parser, table-usage, metadata-usage), run
 * against the embedded server's sample shop and its workload.
 */
class UsagePipelineTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC);

    static final TestPg pg = TestPg.get();
    static String db;

    @TempDir
    Path dir;

    private final Metaingest runtime = Workflows.runtime(CLOCK, Map.of());

    @BeforeAll
    static void load() {
        db = pg.shop();
    }

    /** The example of OpenMetadata 1.6's docs, with this server's address and a staging folder here. */
    private Path openMetadataExample(String bulkSinkPath) throws Exception {
        return Files.writeString(dir.resolve("postgres_usage.yaml"), Workflows.documentedSource("postgres-usage", pg, db)
                + """
                      type: DatabaseUsage
                      queryLogDuration: 1
                      resultLimit: 1000
                processor:
                  type: query-parser
                  config: {}
                stage:
                  type: table-usage
                  config:
                    filename: %s
                bulkSink:
                  type: metadata-usage
                  config:
                    filename: %s%s
                workflowConfig:
                  loggerLevel: INFO
                  openMetadataServerConfig:
                    hostPort: http://localhost:8585/api
                    authProvider: openmetadata
                    securityConfig:
                      jwtToken: "eyJraWQiOiJHYjM4OWEtOWY3Ni1nZGpzLWE5MmotMDI0MmJrOTQzNTYiLCJhbGciOiJSUzI1NiJ9.e30.c2ln"
                """.formatted(dir.resolve("postgres_usage"), dir.resolve("postgres_usage"),
                bulkSinkPath == null ? "" : "\n    path: " + bulkSinkPath));
    }

    private RunResult run(Path workflow) throws Exception {
        return Workflows.ingest(runtime, workflow);
    }

    @Test
    void withoutAnOutputPathTheBulkSinkPublishesToTheServerAndAnUnreachableOneIsAConnectionFailure() throws Exception {
        Path workflow = openMetadataExample(null);
        // Port 9 (discard): nothing answers, whatever runs on the machine.
        Files.writeString(workflow, Files.readString(workflow).replace("http://localhost:8585/api", "http://127.0.0.1:9/api"));

        RunResult result = run(workflow);

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.fatalError()).contains("cannot reach OpenMetadata at http://127.0.0.1:9/api");
    }

    @Test
    void theExampleRunsAndCountsTheQueriesTheWorkloadIssued() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        Path out = dir.resolve("usage.ndjson");
        RunResult result = run(openMetadataExample(out.toString()));

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        assertThat(result.steps()).extracting(StepSummary::name)
                .containsExactly("postgres-usage", "query-parser", "table-usage", "metadata-usage");
        List<JsonNode> lines = Workflows.lines(out);
        Map<String, Integer> counts = new java.util.HashMap<>();
        lines.stream().filter(l -> l.path("entityType").asText().equals("usage")).forEach(l -> {
            assertThat(l.at("/entity/date").asText()).isEqualTo("2026-03-04");
            counts.put(l.at("/entity/entity/fullyQualifiedName").asText(), l.at("/entity/count").asInt());
        });
        // The workload: sales.orders by the CTAS, the INSERT ... SELECT and one normalized count run twice.
        assertThat(counts).containsEntry(fqn("sales", "orders"), 4).containsEntry(fqn("inventory", "stock_levels"), 1);
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("entityType").asText()).isEqualTo("query");
            assertThat(l.at("/entity/query").asText()).startsWith("SELECT p.name, s.quantity");
            assertThat(l.at("/entity/queryUsedIn")).extracting(r -> r.path("fullyQualifiedName").asText())
                    .containsExactlyInAnyOrder(fqn("inventory", "products"), fqn("inventory", "stock_levels"));
        });
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.records()).isEqualTo(lines.size());
        // As OpenMetadata's bulk sink at close: the staging folder (the queries' full texts) is gone.
        assertThat(dir.resolve("postgres_usage")).doesNotExist();
    }

    @Test
    void theDirectUsageWorkflowWritesTheSameRecords() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        Path pipelineOut = dir.resolve("pipeline.ndjson");
        run(openMetadataExample(pipelineOut.toString()));
        Path direct = dir.resolve("direct.yaml");
        Path directOut = dir.resolve("direct.ndjson");
        String example = Files.readString(openMetadataExample(pipelineOut.toString()));
        Files.writeString(direct, example.substring(0, example.indexOf("processor:"))
                + "sink:\n  type: file\n  config:\n    path: " + directOut + "\n"
                + example.substring(example.indexOf("workflowConfig:")));
        RunResult result = run(direct);
        assertThat(result.steps()).extracting(StepSummary::name).containsExactly("postgres-usage", "file");
        assertThat(new TreeSet<>(Files.readAllLines(directOut))).isNotEmpty()
                .isEqualTo(new TreeSet<>(Files.readAllLines(pipelineOut)))
                .anyMatch(line -> line.startsWith("{\"entityType\":\"tableLifeCycle\""));
    }

    /**
     * Only the query-parser applies the filters in this pipeline, so a pattern that let none of the queries'
     * tables through is its warning, told once when the step ends, as the direct workflow's source tells it.
     */
    @Test
    void aTablePatternThatLetsNoQueriedTableThroughIsTheQueryParsersWarning() throws Exception {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        Path workflow = openMetadataExample(dir.resolve("usage.ndjson").toString());
        Files.writeString(workflow, Files.readString(workflow).replace("      resultLimit: 1000\n",
                "      resultLimit: 1000\n      tableFilterPattern:\n        includes: [zq_no_such_table]\n"));

        RunResult result = run(workflow);

        assertThat(result.fatalError()).isNull();
        StepSummary parser = result.steps().get(1);
        assertThat(parser.name()).isEqualTo("query-parser");
        assertThat(parser.warningDetails()).singleElement().asString()
                .startsWith("source.sourceConfig.config.tableFilterPattern: let none of the ")
                .contains("tables and views it was asked about through (includes [zq_no_such_table])");
        assertThat(result.steps().get(0).warningDetails()).noneMatch(w -> w.contains("tableFilterPattern"));
        assertThat(parser.records()).isZero();
        // Each query left out names the setting that left its tables out.
        assertThat(parser.filteredDetails()).anySatisfy(f -> assertThat(f).contains("names no table usage counts: ")
                .contains(" (source.sourceConfig.config.tableFilterPattern includes only names matching"
                        + " \"zq_no_such_table\": \""));
    }

    private static String fqn(String schema, String table) {
        return "local_postgres." + db + "." + schema + "." + table;
    }
}
