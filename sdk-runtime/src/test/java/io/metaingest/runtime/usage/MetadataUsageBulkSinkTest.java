package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.Secret;
import io.metaingest.api.Status;
import io.metaingest.api.WorkflowContext;
import io.metaingest.api.WorkflowKind;
import io.metaingest.api.config.OpenMetadataServerConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.openmetadata.OpenMetadataPerTest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.mask.SecretMasker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code metadata-usage} without {@code path}: the staged usage is published to the server. */
class MetadataUsageBulkSinkTest {

    private static final String ORDERS = "pg.shop.public.orders";
    private static final String GONE = "pg.shop.public.gone";
    private static final WorkflowContext RUN = new WorkflowContext("pg", "postgres-usage", WorkflowKind.USAGE, "run-1");
    private static final io.metaingest.openmetadata.ServiceTarget SERVICE = new io.metaingest.openmetadata.ServiceTarget(
            "pg", "Postgres", io.metaingest.api.ServiceCategory.DATABASE, null);
    private final ObjectMapper mapper = Mappers.standard();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest("bot");
    final OpenMetadataStandIn server = openMetadata.server();
    private WorkflowSettings settings;

    @TempDir
    Path folder;

    @BeforeEach
    void start() throws Exception {
        server.seed("databaseService", "pg", mapper.createObjectNode().put("name", "pg"));
        server.seed("database", "pg.shop", mapper.createObjectNode().put("name", "shop"));
        server.seed("databaseSchema", "pg.shop.public", mapper.createObjectNode().put("name", "public"));
        server.seed("table", ORDERS, mapper.createObjectNode().put("name", "orders"));
        settings = new WorkflowSettings(null, null, new OpenMetadataServerConfig(server.hostPort(), null,
                new OpenMetadataServerConfig.SecurityConfig(Secret.of("bot"))));
        // orders is on the server, gone is not (its service not ingested yet): one query on both, one on gone only.
        String join = "SELECT * FROM orders JOIN gone";
        stage("2026-11-27", new TableUsageCount(ORDERS, "2026-11-27", 4, "pg", List.of(
                        new TableUsageCount.SqlQuery("SELECT * FROM orders", 3, List.of(), 1.5),
                        new TableUsageCount.SqlQuery(join, 1, List.of(), 2.0)), List.of()),
                new TableUsageCount(GONE, "2026-11-27", 3, "pg", List.of(
                        new TableUsageCount.SqlQuery(join, 1, List.of(), 2.0),
                        new TableUsageCount.SqlQuery("SELECT * FROM gone", 2, List.of(), 1.0)), List.of()));
        stage("2026-11-28", new TableUsageCount(GONE, "2026-11-28", 1, "pg", List.of(
                new TableUsageCount.SqlQuery("SELECT * FROM gone", 1, List.of(), 1.0)), List.of()));
        mapper.writeValue(folder.resolve(TableUsageStage.MANIFEST).toFile(), new TableUsageStage.Manifest(RUN.pipelineRunId(), 5, 2));
    }

    private void stage(String day, TableUsageCount... lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (TableUsageCount line : lines) {
            text.append(mapper.writeValueAsString(line)).append('\n');
        }
        Files.writeString(folder.resolve(day + TableUsageStage.SUFFIX), text);
    }

    private List<Result<EntityRequest>> load() throws Exception {
        try (MetadataUsageBulkSink sink = new MetadataUsageBulkSink(new MetadataUsageBulkSink.Config(folder.toString(), null),
                mapper, SecretMasker.of(Set.of(), Set.of()), settings, HttpClient.newHttpClient(), RUN,
                SERVICE, new Status());
             Stream<Result<EntityRequest>> results = sink.load()) {
            return results.toList();
        }
    }

