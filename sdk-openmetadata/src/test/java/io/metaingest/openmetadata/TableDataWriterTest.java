package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Sink.WriteOutcome;
import io.metaingest.api.Status;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.ColumnProfile;
import io.metaingest.api.entity.ColumnTagsRequest;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateTableProfileRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.TableData;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableLifeCycleRequest;
import io.metaingest.api.entity.TableProfile;
import io.metaingest.api.entity.TableSampleData;
import io.metaingest.api.entity.TableType;
import io.metaingest.api.entity.TagLabel;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The metadata-rest sink writing profiles, sample data and column tags to the stand-in server. */
class TableDataWriterTest {

    private static final String TABLE = "pg.shop.public.orders";

    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    private MetadataRestSink sink;

    record PgConnection(String hostPort) {
    }

    @BeforeEach
    void start() throws Exception {
        sink = newSink();
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT, 1), Column.of("total", DataType.NUMERIC, 2),
                Column.of("contact", DataType.TEXT, 3));
        sink.write(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
        sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null));
        sink.write(new CreateTableRequest("orders", null, null, TableType.REGULAR, columns, null, null, null,
                "pg.shop.public", null, null, null));
        server.clearCalls();
    }

    private static EntityReference table() {
        return EntityReference.byFqn("table", TABLE);
    }

    @Test
    void aProfileIsPutUnderTheTableWithOpenMetadatasFieldsAndExactNumbers() throws Exception {
        CreateTableProfileRequest profile = new CreateTableProfileRequest(table(),
                new TableProfile(1_772_636_400_000L, null, null, 3, 4L, 16_384L, null),
                List.of(new ColumnProfile("total", 1_772_636_400_000L, 3L, 75.0, 1L, 0.25, 3L, 1.0, 3L, 1.0, 0L,
                        new BigDecimal("10.5"), new BigDecimal("99999999.99"), null, null, new BigDecimal("33333343.58"),
                        new BigDecimal("100000030.74"), 47140444.83)));

        // The table's first profile is created (records); the next one updates it (updated_records).
        assertThat(sink.write(profile)).isEqualTo(WriteOutcome.CREATED);
        assertThat(sink.write(profile)).isEqualTo(WriteOutcome.UPDATED);

        String id = server.entity("table", TABLE).get("id").asText();
        String latest = "GET /v1/tables/" + TABLE + "/tableProfile/latest?includeColumnProfile=false";
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly(latest, "PUT /v1/tables/" + id + "/tableProfile", latest,
                        "PUT /v1/tables/" + id + "/tableProfile");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::status).containsOnly(200);
        JsonNode body = server.tableProfiles(TABLE).get(0);
        assertThat(body.has("table")).isFalse();
        assertThat(body.at("/tableProfile/rowCount").asLong()).isEqualTo(4);
        assertThat(body.at("/columnProfile/0/max").decimalValue()).isEqualByComparingTo("99999999.99");
        assertThat(body.at("/columnProfile/0/sum").toString()).isEqualTo("100000030.74");
    }

    /** A sink that did not write the tables (a profiler run after the metadata run): nothing cached. */
    private MetadataRestSink profilerSink() throws Exception {
        return newSink();
    }

    /** A metadata-rest sink of a run of its own, for service pg. */
    private MetadataRestSink newSink() throws Exception {
        return new MetadataRestSink(MetadataRestSinkConfig.defaults(), new WorkflowSettings(null, null,
                serverConfig(server.hostPort(), TOKEN)),
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, new PgConnection("db:5432")),
                MarkDeletedPolicy.none(), new Status(), new Status(), StopSignal.NEVER, HttpClient.newHttpClient(), mapper);
    }

    private static CreateTableProfileRequest rows(String fqn, long rows) {
        return new CreateTableProfileRequest(EntityReference.byFqn("table", fqn),
                new TableProfile(1_772_636_400_000L + rows, null, null, 3, rows, null, null), List.of());
    }

    @Test
    void aProfilerRunReadsEachTableOnceAndCountsFirstProfilesAsCreated() throws Exception {
        List<Column> columns = List.of(Column.of("id", DataType.BIGINT, 1));
        sink.write(new CreateTableRequest("items", null, null, TableType.REGULAR, columns, null, null, null,
                "pg.shop.public", null, null, null));
        String items = "pg.shop.public.items";
        assertThat(sink.write(rows(items, 1))).isEqualTo(WriteOutcome.CREATED); // items has a profile already
        server.clearCalls();

        MetadataRestSink profiler = profilerSink();
        server.clearCalls(); // the sink's start (version, service) is not the profiles' cost
        assertThat(profiler.write(rows(TABLE, 4))).isEqualTo(WriteOutcome.CREATED);
        assertThat(profiler.write(rows(items, 2))).isEqualTo(WriteOutcome.UPDATED);

        // One read per table answers both its id and whether it had a profile; the PUT uses that id.
        List<String> gets = server.calls().stream().filter(c -> c.method().equals("GET"))
                .map(OpenMetadataStandIn.Call::line).toList();
        assertThat(gets).containsExactly(
                "GET /v1/tables/" + TABLE + "/tableProfile/latest?includeColumnProfile=false",
                "GET /v1/tables/" + items + "/tableProfile/latest?includeColumnProfile=false");
        assertThat(server.calls()).filteredOn(c -> c.method().equals("PUT")).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly("PUT /v1/tables/" + server.entity("table", TABLE).get("id").asText() + "/tableProfile",
                        "PUT /v1/tables/" + server.entity("table", items).get("id").asText() + "/tableProfile");
        assertThat(server.tableProfiles(TABLE)).hasSize(1);
        assertThat(server.tableProfiles(items)).hasSize(2);
    }

    @Test
    void aProfileOfAnUnknownOrSoftDeletedTableIsA404AskedOnce() throws Exception {
        MetadataRestSink profiler = profilerSink();
        server.clearCalls();
        CreateTableProfileRequest unknown = rows("pg.shop.public.nope", 1);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> profiler.write(unknown)).isInstanceOf(OpenMetadataApiException.class)
                    .hasMessageContaining("pg.shop.public.nope").hasMessageContaining("answered 404");
        }
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/tables/pg.shop.public.nope/tableProfile/latest?includeColumnProfile=false");

        // The latest-profile read answers a soft-deleted table (OpenMetadata looks it up with include=all).
        server.clearCalls();
        OpenMetadataClient admin = new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN), HttpClient.newHttpClient(),
                mapper, 1);
        admin.delete("/v1/tables/" + server.entity("table", TABLE).get("id").asText());
        assertThatThrownBy(() -> profiler.write(rows(TABLE, 4))).isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("soft-deleted");
        assertThat(server.tableProfiles(TABLE)).isEmpty();
    }

    @Test
    void aProfileOfAColumnTheTableLacksIsRefusedByTheServer() {
        CreateTableProfileRequest profile = new CreateTableProfileRequest(table(),
                new TableProfile(1L, null, null, 1, 1L, null, null), List.of(new ColumnProfile("gone", 1L, 1L, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null)));
        assertThatThrownBy(() -> sink.write(profile)).isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("Invalid column name gone");
    }

    @Test
    void sampleDataIsPutAsTableData() throws Exception {
        TableData rows = new TableData(List.of("id", "contact"), List.of(List.of(1, "a@example.org"),
                Arrays.asList(2, null)));
        sink.write(new TableSampleData(table(), rows));

        String id = server.entity("table", TABLE).get("id").asText();
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly("PUT /v1/tables/" + id + "/sampleData");
        JsonNode stored = server.entity("table", TABLE).get("sampleData");
        assertThat(stored.get("columns")).hasSize(2);
        assertThat(stored.at("/rows/0/1").asText()).isEqualTo("a@example.org");
        assertThat(stored.at("/rows/1/1").isNull()).isTrue();
    }

    /**
     * Numbers reach the server as the file sink writes them (the record serialised as is): a tree of a plain
     * mapper stripped decimals' trailing zeros, so 210 went as 2.1E+2, 10 as 1E+1 and 12.50 as 12.5.
     */
    @Test
    void profilesAndSampleRowsCarryTheirNumbersAsTheFileSinkWritesThem() throws Exception {
        List<ColumnProfile> columnProfiles = List.of(new ColumnProfile("total", 1_772_636_400_000L, 3L, 75.0, 1L, 0.25,
                3L, 1.0, 3L, 1.0, 0L, new BigDecimal("10"), new BigDecimal("100"), null, null, new BigDecimal("12.50"),
                new BigDecimal("210"), 30.0));
        sink.write(new CreateTableProfileRequest(table(), new TableProfile(1_772_636_400_000L, null, null, 3, 4L, null,
                null), columnProfiles));
        TableData rows = new TableData(List.of("id", "total"), List.of(List.of(new BigDecimal("10"), new BigDecimal("12.50")),
                List.of(new BigDecimal("100"), new BigDecimal("210")), List.of(10, new BigDecimal("30"))));
        sink.write(new TableSampleData(table(), rows));

        String id = server.entity("table", TABLE).get("id").asText();
        String profileBody = server.calls().stream().filter(c -> c.line().equals("PUT /v1/tables/" + id + "/tableProfile"))
                .findFirst().orElseThrow().text();
        assertThat(profileBody).contains("\"columnProfile\":" + mapper.writeValueAsString(columnProfiles))
                .contains("\"min\":10,\"max\":100,").contains("\"mean\":12.50,\"sum\":210,").doesNotContain("E+");
        String sampleBody = server.calls().stream().filter(c -> c.line().equals("PUT /v1/tables/" + id + "/sampleData"))
                .findFirst().orElseThrow().text();
        assertThat(sampleBody).isEqualTo(mapper.writeValueAsString(rows))
                .contains("[[10,12.50],[100,210],[10,30]]");
    }

    @Test
    void columnTagsArePatchedOnceAndAnUnknownTableIsA404() throws Exception {
        ColumnTagsRequest tags = new ColumnTagsRequest(table(), List.of(new ColumnTagsRequest.ColumnTags("contact",
                List.of(TagLabel.classification("PII.Sensitive")), 95, "e-mail addresses in 50 of 50 sampled values")));

        sink.write(tags);
        sink.write(tags);

        String id = server.entity("table", TABLE).get("id").asText();
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/tables/name/" + TABLE + "?fields=columns%2Ctags", "PATCH /v1/tables/" + id,
                "GET /v1/tables/name/" + TABLE + "?fields=columns%2Ctags");
        JsonNode patch = server.calls().get(1).body();
        assertThat(patch.get(0).get("op").asText()).isEqualTo("add");
        assertThat(patch.get(0).get("path").asText()).isEqualTo("/columns/2/tags");
        assertThat(patch.toString()).doesNotContain("confidence").doesNotContain("sampled values");
        JsonNode contact = server.entity("table", TABLE).get("columns").get(2);
        assertThat(contact.get("tags")).hasSize(1);
        assertThat(contact.at("/tags/0/tagFQN").asText()).isEqualTo("PII.Sensitive");
        assertThat(contact.at("/tags/0/labelType").asText()).isEqualTo("Automated");

        ColumnTagsRequest elsewhere = new ColumnTagsRequest(EntityReference.byFqn("table", "pg.shop.public.nope"),
                tags.columns());
        assertThatThrownBy(() -> sink.write(elsewhere)).isInstanceOf(OpenMetadataApiException.class)
                .hasMessageContaining("pg.shop.public.nope");
    }

    /**
     * As OpenMetadata's auto-classification: a column that has a PII tag (set by a person) keeps it and gets no
     * other; the server refuses two tags of the mutually exclusive PII on one column, and the whole patch with
     * them, so the other columns' new tags are sent alone.
     */
    @Test
    void aColumnThatHasATagOfTheClassificationKeepsItAndTheOtherColumnsAreTagged() throws Exception {
        sink.write(new ColumnTagsRequest(table(), List.of(new ColumnTagsRequest.ColumnTags("contact",
                List.of(TagLabel.classification("PII.NonSensitive")), 100, "set by a person"))));
        String id = server.entity("table", TABLE).get("id").asText();
        OpenMetadataClient admin = new OpenMetadataClient(serverConfig(server.hostPort(), TOKEN), HttpClient.newHttpClient(),
                mapper, 1);
        assertThatThrownBy(() -> admin.patch("/v1/tables/" + id, mapper.readTree("""
                [{"op": "add", "path": "/columns/2/tags/-", "value": {"tagFQN": "PII.Sensitive",
                  "source": "Classification", "labelType": "Automated", "state": "Suggested"}}]""")))
                .isInstanceOfSatisfying(OpenMetadataApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("Tag labels PII.Sensitive and PII.NonSensitive are mutually exclusive");
        server.clearCalls();

        sink.write(new ColumnTagsRequest(table(), List.of(
                new ColumnTagsRequest.ColumnTags("id", List.of(TagLabel.suggested("PII.Sensitive")), 90, "names"),
                new ColumnTagsRequest.ColumnTags("contact", List.of(TagLabel.suggested("PII.Sensitive")), 95,
                        "e-mail addresses in 50 of 50 sampled values"))));

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsExactly(
                "GET /v1/tables/name/" + TABLE + "?fields=columns%2Ctags", "PATCH /v1/tables/" + id);
        assertThat(server.calls().get(1).status()).isEqualTo(200);
        assertThat(server.calls().get(1).body()).extracting(op -> op.get("path").asText()).containsExactly("/columns/0/tags");
        JsonNode columns = server.entity("table", TABLE).get("columns");
        assertThat(columns.get(0).get("tags")).extracting(t -> t.get("tagFQN").asText()).containsExactly("PII.Sensitive");
        assertThat(columns.get(2).get("tags")).extracting(t -> t.get("tagFQN").asText()).containsExactly("PII.NonSensitive");
    }

    /** A second table, customers (id), on the server, whose day is today; the calls so far forgotten. */
    private java.time.LocalDate customersAndToday() throws Exception {
        sink.write(new CreateTableRequest("customers", null, null, TableType.REGULAR,
                List.of(Column.of("id", DataType.BIGINT, 1)), null, null, null, "pg.shop.public", null, null, null));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        server.today(today);
        server.clearCalls();
        return today;
    }

    /**
     * The server refuses a day's joins as a whole for one column its tables lack (400) or one joined table it
     * does not have (404): a column dropped since the query ran. The joins of the columns it has are sent.
     */
    @Test
    void joinsWithColumnsTheServerLacksAreLeftOutAndTheRestSent() throws Exception {
        java.time.LocalDate today = customersAndToday();
        String id = server.entity("table", TABLE).get("id").asText();

        assertThatThrownBy(() -> sink.write(io.metaingest.toolkit.sql.TableJoinCounts.request(TABLE, today.toString(),
                List.of(new TableJoinsRequest.ColumnJoins("id", List.of(
                                new TableJoinsRequest.JoinedWith("pg.shop.public.customers.id", 4),
                                new TableJoinsRequest.JoinedWith("pg.shop.public.customers.dropped", 1),
                                new TableJoinsRequest.JoinedWith("pg.shop.public.gone.id", 2))),
                        new TableJoinsRequest.ColumnJoins("nosuch", List.of(
                                new TableJoinsRequest.JoinedWith("pg.shop.public.customers.id", 1)))))))
                .isInstanceOf(io.metaingest.api.SkippedRecordException.class)
                .hasMessage("joins with columns the server's tables do not have (dropped since the query ran, say) were"
                        + " left out: pg.shop.public.customers.dropped, pg.shop.public.gone.id, " + TABLE + ".nosuch;"
                        + " the others were published");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).filteredOn(c -> c.startsWith("PUT"))
                .containsExactly("PUT /v1/tables/" + id + "/joins", "PUT /v1/tables/" + id + "/joins");
        assertThat(server.tableJoins(TABLE)).singleElement().isEqualTo(mapper.readTree("""
                {"startDate": "%s", "dayCount": 1, "columnJoins": [{"columnName": "id",
                 "joinedWith": [{"fullyQualifiedName": "pg.shop.public.customers.id", "joinCount": 4}]}],
                 "directTableJoins": []}""".formatted(today)));

        // Nothing left to send: no second call.
        server.clearCalls();
        assertThatThrownBy(() -> sink.write(io.metaingest.toolkit.sql.TableJoinCounts.request(TABLE, today.toString(),
                List.of(new TableJoinsRequest.ColumnJoins("nosuch", List.of(
                        new TableJoinsRequest.JoinedWith("pg.shop.public.customers.id", 1)))))))
                .isInstanceOf(io.metaingest.api.SkippedRecordException.class)
                .hasMessageEndingWith(": " + TABLE + ".nosuch; no other joins that day");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).filteredOn(c -> c.startsWith("PUT"))
                .containsExactly("PUT /v1/tables/" + id + "/joins");
        assertThat(server.tableJoins(TABLE)).hasSize(1);
    }

    @Test
    void joinsArePutUnderTheTableByIdAsTableJoinsAndRefusedAsTheServerRefusesThem() throws Exception {
        java.time.LocalDate today = customersAndToday();
        String id = server.entity("table", TABLE).get("id").asText();

        WriteOutcome outcome = sink.write(io.metaingest.toolkit.sql.TableJoinCounts.request(TABLE, today.toString(),
                List.of(new TableJoinsRequest.ColumnJoins("id", List.of(new TableJoinsRequest.JoinedWith(
                        "pg.shop.public.customers.id", 4))))));

        assertThat(outcome).isEqualTo(WriteOutcome.CREATED);
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).contains("PUT /v1/tables/" + id + "/joins");
        assertThat(server.tableJoins(TABLE)).singleElement().isEqualTo(mapper.readTree("""
                {"startDate": "%s", "dayCount": 1, "columnJoins": [{"columnName": "id",
                 "joinedWith": [{"fullyQualifiedName": "pg.shop.public.customers.id", "joinCount": 4}]}],
                 "directTableJoins": []}""".formatted(today)));

        assertThatThrownBy(() -> sink.write(io.metaingest.toolkit.sql.TableJoinCounts.request(TABLE,
                today.minusDays(31).toString(), List.of())))
                .isInstanceOfSatisfying(OpenMetadataApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("past 30 days");
        assertThatThrownBy(() -> sink.write(io.metaingest.toolkit.sql.TableJoinCounts.request("pg.shop.public.gone",
                today.toString(), List.of())))
                .isInstanceOfSatisfying(OpenMetadataApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(server.tableJoins(TABLE)).hasSize(1);
    }
    private static LifeCycle.AccessDetails at(long timestamp, String process) {
        return new LifeCycle.AccessDetails(timestamp, null, process);
    }

    private List<JsonNode> lifeCyclePatches() {
        String id = server.entity("table", TABLE).get("id").asText();
        return server.calls().stream().filter(c -> c.line().equals("PATCH /v1/tables/" + id))
                .map(OpenMetadataStandIn.Call::body).toList();
    }

    /**
     * A rerun of an older period, or an older query log: the server's later read and its creation, which
     * this run did not see, stay as they are; only the later update is sent, as an aspect of its own.
     */
    @Test
    void aLifeCycleSendsOnlyTheAspectsLaterThanTheServersAndLeavesTheOthersAsStored() throws Exception {
        JsonNode stored = mapper.readTree("""
                {"created": {"timestamp": 1000, "accessedByAProcess": "dba"},
                 "updated": {"timestamp": 2000, "accessedByAProcess": "etl"},
                 "accessed": {"timestamp": 9000, "accessedBy": {"id": "u-1", "type": "user", "name": "ann",
                   "displayName": "Ann"}}}""");
        server.entity("table", TABLE).set("lifeCycle", stored.deepCopy());

        WriteOutcome outcome = sink.write(new TableLifeCycleRequest(table(),
                new LifeCycle(null, at(5000, "loader"), at(3000, "reader"))));

        assertThat(outcome).isEqualTo(WriteOutcome.UPDATED);
        assertThat(lifeCyclePatches()).singleElement().isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle/updated", "value": {"timestamp": 5000, "accessedByAProcess": "loader"}}]"""));
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored).set("updated",
                mapper.readTree("{\"timestamp\": 5000, \"accessedByAProcess\": \"loader\"}"));
        assertThat(server.entity("table", TABLE).get("lifeCycle")).isEqualTo(stored);
        // The stored life cycle was read by name, asked for: the server answers it only then.
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .containsOnlyOnce("GET /v1/tables/name/" + TABLE + "?fields=lifeCycle");
    }

    @Test
    void aLifeCycleNoLaterThanTheServersInAnyAspectIsNotSent() throws Exception {
        server.entity("table", TABLE).set("lifeCycle", mapper.readTree("""
                {"updated": {"timestamp": 5000, "accessedByAProcess": "etl"}}"""));

        assertThatThrownBy(() -> sink.write(new TableLifeCycleRequest(table(), new LifeCycle(null, at(5000, "other"), null))))
                .isInstanceOf(NothingNewerException.class)
                .hasMessage("its lifeCycle on the server is as recent as this run's in every aspect the run saw"
                        + " (updated), so nothing was sent");

        assertThat(lifeCyclePatches()).isEmpty();
        assertThat(server.entity("table", TABLE).get("lifeCycle").get("updated").get("accessedByAProcess").asText())
                .isEqualTo("etl");
    }

    @Test
    void aTableWithoutALifeCycleGetsTheWholeOne() throws Exception {
        sink.write(new TableLifeCycleRequest(table(), new LifeCycle(at(1000, "dba"), null, at(3000, "reader"))));

        assertThat(lifeCyclePatches()).singleElement().isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle", "value": {"created": {"timestamp": 1000, "accessedByAProcess": "dba"},
                  "accessed": {"timestamp": 3000, "accessedByAProcess": "reader"}}}]"""));
    }

    /** The usage bulk sink's look-up reads the stored life cycle: the write reads nothing more. */
    @Test
    void aTableLookedUpAheadIsNotReadAgainForItsLifeCycle() throws Exception {
        server.entity("table", TABLE).set("lifeCycle", mapper.readTree("""
                {"accessed": {"timestamp": 9000, "accessedByAProcess": "reader"}}"""));

        assertThat(sink.missingTable(TABLE)).isEmpty();
        assertThat(sink.missingTable("pg.shop.public.gone")).hasValueSatisfying(why -> assertThat(why).contains("gone"));
        sink.write(new TableLifeCycleRequest(table(), new LifeCycle(null, at(5000, "etl"), at(3000, "reader"))));

        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).filteredOn(c -> c.startsWith("GET"))
                .containsExactly("GET /v1/tables/name/" + TABLE + "?fields=lifeCycle",
                        "GET /v1/tables/name/pg.shop.public.gone?fields=lifeCycle");
        assertThat(lifeCyclePatches()).singleElement().isEqualTo(mapper.readTree("""
                [{"op": "add", "path": "/lifeCycle/updated", "value": {"timestamp": 5000, "accessedByAProcess": "etl"}}]"""));
    }

    @Test
    void aStoredLifeCycleThatCannotBeReadRefusesTheWriteAndSendsNothing() {
        server.failNext("GET /v1/tables/name/" + TABLE, 400);

        assertThatThrownBy(() -> sink.write(new TableLifeCycleRequest(table(), new LifeCycle(null, at(5000, "etl"), null))))
                .isInstanceOfSatisfying(OpenMetadataApiException.class, e -> assertThat(e.status()).isEqualTo(400));

        assertThat(lifeCyclePatches()).isEmpty();
    }
}
