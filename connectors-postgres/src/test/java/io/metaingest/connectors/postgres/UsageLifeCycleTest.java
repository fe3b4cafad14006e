package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenMetadata's usage pipeline on pg_stat_statements, end to end into the stand-in server: each table's
 * lifeCycle from the kinds of the statements that touched it ({@code PATCH /v1/tables/{id}}). pg_stat_statements
 * keeps no time per statement, so the time is the run's analysis day (the 4th of March, 00:00 UTC), as the
 * queries' {@code queryDate}.
 */
class UsageLifeCycleTest {

    private static final String BASE = "local_postgres.usage_life_cycle.sales.";
    /** 2026-03-04T00:00:00Z, the day of {@link UsagePipelineTest#CLOCK}. */
    private static final long ANALYSIS_DAY = 1772582400000L;

    static final TestPg pg = TestPg.get();
    static String db;

    @TempDir
    Path dir;

    private final ObjectMapper mapper = Mappers.standard();
    private OpenMetadataStandIn server;

    @BeforeAll
    static void load() {
        Assumptions.assumeTrue(pg.hasQueryLog(), "the server has no pg_stat_statements");
        db = pg.databaseWithWorkload("usage_life_cycle", """
                CREATE SCHEMA sales;
                CREATE TABLE sales.customers (id int, name text);
                CREATE TABLE sales.orders (id int, customer_id int);
                CREATE TABLE sales.notes (id int);
                """, "INSERT INTO sales.orders VALUES (1, 1)",
                "SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id",
                "SELECT count(*) FROM sales.notes");
    }

    @BeforeEach
    void start() throws Exception {
        server = UsagePipelineRuns.seeded("usage_life_cycle", "sales",
                Map.of("customers", List.of(), "orders", List.of(), "notes", List.of()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RunResult run() throws Exception {
        return UsagePipelineRuns.run(pg, db, dir, server, null);
    }

    private JsonNode lifeCyclePatch(String table) {
        String id = server.entity("table", BASE + table).get("id").asText();
        return server.calls().stream().filter(c -> c.line().equals("PATCH /v1/tables/" + id))
                .map(OpenMetadataStandIn.Call::body).reduce((a, b) -> {
                    throw new AssertionError("more than one PATCH of " + table);
                }).orElseThrow(() -> new AssertionError("no PATCH of " + table));
    }

    @Test
    void theRoleThatRanTheStatementsIsTheLifeCyclesUserWhenTheServerHasIt() throws Exception {
        String user = server.addUser(pg.user()).get("id").asText();

        RunResult result = run();

        assertThat(result.fatalError()).isNull();
        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        String by = """
                {"id": "%s", "type": "user", "name": "%s", "fullyQualifiedName": "%2$s"}""".formatted(user, pg.user());
        assertThat(lifeCyclePatch("orders")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {
                  "updated": {"timestamp": %1$d, "accessedBy": %2$s},
                  "accessed": {"timestamp": %1$d, "accessedBy": %2$s}}}]""".formatted(ANALYSIS_DAY, by)));
        assertThat(server.entity("table", BASE + "customers").get("lifeCycle")).isEqualTo(mapper.readTree("""
                {"accessed": {"timestamp": %d, "accessedBy": %s}}""".formatted(ANALYSIS_DAY, by)));
    }

    @Test
    void aRoleTheServerHasNoUserOfIsNamedAsTheProcess() throws Exception {
        RunResult result = run();

        assertThat(result.state()).isEqualTo(RunState.SUCCESS);
        assertThat(lifeCyclePatch("notes")).isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {
                  "accessed": {"timestamp": %d, "accessedByAProcess": "%s"}}}]""".formatted(ANALYSIS_DAY, pg.user())));
        assertThat(server.entity("table", BASE + "orders").at("/lifeCycle/updated/accessedByAProcess").asText())
                .isEqualTo(pg.user());
    }
}
