package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.ChartType;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.api.entity.LineageSource;
import io.metaingest.api.entity.StoredProcedureType;
import io.metaingest.api.entity.TableType;
import io.metaingest.api.entity.UsageRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetadataRestSinkTest {

    /** A connection record shaped like a connector's, with a secret. */
    record PgConnection(String hostPort, String username, Secret password) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    /** The sink step's own status. */
    private final Status own = new Status();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();

    private WorkflowSettings settings(String token) {
        return new WorkflowSettings(null, null, serverConfig(server.hostPort(), token));
    }

    private MetadataRestSink sink(MetadataRestSinkConfig config, ServiceTarget target) throws ConnectionException {
        return new MetadataRestSink(config, settings(TOKEN), target, MarkDeletedPolicy.none(), new Status(), own, StopSignal.NEVER, HTTP, mapper);
    }

    private static ServiceTarget postgres() {
        return new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE,
                new PgConnection("db:5432", "reader", Secret.of("s3cr3t-pw")));
    }

    private static List<EntityRequest> databaseRecords() {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT, 1), Column.of("total", DataType.NUMERIC, 2));
        return List.of(
                new CreateDatabaseRequest("shop", null, "the shop", "pg", null, null,
                        List.of(EntityReference.byName("user", "alice"))),
                new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null),
                new CreateTableRequest("orders", null, "orders", TableType.REGULAR, columns, null, null, null,
                        "pg.shop.public", List.of(EntityReference.byName("user", "alice")), null, null),
                new CreateTableRequest("order.totals", null, null, TableType.VIEW, columns, null, null,
                        "SELECT 1", "pg.shop.public", null, null, null),
                new CreateStoredProcedureRequest("refresh", null, null,
                        new CreateStoredProcedureRequest.StoredProcedureCode("plpgsql", "BEGIN END"),
                        StoredProcedureType.STORED_PROCEDURE, "pg.shop.public", null, null, null),
                AddLineageRequest.between(EntityReference.byFqn("table", "pg.shop.public.orders"),
                        EntityReference.byFqn("table", "pg.shop.public.\"order.totals\""),
                        new AddLineageRequest.LineageDetails("SELECT 1", null, null, null, LineageSource.VIEW_LINEAGE)),
                new UsageRequest(EntityReference.byFqn("table", "pg.shop.public.orders"), "2026-11-27", 4));
    }

    /**
     * A query log names database roles: OpenMetadata refuses a whole query whose users has one it lacks, so those
     * go to usedBy and the query is written.
     */
    @Test
    void aQueryUserTheServerLacksGoesToUsedByAndTheQueryIsWritten() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords());

        sink.write(new io.metaingest.api.entity.CreateQueryRequest("SELECT * FROM orders", 1_795_910_400_000L, 2.0,
                List.of("alice", "postgres"), List.of(EntityReference.byFqn("table", "pg.shop.public.orders")), "pg"));

        assertThat(server.count("query")).isEqualTo(1);
        JsonNode sent = server.calls().stream().filter(c -> c.line().equals("PUT /v1/queries")).findFirst()
                .orElseThrow().body();
        assertThat(sent.get("users")).extracting(JsonNode::asText).containsExactly("alice");
        assertThat(sent.get("usedBy")).extracting(JsonNode::asText).containsExactly("postgres");
    }

    private List<WriteOutcome> writeAll(MetadataRestSink sink, List<? extends EntityRequest> records) throws Exception {
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (EntityRequest record : records) {
            outcomes.add(sink.write(record));
        }
        return outcomes;
    }

    /**
     * Names with a double quote and a service name with a dot: the parents named by the records are the
     * FQNs the server built (written out literally: a quote stays as it is, a dot wraps the name), so
     * every child lands and lineage between them resolves.
     */
    @Test
    void childrenOfNamesWithQuotesOrDotsFindTheParentsTheServerNamed() throws Exception {
        ServiceTarget dotted = new ServiceTarget("pg.prod", "Postgres", ServiceCategory.DATABASE,
                new PgConnection("db:5432", "reader", Secret.of("s3cr3t-pw")));
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), dotted);
        List<Column> columns = List.of(Column.of("a\"b", DataType.TEXT, 1));
        String database = io.metaingest.api.Fqn.build("pg.prod", "o\"dd");
        String schema = io.metaingest.api.Fqn.append(database, "we\"ird");
        List<EntityRequest> records = List.of(
                new CreateDatabaseRequest("o\"dd", null, null, "pg.prod", null, null, null),
                new CreateDatabaseSchemaRequest("we\"ird", null, null, database, null, null, null),
                new CreateTableRequest("q\"t", null, null, TableType.REGULAR, columns, null, null, null, schema,
                        null, null, null),
                new CreateTableRequest("v.w", null, null, TableType.VIEW, columns, null, null, "SELECT 1", schema,
                        null, null, null),
                AddLineageRequest.between(EntityReference.byFqn("table", io.metaingest.api.Fqn.append(schema, "q\"t")),
                        EntityReference.byFqn("table", io.metaingest.api.Fqn.append(schema, "v.w")), null));

        assertThat(writeAll(sink, records)).containsOnly(WriteOutcome.CREATED);

        assertThat(server.entity("databaseService", "\"pg.prod\"")).isNotNull();
        assertThat(server.entity("databaseSchema", "\"pg.prod\".o\"dd.we\"ird")).isNotNull();
        assertThat(server.entity("table", "\"pg.prod\".o\"dd.we\"ird.q\"t")).isNotNull();
        assertThat(server.entity("table", "\"pg.prod\".o\"dd.we\"ird.\"v.w\"")).isNotNull();
        assertThat(server.lineage()).hasSize(1);
    }

    @Test
    void writesParentsBeforeChildrenWithTheRequestShapesOfOpenMetadata() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        List<WriteOutcome> outcomes = writeAll(sink, databaseRecords());

        assertThat(outcomes).containsOnly(WriteOutcome.CREATED);
        // Only the look-up of the not-yet-existing service missed.
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::status)
                .containsExactly(200, 404, 201, 200, 201, 201, 201, 201, 201, 200, 201);
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/system/version",
                "GET /v1/services/databaseServices/name/pg",
                "PUT /v1/services/databaseServices",
                "GET /v1/users/name/alice",
                "PUT /v1/databases",
                "PUT /v1/databaseSchemas",
                "PUT /v1/tables",
                "PUT /v1/tables",
                "PUT /v1/storedProcedures",
                "PUT /v1/lineage",
                "POST /v1/usage/table/name/pg.shop.public.orders");
        // The owner was looked up once, then taken from the cache; the lineage ends were written in
        // this run, so their ids came from the PUT answers, not from look-ups.
        JsonNode database = server.calls().get(4).body();
        assertThat(database.get("owners").get(0).get("id").asText())
                .isEqualTo(server.entity("user", "alice").get("id").asText());
        assertThat(database.get("owners").get(0).get("type").asText()).isEqualTo("user");
        assertThat(database.get("service").asText()).isEqualTo("pg");
        JsonNode edge = server.calls().get(9).body().get("edge");
        assertThat(edge.get("fromEntity").get("id").asText())
                .isEqualTo(server.entity("table", "pg.shop.public.orders").get("id").asText());
        assertThat(edge.get("toEntity").get("id").asText())
                .isEqualTo(server.entity("table", "pg.shop.public.\"order.totals\"").get("id").asText());
        assertThat(edge.get("lineageDetails").get("source").asText()).isEqualTo("ViewLineage");
        assertThat(server.lineage()).hasSize(1);
        assertThat(server.usage("pg.shop.public.orders")).containsEntry("2026-11-27", 4);
        // No connection (and so no secret) was sent for the service.
        JsonNode service = server.calls().get(2).body();
        assertThat(service.has("connection")).isFalse();
        assertThat(service.get("serviceType").asText()).isEqualTo("Postgres");
        assertThat(server.calls()).noneSatisfy(call -> assertThat(String.valueOf(call.body())).contains("s3cr3t-pw"));
    }

    @Test
    void aSecondIdenticalRunUpdatesAndCreatesNoDuplicates() throws Exception {
        writeAll(sink(MetadataRestSinkConfig.defaults(), postgres()), databaseRecords());
        String tableId = server.entity("table", "pg.shop.public.orders").get("id").asText();
        server.clearCalls();

        List<WriteOutcome> second = writeAll(sink(MetadataRestSinkConfig.defaults(), postgres()), databaseRecords());

        // Entities come back as updated; lineage and usage, which the server does not distinguish, as records.
        assertThat(second.subList(0, 5)).containsOnly(WriteOutcome.UPDATED);
        assertThat(server.count("databaseService")).isEqualTo(1);
        assertThat(server.count("database")).isEqualTo(1);
        assertThat(server.count("table")).isEqualTo(2);
        assertThat(server.count("storedProcedure")).isEqualTo(1);
        assertThat(server.lineage()).hasSize(1);
        assertThat(server.entity("table", "pg.shop.public.orders").get("id").asText()).isEqualTo(tableId);
        // The existing service is left alone: looked up, not written again.
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .contains("GET /v1/services/databaseServices/name/pg")
                .doesNotContain("PUT /v1/services/databaseServices");
    }

    @Test
    void aRefusedEntityFailsAloneWithTheServersMessageAndTheRestLands() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        List<EntityRequest> records = new ArrayList<>(databaseRecords());
        // A table without columns: OpenMetadata's createTable requires them.
        EntityRequest invalid = new CreateTableRequest("broken", null, null, TableType.REGULAR, null, null, null,
                null, "pg.shop.public", null, null, null);
        records.add(3, invalid);

        List<String> failures = new ArrayList<>();
        int written = 0;
        for (EntityRequest record : records) {
            try {
                sink.write(record);
                written++;
            } catch (OpenMetadataApiException e) {
                failures.add(record.key() + ": " + e.getMessage());
            }
        }

        assertThat(failures).singleElement().asString()
                .startsWith("pg.shop.public.broken: PUT /v1/tables answered 400")
                .contains("columns must not be null");
        assertThat(written).isEqualTo(databaseRecords().size());
        assertThat(server.count("table")).isEqualTo(2);
        assertThat(server.lineage()).hasSize(1);
    }

    @Test
    void anOwnerWithoutAnOpenMetadataUserIsLeftOutAndTheEntityLands() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));

        sink.write(new CreateTableRequest("audit", null, null, TableType.REGULAR,
                List.of(Column.of("id", DataType.BIGINT, 1)), null, null, null, "pg.shop.public",
                List.of(EntityReference.byName("user", "postgres"), EntityReference.byName("user", "alice")), null, null));

        JsonNode owners = server.entity("table", "pg.shop.public.audit").get("owners");
        assertThat(owners).hasSize(1);
        assertThat(owners.get(0).get("id").asText()).isEqualTo(server.entity("user", "alice").get("id").asText());
        // Counted on the sink's step when it ends, so the summary, the report and the pipeline status show it.
        sink.complete(false);
        assertThat(own.warnings()).isEqualTo(1);
        // Named by FQN, as every other warning: a bare "audit" would not say which schema's.
        assertThat(own.firstWarnings()).containsExactly("pg.shop.public.audit: owner 'postgres' is not a user or team in"
                + " OpenMetadata: left out of this entity; create it in OpenMetadata (or leave includeOwners off) to keep it");
    }

    @Test
    void aMissingOwnerIsAskedForOnceAsAUserAndOnceAsATeamAndCountedOnceWithTheEntitiesItOwns() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));
        int before = server.calls().size();

        for (String table : List.of("a", "b", "c")) {
            sink.write(new CreateTableRequest(table, null, null, TableType.REGULAR,
                    List.of(Column.of("id", DataType.BIGINT, 1)), null, null, null, "pg.shop.public",
                    List.of(EntityReference.byName("user", "postgres")), null, null));
        }

        assertThat(server.calls().subList(before, server.calls().size())).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly("GET /v1/users/name/postgres", "GET /v1/teams/name/postgres",
                "PUT /v1/tables", "PUT /v1/tables", "PUT /v1/tables");
        assertThat(server.entity("table", "pg.shop.public.c").get("owners")).isEmpty();
        assertThat(own.warnings()).isZero(); // until the sink ends: then one per owner name, not one per entity
        sink.complete(false);
        assertThat(own.warnings()).isEqualTo(1);
        assertThat(own.firstWarnings()).containsExactly("pg.shop.public.a: owner 'postgres' is not a user or team in"
                + " OpenMetadata: left out of this entity and 2 more; create it in OpenMetadata (or leave includeOwners"
                + " off) to keep it");
    }

    /** The end-of-run warning counts the entities written without the owner, not those the server refused. */
    @Test
    void anOwnerLeftOutIsCountedOnlyForEntitiesThatWereWritten() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));

        server.failNext("PUT /v1/tables", 400);
        assertThatThrownBy(() -> sink.write(tableOwnedBy("a", "postgres"))).isInstanceOf(OpenMetadataApiException.class);
        sink.write(tableOwnedBy("b", "postgres"));
        sink.write(tableOwnedBy("c", "postgres"));
        server.failNext("PUT /v1/tables", 400);
        assertThatThrownBy(() -> sink.write(tableOwnedBy("d", "ghost"))).isInstanceOf(OpenMetadataApiException.class);

        sink.complete(false);
        // 'ghost' owns nothing that was written; 'postgres' was left out of b and c, not of a.
        assertThat(own.firstWarnings()).containsExactly("pg.shop.public.b: owner 'postgres' is not a user or team in"
                + " OpenMetadata: left out of this entity and 1 more; create it in OpenMetadata (or leave includeOwners"
                + " off) to keep it");
    }

    private static CreateTableRequest tableOwnedBy(String name, String owner) {
        return new CreateTableRequest(name, null, null, TableType.REGULAR, List.of(Column.of("id", DataType.BIGINT, 1)),
                null, null, null, "pg.shop.public", List.of(EntityReference.byName("user", owner)), null, null);
    }

    @Test
    void anOwnerThatIsATeamOnTheServerIsWrittenAsTheTeam() throws Exception {
        ObjectNode team = server.addTeam("analysts");
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));

        sink.write(new CreateTableRequest("reports", null, null, TableType.REGULAR,
                List.of(Column.of("id", DataType.BIGINT, 1)), null, null, null, "pg.shop.public",
                List.of(EntityReference.byName("user", "analysts")), null, null));

        JsonNode owner = server.entity("table", "pg.shop.public.reports").get("owners").get(0);
        assertThat(owner.get("type").asText()).isEqualTo("team");
        assertThat(owner.get("id").asText()).isEqualTo(team.get("id").asText());
        assertThat(own.warnings()).isZero();
    }

    @Test
    void lineageToAnUnknownTableIsLeftOutWithTheLookUpThatMissed() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 3));

        // As OpenMetadata's own connectors do: an edge to a table the server lacks is left out, not a failure.
        assertThatThrownBy(() -> sink.write(AddLineageRequest.between(
                EntityReference.byFqn("table", "pg.shop.public.orders"),
                EntityReference.byFqn("table", "pg.shop.public.missing"), null)))
                .isInstanceOf(io.metaingest.api.SkippedRecordException.class)
                .hasMessage("lineage left out: table 'pg.shop.public.missing' is not on the server"
                        + " (GET /v1/tables/name/pg.shop.public.missing answered 404; no table matches it ignoring case);"
                        + " it is written once the server has that entity (ingest its service, or see why its metadata"
                        + " run left it out)");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .endsWith("GET /v1/tables/name/pg.shop.public.missing", "GET /v1/search/query?from=0"
                        + "&index=table_search_index&q=fullyQualifiedName%3A%22pg.shop.public.missing%22&size=10")
                .doesNotContain("PUT /v1/lineage");
    }

    /**
     * A lineage end named in another case than the server's table (a query's unquoted
     * {@code WH.RETAIL.FACT_SALES} for Postgres's {@code wh.retail.fact_sales}) is found as OpenMetadata's
     * lineage finds tables, through the search index, which ignores case; two tables differing only
     * in case leave the edge out, naming both.
     */
    @Test
    void aLineageEndInAnotherCaseIsFoundIgnoringCaseUnlessTwoTablesMatch() throws Exception {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT, 1));
        List<EntityRequest> records = new ArrayList<>(databaseRecords().subList(0, 4));
        records.add(new CreateTableRequest("Sales", null, null, TableType.REGULAR, columns, null, null, null,
                "pg.shop.public", null, null, null));
        records.add(new CreateTableRequest("sales", null, null, TableType.REGULAR, columns, null, null, null,
                "pg.shop.public", null, null, null));
        writeAll(sink(MetadataRestSinkConfig.defaults(), postgres()), records);
        MetadataRestSink lineageRun = sink(MetadataRestSinkConfig.defaults(), postgres());

        lineageRun.write(AddLineageRequest.between(EntityReference.byFqn("table", "PG.SHOP.PUBLIC.ORDERS"),
                EntityReference.byFqn("table", "pg.shop.public.\"order.totals\""), null));
        assertThat(server.lineage()).containsExactly(server.entity("table", "pg.shop.public.orders").get("id").asText()
                + "->" + server.entity("table", "pg.shop.public.\"order.totals\"").get("id").asText());

        assertThatThrownBy(() -> lineageRun.write(AddLineageRequest.between(
                EntityReference.byFqn("table", "pg.shop.public.orders"), EntityReference.byFqn("table", "PG.SHOP.PUBLIC.SALES"),
                null)))
                .isInstanceOf(io.metaingest.api.SkippedRecordException.class)
                .hasMessageContaining("table 'PG.SHOP.PUBLIC.SALES' is not on the server (GET /v1/tables/name/"
                        + "PG.SHOP.PUBLIC.SALES answered 404; 2 tables match it ignoring case (")
                .hasMessageContaining("pg.shop.public.Sales").hasMessageContaining("pg.shop.public.sales")
                .hasMessageContaining("): name the one meant exactly)");
        assertThat(server.lineage()).hasSize(1);
    }

    @Test
    void aTagTheServerLacksIsCreatedBeforeTheEntityAndATagItHasIsLeftAlone() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));
        io.metaingest.api.entity.TagLabel policy = io.metaingest.api.entity.TagLabel.classification(
                "PostgresPolicyTags.only mine");
        Column email = new Column("email", null, DataType.VARCHAR, null, 255, null, null, "varchar(255)", null, null, 1,
                null, List.of(io.metaingest.api.entity.TagLabel.classification("PII.Sensitive")));
        CreateTableRequest first = new CreateTableRequest("customers", null, null, TableType.REGULAR, List.of(email),
                null, null, null, "pg.shop.public", null, List.of(policy), null);
        CreateTableRequest second = new CreateTableRequest("accounts", null, null, TableType.REGULAR, List.of(email),
                null, null, null, "pg.shop.public", null, List.of(policy), null);
        server.clearCalls();

        writeAll(sink, List.of(first, second));

        assertThat(server.entity("tag", "PostgresPolicyTags.only mine")).isNotNull();
        assertThat(server.entity("classification", "PostgresPolicyTags")).isNotNull();
        assertThat(server.entity("table", "pg.shop.public.customers").get("tags").get(0).get("tagFQN").asText())
                .isEqualTo("PostgresPolicyTags.only mine");
        List<String> calls = server.calls().stream().map(OpenMetadataStandIn.Call::line).toList();
        // Each tag looked up once in the run; PII.Sensitive, which the server ships, is not written.
        assertThat(calls.stream().filter(c -> c.startsWith("GET /v1/tags/name/"))).hasSize(2);
        assertThat(calls).contains("PUT /v1/classifications", "PUT /v1/tags")
                .filteredOn(c -> c.equals("PUT /v1/tags")).hasSize(1);
        assertThat(server.entity("table", "pg.shop.public.accounts")).isNotNull();
    }

    @Test
    void lineageBetweenEntitiesWrittenByAnotherRunIsResolvedByName() throws Exception {
        writeAll(sink(MetadataRestSinkConfig.defaults(), postgres()), databaseRecords().subList(0, 4));
        server.clearCalls();
        MetadataRestSink lineageRun = sink(MetadataRestSinkConfig.defaults(), postgres());

        lineageRun.write(databaseRecords().get(5));

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/system/version",
                "GET /v1/services/databaseServices/name/pg",
                "GET /v1/tables/name/pg.shop.public.orders",
                "GET /v1/tables/name/pg.shop.public.%22order.totals%22",
                "PUT /v1/lineage");
        assertThat(server.lineage()).hasSize(1);
    }

    @Test
    void pipelinesTheirStatusesDashboardsAndCharts() throws Exception {
        MetadataRestSink pipelines = sink(MetadataRestSinkConfig.defaults(),
                new ServiceTarget("fivetran", "Fivetran", ServiceCategory.PIPELINE, null));
        writeAll(pipelines, List.of(
                new CreatePipelineRequest("g1_c1", "Group <> schema", null, null, "0 * * * *",
                        List.of(new CreatePipelineRequest.Task("sync", null, null, null, List.of(), "sync")),
                        "fivetran", null, null),
                new AddPipelineStatusRequest("fivetran.g1_c1", new AddPipelineStatusRequest.PipelineStatus(
                        1_764_000_000_000L, ExecutionStatus.SUCCESSFUL,
                        List.of(new AddPipelineStatusRequest.TaskStatus("sync", ExecutionStatus.SUCCESSFUL,
                                1_764_000_000_000L, 1_764_000_060_000L, null))))));
        MetadataRestSink dashboards = sink(MetadataRestSinkConfig.defaults(),
                new ServiceTarget("mstr", "MicroStrategy", ServiceCategory.DASHBOARD, null));
        writeAll(dashboards, List.of(
                new CreateChartRequest("K1V1", "Sales", null, ChartType.BAR, null, "mstr", null, null),
                new CreateDashboardRequest("D1", "Dossier", null, null, "Tutorial", List.of("mstr.K1V1"), null,
                        "mstr", null, null)));

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).contains(
                "PUT /v1/services/pipelineServices", "PUT /v1/pipelines", "PUT /v1/pipelines/fivetran.g1_c1/status",
                "PUT /v1/services/dashboardServices", "PUT /v1/charts", "PUT /v1/dashboards");
        assertThat(server.pipelineStatuses("fivetran.g1_c1")).containsKey(1_764_000_000_000L);
        assertThat(server.pipelineStatuses("fivetran.g1_c1").get(1_764_000_000_000L).get("executionStatus").asText())
                .isEqualTo("Successful");
        assertThat(server.entity("dashboard", "mstr.D1").get("charts").get(0).asText()).isEqualTo("mstr.K1V1");
    }

    @Test
    void dashboardDataModelsAndTheLineageFromTheirTables() throws Exception {
        writeAll(sink(MetadataRestSinkConfig.defaults(), postgres()), databaseRecords().subList(0, 4));
        MetadataRestSink dashboards = sink(MetadataRestSinkConfig.defaults(),
                new ServiceTarget("mstr", "MicroStrategy", ServiceCategory.DASHBOARD, null));
        Column revenue = new Column("Revenue", null, DataType.NUMERIC, null, null, null, null, "metric", null, null, 1,
                null, null);
        String modelFqn = CreateDashboardDataModelRequest.fqn("mstr", "C1");

        writeAll(dashboards, List.of(
                new CreateDashboardDataModelRequest("C1", "Sales cube", null, null, null, "mstr", "MicroStrategy",
                        "MicroStrategyDataset", "select revenue from shop.public.orders", List.of(revenue), "Tutorial"),
                AddLineageRequest.between(EntityReference.byFqn("table", "pg.shop.public.orders"),
                        EntityReference.byFqn("dashboardDataModel", modelFqn), null)));

        ObjectNode model = server.entity("dashboardDataModel", "mstr.model.C1");
        assertThat(model).as("the data model under its FQN").isNotNull();
        assertThat(modelFqn).isEqualTo("mstr.model.C1");
        assertThat(model.get("dataModelType").asText()).isEqualTo("MicroStrategyDataset");
        assertThat(model.get("columns").get(0).get("name").asText()).isEqualTo("Revenue");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .contains("PUT /v1/dashboard/datamodels", "PUT /v1/lineage");
        assertThat(server.lineage()).containsExactly(
                server.entity("table", "pg.shop.public.orders").get("id").asText() + "->" + model.get("id").asText());
    }

    @Test
    void storeServiceConnectionSendsTheConnectionWithItsSecretToTheServerOnly() throws Exception {
        sink(new MetadataRestSinkConfig(true, null, null), postgres());

        JsonNode body = server.calls().get(1).body();
        assertThat(server.calls().get(1).line()).isEqualTo("PUT /v1/services/databaseServices");
        assertThat(body.get("connection").get("config").get("password").asText()).isEqualTo("s3cr3t-pw");
        assertThat(body.get("connection").get("config").get("type").asText()).isEqualTo("Postgres");
        assertThat(postgres().toString()).doesNotContain("s3cr3t-pw");
    }

    /**
     * OpenMetadata's own files say {@code storeServiceConnection} under openMetadataServerConfig: it
     * decides when the sink's config does not, and the sink's own setting wins over it.
     */
    @Test
    void storeServiceConnectionOfTheServerConfigAppliesUnlessTheSinkSaysOtherwise() throws Exception {
        WorkflowSettings storing = new WorkflowSettings(null, null, new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN)), true));
        new MetadataRestSink(MetadataRestSinkConfig.defaults(), storing, postgres(), MarkDeletedPolicy.none(),
                new Status(), own, StopSignal.NEVER, HTTP, mapper);
        assertThat(servicePut().get("connection").get("config").get("password").asText()).isEqualTo("s3cr3t-pw");

        server.clearCalls();
        new MetadataRestSink(new MetadataRestSinkConfig(false, null, null), storing, postgres(), MarkDeletedPolicy.none(),
                new Status(), own, StopSignal.NEVER, HTTP, mapper);
        assertThat(server.calls()).noneMatch(c -> c.body() != null && c.body().has("connection"));
        assertThat(server.calls().toString()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void withoutStoreServiceConnectionAnywhereTheConnectionIsNotSent() throws Exception {
        sink(MetadataRestSinkConfig.defaults(), postgres());
        assertThat(servicePut().has("connection")).isFalse();
        assertThat(server.calls().toString()).doesNotContain("s3cr3t-pw");
    }

    private JsonNode servicePut() {
        return server.calls().stream().filter(c -> c.line().equals("PUT /v1/services/databaseServices"))
                .reduce((first, last) -> last).orElseThrow().body();
    }

    @Test
    void aRefusedTokenAtStartIsAConnectionFailureNamingTheSetting() {
        assertThatThrownBy(() -> new MetadataRestSink(MetadataRestSinkConfig.defaults(), settings("wrong-token"),
                postgres(), MarkDeletedPolicy.none(), new Status(), new Status(), StopSignal.NEVER, HTTP, mapper))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("OpenMetadata at " + server.hostPort() + " refused the token")
                .hasMessageContaining("answered 401")
                .hasMessageContaining("securityConfig.jwtToken")
                .hasMessageNotContaining("wrong-token")
                .extracting(e -> ((ConnectionException) e).reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
    }

    @Test
    void anUnreachableServerIsAConnectionFailureNamingHostPort() throws Exception {
        String hostPort = server.hostPort();
        server.close();
        WorkflowSettings settings = new WorkflowSettings(null, null, new OpenMetadataServerConfig(hostPort, null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN))));

        assertThatThrownBy(() -> new MetadataRestSink(MetadataRestSinkConfig.defaults(), settings, postgres(),
                MarkDeletedPolicy.none(), new Status(), new Status(), StopSignal.NEVER, HTTP, mapper))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot reach OpenMetadata at " + hostPort)
                .hasMessageContaining("hostPort")
                // The user's words, not Java's: no IOException, no bare java.net.ConnectException.
                .hasMessageNotContaining("Exception");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedByTheToolkitClient() throws Exception {
        List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        OpenMetadataClient client = new OpenMetadataClient(settings(TOKEN).openMetadataServerConfig(), HTTP, mapper, 2,
                io.metaingest.toolkit.RetryPolicy.DEFAULT, waits::add);
        MetadataRestSink sink = new MetadataRestSink(client, MetadataRestSinkConfig.defaults(), postgres(), mapper);
        server.failNext("PUT /v1/databases", 429, 503);

        assertThat(sink.write(databaseRecords().get(0))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::status).endsWith(429, 503, 201);
        assertThat(waits).first().isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(server.count("database")).isEqualTo(1);
    }

    @Test
    void aTokenRevokedMidRunEndsTheSinkAsAConnectionFailure() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        sink.write(databaseRecords().get(0));
        server.acceptOnly("another-token");

        assertThatThrownBy(() -> sink.write(databaseRecords().get(1)))
                .isInstanceOf(io.metaingest.api.SinkUnavailableException.class)
                .hasMessageContaining("PUT /v1/databaseSchemas answered 401")
                .hasMessageNotContaining(TOKEN)
                .cause().isInstanceOf(ConnectionException.class);
    }

    /** A version other than 1.6 is one warning of the sink's step (summary, report), said nowhere else. */
    @Test
    void anotherServerVersionIsOneWarningOfTheSinksStep() throws Exception {
        sink(MetadataRestSinkConfig.defaults(), postgres());
        assertThat(own.warnings()).isZero();

        for (String version : List.of("1.5.3", "1.7.0", "garbage")) {
            Status step = new Status();
            server.version(version);
            new MetadataRestSink(MetadataRestSinkConfig.defaults(), settings(TOKEN), postgres(), MarkDeletedPolicy.none(),
                    new Status(), step, StopSignal.NEVER, HTTP, mapper);

            assertThat(step.warnings()).isEqualTo(1);
            assertThat(step.firstWarnings()).containsExactly("server version: OpenMetadata at " + server.hostPort()
                    + " runs version " + version + "; metaingest writes the 1.6 API, so some requests may be refused");
        }
    }

    /**
     * A proxy's 413 page is not quoted: one line with the request's size and the limit to raise. The body's size is
     * the bytes sent.
     */
    @Test
    void aRequestTooLargeForTheServerOrAProxyIsOneLineWithItsSize() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        writeAll(sink, databaseRecords().subList(0, 2));
        server.refuseNextWithHtml("PUT /v1/tables", 413, "<html>\r\n<head><title>413 Request Entity Too Large</title></head>"
                + "\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n");

        assertThatThrownBy(() -> sink.write(databaseRecords().get(2)))
                .isInstanceOf(OpenMetadataApiException.class)
                .satisfies(e -> {
                    int sent = server.calls().get(server.calls().size() - 1).text().getBytes(
                            java.nio.charset.StandardCharsets.UTF_8).length;
                    assertThat(e.getMessage()).isEqualTo("PUT /v1/tables answered 413: the request of " + sent
                            + " bytes is over a body-size limit of the server or of a proxy in front of it; raise that"
                            + " limit (e.g. nginx's client_max_body_size, or the size limits of OpenMetadata's own HTTP"
                            + " server)");
                });
        assertThat(server.count("table")).isZero();
    }

    /** Any other HTML error page is named as one, with its text, never quoted raw. */
    @Test
    void anHtmlErrorPageIsNeverQuotedRaw() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        server.refuseNextWithHtml("PUT /v1/databases", 400, "<html><body><h1>400 Bad Request</h1></body></html>");

        assertThatThrownBy(() -> sink.write(databaseRecords().get(0)))
                .isInstanceOf(OpenMetadataApiException.class)
                .hasMessage("PUT /v1/databases answered 400: an HTML page (400 Bad Request), not OpenMetadata's error:"
                        + " likely from a proxy in front of it");
        assertThat(OpenMetadataClient.readable("Entity already exists")).isEqualTo("Entity already exists");
    }

    /**
     * A body not shaped as OpenMetadata's {@code {code, message}} (a gateway's text, another API's JSON) is quoted
     * at most 200 characters, and the call is named once.
     */
    @Test
    void anErrorBodyOfAnotherShapeIsQuotedAtMost200CharactersWithTheCallNamedOnce() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        String text = "upstream rejected the request: " + "lorem ipsum ".repeat(40);
        String json = "{\"errors\":[{\"reason\":\"" + "z".repeat(300) + "\"}]}";
        server.answerInsteadOfServer("PUT /v1/databases", 1, 400, "text/plain", text);
        server.answerInsteadOfServer("PUT /v1/databases", 1, 400, "application/json", json);
        server.answerInsteadOfServer("PUT /v1/databases", 1, 400, "application/json", "{\"error\":\"bad request\"}");
        server.answerInsteadOfServer("PUT /v1/databases", 1, 400, "text/plain", "");

        EntityRequest database = databaseRecords().get(0);
        assertThatThrownBy(() -> sink.write(database)).hasMessage("PUT /v1/databases answered 400: "
                + text.substring(0, 200) + "…");
        assertThatThrownBy(() -> sink.write(database)).hasMessage("PUT /v1/databases answered 400: "
                + json.substring(0, 200) + "…");
        assertThatThrownBy(() -> sink.write(database)).hasMessage("PUT /v1/databases answered 400: {\"error\":\"bad request\"}");
        assertThatThrownBy(() -> sink.write(database)).hasMessage("PUT /v1/databases answered 400");
        // OpenMetadata's own message is its words, whatever their length.
        assertThat(OpenMetadataClient.ERRORS.read(mapper.readTree("{\"code\":400,\"message\":\"" + "m".repeat(300)
                + "\"}")).message()).hasSize(300);
    }

    /** Two creates of one entity at once: the loser's 409 is sent once more, which then updates the entity. */
    @Test
    void aConflictOnAPutIsSentOnceMoreAndUpdates() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        server.failNext("PUT /v1/databases", 409);

        assertThat(sink.write(databaseRecords().get(0))).isEqualTo(WriteOutcome.CREATED);

        assertThat(server.calls()).filteredOn(c -> c.line().equals("PUT /v1/databases"))
                .extracting(OpenMetadataStandIn.Call::status).containsExactly(409, 201);
        assertThat(server.count("database")).isEqualTo(1);
    }

    /** A second 409 is the entity's failure, naming it and the other writer; other 4xx are not sent again. */
    @Test
    void aSecondConflictNamesTheEntityAndTheOtherWriterAndOther4xxAreNotRetried() throws Exception {
        MetadataRestSink sink = sink(MetadataRestSinkConfig.defaults(), postgres());
        server.failNext("PUT /v1/databases", 409, 409);

        assertThatThrownBy(() -> sink.write(databaseRecords().get(0)))
                .isInstanceOf(OpenMetadataApiException.class)
                .hasMessage("PUT /v1/databases answered 409 twice: Entity already exists;"
                        + " another writer holds 'shop' (a parallel run, or another ingestion of the same service);"
                        + " run again once it is done");
        assertThat(server.calls()).filteredOn(c -> c.line().equals("PUT /v1/databases")).hasSize(2);

        server.failNext("PUT /v1/databases", 400);
        assertThatThrownBy(() -> sink.write(databaseRecords().get(0))).isInstanceOf(OpenMetadataApiException.class)
                .hasMessageStartingWith("PUT /v1/databases answered 400");
        assertThat(server.calls()).filteredOn(c -> c.line().equals("PUT /v1/databases")).hasSize(3);
    }

    @Test
    void theServerVersionIsReadAtStart() throws Exception {
        assertThat(sink(MetadataRestSinkConfig.defaults(), postgres()).serverVersion().supported()).isTrue();
        server.version("1.5.11");
        assertThat(sink(MetadataRestSinkConfig.defaults(), postgres()).serverVersion().supported()).isFalse();
        assertThat(new ServerVersion("1.6.0-SNAPSHOT", "").supported()).isTrue();
        assertThat(new ServerVersion("1.60.0", "").supported()).isFalse();
    }
}
