package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreateQueryRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.TableType;
import io.metaingest.api.entity.UsageRequest;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataUsageBulkSinkTest {

    private static final String TOKEN = "bot";
    private final ObjectMapper mapper = new ObjectMapper();
    private OpenMetadataStandIn server;
    private WorkflowSettings settings;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        server = new OpenMetadataStandIn(TOKEN);
        settings = new WorkflowSettings(null, null, new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of(TOKEN))));
        MetadataRestSink tables = new MetadataRestSink(MetadataRestSinkConfig.defaults(), settings,
                new ServiceTarget("pg", "Postgres", ServiceCategory.DATABASE, null), HttpClient.newHttpClient(), mapper);
        for (EntityRequest record : List.of(
                new CreateDatabaseRequest("shop", null, null, "pg", null, null, null),
                new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null),
                new CreateTableRequest("orders", null, null, TableType.REGULAR, List.of(Column.of("id", DataType.INT, 1)),
                        null, null, null, "pg.shop.public", null, null, null))) {
            tables.write(record);
        }
        server.clearCalls();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void stage(List<EntityRequest> records) throws Exception {
        try (TableUsageStage stage = new TableUsageStage(new TableUsageStage.Config(folder.toString()), mapper)) {
            for (EntityRequest record : records) {
                stage.stage(record);
            }
        }
    }

    private List<Result<String>> load() throws Exception {
        MetadataUsageBulkSink sink = new MetadataUsageBulkSink(new MetadataUsageBulkSink.Config(folder.toString(), 2),
                settings, HttpClient.newHttpClient(), mapper);
        try (sink; Stream<Result<String>> results = sink.load()) {
            return results.toList();
        }
    }

    private static List<EntityRequest> usageRun() {
        EntityReference orders = EntityReference.byFqn("table", "pg.shop.public.orders");
        return List.of(
                new UsageRequest(orders, "2026-11-27", 3),
                new CreateQueryRequest("SELECT * FROM orders", 1_764_201_600_000L, 12.5, null, List.of(orders), "pg"),
                new UsageRequest(orders, "2026-11-27", 1),
                new UsageRequest(orders, "2026-11-26", 2));
    }

    @Test
    void addsUpCountsPerTableAndDayPublishesQueriesAndRemovesTheStagedFile() throws Exception {
        stage(usageRun());

        List<Result<String>> results = load();

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(Result.Ok.class)).hasSize(3);
        assertThat(server.usage("pg.shop.public.orders")).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("2026-11-26", 2, "2026-11-27", 4));
        assertThat(server.count("query")).isEqualTo(1);
        OpenMetadataStandIn.Call query = server.calls().stream().filter(c -> c.line().equals("PUT /v1/queries"))
                .findFirst().orElseThrow();
        assertThat(query.body().get("queryUsedIn").get(0).get("id").asText())
                .isEqualTo(server.entity("table", "pg.shop.public.orders").get("id").asText());
        assertThat(Files.exists(UsageStageFile.in(folder.toString()))).isFalse();
    }

    @Test
    void aSecondRunReplacesTheDaysCountsInsteadOfAddingToThem() throws Exception {
        stage(usageRun());
        load();
        stage(usageRun());
        load();

        assertThat(server.usage("pg.shop.public.orders")).containsEntry("2026-11-27", 4);
        assertThat(server.count("query")).isEqualTo(1);
    }

    @Test
    void usageOfAnUnknownTableFailsAloneAndTheStagedFileStaysWhenNotAllWasLoaded() throws Exception {
        stage(List.of(new UsageRequest(EntityReference.byFqn("table", "pg.shop.public.gone"), "2026-11-27", 1),
                new UsageRequest(EntityReference.byFqn("table", "pg.shop.public.orders"), "2026-11-27", 5)));

        List<Result<String>> results = load();

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOfSatisfying(Result.Failed.class, f ->
                assertThat(f.error().error()).contains("answered 404").contains("pg.shop.public.gone"));
        assertThat(results.get(1)).isInstanceOf(Result.Ok.class);
        assertThat(server.usage("pg.shop.public.orders")).containsEntry("2026-11-27", 5);
    }
}
