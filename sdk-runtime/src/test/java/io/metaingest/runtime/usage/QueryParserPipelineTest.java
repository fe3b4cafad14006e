package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.StepSpec;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.config.ConfigProblem;
import io.metaingest.runtime.config.InvalidConfigException;
import io.metaingest.runtime.config.LoadedWorkflow;
import io.metaingest.runtime.config.WorkflowLoader;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.RegisteredStep;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.StepKind;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfQueryParser;
import io.metaingest.testconnectors.ShelfSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetadata's usage pipeline for a database connector that brings no {@code query-parser} (the
 * shared Shelf): the runtime's own parses its query log; a connector that brings one (the Shelf's
 * annex) keeps its own.
 */
class QueryParserPipelineTest {

    @TempDir
    Path dir;

    private final Metaingest runtime = ShelfWorkflows.runtime(UsagePublishingTest.CLOCK, new ShelfSpec(),
            new ShelfSpec.AnnexSpec());

    /** UsagePublishingTest's two days of queries, and an unparsable statement and one touching no table. */
    private static final String QUERY_LOG = UsagePublishingTest.QUERY_LOG + """
            - {query: "SELEC broken FROM", schema: sales, at: "2026-03-04T10:00:00Z", executions: 1}
            - {query: "SELECT 1", schema: sales, at: "2026-03-04T11:00:00Z", executions: 1}
            """;

    private RunResult run(String serviceType, Path out) throws Exception {
        Path file = workflow(serviceType, dir.resolve("staging"), dir.resolve("staging"), out);
        return ShelfWorkflows.ingestQuietly(runtime, file, Optional.empty());
    }

    private Path workflow(String serviceType, Path stage, Path bulk, Path out) throws Exception {
        return Files.writeString(dir.resolve(serviceType + ".yaml"), ShelfWorkflows.usagePipeline(serviceType, QUERY_LOG,
                stage, "filename: %s, path: %s".formatted(bulk, out)));
    }

    /** Usage lines of the bulk sink's output as "day table" to count. */
    private static Map<String, Integer> counts(Path out) throws Exception {
        List<JsonNode> lines = Mappers.standard().readerFor(JsonNode.class).<JsonNode>readValues(out.toFile()).readAll();
        Map<String, Integer> counts = new TreeMap<>();
        lines.stream().filter(l -> l.path("entityType").asText().equals("usage")).forEach(l -> counts.put(
                l.at("/entity/date").asText() + " " + l.at("/entity/entity/fullyQualifiedName").asText(),
                l.at("/entity/count").asInt()));
        return counts;
    }

