package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddLineageRequest.ColumnLineage;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.connectors.fivetran.api.FivetranConnector;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FivetranMappingTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "1, null, * * * * *", "5, null, */5 * * * *", "15, null, */15 * * * *", "30, null, */30 * * * *",
            "45, null, null", "60, null, 0 * * * *", "120, null, 0 */2 * * *", "180, null, 0 */3 * * *",
            "360, null, 0 */6 * * *", "480, null, 0 */8 * * *", "720, null, 0 */12 * * *", "90, null, null",
            "300, null, null", "1440, null, 0 0 * * *", "1440, 03:00, 0 3 * * *", "1440, 17:30, 30 17 * * *",
            "1440, 25:00, 0 0 * * *", "2880, null, null", "0, null, null", "null, null, null"})
    void scheduleIntervalIsAValidCronOrNone(Integer minutes, String daily, String cron) {
        assertThat(FivetranPipelineSource.scheduleInterval(minutes, daily)).isEqualTo(cron);
    }

    private static FivetranConnector connector(String succeeded, String failed, String syncState) throws Exception {
        ObjectNode node = TestSupport.MAPPER.createObjectNode().put("id", "c1").put("group_id", "g1")
                .put("service", "postgres").put("schema", "pg");
        node.put("succeeded_at", succeeded).put("failed_at", failed);
        node.putObject("status").put("setup_state", "connected").put("sync_state", syncState);
        return TestSupport.MAPPER.treeToValue(node, FivetranConnector.class);
    }

    private static FivetranPipelineSource source() {
        FivetranConnection connection = FivetranConnection.of("k", "s", "http://127.0.0.1:9");
        FivetranClient client = new FivetranClient(connection, TestSupport.HTTP, TestSupport.MAPPER);
        return new FivetranPipelineSource(connection, TestSupport.config(null, false, List.of()), TestSupport.context(),
                client, new FivetranLineage(client), TestSupport.CLOCK);
    }

    @Test
    void statusIsTheLatestOutcomePendingWhileSyncingAndNoneWhenNeverSynced() throws Exception {
        FivetranPipelineSource source = source();
        AddPipelineStatusRequest ok = source.status(connector("2024-05-02T10:00:00.245Z",
                "2024-05-01T10:00:00.872491Z", "scheduled"), "svc.p").orElseThrow();
        assertThat(ok.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.SUCCESSFUL);
        assertThat(ok.pipelineStatus().timestamp()).isEqualTo(1714644000245L);
        assertThat(ok.pipelineStatus().taskStatus()).singleElement()
                .satisfies(t -> assertThat(t.endTime()).isEqualTo(1714644000245L));

        AddPipelineStatusRequest failed = source.status(connector("2024-05-01T10:00:00Z",
                "2024-05-02T10:00:00.5+00:00", "scheduled"), "svc.p").orElseThrow();
        assertThat(failed.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.pipelineStatus().timestamp()).isEqualTo(1714644000500L);

        AddPipelineStatusRequest syncing = source.status(connector(null, null, "syncing"), "svc.p").orElseThrow();
        assertThat(syncing.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.PENDING);
        assertThat(syncing.pipelineStatus().timestamp()).isEqualTo(TestSupport.CLOCK.millis());

        assertThat(source.status(connector(null, null, "scheduled"), "svc.p")).isEmpty();
    }

    /** The mixed connector (conn_003) of the standard account, as listed. */
    private static FivetranConnector mixed(FivetranClient client) {
        return mixed(client, "sql_server_hva");
    }

    private static FivetranConnector mixed(FivetranClient client, String service) {
        FivetranConnector listed = client.connectors("projected_sickle").next(); // any item of the group
        return new FivetranConnector(FivetranFixtures.MIXED_SCHEMAS, listed.groupId(),
                service, 1, "postgres_rds", null, null, false, null, null, 60, null, null, null);
    }

    private static List<AddLineageRequest> edges(List<Result<EntityRequest>> results) {
        return results.stream().filter(r -> r instanceof Result.Ok<EntityRequest>)
                .map(r -> (AddLineageRequest) ((Result.Ok<EntityRequest>) r).record()).collect(Collectors.toList());
    }

    @Test
    void columnLineageComesFromTheColumnsEndpointEvenWhenTheSchemaConfigListsSomeColumns() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1),
                    new TestSupport.RecordingSleeper());
            List<AddLineageRequest> edges = edges(new FivetranLineage(client)
                    .lineage(mixed(client), "DW", "svc.pipe", List.of("svc")));
            assertThat(edges).extracting(AddLineageRequest::key).containsExactly(
                    "table:svc.source_db.public.users -> table:svc.DW.postgres_rds_public.users",
                    "table:svc.source_db.public.customers -> table:svc.DW.postgres_rds_public.customer",
                    "table:svc.source_db.\"sales.eu\".\"order.lines\" -> table:svc.DW.postgres_rds_sales_eu.order_lines");
            // The schema config of users lists only id (named id); the columns endpoint has id -> user_id and
            // email -> email_address, and internal_flag disabled.
            assertThat(edges.get(0).edge().lineageDetails().columnsLineage()).containsExactly(
                    new ColumnLineage(List.of("svc.source_db.public.users.id"), "svc.DW.postgres_rds_public.users.user_id"),
                    new ColumnLineage(List.of("svc.source_db.public.users.email"), "svc.DW.postgres_rds_public.users.email_address"));
            assertThat(edges.get(1).edge().lineageDetails().columnsLineage()).containsExactly(
                    new ColumnLineage(List.of("svc.source_db.public.customers.id"), "svc.DW.postgres_rds_public.customer.customer_id"),
                    new ColumnLineage(List.of("svc.source_db.public.customers.email"), "svc.DW.postgres_rds_public.customer.email_address"));
            // Enabled tables of enabled schemas only: not audit_log (disabled), nor the disabled schema internal.
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).filteredOn(p -> p.endsWith("/columns"))
                    .containsExactly("/v1/connections/conn_003/schemas/public/tables/users/columns",
                            "/v1/connections/conn_003/schemas/public/tables/customers/columns",
                            "/v1/connections/conn_003/schemas/sales.eu/tables/order.lines/columns");
        }
    }

    @ParameterizedTest
    @CsvSource({"kafka", "confluent_cloud"})
    void kafkaSourcesAreNotAskedForColumnsTheirColumnLineageIsTheSchemaConfigs(String service) {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1),
                    new TestSupport.RecordingSleeper());
            List<Result<EntityRequest>> results = new FivetranLineage(client)
                    .lineage(mixed(client, service), "DW", "svc.pipe", List.of("svc"));
            List<AddLineageRequest> edges = edges(results);
            assertThat(edges).hasSize(3);
            // users' schema config lists id only (same name in the destination)
            assertThat(edges.get(0).edge().lineageDetails().columnsLineage()).containsExactly(
                    new ColumnLineage(List.of("svc.source_db.public.users.id"), "svc.DW.postgres_rds_public.users.id"));
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).noneMatch(p -> p.endsWith("/columns"));
            assertThat(results).hasSize(3); // no warnings: nothing failed
        }
    }

    /**
     * A table whose schema config says {@code supports_columns_config: false} has no column config, which is
     * what the columns endpoint serves: an event-stream connector's topics (whatever its service is named, not
     * only OpenMetadata's kafka and confluent_cloud) keep their table lineage without a call that can only fail.
     */
    @Test
    void aTableWithoutColumnsConfigIsNotAskedForColumnsWhateverTheConnectorsService() {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        fixtures.schemas.put(FivetranFixtures.MIXED_SCHEMAS, FivetranFixtures.resource("fivetran/schemas/event-stream-schemas.json"));
        // As the real API would, the stand-in has no columns for them.
        fixtures.columnsMissing.add(FivetranFixtures.MIXED_SCHEMAS + "/events/orders");
        fixtures.columnsMissing.add(FivetranFixtures.MIXED_SCHEMAS + "/events/clicks");
        try (FivetranServer server = new FivetranServer(fixtures)) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1),
                    new TestSupport.RecordingSleeper());
            List<Result<EntityRequest>> results = new FivetranLineage(client)
                    .lineage(mixed(client, "aws_msk"), "DW", "svc.pipe", List.of("svc"));
            assertThat(edges(results)).extracting(AddLineageRequest::key).containsExactly(
                    "table:svc.source_db.events.orders -> table:svc.DW.msk_events.orders",
                    "table:svc.source_db.events.clicks -> table:svc.DW.msk_events.clicks");
            assertThat(edges(results)).allSatisfy(e -> assertThat(e.edge().lineageDetails().columnsLineage()).isNull());
            assertThat(server.seen()).extracting(FivetranServer.Seen::path).noneMatch(p -> p.endsWith("/columns"));
            assertThat(results).hasSize(2); // no warnings: nothing was unavailable
        }
    }

    @Test
    void aTableWhoseColumnsCannotBeReadKeepsItsEdgeWithTheSchemaConfigColumnsAndAWarning() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1),
                    new TestSupport.RecordingSleeper());
            List<Result<EntityRequest>> results = new FivetranLineage(client)
                    .lineage(mixed(client), "DW", "svc.pipe", List.of("svc", "other"));
            // order.lines answers 404: its edges (one per service) keep the one column its schema config lists.
            assertThat(edges(results)).filteredOn(e -> e.key().contains("order.lines"))
                    .extracting(e -> e.edge().lineageDetails().columnsLineage()).containsExactly(
                            List.of(new ColumnLineage(List.of("svc.source_db.\"sales.eu\".\"order.lines\".qty"),
                                    "svc.DW.postgres_rds_sales_eu.order_lines.qty")),
                            List.of(new ColumnLineage(List.of("other.source_db.\"sales.eu\".\"order.lines\".qty"),
                                    "other.DW.postgres_rds_sales_eu.order_lines.qty")));
            assertThat(results).filteredOn(r -> r instanceof Result.Warning<EntityRequest>).singleElement()
                    .satisfies(r -> {
                        Result.Warning<EntityRequest> w = (Result.Warning<EntityRequest>) r;
                        assertThat(w.name()).isEqualTo("svc.pipe");
                        assertThat(w.message()).startsWith("columns of table \"sales.eu\".\"order.lines\" of connector conn_003"
                                + " unavailable (GET /v1/connections/conn_003/schemas/sales.eu/tables/order.lines/columns")
                                .contains("HTTP 404")
                                .endsWith("; its column lineage has only the columns its schema config lists (1 enabled)");
                    });
        }
    }

    @Test
    void aTableWithoutColumnsInItsSchemaConfigWhoseColumnsCallFailsHasItsEdgeWithoutColumnLineage() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            server.faultAlways("connectors/conn_003/schemas/public/tables/customers/columns",
                    FivetranServer.error(500, "fivetran/errors/internal.json"));
            TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1), sleeper);
            List<Result<EntityRequest>> results = new FivetranLineage(client)
                    .lineage(mixed(client), "DW", "svc.pipe", List.of("svc"));
            assertThat(edges(results)).filteredOn(e -> e.key().contains("customers")).singleElement()
                    .satisfies(e -> assertThat(e.edge().lineageDetails().columnsLineage()).isNull());
            assertThat(results).filteredOn(r -> r instanceof Result.Warning<EntityRequest>)
                    .map(r -> ((Result.Warning<EntityRequest>) r).message())
                    .anySatisfy(m -> assertThat(m).startsWith("columns of table public.customers of connector conn_003 unavailable")
                            .contains("HTTP 500").endsWith("; its lineage has no column lineage"));
        }
    }

    @Test
    void aTableSyncedOntoItselfIsSkipped() {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranClient client = TestSupport.client(TestSupport.connection(server, 100, 1),
                    new TestSupport.RecordingSleeper());
            FivetranConnector self = new FivetranConnector(FivetranFixtures.SELF_LINEAGE, "schoolmaster_heedless",
                    "sql_server_hva", 1, "s", null, null, false, null, null, 60, null, null, null);
            List<Result<EntityRequest>> results = new FivetranLineage(client).lineage(self, "PROD_DW", "svc.p", List.of("svc"));
            assertThat(results).singleElement().satisfies(r -> assertThat(((AddLineageRequest) ((Result.Ok<EntityRequest>) r)
                    .record()).key()).isEqualTo("table:svc.PROD_DW.public.events_raw -> table:svc.PROD_DW.public.events"));
        }
    }
}
