package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.SinkOutput;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.testing.ShelfWorkflows;
import io.metaingest.testconnectors.ShelfSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage pipeline publishing to the server (no {@code path}), whole runs into the OpenMetadata
 * stand-in: the Shelf's query log names five tables, of which the server has three.
 */
class UsagePublishingTest {

    /** Two days: the same query on both, a query over three tables, two tables the server lacks. */
    static final String QUERY_LOG = """
            - {query: "SELECT * FROM orders", schema: sales, at: "2026-03-03T10:00:00Z", executions: 3}
            - {query: "INSERT INTO sales.totals SELECT o.id FROM orders o JOIN crm.customers c ON c.id = o.customer_id", schema: sales, at: "2026-03-03T23:59:59Z"}
            - {query: "SELECT * FROM orders", schema: sales, at: "2026-03-04T00:00:01Z", executions: 2}
            - {query: "SELECT * FROM warehouse.inventory.stock", schema: sales, at: "2026-03-04T08:00:00Z", executions: 1}
            - {query: "SELECT * FROM events", at: "2026-03-04T09:00:00Z", executions: 1}
            """;

    /** The day after the query log's last. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Mappers.standard();
    private final Metaingest runtime = ShelfWorkflows.runtime(CLOCK, new ShelfSpec());
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest("bot");
    final OpenMetadataStandIn server = openMetadata.server();

    @BeforeEach
    void start() throws Exception {
        server.seed("databaseService", "logs", mapper.createObjectNode().put("name", "logs"));
        server.seed("database", "logs.shelf", mapper.createObjectNode().put("name", "shelf"));
        server.seed("databaseSchema", "logs.shelf.sales", mapper.createObjectNode().put("name", "sales"));
        server.seed("databaseSchema", "logs.shelf.crm", mapper.createObjectNode().put("name", "crm"));
        server.seed("table", "logs.shelf.sales.orders", table("orders", "id", "customer_id"));
        server.seed("table", "logs.shelf.sales.totals", table("totals", "id"));
        server.seed("table", "logs.shelf.crm.customers", table("customers", "id"));
        server.today(java.time.LocalDate.parse("2026-03-05")); // the run's clock: joins of the last 30 days only
    }

    private com.fasterxml.jackson.databind.node.ObjectNode table(String name, String... columns) {
        com.fasterxml.jackson.databind.node.ObjectNode table = mapper.createObjectNode().put("name", name);
        for (String column : columns) {
            table.withArray("columns").addObject().put("name", column).put("dataType", "INT");
        }
        return table;
    }

    private RunResult run() throws Exception {
        return run("bot");
    }

    private RunResult run(String token) throws Exception {
        Path file = Files.writeString(dir.resolve("usage.yaml"), ShelfWorkflows.usagePipeline("Shelf", QUERY_LOG,
                dir.resolve("staging"), "filename: " + dir.resolve("staging")) + server.workflowConfigYaml(token));
        return ShelfWorkflows.ingestQuietly(runtime, file, Optional.empty());
    }

    @Test
    void tablesTheServerDoesNotHaveYetAreOneWarningEachAndTheRunSucceeds() throws Exception {
        RunResult result = run();

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.name()).isEqualTo("metadata-usage");
        assertThat(bulk.errors()).isZero();
        assertThat(bulk.success()).isEqualTo(100.0);
        // One warning per missing table, not one per query or per day.
        assertThat(bulk.warnings()).isEqualTo(2);
        assertThat(bulk.warningDetails()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("logs.warehouse.inventory.stock").contains("not on the server"))
                .anySatisfy(w -> assertThat(w).contains("logs.shelf.events").contains("not on the server"));
        // What could be published was: three queries (one on both days), four days of table usage, the
        // joins of the two tables the INSERT joined and the life cycles of the three tables.
        assertThat(bulk.records() + bulk.updatedRecords()).isEqualTo(12);
        assertThat(server.count("query")).isEqualTo(2);
        assertThat(server.usage("logs.shelf.sales.orders")).containsEntry("2026-03-03", 4).containsEntry("2026-03-04", 2);
        assertThat(server.usage("logs.shelf.crm.customers")).containsEntry("2026-03-03", 1);
    }

    /** A refused token ends the run at its start, before the source reads the query log for nothing. */
    @Test
    void aTokenTheServerRefusesEndsTheRunBeforeTheQueryLogIsRead() throws Exception {
        RunResult result = run("not-the-bot");

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(result.fatalError()).contains("refused the token").doesNotContain("not-the-bot");
        assertThat(result.steps().get(0).records()).as("the query log was not read").isZero();
        assertThat(result.steps().get(2).records()).as("nothing staged").isZero();
        assertThat(server.calls()).noneMatch(c -> !c.method().equals("GET"));
    }

