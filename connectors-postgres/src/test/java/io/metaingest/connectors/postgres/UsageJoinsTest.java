package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetadata's usage pipeline on joined queries of pg_stat_statements: each table's frequently-joined
 * columns, published to the stand-in server ({@code PUT /v1/tables/{id}/joins}) or written to the bulk sink's file.
 */
class UsageJoinsTest {

    private static final String BASE = "local_postgres.usage_joins.sales.";

    static final TestPg pg = TestPg.get();
    static String db;

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Mappers.standard();
    private OpenMetadataStandIn server;

    @BeforeAll
    static void load() {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        String joined = "SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id";
        db = pg.databaseWithWorkload("usage_joins", """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int, name text);
                CREATE TABLE sales.orders (id int, customer_id int);
                CREATE TABLE sales.invoices (order_id int, amount int);
                CREATE TABLE sales.notes (id int);
                """, joined, joined, "SELECT sum(i.amount) FROM sales.invoices i, sales.orders o WHERE i.order_id = o.id",
                "SELECT count(*) FROM sales.notes");
    }

    @BeforeEach
    void start() throws Exception {
        server = UsagePipelineRuns.seeded("usage_joins", "sales", Map.of("customers", List.of("id", "name"),
                "orders", List.of("id", "customer_id"), "invoices", List.of("order_id", "amount"), "notes", List.of("id")));
        server.today(LocalDate.parse("2026-03-04"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunResult run(String path) throws Exception {
        return UsagePipelineRuns.run(pg, db, dir, server, path);
    }

    /** The TableJoins of one table as OpenMetadata's schema writes it, for the 4th of March. */
    private JsonNode joins(String column, String joinedWith, int count) throws Exception {
        return mapper.readTree("""
                {"startDate": "2026-03-04", "dayCount": 1, "directTableJoins": [],
                 "columnJoins": [{"columnName": "%s", "joinedWith": [{"fullyQualifiedName": "%s", "joinCount": %d}]}]}
                """.formatted(column, BASE + joinedWith, count));
    }

    @Test
    void eachJoinedTablesJoinsArePublishedBothWaysCountingEachRun() throws Exception {
        RunResult result = run(null);

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(server.tableJoins(BASE + "customers")).containsExactly(joins("id", "orders.customer_id", 2));
        assertThat(server.tableJoins(BASE + "invoices")).containsExactly(joins("order_id", "orders.id", 1));
        assertThat(server.tableJoins(BASE + "orders")).singleElement().isEqualTo(mapper.readTree("""
                {"startDate": "2026-03-04", "dayCount": 1, "directTableJoins": [], "columnJoins": [
                  {"columnName": "customer_id", "joinedWith": [{"fullyQualifiedName": "%1$scustomers.id", "joinCount": 2}]},
                  {"columnName": "id", "joinedWith": [{"fullyQualifiedName": "%1$sinvoices.order_id", "joinCount": 1}]}]}
                """.formatted(BASE)));
        assertThat(server.tableJoins(BASE + "notes")).as("a table that joined nothing").isEmpty();
        assertThat(server.usage(BASE + "notes")).containsEntry("2026-03-04", 1);
    }

    @Test
    void theBulkSinksFileHasATableJoinsLinePerJoinedTableAndDay() throws Exception {
        Path out = dir.resolve("usage.ndjson");
        RunResult result = run(out.toString());

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        List<JsonNode> lines = Workflows.lines(out).stream()
                .filter(l -> l.path("entityType").asText().equals("tableJoins")).toList();
        assertThat(lines).extracting(l -> l.at("/entity/table/fullyQualifiedName").asText())
                .containsExactly(BASE + "customers", BASE + "invoices", BASE + "orders");
        ObjectNode customers = (ObjectNode) lines.get(0).get("entity").deepCopy();
        assertThat(customers.remove("table")).isEqualTo(mapper.readTree("{\"type\": \"table\", \"fullyQualifiedName\": \""
                + BASE + "customers\"}"));
        assertThat(customers).isEqualTo(joins("id", "orders.customer_id", 2));
        assertThat(server.calls()).as("a file, not the server").noneMatch(c -> c.path().endsWith("/joins"));
    }
}
