package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.mask.SecretMasker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code metadata-usage} without {@code path}: the staged usage is published to the server. */
class MetadataUsageBulkSinkTest {

    private static final String ORDERS = "pg.shop.public.orders";
    private static final WorkflowContext RUN = new WorkflowContext("pg", "postgres-usage", WorkflowKind.USAGE, "run-1");
    private final ObjectMapper mapper = Mappers.standard();
    private OpenMetadataStandIn server;
    private WorkflowSettings settings;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        server = new OpenMetadataStandIn("bot");
        server.seed("databaseService", "pg", mapper.createObjectNode().put("name", "pg"));
        server.seed("database", "pg.shop", mapper.createObjectNode().put("name", "shop"));
        server.seed("databaseSchema", "pg.shop.public", mapper.createObjectNode().put("name", "public"));
        server.seed("table", ORDERS, mapper.createObjectNode().put("name", "orders"));
        settings = new WorkflowSettings(null, null, new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of("bot"))));
        Files.writeString(folder.resolve("2026-11-27.ndjson"), mapper.writeValueAsString(new TableUsageCount(ORDERS,
                "2026-11-27", 4, "pg", List.of(new TableUsageCount.SqlQuery("SELECT * FROM orders", 4, List.of(), 1.5))))
                + "\n" + mapper.writeValueAsString(new TableUsageCount("pg.shop.public.gone", "2026-11-27", 1, "pg",
                List.of())) + "\n");
        mapper.writeValue(folder.resolve(TableUsageStage.MANIFEST).toFile(), new TableUsageStage.Manifest(RUN.pipelineRunId(), 5, 2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<Result<EntityRequest>> load() throws Exception {
        try (MetadataUsageBulkSink sink = new MetadataUsageBulkSink(new MetadataUsageBulkSink.Config(folder.toString(), null),
                mapper, SecretMasker.of(Set.of(), Set.of()), settings, HttpClient.newHttpClient(), RUN);
             Stream<Result<EntityRequest>> results = sink.load()) {
            return results.toList();
        }
    }

    @Test
    void publishesQueriesAndDailyUsageAndAnUnknownTableFailsAlone() throws Exception {
        List<Result<EntityRequest>> results = load();

        assertThat(results).hasSize(3);
        assertThat(results.stream().filter(r -> r instanceof Result.Ok)).hasSize(2);
        assertThat(results.stream().filter(r -> r instanceof Result.Failed<EntityRequest>).map(r ->
                ((Result.Failed<EntityRequest>) r).error().error())).singleElement().asString()
                .contains("answered 404").contains("pg.shop.public.gone");
        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 4);
        assertThat(server.count("query")).isEqualTo(1);
        OpenMetadataStandIn.Call query = server.calls().stream().filter(c -> c.line().equals("PUT /v1/queries"))
                .findFirst().orElseThrow();
        assertThat(query.body().get("queryUsedIn").get(0).get("id").asText())
                .isEqualTo(server.entity("table", ORDERS).get("id").asText());
    }

    @Test
    void aSecondLoadReplacesTheDaysCountInsteadOfAddingToIt() throws Exception {
        load();
        load();

        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 4);
        assertThat(server.count("query")).isEqualTo(1);
    }

    @Test
    void aFolderTheStageOfThisRunDidNotWriteIsAFailureAndNothingIsPublished() throws Exception {
        Files.delete(folder.resolve(TableUsageStage.MANIFEST));

        List<Result<EntityRequest>> results = load();

        assertThat(results).singleElement().isInstanceOfSatisfying(Result.Failed.class, failed ->
                assertThat(failed.error().error()).startsWith("nothing staged in " + folder + " by this run, so nothing"
                        + " was published").contains("give both the same folder"));
        assertThat(server.usage(ORDERS)).isEmpty();
        assertThat(server.count("query")).isZero();
    }
}
