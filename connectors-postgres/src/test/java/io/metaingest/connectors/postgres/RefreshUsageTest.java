package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.StepSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query log holding {@code REFRESH MATERIALIZED VIEW} and a statement on no table, through both
 * documented usage pipelines: {@code postgres-usage} straight into a {@code file} sink, and
 * OpenMetadata's query-parser, table-usage and metadata-usage. Both count the refresh as a use of the
 * view, and both filter the statement on no table, with the same reason and the same count.
 */
class RefreshUsageTest {

    static final TestPg pg = TestPg.get();
    static String db;

    @TempDir
    Path dir;

    private final Metaingest runtime = Workflows.runtime(UsagePipelineTest.CLOCK, Map.of());

    @BeforeAll
    static void load() {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        db = pg.databaseWithWorkload("usage_refresh", """
                CREATE SCHEMA analytics;
                CREATE TABLE analytics.orders (id int, total numeric);
                INSERT INTO analytics.orders VALUES (1, 10), (2, 20);
                CREATE MATERIALIZED VIEW analytics.revenue AS SELECT sum(total) AS total FROM analytics.orders;
                """, "REFRESH MATERIALIZED VIEW analytics.revenue", "REFRESH MATERIALIZED VIEW analytics.revenue",
                "SELECT now()");
    }

    private Path workflow(String steps) throws Exception {
        return Files.writeString(dir.resolve("usage.yaml"), Workflows.source("postgres-usage", "local_postgres",
                Workflows.connection(pg, db), "{type: DatabaseUsage, schemaFilterPattern: {includes: [\"^analytics$\"]}}")
                + steps);
    }

    private record Run(RunResult result, List<JsonNode> lines) {

        long filtered() {
            return result.steps().stream().mapToLong(StepSummary::filtered).sum();
        }

        List<String> filteredDetails() {
            return result.steps().stream().flatMap(s -> s.filteredDetails().stream()).toList();
        }

        Map<String, Integer> usage() {
            Map<String, Integer> counts = new HashMap<>();
            lines.stream().filter(l -> l.path("entityType").asText().equals("usage")).forEach(l ->
                    counts.put(l.at("/entity/entity/fullyQualifiedName").asText(), l.at("/entity/count").asInt()));
            return counts;
        }
    }

    private Run run(String steps, Path out) throws Exception {
        RunResult result = Workflows.ingest(runtime, workflow(steps));
        assertThat(result.fatalError()).isNull();
        return new Run(result, Workflows.lines(out));
    }

    private Run direct() throws Exception {
        Path out = dir.resolve("direct.ndjson");
        return run("sink: {type: file, config: {path: " + out + "}}\n", out);
    }

    private Run pipeline() throws Exception {
        Path out = dir.resolve("pipeline.ndjson");
        Path stage = dir.resolve("stage");
        return run("""
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: %s}}
                bulkSink: {type: metadata-usage, config: {filename: %s, path: %s}}
                """.formatted(stage, stage, out), out);
    }

    @Test
    void bothPipelinesCountARefreshAsAUseOfTheView() throws Exception {
        String view = "local_postgres." + db + ".analytics.revenue";
        for (Run run : List.of(direct(), pipeline())) {
            assertThat(run.usage()).containsEntry(view, 2);
            assertThat(run.lines()).anySatisfy(l -> {
                assertThat(l.path("entityType").asText()).isEqualTo("query");
                assertThat(l.at("/entity/query").asText()).isEqualTo("REFRESH MATERIALIZED VIEW analytics.revenue");
                assertThat(l.at("/entity/queryUsedIn")).extracting(r -> r.path("fullyQualifiedName").asText())
                        .containsExactly(view);
            });
            assertThat(run.filteredDetails()).noneMatch(d -> d.contains("REFRESH"));
        }
    }

    @Test
    void bothPipelinesFilterAStatementOnNoTableWithTheSameTrueReason() throws Exception {
        Run direct = direct();
        Run pipeline = pipeline();

        assertThat(direct.filtered()).isPositive().isEqualTo(pipeline.filtered());
        assertThat(direct.filteredDetails()).isEqualTo(pipeline.filteredDetails());
        // Named by its text, as users read it, not by a hash alone; the reason does not repeat the text.
        assertThat(direct.filteredDetails()).anySatisfy(d -> assertThat(d)
                .startsWith("query \"SELECT now()\" on ")
                .endsWith("touches no table's rows (a statement on no table, or of a kind usage does not count)"));
    }
}