    @Test
    void aConnectorWithoutItsOwnParserCountsEachTablePerDayWithNamesAsWritten() throws Exception {
        Path out = dir.resolve("usage.ndjson");
        RunResult result = run("Shelf", out);

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        assertThat(result.steps()).extracting(StepSummary::name)
                .containsExactly("shelf-usage", "query-parser", "table-usage", "metadata-usage");
        assertThat(counts(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-03-03 logs.shelf.sales.orders", 4,
                "2026-03-03 logs.shelf.sales.totals", 1,
                "2026-03-03 logs.shelf.crm.customers", 1,
                "2026-03-04 logs.shelf.sales.orders", 2,
                "2026-03-04 logs.warehouse.inventory.stock", 1,
                "2026-03-04 logs.shelf.events", 1)));
        StepSummary parser = result.steps().get(1);
        assertThat(parser.warnings()).isEqualTo(1);
        assertThat(parser.warningDetails()).singleElement().asString()
                .contains("cannot be parsed").contains("SELEC broken FROM");
        assertThat(parser.filtered()).isEqualTo(1);
        assertThat(parser.records()).isEqualTo(5);
        // The bulk sink's file is the run's output, in the report as a sink's is.
        assertThat(result.outputs()).singleElement().satisfies(output -> {
            assertThat(output.step()).isEqualTo("metadata-usage");
            assertThat(output.destination()).isEqualTo(out.toAbsolutePath().toString());
            assertThat(output.records()).isEqualTo(result.steps().get(3).records());
            assertThat(output.kept()).isTrue();
        });
    }

    @Test
    void theFileGetsEachJoinedTablesJoinsPerDayAsATableJoinsLine() throws Exception {
        Path out = dir.resolve("usage.ndjson");
        run("Shelf", out);

        List<JsonNode> joins = Mappers.standard().readerFor(JsonNode.class).<JsonNode>readValues(out.toFile()).readAll()
                .stream().filter(l -> l.path("entityType").asText().equals("tableJoins")).toList();
        assertThat(joins).extracting(l -> l.path("entity")).containsExactly(Mappers.standard().readTree("""
                {"table": {"type": "table", "fullyQualifiedName": "logs.shelf.crm.customers"},
                 "startDate": "2026-03-03", "dayCount": 1, "directTableJoins": [],
                 "columnJoins": [{"columnName": "id",
                   "joinedWith": [{"fullyQualifiedName": "logs.shelf.sales.orders.customer_id", "joinCount": 1}]}]}"""),
                Mappers.standard().readTree("""
                {"table": {"type": "table", "fullyQualifiedName": "logs.shelf.sales.orders"},
                 "startDate": "2026-03-03", "dayCount": 1, "directTableJoins": [],
                 "columnJoins": [{"columnName": "customer_id",
                   "joinedWith": [{"fullyQualifiedName": "logs.shelf.crm.customers.id", "joinCount": 1}]}]}"""));
    }

    @Test
    void aUsageRunWhoseSourceCannotConnectReportsTheBulkSinkAndLeavesItsFileAsItWas() throws Exception {
        Path out = dir.resolve("usage.ndjson");
        Files.writeString(out, "{\"an\": \"earlier run\"}\n");
        Path file = workflow("Shelf", dir.resolve("staging"), dir.resolve("staging"), out);
        Files.writeString(file, Files.readString(file).replace("shelf:1", "down:1"));

        RunResult result = ShelfWorkflows.ingestQuietly(runtime, file, Optional.empty());

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.steps()).extracting(StepSummary::name)
                .containsExactly("shelf-usage", "query-parser", "table-usage", "metadata-usage");
        assertThat(result.success()).isEqualTo(87.5); // (50 + 100 + 100 + 100) / 4
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.step()).isEqualTo("metadata-usage");
            assertThat(o.kept()).isFalse();
            assertThat(o.leftAsItWas()).isEqualTo(out.toAbsolutePath() + " keeps its previous content");
        });
        assertThat(out).hasContent("{\"an\": \"earlier run\"}");
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void aConnectorsOwnParserWinsForItsServiceTypeAndTheBuiltInOneServesTheOthers() throws Exception {
        Path out = dir.resolve("own.ndjson");
        RunResult result = run("ShelfAnnex", out);

        assertThat(result.fatalError()).isNull();
        assertThat(counts(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-03-03 logs.resolved", 4, "2026-03-04 logs.resolved", 6)));
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(new ShelfSpec(), new ShelfSpec.AnnexSpec())
                .with("runtime", new BuiltInSteps());
        assertThat(registry.problems()).isEmpty();
        assertThat(registry.findStep(StepKind.PROCESSOR, "query-parser", "shelfannex"))
                .map(RegisteredStep::spec).map(StepSpec::stepClass).contains(ShelfQueryParser.class);
        assertThat(registry.findStep(StepKind.PROCESSOR, "query-parser", "Shelf"))
                .map(RegisteredStep::spec).map(StepSpec::stepClass).contains(QueryParserProcessor.class);
    }

    @Test
    void aBulkSinkReadingAnotherFolderThanTheStageIsRefusedAtLoad() throws Exception {
        Path staged = dir.resolve("staging");
        Path read = dir.resolve("elsewhere");
        Path file = workflow("Shelf", staged, read, dir.resolve("usage.ndjson"));

        InvalidConfigException refused = catchThrowableOfType(() -> runtime.load(file), InvalidConfigException.class);

        assertThat(refused).isNotNull();
        assertThat(refused.problems()).extracting(ConfigProblem::toString).containsExactly("bulkSink.config.filename: "
                + read + " is not the stage's folder (stage.config.filename: " + staged + "); the bulk sink reads what"
                + " the stage wrote: give both the same folder");
        // One folder spelt two ways is one folder.
        runtime.load(workflow("Shelf", staged, dir.resolve("elsewhere/../staging"), dir.resolve("usage.ndjson")));
    }

    @Test
    void aBulkSinkFindingNoStagingOfThisRunFailsAndRepublishesNothingStale() throws Exception {
        Path old = dir.resolve("old.ndjson");
        assertThat(run("Shelf", old).state()).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        assertThat(counts(old)).isNotEmpty();
        // The first run's bulk sink removed what it published, folder and all.
        assertThat(dir.resolve("staging")).doesNotExist();
        // A run killed before its bulk sink closed leaves its staging behind.
        Files.createDirectories(dir.resolve("staging"));
        Mappers.standard().writeValue(dir.resolve("staging").resolve(TableUsageStage.MANIFEST).toFile(),
                new TableUsageStage.Manifest("killed-run", 5, 2));
        Files.writeString(dir.resolve("staging").resolve("2026-03-04" + TableUsageStage.SUFFIX), "");
        // The loader refuses the mismatch; past it (a workflow built without the loader's check),
        // the bulk sink finds the killed run's files in its folder and must not publish them as this run's.
        Path out = dir.resolve("new.ndjson");
        Files.writeString(out, "{\"an\": \"earlier run\"}\n");
        LoadedWorkflow mismatched = new WorkflowLoader(runtime.registry(), Mappers.standard(), Map.<String, String>of()::get)
                .load(workflow("Shelf", dir.resolve("other"), dir.resolve("staging"), out));

        RunResult result = runtime.run(mismatched, Optional.empty(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false);

        assertThat(result.state()).isEqualTo(RunState.FAILED);
        StepSummary stage = result.steps().get(2);
        assertThat(stage.records()).isEqualTo(5);
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.records()).isZero();
        assertThat(bulk.errors()).isEqualTo(1);
        assertThat(bulk.failures()).singleElement().asString().contains("holds what run")
                .contains("not this run (" + mismatched.context().pipelineRunId() + "), so nothing was published")
                .contains("give both the same folder");
        // A failed run leaves the file as it was, as the file sink does (it emptied it), and says so.
        assertThat(out).hasContent("{\"an\": \"earlier run\"}");
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.kept()).isFalse();
            assertThat(o.leftAsItWas()).isEqualTo(out + " keeps its previous content");
        });
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }
}