    @Test
    void aTokenRefusedPartWayKeepsWhatReachedTheServerCountedAsWrittenNotDiscarded() throws Exception {
        server.failNext("POST /v1/usage/table/name/logs.shelf.sales.orders", 401);

        RunResult result = run();

        assertThat(result.connectionFailure()).isTrue();
        assertThat(result.state()).isEqualTo(RunState.FAILED);
        assertThat(server.count("query")).isEqualTo(2); // on the server: they stay there whatever the run's end
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.discarded()).isZero();
        // Every write the server took before the refusal is counted, none that it did not take.
        long taken = server.calls().stream().filter(c -> !c.method().equals("GET") && c.status() < 300).count();
        assertThat(taken).isGreaterThanOrEqualTo(3);
        assertThat(bulk.records() + bulk.updatedRecords()).isEqualTo(taken);
        assertThat(result.outputs()).singleElement().satisfies(o -> {
            assertThat(o.kept()).isTrue();
            assertThat(o.records()).isEqualTo(bulk.records() + bulk.updatedRecords());
        });
    }

    @Test
    void aSecondIdenticalRunCountsTheQueriesItRepublishesAsUpdated() throws Exception {
        StepSummary first = run().steps().get(3);
        RunResult second = run();

        // The first run creates two queries; the third, the same text on the next day, is the same
        // entity on the server (PUT answered 200), so it is an update already.
        // The three tables' life cycles change tables the server has: updates, as sample data and tags.
        assertThat(first.records()).isEqualTo(8);
        assertThat(first.updatedRecords()).isEqualTo(4);
        StepSummary bulk = second.steps().get(3);
        assertThat(second.state()).isEqualTo(RunState.SUCCESS);
        // All three query writes update what the first run created; the four days of usage and the two tables'
        // joins, which the server does not tell apart from new ones (as for metadata-rest), stay records.
        assertThat(bulk.updatedRecords()).isEqualTo(3);
        assertThat(bulk.records()).isEqualTo(6);
        assertThat(bulk.success()).isEqualTo(100.0);
        assertThat(server.count("query")).isEqualTo(2);
        assertThat(second.outputs()).singleElement().extracting(SinkOutput::records).isEqualTo(9L);
        // The life cycles the first run stored are as recent as the second's: nothing is sent, each says so.
        assertThat(bulk.filtered()).isEqualTo(3);
        assertThat(bulk.filteredDetails()).hasSize(3).allSatisfy(f -> assertThat(f)
                .contains("its lifeCycle on the server is as recent as this run's").contains("nothing was sent"));
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).filteredOn(c -> c.startsWith("PATCH"))
                .hasSize(3); // the first run's
    }

    @Test
    void eachJoinedTablesJoinsArePublishedAfterItsUsageAsOpenMetadatasTableJoins() throws Exception {
        RunResult result = run();

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        // The INSERT's "c.id = o.customer_id", both ways; the day's only join, run once.
        assertThat(server.tableJoins("logs.shelf.sales.orders")).singleElement().isEqualTo(mapper.readTree("""
                {"startDate": "2026-03-03", "dayCount": 1, "directTableJoins": [],
                 "columnJoins": [{"columnName": "customer_id",
                   "joinedWith": [{"fullyQualifiedName": "logs.shelf.crm.customers.id", "joinCount": 1}]}]}"""));
        assertThat(server.tableJoins("logs.shelf.crm.customers")).singleElement().isEqualTo(mapper.readTree("""
                {"startDate": "2026-03-03", "dayCount": 1, "directTableJoins": [],
                 "columnJoins": [{"columnName": "id",
                   "joinedWith": [{"fullyQualifiedName": "logs.shelf.sales.orders.customer_id", "joinCount": 1}]}]}"""));
        // Nothing is sent for a table that joined nothing, and a table's joins come after its usage.
        assertThat(server.tableJoins("logs.shelf.sales.totals")).isEmpty();
        String orders = server.entity("table", "logs.shelf.sales.orders").get("id").asText();
        List<String> calls = server.calls().stream().map(OpenMetadataStandIn.Call::line).toList();
        assertThat(calls).filteredOn(c -> c.endsWith("/joins")).hasSize(2);
        assertThat(calls.indexOf("PUT /v1/tables/" + orders + "/joins"))
                .isGreaterThan(calls.indexOf("POST /v1/usage/table/name/logs.shelf.sales.orders"));
    }

    private JsonNode lifeCyclePatch(String table) {
        String id = server.entity("table", table).get("id").asText();
        List<OpenMetadataStandIn.Call> patches = server.calls().stream()
                .filter(c -> c.line().equals("PATCH /v1/tables/" + id)).toList();
        assertThat(patches).as("PATCH calls of " + table).hasSize(1);
        return patches.get(0).body();
    }

    /**
     * As OpenMetadata's usage bulk sink: each table's life cycle from its queries, by their kind and day;
     * "reader", whom the server does not know as a user, is named as the process. orders was updated by
     * the INSERT on the 3rd and read on the 3rd and the 4th: the later read is kept.
     */
    @Test
    void eachTablesLifeCycleIsPatchedFromItsQueriesWithTheLaterDayKept() throws Exception {
        RunResult result = run();

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(lifeCyclePatch("logs.shelf.sales.orders")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {
                  "updated": {"timestamp": 1772496000000, "accessedByAProcess": "reader"},
                  "accessed": {"timestamp": 1772582400000, "accessedByAProcess": "reader"}}}]"""));
        // The INSERT's kind holds for every table it touched, as in OpenMetadata.
        assertThat(lifeCyclePatch("logs.shelf.crm.customers")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {
                  "updated": {"timestamp": 1772496000000, "accessedByAProcess": "reader"}}}]"""));
        assertThat(server.entity("table", "logs.shelf.sales.totals").get("lifeCycle")).isEqualTo(mapper.readTree("""
                {"updated": {"timestamp": 1772496000000, "accessedByAProcess": "reader"}}"""));
        // After the usage it describes, and before the day's percentiles.
        String orders = server.entity("table", "logs.shelf.sales.orders").get("id").asText();
        List<String> calls = server.calls().stream().map(OpenMetadataStandIn.Call::line).toList();
        assertThat(calls.indexOf("PATCH /v1/tables/" + orders))
                .isGreaterThan(calls.indexOf("POST /v1/usage/table/name/logs.shelf.sales.orders"))
                .isLessThan(calls.indexOf("POST /v1/usage/compute.percentile/table/2026-03-03"));
    }

    @Test
    void aQueryLogUserTheServerHasIsTheLifeCyclesAccessedBy() throws Exception {
        String reader = server.addUser("reader").get("id").asText();

        assertThat(run().state()).isEqualTo(RunState.SUCCESS);

        assertThat(lifeCyclePatch("logs.shelf.crm.customers")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {
                  "updated": {"timestamp": 1772496000000,
                    "accessedBy": {"id": "%s", "type": "user", "name": "reader", "fullyQualifiedName": "reader"}}}}]"""
                .formatted(reader)));
    }

    /** As OpenMetadata: a life cycle the server refuses is that table's failure; the rest is published. */
    @Test
    void aLifeCycleTheServerRefusesIsOneFailureOfThatTableAndTheRestIsPublished() throws Exception {
        String orders = server.entity("table", "logs.shelf.sales.orders").get("id").asText();
        server.failNext("PATCH /v1/tables/" + orders, 400);

        RunResult result = run();

        assertThat(result.fatalError()).isNull();
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.errors()).isEqualTo(1);
        assertThat(bulk.failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("logs.shelf.sales.orders");
            assertThat(f.error()).startsWith("its lifeCycle was not published: ").doesNotContain("\n");
        });
        assertThat(bulk.records() + bulk.updatedRecords()).isEqualTo(11);
        assertThat(server.entity("table", "logs.shelf.sales.orders").has("lifeCycle")).isFalse();
        assertThat(server.entity("table", "logs.shelf.crm.customers").has("lifeCycle")).isTrue();
        assertThat(server.entity("table", "logs.shelf.sales.totals").has("lifeCycle")).isTrue();
        assertThat(server.usage("logs.shelf.sales.orders")).containsEntry("2026-03-03", 4).containsEntry("2026-03-04", 2);
        assertThat(server.count("query")).isEqualTo(2);
        assertThat(server.percentilesComputed()).contains("table 2026-03-03", "table 2026-03-04");
    }
    /**
     * A rerun of an older period (or an older query log) after the server learnt later times: its stored
     * read of the 5th and its creation, which no query of this log shows, stay; only the update, later
     * than the stored one, is sent.
     */
    @Test
    void aRerunOfAnOlderPeriodNeverMovesAStoredLifeCycleBackInTime() throws Exception {
        JsonNode stored = mapper.readTree("""
                {"created": {"timestamp": 1000, "accessedByAProcess": "dba"},
                 "updated": {"timestamp": 1772409600000, "accessedByAProcess": "etl"},
                 "accessed": {"timestamp": 1772668800000, "accessedByAProcess": "bi"}}""");
        server.entity("table", "logs.shelf.sales.orders").set("lifeCycle", stored.deepCopy());

        RunResult result = run();

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(lifeCyclePatch("logs.shelf.sales.orders")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle/updated", "value": {"timestamp": 1772496000000, "accessedByAProcess": "reader"}}]"""));
        assertThat(server.entity("table", "logs.shelf.sales.orders").get("lifeCycle")).isEqualTo(mapper.readTree("""
                {"created": {"timestamp": 1000, "accessedByAProcess": "dba"},
                 "updated": {"timestamp": 1772496000000, "accessedByAProcess": "reader"},
                 "accessed": {"timestamp": 1772668800000, "accessedByAProcess": "bi"}}"""));
        // The table's look-up read the stored life cycle: one read per table, as before.
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .filteredOn(c -> c.startsWith("GET /v1/tables/name/logs.shelf.sales.orders"))
                .containsExactly("GET /v1/tables/name/logs.shelf.sales.orders?fields=lifeCycle");
    }

    /** A stored life cycle the server will not answer is that table's failure, in one line; the rest goes on. */
    @Test
    void aStoredLifeCycleThatCannotBeReadIsOneFailureOfThatTableAndTheRestIsPublished() throws Exception {
        server.failNext("GET /v1/tables/name/logs.shelf.sales.orders?fields=lifeCycle", 400, 400);

        RunResult result = run();

        assertThat(result.fatalError()).isNull();
        StepSummary bulk = result.steps().get(3);
        assertThat(bulk.failures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("logs.shelf.sales.orders");
            assertThat(f.error()).startsWith("its lifeCycle was not published: ").doesNotContain("\n");
        });
        assertThat(server.entity("table", "logs.shelf.sales.orders").has("lifeCycle")).isFalse();
        assertThat(server.entity("table", "logs.shelf.crm.customers").has("lifeCycle")).isTrue();
        assertThat(server.entity("table", "logs.shelf.sales.totals").has("lifeCycle")).isTrue();
        assertThat(server.usage("logs.shelf.sales.orders")).containsEntry("2026-03-03", 4).containsEntry("2026-03-04", 2);
        assertThat(server.count("query")).isEqualTo(2);
    }
}
