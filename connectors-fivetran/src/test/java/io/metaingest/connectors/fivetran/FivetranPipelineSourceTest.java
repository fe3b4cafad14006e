package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.RunawayPatternException;
import io.metaingest.api.Status;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.AddPipelineStatusRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.ExecutionStatus;
import io.metaingest.connectors.fivetran.FivetranServer.Spellings;
import io.metaingest.connectors.fivetran.TestSupport.RecordingSleeper;
import io.metaingest.api.IncompleteReadException;
import io.metaingest.testing.CapturedLogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FivetranPipelineSourceTest {

    private static final List<String> SERVICES = List.of("analytics");

    private final RecordingSleeper sleeper = new RecordingSleeper();
    /** How the last {@link #run} ended when a listing failed: the stream's last act. */
    private IncompleteReadException endedWith;
    @AutoClose
    private final CapturedLogs logs = CapturedLogs.root();

    /** The standard account with a 429 mid-paging, 500s, a malformed page and a 404 on schemas. */
    private static FivetranServer standardServer() {
        return new FivetranServer(FivetranFixtures.standard())
                .faultOnce("groups/projected_sickle/connectors@25", FivetranServer.tooManyRequests(1))
                .faultOnce("groups/decent_dropsy/connectors@0", FivetranServer.error(500, "fivetran/errors/internal.json"))
                .faultOnce("connectors/conn_010", FivetranServer.error(500, "fivetran/errors/internal.json"))
                .faultAlways("groups/schoolmaster_heedless/connectors@50",
                        FivetranServer.json(200, FivetranFixtures.text("fivetran/malformed/connections-page.json")));
    }

    private List<Result<EntityRequest>> run(FivetranServer server, int threads, PipelineMetadataConfig config)
            throws Exception {
        try (FivetranPipelineSource source = TestSupport.source(TestSupport.connection(server, 25, threads), config, sleeper);
             Stream<Result<EntityRequest>> stream = source.read()) {
            List<Result<EntityRequest>> out = new ArrayList<>();
            endedWith = null;
            try {
                stream.forEach(out::add);
            } catch (IncompleteReadException e) {
                endedWith = e;
            }
            return out;
        }
    }

    /** Reads {@code server} with 4 threads and lineage into {@link #SERVICES}, as most tests here do. */
    private List<Result<EntityRequest>> runWithLineage(FivetranServer server) throws Exception {
        return run(server, 4, TestSupport.config(null, true, SERVICES));
    }

    private static List<String> paths(FivetranServer server) {
        return server.seen().stream().map(FivetranServer.Seen::path).toList();
    }

    /** The log lines so far that end with {@code ending}. */
    private List<String> loggedEndingWith(String ending) {
        return logs.messages().stream().filter(m -> m.endsWith(ending)).toList();
    }

    private static List<String> pipelineNames(List<Result<EntityRequest>> results) {
        return records(results, CreatePipelineRequest.class).stream().map(CreatePipelineRequest::name).toList();
    }

    private static <T> List<T> records(List<Result<EntityRequest>> results, Class<T> type) {
        return results.stream().filter(r -> r instanceof Result.Ok<EntityRequest> ok && type.isInstance(ok.record()))
                .map(r -> type.cast(((Result.Ok<EntityRequest>) r).record())).collect(Collectors.toList());
    }

    private static List<String> names(List<Result<EntityRequest>> results, Class<?> kind) {
        List<String> out = new ArrayList<>();
        for (Result<EntityRequest> r : results) {
            if (kind.isInstance(r)) {
                out.add(r instanceof Result.Failed<EntityRequest> f ? f.error().name()
                        : r instanceof Result.Warning<EntityRequest> w ? w.name()
                        : ((Result.Filtered<EntityRequest>) r).name());
            }
        }
        return out;
    }

    @Test
    void fullRunMatchesTheGoldenFilesAndSurvivesFaults() throws Exception {
        List<Result<EntityRequest>> results;
        FivetranServer server = standardServer();
        try (server) {
            results = runWithLineage(server);
            assertThat(server.seen()).allSatisfy(s -> assertThat(s.authorization()).startsWith("Basic ")
                    .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString((FivetranFixtures.API_KEY + ":"
                            + FivetranFixtures.API_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        Golden.assertMatches("standard-records.ndjson", Golden.recordLines(results));
        Golden.assertMatches("standard-other.ndjson", Golden.otherLines(results));

        // 100 + 50 (the third page of Production is malformed) + 60 pipelines, less conn_077 (its schema config
        // answers 404: deleted during the run); the empty group adds none.
        List<CreatePipelineRequest> pipelines = records(results, CreatePipelineRequest.class);
        assertThat(pipelines).hasSize(209);
        assertThat(names(results, Result.Failed.class)).containsExactlyInAnyOrder(
                "group schoolmaster_heedless (Production) connectors");
        // Production's third page could not be read: the run must not end as a success.
        assertThat(endedWith).isNotNull().hasMessageStartingWith("could not list connectors of group schoolmaster_heedless"
                + " (Production): GET /v1/groups/schoolmaster_heedless/connections:")
                .hasMessageEndingWith("; the pipelines it holds were not read (and mark-deleted was skipped)");
        assertThat(sleeper.waits).contains(Duration.ofSeconds(1)); // the 429's Retry-After
        assertThat(sleeper.waits).hasSize(3);                      // + two 500s

        CreatePipelineRequest first = pipelines.get(0);
        assertThat(first.name()).isEqualTo("projected_sickle_conn_000");
        assertThat(first.displayName()).isEqualTo("Staging <> postgres_rds_0");
        assertThat(first.service()).isEqualTo("fivetran_prod");
        assertThat(first.sourceUrl()).isEqualTo(
                "https://fivetran.com/dashboard/connectors/conn_000/status?groupId=projected_sickle&service=postgres_rds");
        assertThat(first.scheduleInterval()).isEqualTo("*/5 * * * *");
        assertThat(pipelines).filteredOn(p -> p.name().endsWith("conn_005")).singleElement()
                .satisfies(p -> assertThat(p.description()).contains("Paused"));
        assertThat(pipelines).filteredOn(p -> p.name().endsWith("conn_004")).singleElement()
                .satisfies(p -> assertThat(p.scheduleInterval()).isEqualTo("0 3 * * *"));
        assertThat(pipelines).filteredOn(p -> p.name().endsWith("conn_005")).singleElement()
                .satisfies(p -> assertThat(p.scheduleInterval()).as("90 minutes has no exact cron").isNull());

        List<AddPipelineStatusRequest> statuses = records(results, AddPipelineStatusRequest.class);
        assertThat(statuses).extracting(AddPipelineStatusRequest::pipelineFqn)
                .doesNotContain("fivetran_prod.projected_sickle_conn_011"); // never synced
        assertThat(statuses).filteredOn(s -> s.pipelineFqn().endsWith("conn_007")).singleElement()
                .satisfies(s -> assertThat(s.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.FAILED));
        assertThat(statuses).filteredOn(s -> s.pipelineFqn().endsWith("conn_013")).singleElement()
                .satisfies(s -> {
                    assertThat(s.pipelineStatus().executionStatus()).isEqualTo(ExecutionStatus.PENDING);
                    assertThat(s.pipelineStatus().timestamp()).isEqualTo(TestSupport.CLOCK.millis());
                });

        List<AddLineageRequest> lineage = records(results, AddLineageRequest.class);
        assertThat(lineage).extracting(AddLineageRequest::key)
                .contains("table:analytics.app_db_0.public.orders -> table:analytics.STAGING_DW.postgres_rds_0_public.orders")
                .noneMatch(k -> k.contains("audit_log") || k.contains("internal") || k.contains("conn_077"))
                .noneMatch(k -> k.contains("analytics.PROD_DW.public.events -> table:analytics.PROD_DW.public.events"));
        assertThat(lineage).allSatisfy(l -> assertThat(l.edge().lineageDetails().pipeline().fullyQualifiedName())
                .startsWith("fivetran_prod."));
        assertNoSecret(results);
    }

    @Test
    void filtersByDisplayName() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = run(server, 4,
                    TestSupport.config(FilterPattern.including("^production <> sql_server"), false, List.of()));
            List<CreatePipelineRequest> pipelines = records(results, CreatePipelineRequest.class);
            assertThat(pipelines).hasSize(18).allSatisfy(p -> assertThat(p.displayName()).startsWith("Production <> sql_server_hva_"));
            assertThat(names(results, Result.Filtered.class)).hasSize(250 - 18).contains("Staging <> postgres_rds_0");
            assertThat(names(results, Result.Warning.class)).isEmpty();
        }
    }

    /** A pattern that matches no pipeline at all (nor an id) says so at the end. */
    @Test
    void aPatternThatLetsNoPipelineThroughSaysSo() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = run(server, 4,
                    TestSupport.config(FilterPattern.including("^Prodcution <> "), false, List.of()));
            assertThat(records(results, CreatePipelineRequest.class)).isEmpty();
            assertThat(results.get(results.size() - 1)).isInstanceOfSatisfying(Result.Warning.class, w -> {
                assertThat(w.name()).isEqualTo("source.sourceConfig.config.pipelineFilterPattern");
                assertThat(w.message()).startsWith("let none of the 250 pipelines it was asked about through"
                        + " (includes [\"^Prodcution <> \"])"); // quoted: it ends with a space
            });
            assertThat(names(results, Result.Warning.class)).hasSize(1);
        }
    }

    /**
     * A pattern that backtracks catastrophically on a long display name ends the run with the filter's one line
     * naming it, as every filter's guard does, rather than spinning in the id-pattern bookkeeping.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunawayPatternEndsTheRunNamingItInsteadOfSpinning() {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        fixtures.groups.get(0).put("name", "Staging aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        try (FivetranServer server = new FivetranServer(fixtures)) {
            assertThatThrownBy(() -> run(server, 2, TestSupport.config(FilterPattern.including("(.*a){30}x"), false,
                    List.of()))).isInstanceOf(RunawayPatternException.class).hasMessageStartingWith(
                    "source.sourceConfig.config.pipelineFilterPattern.includes[0] \"(.*a){30}x\" gave up on the name"
                            + " \"Staging aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa <> postgres_rds_0\"");
        }
    }

    @Test
    void warnsWhenThePatternMatchesIdsButNoDisplayName() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = run(server, 4, TestSupport.config(
                    new FilterPattern(List.of("^conn_00", "^Marketing"), List.of("^projected_sickle_")), false, List.of()));
            assertThat(records(results, CreatePipelineRequest.class)).hasSize(60)
                    .allSatisfy(p -> assertThat(p.displayName()).startsWith("Marketing <> "));
            List<String> warnings = results.stream().filter(r -> r instanceof Result.Warning<EntityRequest>)
                    .map(r -> ((Result.Warning<EntityRequest>) r).message()).collect(Collectors.toList());
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).contains("\"^conn_00\"", "projected_sickle_conn_000", "OpenMetadata 1.6", "display names");
            assertThat(warnings.get(1)).contains("excludes", "\"^projected_sickle_\"", "1.6");
            assertThat(results.get(results.size() - 1)).isInstanceOf(Result.Warning.class); // reported at the end
            // Named by the field's full path, as every other filter warning is.
            assertThat(names(results, Result.Warning.class)).containsOnly("source.sourceConfig.config.pipelineFilterPattern");
        }
    }

    @Test
    void emptyDbServiceNamesIsAWarningAndSkipsLineageCalls() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = run(server, 4, TestSupport.config(null, true, List.of()));
            assertThat(results.get(0)).isInstanceOfSatisfying(Result.Warning.class,
                    w -> {
                        assertThat(w.name()).isEqualTo("source.sourceConfig.config.lineageInformation.dbServiceNames");
                        assertThat(w.message()).contains("dbServiceNames is empty");
                    });
            assertThat(records(results, AddLineageRequest.class)).isEmpty();
            assertThat(records(results, CreatePipelineRequest.class)).hasSize(250);
            assertThat(server.seen()).noneMatch(s -> s.path().contains("/schemas") || s.path().contains("/destinations"));
            Status status = new Status();
            results.forEach(status::count);
            assertThat(status.warnings()).isEqualTo(1);
        }
    }

    /**
     * Connections to services without tables of their own (Salesforce, HubSpot…) name no source database: their
     * pipelines are ingested without table lineage, which the user cannot change, so one line for the run says it,
     * counted per service with the first names, rather than a warning each that would drown the others. Named by
     * the setting, it is kept in the report and on the console whatever comes before it.
     */
    @Test
    void pipelinesFromServicesWithoutTablesAreOneWarningForTheRun() throws Exception {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        // Two of the 50 Salesforce connections become HubSpot ones (they name no database either).
        for (String id : List.of("conn_004", "conn_009")) {
            fixtures.connectorsByGroup.get("projected_sickle").stream().filter(c -> c.path("id").asText().equals(id))
                    .forEach(c -> c.put("service", "hubspot"));
        }
        try (FivetranServer server = new FivetranServer(fixtures)) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(names(results, Result.Warning.class)).containsExactly(
                    "fivetran_prod.projected_sickle_" + FivetranFixtures.MIXED_SCHEMAS, // a table's columns: one to act on
                    "source.sourceConfig.config.includeLineage");
            assertThat(warning(results, "source.sourceConfig.config.includeLineage")).isEqualTo("50 pipelines read"
                    + " from services without tables of their own (salesforce 48, hubspot 2) carry no table lineage,"
                    + " as their connections name no source database (database, catalog, project_id or project):"
                    + " decent_dropsy_conn_194, decent_dropsy_conn_199, decent_dropsy_conn_204 and 47 more (each in"
                    + " the debug log)");
            // Their pipelines are all there, and no lineage call was made for them.
            assertThat(pipelineNames(results))
                    .contains("projected_sickle_conn_004", "projected_sickle_conn_009", "decent_dropsy_conn_249");
            assertThat(paths(server)).noneMatch(p -> p.startsWith("/v1/connections/conn_004/schemas"));
            // Each one is in the debug log.
            assertThat(loggedEndingWith("carries no table lineage: its connection names no source database")).hasSize(50);
        }
    }

    /**
     * A destination whose config names no database (a data lake, say): none of its group's pipelines can have lineage,
     * as their destination tables cannot be named. One warning for the group says so, with how many pipelines and the
     * fix, rather than one per pipeline: a group of 100 gave 100 identical lines, and the console and report, which
     * keep the first 10, lost the others. Each pipeline is in the debug log.
     */
    @Test
    void aDestinationWithoutADatabaseIsOneWarningForItsGroup() throws Exception {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        com.fasterxml.jackson.databind.node.ObjectNode lake = fixtures.destinations.get("projected_sickle")
                .put("service", "s3_data_lake");
        ((com.fasterxml.jackson.databind.node.ObjectNode) lake.get("config")).remove("database");
        try (FivetranServer server = new FivetranServer(fixtures)) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(names(results, Result.Warning.class)).containsExactly(
                    "group projected_sickle (Staging) destination", "source.sourceConfig.config.includeLineage");
            assertThat(warning(results, "group projected_sickle (Staging) destination")).isEqualTo("its config"
                    + " (s3_data_lake) names no database (database, catalog, project_id or project), so the 100"
                    + " pipelines of the group are ingested without lineage, as their destination tables are not"
                    + " known (each in the debug log): give the destination its database in Fivetran; one"
                    + " without any (a data lake) has no tables to trace lineage to");
            // Its pipelines are all there, without lineage, and nothing was read for a lineage it cannot have.
            assertThat(pipelineNames(results)).filteredOn(n -> n.startsWith("projected_sickle_")).hasSize(100);
            assertThat(records(results, AddLineageRequest.class)).extracting(AddLineageRequest::key)
                    .isNotEmpty().noneMatch(k -> k.contains("STAGING_DW"));
            assertThat(paths(server)).noneMatch(p -> p.matches("/v1/connections/conn_0\\d\\d(/.*)?"));
            assertThat(loggedEndingWith("carries no lineage: the destination of group projected_sickle (Staging)"
                    + " names no database")).hasSize(100);
        }
    }

    @Test
    void lineageForEveryConfiguredService() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = run(server, 2, TestSupport.config(
                    FilterPattern.including("^Staging <> sql_server_hva_3$"), true, List.of("pg_src", "warehouse")));
            assertThat(records(results, AddLineageRequest.class)).extracting(AddLineageRequest::key).containsExactly(
                    "table:pg_src.source_db.public.users -> table:pg_src.STAGING_DW.postgres_rds_public.users",
                    "table:warehouse.source_db.public.users -> table:warehouse.STAGING_DW.postgres_rds_public.users",
                    "table:pg_src.source_db.public.customers -> table:pg_src.STAGING_DW.postgres_rds_public.customer",
                    "table:warehouse.source_db.public.customers -> table:warehouse.STAGING_DW.postgres_rds_public.customer",
                    "table:pg_src.source_db.\"sales.eu\".\"order.lines\" -> table:pg_src.STAGING_DW.postgres_rds_sales_eu.order_lines",
                    "table:warehouse.source_db.\"sales.eu\".\"order.lines\" -> table:warehouse.STAGING_DW.postgres_rds_sales_eu.order_lines");
        }
    }

    /**
     * A group whose connectors the filter all leaves out needs no destination: its lookup is not made, so its
     * failure (here a 500 after the retries) cannot fail a run that was never about it.
     */
    @Test
    void aGroupTheFilterEmptiesIsNotAskedForItsDestination() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("destinations/schoolmaster_heedless", FivetranServer.error(500, "fivetran/errors/internal.json"))
                .faultAlways("destinations/decent_dropsy", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = run(server, 2, TestSupport.config(
                    FilterPattern.including("^Staging <> sql_server_hva_3$"), true, List.of("pg_src")));
            assertThat(names(results, Result.Failed.class)).isEmpty();
            assertThat(records(results, CreatePipelineRequest.class)).hasSize(1);
            assertThat(records(results, AddLineageRequest.class)).hasSize(3);
            assertThat(server.seen()).filteredOn(s -> s.path().contains("/destinations/"))
                    .extracting(FivetranServer.Seen::path).containsExactly("/v1/destinations/projected_sickle");
        }
        // The same fault on a group one of whose connectors is let through is that group's failure, once.
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("destinations/projected_sickle", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = run(server, 2, TestSupport.config(
                    FilterPattern.including("^Staging <> sql_server_hva_"), true, List.of("pg_src")));
            assertThat(names(results, Result.Failed.class)).containsExactly("group projected_sickle (Staging) destination");
            assertThat(records(results, CreatePipelineRequest.class)).isNotEmpty();
            assertThat(records(results, AddLineageRequest.class)).isEmpty();
        }
    }

    @Test
    void legacyOnlyServerYieldsTheSameRecords() throws Exception {
        List<String> both;
        List<String> legacy;
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            both = Golden.recordLines(runWithLineage(server));
        }
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard()).spellings(Spellings.LEGACY_ONLY)) {
            legacy = Golden.recordLines(runWithLineage(server));
            assertThat(server.seen()).filteredOn(s -> s.path().contains("/connections")).hasSize(1);
        }
        assertThat(legacy).hasSizeGreaterThan(250).isEqualTo(both);
    }

    @Test
    void parallelAndSerialRunsEmitTheSameRecordsInTheSameOrder() throws Exception {
        List<Result<EntityRequest>> serial;
        List<Result<EntityRequest>> parallel;
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            serial = run(server, 1, TestSupport.config(null, true, SERVICES));
            parallel = run(server, 8, TestSupport.config(null, true, SERVICES));
        }
        assertThat(parallel).hasSizeGreaterThan(500).isEqualTo(serial);
    }

    @Test
    void aGroupWhoseConnectorsPageAnswers500AfterTheRetriesEndsTheReadAfterTheOtherGroups() throws Exception {
        // Production (90 connectors, 4 pages of 25): its second page answers 500 to every attempt.
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard()).faultAlways(
                "groups/schoolmaster_heedless/connectors@25", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = run(server, 4, TestSupport.config(null, false, SERVICES));

            assertThat(endedWith).isNotNull().hasMessage("could not list connectors of group schoolmaster_heedless"
                    + " (Production): GET /v1/groups/schoolmaster_heedless/connections: the Fivetran API answered HTTP 500"
                    + " InternalServerError: An unexpected error occurred (after 4 attempts): the service is failing;"
                    + " retry later; the pipelines it holds were not read"
                    + " (and mark-deleted was skipped)");
            assertThat(names(results, Result.Failed.class)).containsExactly("group schoolmaster_heedless (Production) connectors");
            // Staging's 100, Production's first page of 25, and Marketing's 60 after it were still read.
            assertThat(records(results, CreatePipelineRequest.class)).hasSize(100 + 25 + 60);
        }
    }

    /**
     * A group deleted after the groups were listed (its connection listing answers 404 NotFound_Group) took its
     * pipelines with it: a warning naming the group and the call that said so, not a failure; the other groups are
     * read and the run ends well, so mark-deleted removes the group's pipelines. Whichever spelling the server
     * speaks, the line names the call that was answered, and the vendor's "no such group" is not taken for an
     * unknown path (no legacy call after it).
     */
    @ParameterizedTest
    @CsvSource({"BOTH, connections", "CURRENT_ONLY, connections", "LEGACY_ONLY, connectors"})
    void aGroupDeletedDuringTheRunIsAWarningAndTheOtherGroupsAreRead(Spellings spellings, String segment)
            throws Exception {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        fixtures.connectorsByGroup.remove("projected_sickle"); // listed among the groups, gone when its connections are asked for
        try (FivetranServer server = new FivetranServer(fixtures).spellings(spellings)) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(endedWith).isNull();
            assertThat(names(results, Result.Failed.class)).isEmpty();
            assertThat(warning(results, "group projected_sickle (Staging)")).isEqualTo(
                    "removed during the run (GET /v1/groups/projected_sickle/"
                            + segment + ": HTTP 404 NotFound_Group: Group with id 'projected_sickle' does not"
                            + " exist.); the pipelines it held are no longer in Fivetran");
            // Production's 90 and Marketing's 60.
            assertThat(records(results, CreatePipelineRequest.class)).hasSize(90 + 60);
            if (spellings != Spellings.LEGACY_ONLY) {
                assertThat(paths(server)).noneMatch(p -> p.startsWith("/v1/groups/projected_sickle/connectors"));
            }
        }
    }

    /**
     * A 403 on one group's connector listing or on its destination: the key works (other groups are read), its
     * role does not reach that group; each line says what was left out and which permission to grant.
     */
    @Test
    void a403OnOneGroupsConnectorsOrDestinationNamesThePermissionAndWhatWasLeftOut() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("groups/schoolmaster_heedless/connectors@0", FivetranServer.error(403, "fivetran/errors/forbidden.json"))
                .faultAlways("destinations/decent_dropsy", FivetranServer.error(403, "fivetran/errors/forbidden.json"))) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(endedWith).isNotNull().hasMessage("could not list connectors of group schoolmaster_heedless"
                    + " (Production): GET /v1/groups/schoolmaster_heedless/connections: HTTP 403 Forbidden: The API key"
                    + " does not have permission to perform this action; the pipelines it holds were not read (and"
                    + " mark-deleted was skipped); the API key's role lacks permission to list the connections of this"
                    + " group: give the user or key of source.serviceConnection.config.apiKey a role that can read group"
                    + " schoolmaster_heedless (Production)");
            assertThat(failure(results, "group decent_dropsy (Marketing) destination")).isEqualTo(
                    "GET /v1/destinations/decent_dropsy: HTTP 403 Forbidden: The API key does not have permission"
                            + " to perform this action; the pipelines of group decent_dropsy (Marketing) are"
                            + " ingested without lineage, as their destination tables are not known: give the user"
                            + " or key of source.serviceConnection.config.apiKey a role that can read this group's"
                            + " destination, or set source.sourceConfig.config.includeLineage to false");
            // Marketing's 60 pipelines are still there, without lineage.
            assertThat(records(results, CreatePipelineRequest.class)).filteredOn(p -> p.name().startsWith("decent_dropsy_"))
                    .hasSize(60);
            assertThat(records(results, AddLineageRequest.class)).noneMatch(l -> l.edge().lineageDetails().pipeline()
                    .fullyQualifiedName().startsWith("fivetran_prod.decent_dropsy_"));
        }
    }

    /** A destination that still fails after the retries: the line says its group's pipelines carry no lineage. */
    @Test
    void aDestinationThatFailsSaysItsGroupsPipelinesHaveNoLineage() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("destinations/decent_dropsy", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(failure(results, "group decent_dropsy (Marketing) destination")).isEqualTo(
                    "GET /v1/destinations/decent_dropsy: the Fivetran API answered HTTP 500 InternalServerError:"
                            + " An unexpected error occurred (after 4 attempts): the service is failing; retry"
                            + " later; the pipelines of group decent_dropsy (Marketing) are ingested without"
                            + " lineage, as their destination tables are not known");
        }
    }

    @Test
    void aGroupsListingThatFailsMidWayEndsTheRead() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard()).faultAlways(
                "groups@2", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            FivetranConnection connection = FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                    server.hostPort()).withPaging(2, 2);
            List<Result<EntityRequest>> results;
            endedWith = null;
            try (FivetranPipelineSource source = TestSupport.source(connection, TestSupport.config(null, false, SERVICES),
                    sleeper); Stream<Result<EntityRequest>> stream = source.read()) {
                results = new ArrayList<>();
                try {
                    stream.forEach(results::add);
                } catch (IncompleteReadException e) {
                    endedWith = e;
                }
            }
            assertThat(endedWith).isNotNull().hasMessageStartingWith("could not list the groups (2 read): GET /v1/groups:"
                    + " the Fivetran API answered HTTP 500").hasMessageEndingWith("; the pipelines of the groups not listed were not read"
                    + " (and mark-deleted was skipped)");
            assertThat(names(results, Result.Failed.class)).containsExactly("groups");
            assertThat(records(results, CreatePipelineRequest.class)).isNotEmpty();
        }
    }

    /**
     * The groups' second page repeats the first and ends: the two groups after them were never listed.
     * The run must not end well (mark-deleted would remove their pipelines); what was read is emitted.
     */
    @Test
    void aGroupsPageThatRepeatsTheFirstEndsTheReadAsIncomplete() throws Exception {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        com.fasterxml.jackson.databind.node.ObjectNode repeated = FivetranFixtures.JSON.createObjectNode().put("code", "Success");
        repeated.putObject("data").putArray("items").add(fixtures.groups.get(0)).add(fixtures.groups.get(1));
        try (FivetranServer server = new FivetranServer(fixtures).faultAlways("groups@2",
                FivetranServer.json(200, repeated.toString()))) {
            FivetranConnection connection = FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                    server.hostPort()).withPaging(2, 2);
            List<Result<EntityRequest>> results = new ArrayList<>();
            endedWith = null;
            try (FivetranPipelineSource source = TestSupport.source(connection, TestSupport.config(null, false, SERVICES),
                    sleeper); Stream<Result<EntityRequest>> stream = source.read()) {
                try {
                    stream.forEach(results::add);
                } catch (IncompleteReadException e) {
                    endedWith = e;
                }
            }
            String first = fixtures.groups.get(0).path("id").asText();
            assertThat(endedWith).isNotNull().hasMessageStartingWith("could not list the groups (2 read): GET /v1/groups:"
                    + " the listing is incomplete: the vendor listed " + first + " and 1 more item again on a later page;")
                    .hasMessageEndingWith("(and mark-deleted was skipped)");
            assertThat(names(results, Result.Failed.class)).containsExactly("groups");
            String second = fixtures.groups.get(1).path("id").asText();
            assertThat(records(results, CreatePipelineRequest.class)).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.name()).as("only the first two groups' pipelines")
                            .matches("(" + first + "|" + second + ")_.*"))
                    .hasSize(fixtures.connectorsByGroup.get(first).size() + fixtures.connectorsByGroup.get(second).size());
        }
    }

    /**
     * A connector deleted after it was listed (its details answer 404) is gone: filtered with the
     * reason, no pipeline; one whose details still answer 500 is a failure and no pipeline, never both.
     */
    @Test
    void aConnectorDeletedDuringTheRunIsFilteredAndOneWhoseDetailsFailIsOnlyAFailure() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("connectors/conn_002", FivetranServer.error(404, "fivetran/errors/not-found-connector.json",
                        "conn_002"))
                .faultAlways("connectors/conn_003", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            List<String> pipelines = records(results, CreatePipelineRequest.class).stream()
                    .map(CreatePipelineRequest::name).toList();
            assertThat(pipelines).hasSize(250 - 3).doesNotContain("projected_sickle_conn_002", "projected_sickle_conn_003",
                    "projected_sickle_" + FivetranFixtures.SCHEMAS_404);
            assertThat(results).filteredOn(r -> r instanceof Result.Filtered<EntityRequest> f
                    && f.name().endsWith("projected_sickle_conn_002")).singleElement()
                    .satisfies(r -> assertThat(((Result.Filtered<EntityRequest>) r).reason())
                            .startsWith("connector conn_002 was deleted during the run (GET /v1/connections/conn_002: HTTP 404"
                                    + " NotFound_Connector"));
            assertThat(names(results, Result.Failed.class)).containsExactly("fivetran_prod.projected_sickle_conn_003");
        }
    }

    /**
     * A connector whose schema config answers 404 was deleted after its details were read: it goes the
     * way of a details 404 (filtered with the reason; no pipeline, status or lineage; no failure).
     */
    @Test
    void aConnectorWhoseSchemaConfigAnswers404IsFilteredAsDeleted() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            String fqn = "fivetran_prod.projected_sickle_" + FivetranFixtures.SCHEMAS_404;
            assertThat(names(results, Result.Failed.class)).isEmpty();
            assertThat(results).filteredOn(r -> r instanceof Result.Filtered<EntityRequest> f && f.name().equals(fqn))
                    .singleElement().satisfies(r -> assertThat(((Result.Filtered<EntityRequest>) r).reason())
                            .isEqualTo("connector conn_077 was deleted during the run (GET /v1/connections/conn_077/schemas:"
                                    + " HTTP 404 NotFound_Connector: Connector with id 'conn_077' does not exist.)"));
            assertThat(pipelineNames(results)).hasSize(250 - 1).doesNotContain("projected_sickle_" + FivetranFixtures.SCHEMAS_404);
            assertThat(records(results, AddPipelineStatusRequest.class)).extracting(AddPipelineStatusRequest::pipelineFqn)
                    .doesNotContain(fqn);
        }
    }

    /** A 404 that does not say the connector is gone keeps the pipeline: mark-deleted must not remove it. */
    @Test
    void aSchemaConfig404ThatDoesNotSayTheConnectorIsGoneKeepsThePipelineAndFailsItsLineage() throws Exception {
        FivetranFixtures fixtures = FivetranFixtures.standard();
        fixtures.schemaConfigMissing.add(FivetranFixtures.MIXED_SCHEMAS);
        try (FivetranServer server = new FivetranServer(fixtures)) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            String name = "projected_sickle_" + FivetranFixtures.MIXED_SCHEMAS;
            assertThat(pipelineNames(results)).contains(name);
            assertThat(names(results, Result.Failed.class)).contains("fivetran_prod." + name);
            assertThat(results).noneMatch(r -> r instanceof Result.Filtered<EntityRequest> f
                    && f.name().equals("fivetran_prod." + name));
            // The line says the pipeline is there, only its lineage is not.
            assertThat(failure(results, "fivetran_prod." + name)).isEqualTo("GET /v1/connections/conn_003/schemas: HTTP 404"
                    + " NotFound: No resource at /v1/connections/conn_003/schemas; the schema config of connection conn_003"
                    + " could not be read, so its pipeline is ingested without lineage");
        }
    }

    /** A schema config that still fails after the retries: the pipeline is kept, and its line says without lineage. */
    @Test
    void aSchemaConfigThatFailsAfterTheRetriesKeepsThePipelineWithoutLineage() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("connectors/conn_005/schemas", FivetranServer.error(500, "fivetran/errors/internal.json"))) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(pipelineNames(results)).contains("projected_sickle_conn_005");
            assertThat(failure(results, "fivetran_prod.projected_sickle_conn_005")).isEqualTo("GET"
                    + " /v1/connections/conn_005/schemas: the Fivetran API answered HTTP 500 InternalServerError: An"
                    + " unexpected error occurred (after 4 attempts): the service is failing; retry later; the schema"
                    + " config of connection conn_005 could not be read, so its pipeline is ingested without lineage");
        }
    }

    /** The message of the one failure named {@code name}. */
    private static String failure(List<Result<EntityRequest>> results, String name) {
        return onlyOne("failures named " + name, results.stream().filter(r -> r instanceof Result.Failed<EntityRequest> f
                && f.error().name().equals(name)).map(r -> ((Result.Failed<EntityRequest>) r).error().error()));
    }

    /** The message of the one warning named {@code name}. */
    private static String warning(List<Result<EntityRequest>> results, String name) {
        return onlyOne("warnings named " + name, results.stream().filter(r -> r instanceof Result.Warning<EntityRequest> w
                && w.name().equals(name)).map(r -> ((Result.Warning<EntityRequest>) r).message()));
    }

    private static String onlyOne(String what, Stream<String> messages) {
        List<String> list = messages.toList();
        assertThat(list).as(what).hasSize(1);
        return list.get(0);
    }

    @Test
    void readIsLazy() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranPipelineSource source = TestSupport.source(TestSupport.connection(server, 25, 2),
                    TestSupport.config(null, true, SERVICES), sleeper);
            try (source; Stream<Result<EntityRequest>> stream = source.read()) {
                Iterator<Result<EntityRequest>> it = stream.iterator();
                for (int i = 0; i < 3; i++) {
                    assertThat(it.next()).isNotNull();
                }
                // The window holds 2 * threads = 4 connectors; taking results refills it, so a few more may
                // have started, but never a second connectors page or more than a handful of the 250 connectors.
                List<String> paths = paths(server);
                assertThat(paths).filteredOn(p -> p.startsWith("/v1/groups/") && p.contains("/connections"))
                        .hasSize(1);
                assertThat(paths.stream().map(FivetranPipelineSourceTest::connectorId).filter(Objects::nonNull)
                        .distinct()).hasSizeBetween(1, 8);
            }
        }
    }

    /** The connector id a request path is about ({@code /v1/connections/{id}...}), or null. */
    private static String connectorId(String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^/v1/connections/([^/?]+)").matcher(path);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void refusedCredentialsEndTheRunWithAConnectionException() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard(), "test_key", "another-secret")) {
            assertThatThrownBy(() -> runWithLineage(server))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
                        assertThat(e.getMessage()).contains("401", "AuthFailed", "invalid API key or secret")
                                .endsWith("; check source.serviceConnection.config.apiKey and"
                                        + " source.serviceConnection.config.apiSecret")
                                .doesNotContain(FivetranFixtures.API_SECRET);
                    });
            assertThat(server.seen()).hasSize(1);
        }
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("groups@0", FivetranServer.error(403, "fivetran/errors/forbidden.json"))) {
            assertThatThrownBy(() -> runWithLineage(server))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
                        assertThat(e.getMessage()).contains("403", "Forbidden");
                    });
        }
        assertNoSecret(List.of());
    }

    /**
     * Reads into {@code emitted} until the stream ends the run on refused credentials, as it must; the connection
     * failure it ends with.
     */
    private ConnectionException readUntilTheRunEnds(FivetranConnection connection, PipelineMetadataConfig config,
                                                    List<Result<EntityRequest>> emitted) throws Exception {
        try (FivetranPipelineSource source = TestSupport.source(connection, config, sleeper);
             Stream<Result<EntityRequest>> stream = source.read()) {
            Throwable ended = catchThrowable(() -> stream.forEach(emitted::add));
            assertThat(ended).isInstanceOf(io.metaingest.toolkit.RefusedCredentials.Ended.class)
                    .cause().isInstanceOf(ConnectionException.class);
            return (ConnectionException) ended.getCause();
        }
    }

    /**
     * The key revoked after the run started: the read ends with the connection failure the start-of-run
     * check gives (the run's exit 3), not with a failure per connector, and nothing is called after it.
     */
    @Test
    void aKeyRevokedMidRunEndsTheReadAsAConnectionFailureAndStopsCalling() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard()).revokeKeyAfter(10)) {
            List<Result<EntityRequest>> emitted = new ArrayList<>();
            ConnectionException e = readUntilTheRunEnds(TestSupport.connection(server, 25, 4),
                    TestSupport.config(null, true, SERVICES), emitted);
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION);
            assertThat(e.getMessage()).startsWith("Fivetran refused the credentials: HTTP 401 (AuthFailed:")
                    .endsWith("; check source.serviceConnection.config.apiKey and"
                            + " source.serviceConnection.config.apiSecret");
            assertThat(names(emitted, Result.Failed.class)).as("no failure per connector").isEmpty();
            // Workers already sending when the first 401 came may each be refused once; then nothing is sent.
            assertThat(server.seen().size() - 10).isBetween(1, 4);
        }
    }

    /**
     * A 403 on a later page of the groups listing: the key may not read the account, so the run ends once
     * as a connection failure (exit 3) naming apiKey, as a 403 on the first page does, with no call after it.
     */
    @Test
    void a403OnTheGroupsListingMidRunEndsTheReadAsAConnectionFailure() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("groups@2", FivetranServer.error(403, "fivetran/errors/forbidden.json"))) {
            List<Result<EntityRequest>> emitted = new ArrayList<>();
            ConnectionException e = readUntilTheRunEnds(TestSupport.connection(server, 2, 4),
                    TestSupport.config(null, false, SERVICES), emitted);
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.PERMISSION);
            assertThat(e.getMessage()).isEqualTo("Fivetran denied access: HTTP 403 (Forbidden: The API key"
                    + " does not have permission to perform this action); the API key of"
                    + " source.serviceConnection.config.apiKey lacks permission to list groups (or was"
                    + " revoked): give its user or key an account role that can read the account's groups"
                    + " and connections");
            assertThat(names(emitted, Result.Failed.class)).as("no failure per group or connector").isEmpty();
        }
    }

    /** A 403 on one connection's schema config: that pipeline's lineage failure, saying which permission to grant. */
    @Test
    void a403OnOneSchemaConfigIsThatPipelinesFailureNamingTheRoleToCheck() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())
                .faultAlways("connectors/conn_005/schemas", FivetranServer.error(403, "fivetran/errors/forbidden.json"))) {
            List<Result<EntityRequest>> results = runWithLineage(server);

            assertThat(results).filteredOn(r -> r instanceof Result.Failed<EntityRequest>).singleElement()
                    .satisfies(r -> {
                        Result.Failed<EntityRequest> f = (Result.Failed<EntityRequest>) r;
                        assertThat(f.error().name()).isEqualTo("fivetran_prod.projected_sickle_conn_005");
                        assertThat(f.error().error()).isEqualTo("GET /v1/connections/conn_005/schemas: HTTP 403 Forbidden:"
                                + " The API key does not have permission to perform this action; the API key's role"
                                + " lacks permission to read the schema config of connection conn_005: give the user or"
                                + " key of source.serviceConnection.config.apiKey a role that can read this connection's"
                                + " group, or set source.sourceConfig.config.includeLineage to false");
                    });
        }
    }

    /** A host that takes the connection and never answers: one request timeout, then a line naming hostPort. */
    @Test
    void aHostThatAcceptsTheConnectionButNeverAnswersEndsTheRunAfterOneTimeoutNamingHostPort() throws Exception {
        List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // kept open, never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String hostPort = "http://127.0.0.1:" + silent.getLocalPort();
            FivetranConnection connection = FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                    hostPort);
            FivetranClient client = new FivetranClient(connection, TestSupport.HTTP, TestSupport.MAPPER, sleeper,
                    TestSupport.FAST.withRequestTimeout(Duration.ofMillis(300)));
            FivetranPipelineSource source = new FivetranPipelineSource(connection, TestSupport.config(null, false, SERVICES),
                    TestSupport.context(), client, new FivetranLineage(client), TestSupport.CLOCK);

            assertThatThrownBy(source::read).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.reason()).isEqualTo(ConnectionException.Reason.UNREACHABLE);
                assertThat(e.getMessage()).isEqualTo("Fivetran API did not answer: GET /v1/groups: timed out: " + hostPort
                        + " accepted the connection but did not answer within 300 ms;"
                        + " check source.serviceConnection.config.hostPort");
            });
            assertThat(sleeper.waits).as("no retry of a host that never answered").isEmpty();
        } finally {
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void connectionTesterListsOnePageOfGroups() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FivetranConnectionTester tester = new FivetranConnectionTester(
                    TestSupport.client(TestSupport.connection(server, 2, 1), sleeper));
            assertThat(tester.test()).containsExactly("listed 2 group(s) (more pages follow)");
            assertThat(paths(server)).containsExactly("/v1/groups?limit=2");
        }
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard(), "x", "y")) {
            FivetranConnectionTester tester = new FivetranConnectionTester(
                    TestSupport.client(TestSupport.connection(server, 2, 1), sleeper));
            assertThatThrownBy(tester::test).isInstanceOfSatisfying(ConnectionException.class,
                    e -> assertThat(e.reason()).isEqualTo(ConnectionException.Reason.AUTHENTICATION));
        }
    }

    /** A hostPort copied with /v1 (the client adds it): the line shows hostPort as written and says to drop /v1. */
    @Test
    void aHostPortEndingInV1IsNamedAsWrittenWithTheFix() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            String written = server.hostPort() + "/v1";
            FivetranConnectionTester tester = new FivetranConnectionTester(TestSupport.client(FivetranConnection.of(
                    FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET, written), sleeper));
            assertThatThrownBy(tester::test).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
                assertThat(e.getMessage()).isEqualTo("Fivetran API not found at hostPort " + written + " (GET /v1/v1/groups:"
                        + " HTTP 404 NotFound: No resource at /v1/v1/groups); write source.serviceConnection.config.hostPort"
                        + " without /v1: " + server.hostPort());
            });
        }
    }

    /** The secret must reach no log line, no record, no status entry. */
    private void assertNoSecret(List<Result<EntityRequest>> results) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Status status = new Status();
        results.forEach(status::count);
        StringBuilder everything = new StringBuilder(mapper.writeValueAsString(io.metaingest.runtime.exec.StepSummary.of("source", status)));
        Golden.recordLines(results).forEach(everything::append);
        for (Result<EntityRequest> r : results) {
            if (r instanceof Result.Failed<EntityRequest> f) {
                everything.append(f.error().error()).append(f.error().stackTrace());
            }
        }
        for (ILoggingEvent event : logs.events()) {
            everything.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        assertThat(logs.events()).as("the run logged something to check").isNotEmpty();
        // The key is half of the Basic credential: a secret too, never logged.
        assertThat(everything.toString()).doesNotContain(FivetranFixtures.API_SECRET, FivetranFixtures.API_KEY);
        String basic = java.util.Base64.getEncoder().encodeToString(
                (FivetranFixtures.API_KEY + ":" + FivetranFixtures.API_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(everything.toString()).doesNotContain(basic);
    }
}
