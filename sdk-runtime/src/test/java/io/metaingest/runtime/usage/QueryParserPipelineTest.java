package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.metaingest.api.Processor;
import io.metaingest.api.Result;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.ServiceSpec;
import io.metaingest.api.Source;
import io.metaingest.api.StepSpec;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.config.SourceConfigType;
import io.metaingest.api.entity.ParsedData;
import io.metaingest.api.entity.TableQuery;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.RegisteredStep;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import io.metaingest.runtime.registry.StepKind;
import io.metaingest.runtime.steps.BuiltInSteps;
import io.metaingest.toolkit.sql.TableQueries;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetadata's usage pipeline for a database connector that brings no {@code query-parser}: the
 * runtime's own parses its query log; a connector that brings one keeps its own.
 */
class QueryParserPipelineTest {

    @TempDir
    Path dir;

    private final Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new LogdbSpec(), new OwnparserdbSpec()),
            Mappers.standard(), Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC),
            Map.<String, String>of()::get);

    /** A database connector whose usage source reads a query log and brings no step of its own. */
    public static final class LogdbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Logdb"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<Map> connectionType() { return Map.class; }
        @Override public String connectionSchema() { return "/schemas/logdbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, NoTables.class),
                    StepSpec.source(SourceConfigType.DATABASE_USAGE, QueryLogSource.class));
        }
    }

    /** The same query log, with a {@code query-parser} of the connector's own. */
    public static final class OwnparserdbSpec implements ServiceSpec {
        @Override public String serviceType() { return "Ownparserdb"; }
        @Override public ServiceCategory category() { return ServiceCategory.DATABASE; }
        @Override public Class<Map> connectionType() { return Map.class; }
        @Override public String connectionSchema() { return "/schemas/ownparserdbConnection.json"; }
        @Override public List<StepSpec<?>> steps() {
            return List.of(StepSpec.source(SourceConfigType.DATABASE_METADATA, NoTables.class),
                    StepSpec.source(SourceConfigType.DATABASE_USAGE, QueryLogSource.class),
                    StepSpec.processor("query-parser", OwnQueryParser.class, TableQuery.class,
                    QueryParserProcessor.Config.class, "/schemas/processor/query-parser.json"));
        }
    }

    /** The metadata workflow these usage-only connectors must offer: it reads nothing. */
    public static final class NoTables implements Source<Object> {
        @Inject
        public NoTables() {
        }

        @Override
        public Stream<Result<Object>> read() {
            return Stream.empty();
        }
    }

    /** The connector's own parser: every query is attributed to one table it would resolve on its server. */
    public static final class OwnQueryParser implements Processor<TableQuery, ParsedData> {
        @Inject
        public OwnQueryParser() {
        }

        @Override
        public Stream<Result<ParsedData>> process(TableQuery query) {
            return Stream.of(Result.ok(TableQueries.parsedData(query, List.of(query.serviceName() + ".resolved"))));
        }
    }

    /** A query log of two days: qualified and unqualified names, an unparsable statement, one touching no table. */
    public static final class QueryLogSource implements Source<TableQuery> {
        private final String service;

        @Inject
        public QueryLogSource(WorkflowContext context) {
            this.service = context.serviceName();
        }

        private TableQuery query(String sql, String schema, String at, Long executions) {
            return new TableQuery(sql, "ann", at, service, "shop", schema, 1.5, executions);
        }

        @Override
        public Stream<Result<TableQuery>> read() {
            return Stream.of(
                    query("SELECT * FROM orders", "sales", "2026-03-03T10:00:00Z", 3L),
                    query("INSERT INTO sales.totals SELECT o.id FROM orders o JOIN crm.customers c"
                            + " ON c.id = o.customer_id", "sales", "2026-03-03T23:59:59Z", null),
                    query("SELECT * FROM orders", "sales", "2026-03-04T00:00:01Z", 2L),
                    query("SELECT * FROM warehouse.inventory.stock", "sales", "2026-03-04T08:00:00Z", 1L),
                    query("SELECT * FROM events", null, "2026-03-04T09:00:00Z", 1L),
                    query("SELEC broken FROM", "sales", "2026-03-04T10:00:00Z", 1L),
                    query("SELECT 1", "sales", "2026-03-04T11:00:00Z", 1L)).map(Result::ok);
        }
    }

    private RunResult run(String serviceType, Path out) throws Exception {
        Path file = dir.resolve(serviceType + ".yaml");
        Files.writeString(file, """
                source:
                  type: %s-usage
                  serviceName: logs
                  serviceConnection: {config: {type: %s}}
                  sourceConfig: {config: {type: DatabaseUsage}}
                processor: {type: query-parser, config: {}}
                stage: {type: table-usage, config: {filename: %s}}
                bulkSink: {type: metadata-usage, config: {filename: %s, path: %s}}
                """.formatted(serviceType.toLowerCase(), serviceType, dir.resolve("staging"), dir.resolve("staging"), out));
        return runtime.ingest(file, new Metaingest.IngestOptions(Optional.empty(),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), false, false));
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
        RunResult result = run("Logdb", out);

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        assertThat(result.steps()).extracting(StepSummary::name)
                .containsExactly("logdb-usage", "query-parser", "table-usage", "metadata-usage");
        assertThat(counts(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-03-03 logs.shop.sales.orders", 4,
                "2026-03-03 logs.shop.sales.totals", 1,
                "2026-03-03 logs.shop.crm.customers", 1,
                "2026-03-04 logs.shop.sales.orders", 2,
                "2026-03-04 logs.warehouse.inventory.stock", 1,
                "2026-03-04 logs.shop.events", 1)));
        StepSummary parser = result.steps().get(1);
        assertThat(parser.warnings()).isEqualTo(1);
        assertThat(parser.warningDetails()).singleElement().asString()
                .contains("cannot be parsed").contains("SELEC broken FROM");
        assertThat(parser.filtered()).isEqualTo(1);
        assertThat(parser.records()).isEqualTo(5);
    }

    @Test
    void aConnectorsOwnParserWinsForItsServiceTypeAndTheBuiltInOneServesTheOthers() throws Exception {
        Path out = dir.resolve("own.ndjson");
        RunResult result = run("Ownparserdb", out);

        assertThat(result.fatalError()).isNull();
        assertThat(counts(out)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "2026-03-03 logs.resolved", 4, "2026-03-04 logs.resolved", 6)));
        ServiceSpecRegistry registry = ServiceSpecRegistry.of(new LogdbSpec(), new OwnparserdbSpec())
                .with("runtime", new BuiltInSteps());
        assertThat(registry.problems()).isEmpty();
        assertThat(registry.findStep(StepKind.PROCESSOR, "query-parser", "ownparserdb"))
                .map(RegisteredStep::spec).map(StepSpec::stepClass).contains(OwnQueryParser.class);
        assertThat(registry.findStep(StepKind.PROCESSOR, "query-parser", "Logdb"))
                .map(RegisteredStep::spec).map(StepSpec::stepClass).contains(QueryParserProcessor.class);
    }
}