    @Test
    void publishesQueriesAndDailyUsageAndATableTheServerLacksIsOneWarning() throws Exception {
        List<Result<EntityRequest>> results = load();

        assertThat(results.stream().filter(r -> r instanceof Result.Failed)).isEmpty();
        // One warning for the table, however many days and queries it has.
        assertThat(results.stream().filter(r -> r instanceof Result.Warning<EntityRequest>)
                .map(r -> (Result.Warning<EntityRequest>) r)).singleElement().satisfies(w -> {
                    assertThat(w.name()).isEqualTo(GONE);
                    assertThat(w.message()).contains("table '" + GONE + "' is not on the server")
                            .contains("its usage (4 on 2 days)").contains("once that table's service is ingested");
                });
        // The two queries on orders and orders' day are published; gone's usage and its own query are not.
        assertThat(results.stream().filter(r -> r instanceof Result.Ok)).hasSize(3);
        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 4);
        assertThat(server.count("query")).isEqualTo(2);
        List<OpenMetadataStandIn.Call> queries = server.calls().stream().filter(c -> c.line().equals("PUT /v1/queries"))
                .toList();
        assertThat(queries).allSatisfy(query -> assertThat(query.body().get("queryUsedIn")).singleElement()
                .satisfies(table -> assertThat(table.get("id").asText())
                        .isEqualTo(server.entity("table", ORDERS).get("id").asText())));
    }

    /** As OpenMetadata's usage bulk sink: the tables' percentiles, then the databases'. */
    @Test
    void theServerComputesTheDaysPercentilesOfTablesAndDatabasesOnceItsCountsAreIn() throws Exception {
        load();

        assertThat(server.percentilesComputed()).containsExactly("table 2026-11-27", "database 2026-11-27");
        List<OpenMetadataStandIn.Call> calls = server.calls();
        assertThat(calls.subList(calls.size() - 2, calls.size())).extracting(OpenMetadataStandIn.Call::line)
                .containsExactly("POST /v1/usage/compute.percentile/table/2026-11-27",
                        "POST /v1/usage/compute.percentile/database/2026-11-27");
    }

    /** Either computation the server refuses is a warning of its own; the other one is still asked for. */
    @Test
    void aPercentileComputationTheServerRefusesIsAWarningAndTheOtherIsAskedFor() throws Exception {
        server.failNext("POST /v1/usage/compute.percentile/table/2026-11-27", 400);
        server.failNext("POST /v1/usage/compute.percentile/database/2026-11-27", 400);

        List<Result<EntityRequest>> results = load();

        assertThat(results.stream().filter(r -> r instanceof Result.Failed)).isEmpty();
        assertThat(results.stream().filter(r -> r instanceof Result.Warning<EntityRequest>)
                .map(r -> ((Result.Warning<EntityRequest>) r).name()))
                .contains("table usage percentiles of 2026-11-27", "database usage percentiles of 2026-11-27");
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line).containsSubsequence(
                "POST /v1/usage/compute.percentile/table/2026-11-27",
                "POST /v1/usage/compute.percentile/database/2026-11-27");
        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 4);
    }

    @Test
    void aSecondLoadReplacesTheDaysCountInsteadOfAddingToIt() throws Exception {
        Map<Path, byte[]> staged = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                staged.put(file, Files.readAllBytes(file));
            }
        }
        load();
        // The same day staged again (a rerun over the same period): the first load's close removed the files.
        Files.createDirectories(folder);
        for (Map.Entry<Path, byte[]> file : staged.entrySet()) {
            Files.write(file.getKey(), file.getValue());
        }
        load();

        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 4);
        assertThat(server.count("query")).isEqualTo(2);
    }

    /**
     * As OpenMetadata's usage bulk sink cleans its folder at close: this run's staged files (full query texts) are
     * removed once published, and the folder with them when nothing else is in it; a file of the user's stays.
     */
    @Test
    void closingRemovesWhatThisRunStagedAndTheFolderOnceEmpty() throws Exception {
        Path mine = Files.writeString(folder.resolve("notes.txt"), "the user's");
        load();
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).containsExactly(mine);
        }
        Files.delete(mine);
        stage("2026-11-29", new TableUsageCount(ORDERS, "2026-11-29", 1, "pg", List.of(
                new TableUsageCount.SqlQuery("SELECT 1 FROM orders", 1, List.of(), 1.0)), List.of()));
        mapper.writeValue(folder.resolve(TableUsageStage.MANIFEST).toFile(), new TableUsageStage.Manifest(RUN.pipelineRunId(), 1, 1));
        load();
        assertThat(folder).doesNotExist();
    }

    /** Files another run staged are not this run's to remove: they stay, and nothing is published. */
    @Test
    void anotherRunsStagedFilesStay() throws Exception {
        mapper.writeValue(folder.resolve(TableUsageStage.MANIFEST).toFile(), new TableUsageStage.Manifest("run-0", 5, 2));
        load();
        assertThat(folder.resolve("2026-11-27" + TableUsageStage.SUFFIX)).exists();
        assertThat(folder.resolve(TableUsageStage.MANIFEST)).exists();
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

    @Test
    void joinsWithAColumnTheServerLacksAreAWarningNamingItAndTheUsageStaysPublished() throws Exception {
        server.today(java.time.LocalDate.parse("2026-11-28"));
        // orders on the server has no column "customer_id": the server refuses the joins with 400.
        stage("2026-11-27", new TableUsageCount(ORDERS, "2026-11-27", 1, "pg", List.of(
                new TableUsageCount.SqlQuery("SELECT 1 FROM orders o JOIN c ON c.id = o.customer_id", 1, List.of(), 1.0)),
                List.of(new io.metaingest.api.entity.TableJoinsRequest.ColumnJoins("customer_id", List.of(
                        new io.metaingest.api.entity.TableJoinsRequest.JoinedWith("pg.shop.public.c.id", 1))))));
        Files.delete(folder.resolve("2026-11-28" + TableUsageStage.SUFFIX));

        List<Result<EntityRequest>> results = load();

        assertThat(results).noneMatch(r -> r instanceof Result.Failed);
        assertThat(results.stream().filter(r -> r instanceof Result.Warning<EntityRequest>)
                .map(r -> (Result.Warning<EntityRequest>) r)).singleElement().satisfies(w -> {
                    assertThat(w.name()).isEqualTo(ORDERS + "@2026-11-27");
                    assertThat(w.message()).isEqualTo("joins with columns the server's tables do not have (dropped"
                            + " since the query ran, say) were left out: " + ORDERS + ".customer_id; no other joins"
                            + " that day");
                });
        assertThat(server.usage(ORDERS)).containsEntry("2026-11-27", 1);
        assertThat(server.tableJoins(ORDERS)).isEmpty();
        String id = server.entity("table", ORDERS).get("id").asText();
        List<String> calls = server.calls().stream().map(OpenMetadataStandIn.Call::line).toList();
        assertThat(calls.indexOf("PUT /v1/tables/" + id + "/joins"))
                .isGreaterThan(calls.indexOf("POST /v1/usage/table/name/" + ORDERS));
    }

    /**
     * With {@code config.path}: a table's life cycle is a record of its own, the value the server would get
     * under the table's FQN (no id without a server) and its user by name (the REST sink looks it up).
     */
    @Test
    void writingNdjsonATablesLifeCycleIsARecordInTheServersShape() throws Exception {
        stage("2026-11-27", new TableUsageCount(ORDERS, "2026-11-27", 2, "pg", List.of(
                new TableUsageCount.SqlQuery("INSERT INTO orders VALUES (1)", 1, List.of("alice", "bob"), 1.0),
                new TableUsageCount.SqlQuery("DROP TABLE orders", 1, List.of("bob"), 1.0)), List.of()));
        Files.delete(folder.resolve("2026-11-28" + TableUsageStage.SUFFIX));
        Path out = folder.resolveSibling(folder.getFileName() + "-out").resolve("usage.ndjson");

        List<Result<EntityRequest>> results;
        try (MetadataUsageBulkSink sink = new MetadataUsageBulkSink(new MetadataUsageBulkSink.Config(folder.toString(),
                out.toString()), mapper, SecretMasker.of(Set.of(), Set.of()), settings, HttpClient.newHttpClient(), RUN,
                SERVICE, new Status())) {
            try (Stream<Result<EntityRequest>> loaded = sink.load()) {
                results = loaded.toList();
            }
            assertThat(sink.complete(true)).isTrue();
        }

        assertThat(results).noneMatch(r -> r instanceof Result.Failed);
        List<String> lifeCycles = Files.readAllLines(out).stream().filter(l -> l.contains("\"tableLifeCycle\"")).toList();
        assertThat(lifeCycles).singleElement().satisfies(line -> assertThat(mapper.readTree(line)).isEqualTo(mapper.readTree("""
                {"entityType": "tableLifeCycle", "entity": {
                  "table": {"type": "table", "fullyQualifiedName": "pg.shop.public.orders"},
                  "lifeCycle": {"updated": {"timestamp": 1795737600000, "accessedBy": {"type": "user", "name": "alice"}}}}}""")));
        assertThat(server.calls()).noneMatch(c -> c.method().equals("PATCH"));
    }
}
