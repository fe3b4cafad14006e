package io.metaingest.openmetadata;

import static io.metaingest.openmetadata.BotClients.HTTP;
import static io.metaingest.openmetadata.BotClients.TOKEN;
import static io.metaingest.openmetadata.BotClients.serverConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.ServiceCategory;
import io.metaingest.api.Status;
import io.metaingest.api.StepError;
import io.metaingest.api.StopSignal;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.DatabaseMetadataConfig;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.config.WorkflowSettings;
import io.metaingest.api.entity.Column;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.CreateDatabaseRequest;
import io.metaingest.api.entity.CreateDatabaseSchemaRequest;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.api.entity.CreateStoredProcedureRequest;
import io.metaingest.api.entity.CreateTableRequest;
import io.metaingest.api.entity.DataType;
import io.metaingest.api.entity.StoredProcedureType;
import io.metaingest.api.entity.TableType;
import io.metaingest.testing.CapturedLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deleted-entity handling of the {@code metadata-rest} sink against the stand-in server. */
class MarkDeletedTest {

    private static final MarkDeletedPolicy DATABASE_DEFAULTS = MarkDeletedPolicy.of(new DatabaseMetadataConfig(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));

    private final ObjectMapper mapper = new ObjectMapper();
    @RegisterExtension
    final OpenMetadataPerTest openMetadata = new OpenMetadataPerTest(TOKEN);
    final OpenMetadataStandIn server = openMetadata.server();
    /** The run's stop, as the sink sees it; a test sets it. */
    private StopSignal stop = StopSignal.NEVER;

    @BeforeEach
    void start() throws Exception {
        server.maxPageSize(2); // every list below spans several pages
    }

    private MetadataRestSink sink(ServiceCategory category, MarkDeletedPolicy policy) throws Exception {
        return sink(category, policy, new Status());
    }

    private MetadataRestSink sink(ServiceCategory category, MarkDeletedPolicy policy, Status source) throws Exception {
        return sink(category, policy, source, new Status());
    }

    private MetadataRestSink sink(ServiceCategory category, MarkDeletedPolicy policy, Status source, Status own)
            throws Exception {
        WorkflowSettings settings = new WorkflowSettings(null, null, serverConfig(server.hostPort(), TOKEN));
        String serviceType = switch (category) {
            case DATABASE -> "Postgres";
            case DASHBOARD -> "MicroStrategy";
            default -> "Airflow";
        };
        ServiceTarget service = new ServiceTarget("pg", serviceType, category, null);
        return new MetadataRestSink(MetadataRestSinkConfig.defaults(), settings, service, policy, source, own, stop, HTTP,
                mapper);
    }

    /** One run: writes the records, then ends as the runner does; returns the sink step's status. */
    private Status run(MarkDeletedPolicy policy, boolean succeeded, List<? extends EntityRequest> records) throws Exception {
        return run(policy, succeeded, records, new Status());
    }

    private Status run(MarkDeletedPolicy policy, boolean succeeded, List<? extends EntityRequest> records, Status source)
            throws Exception {
        return run(ServiceCategory.DATABASE, policy, succeeded, records, source);
    }

    private Status run(ServiceCategory category, MarkDeletedPolicy policy, boolean succeeded,
                       List<? extends EntityRequest> records, Status source) throws Exception {
        Status own = new Status();
        try (MetadataRestSink sink = sink(category, policy, source, own)) {
            for (EntityRequest record : records) {
                try {
                    sink.write(record);
                } catch (OpenMetadataApiException refused) {
                    // one record's failure; the run goes on
                }
            }
            sink.flush();
            sink.complete(succeeded);
        }
        return own;
    }

    private static CreateTableRequest table(String schema, String name) {
        return new CreateTableRequest(name, null, null, TableType.REGULAR, List.of(Column.of("id", DataType.INT, 1)),
                null, null, null, "pg.shop." + schema, null, null, null);
    }

    private static CreateStoredProcedureRequest procedure(String schema, String name) {
        return new CreateStoredProcedureRequest(name, null, null,
                new CreateStoredProcedureRequest.StoredProcedureCode("plpgsql", "BEGIN END"),
                StoredProcedureType.STORED_PROCEDURE, "pg.shop." + schema, null, null, null);
    }

    /** The database, the given schemas, and in each the given tables and procedure {@code refresh}. */
    private static List<EntityRequest> records(List<String> schemas, List<String> tables) {
        List<EntityRequest> records = new ArrayList<>();
        records.add(new CreateDatabaseRequest("shop", null, null, "pg", null, null, null));
        for (String schema : schemas) {
            records.add(new CreateDatabaseSchemaRequest(schema, null, null, "pg.shop", null, null, null));
            tables.forEach(t -> records.add(table(schema, t)));
            records.add(procedure(schema, "refresh"));
        }
        return records;
    }

    private static final List<String> TABLES = List.of("a", "b", "c", "d", "e");

    private void firstRun() throws Exception {
        run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), TABLES));
        assertThat(server.count("table")).isEqualTo(10);
        assertThat(server.deleted("table")).isEmpty();
    }

    @Test
    void aSecondRunAfterDroppingATableSoftDeletesExactlyThatTable() throws Exception {
        firstRun();
        server.clearCalls();

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of("a", "b", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.public.c", "pg.shop.sales.c");
        assertThat(server.deleted("storedProcedure")).isEmpty();
        // The number deleted is in the step's status (summary, report, pipeline status), not only the log.
        assertThat(own.firstWarnings()).containsExactly(
                "mark deleted: marked 2 tables deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: pg.shop.public.c)");
        assertThat(own.failures()).isZero();
        String id = server.entity("table", "pg.shop.public.c").get("id").asText();
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .contains("DELETE /v1/tables/" + id)
                .anySatisfy(line -> assertThat(line).startsWith("GET /v1/tables?databaseSchema=pg.shop.public&limit=100&after="))
                .noneSatisfy(line -> assertThat(line).contains("hardDelete"));
        // Five tables in pages of two: three pages.
        assertThat(server.calls().stream().filter(c -> c.line().startsWith("GET /v1/tables?databaseSchema=pg.shop.public"))
                .count()).isEqualTo(3);
        // Soft-deleted tables are gone from the default lists, so a third identical run deletes nothing.
        server.clearCalls();
        run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of("a", "b", "d", "e")));
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void aDroppedStoredProcedureIsSoftDeletedAndATableThatComesBackIsRestored() throws Exception {
        firstRun();
        List<EntityRequest> second = new ArrayList<>(records(List.of("public"), TABLES));
        second.removeIf(r -> r instanceof CreateStoredProcedureRequest);
        run(DATABASE_DEFAULTS, true, second);
        assertThat(server.deleted("storedProcedure")).containsExactly("pg.shop.public.refresh");

        run(DATABASE_DEFAULTS, true, records(List.of("public"), TABLES));
        assertThat(server.deleted("storedProcedure")).isEmpty();
    }

    @Test
    void theTablesOfASchemaTheRunDidNotProcessAreUntouched() throws Exception {
        firstRun();
        server.clearCalls();

        // "sales" filtered out this time: its tables are not emitted, and neither is the schema.
        run(DATABASE_DEFAULTS, true, records(List.of("public"), List.of("a", "b", "c", "d")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.public.e");
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.path()).contains("pg.shop.sales"));
    }

    @Test
    void withMarkDeletedTablesFalseNothingIsDeleted() throws Exception {
        firstRun();
        server.clearCalls();
        MarkDeletedPolicy off = MarkDeletedPolicy.of(new DatabaseMetadataConfig(false, false, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null));
        assertThat(off.entityTypes()).isEmpty();

        run(off, true, records(List.of("public"), List.of("a")));

        assertThat(server.deleted("table")).isEmpty();
        assertThat(server.deleted("storedProcedure")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isIn("DELETE"))
                .noneSatisfy(c -> assertThat(c.path()).startsWith("/v1/tables?"));
    }

    @Test
    void aFailedRunDeletesNothing() throws Exception {
        firstRun();
        server.clearCalls();

        run(DATABASE_DEFAULTS, false, records(List.of("public"), List.of("a")));

        assertThat(server.deleted("table")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void aRunWhoseSourceFailedOnSomethingDeletesNothing() throws Exception {
        firstRun();
        server.clearCalls();
        // The tables of a database could not be read (a lock timeout): the schemas came, their tables did not.
        Status source = new Status();
        source.failed(new StepError("pg.shop", "PSQLException: ERROR: canceling statement due to lock timeout", null));

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of()), source);

        assertThat(own.firstWarnings()).singleElement().asString()
                .startsWith("mark deleted: none marked: the source failed on 1 entity (first: pg.shop)");
        assertThat(server.deleted("table")).isEmpty();
        assertThat(server.deleted("storedProcedure")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void aTableWhoseWriteWasRefusedStillCountsAsPresentAtTheSource() throws Exception {
        firstRun();
        CreateTableRequest invalid = new CreateTableRequest("b", null, null, TableType.REGULAR, null,
                null, null, null, "pg.shop.public", null, null, null); // no columns: the server answers 400

        run(DATABASE_DEFAULTS, true, Stream.concat(records(List.of("public"), List.of("a", "c", "d", "e")).stream(),
                Stream.of(invalid)).toList());

        assertThat(server.deleted("table")).isEmpty();
    }

    @Test
    void aDroppedPipelineOfTheServiceIsSoftDeleted() throws Exception {
        MarkDeletedPolicy pipelines = MarkDeletedPolicy.of(new PipelineMetadataConfig(null, null, null, null, null,
                null, null, null));
        assertThat(pipelines.entityTypes()).isEqualTo(Set.of("pipeline"));
        List<String> names = List.of("load", "transform", "publish");
        try (MetadataRestSink sink = sink(ServiceCategory.PIPELINE, pipelines)) {
            for (String name : names) {
                sink.write(new CreatePipelineRequest(name, null, null, null, null, null, "pg", null, null));
            }
            sink.complete(true);
        }
        try (MetadataRestSink sink = sink(ServiceCategory.PIPELINE, pipelines)) {
            sink.write(new CreatePipelineRequest("load", null, null, null, null, null, "pg", null, null));
            sink.complete(true);
        }

        assertThat(server.deleted("pipeline")).containsExactly("pg.publish", "pg.transform");
        assertThat(server.entity("pipeline", "pg.load").has("deleted")).isFalse();
    }

    @Test
    void aTokenRefusedWhileMarkingIsAConnectionFailureAndDeletesNothing() throws Exception {
        firstRun();
        try (MetadataRestSink sink = sink(ServiceCategory.DATABASE, DATABASE_DEFAULTS)) {
            sink.write(new CreateDatabaseSchemaRequest("public", null, null, "pg.shop", null, null, null));
            server.acceptOnly("another-token");
            assertThatThrownBy(() -> sink.complete(true))
                    .isInstanceOf(OpenMetadataAuthException.class)
                    .hasMessageContaining("GET /v1/")
                    .hasMessageContaining("answered 401");
        }
        assertThat(server.deleted("table")).isEmpty();
    }

    @Test
    void aListTheServerRefusesSkipsThatSchemaOnly() throws Exception {
        firstRun();
        server.failNext("GET /v1/tables", 400); // the first list: schema "public" (schemas go in order)

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of("a", "b", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.sales.c");
        assertThat(own.firstWarnings()).first().asString().startsWith("pg.shop.public: could not list its tables to"
                + " mark deleted ones, so none was: ").contains("400");
    }

    @Test
    void aDeletionTheServerRefusesIsSkippedAndTheOthersGoOn() throws Exception {
        firstRun();
        String id = server.entity("table", "pg.shop.public.a").get("id").asText();
        server.failNext("DELETE /v1/tables/" + id, 404); // e.g. deleted by someone else meanwhile

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public"), List.of("c", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.public.b");
        assertThat(own.firstWarnings()).contains(
                "pg.shop.public.a: not marked deleted: the server no longer has it (deleted meanwhile)");
        assertThat(own.failures()).isZero();
    }

    @Test
    void aDeletionTheServerRefusesIsAFailureOfThatEntity() throws Exception {
        firstRun();
        String id = server.entity("table", "pg.shop.public.a").get("id").asText();
        server.failNext("DELETE /v1/tables/" + id, 400);

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public"), List.of("c", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.public.b");
        assertThat(own.failures()).isEqualTo(1);
        assertThat(own.firstFailures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("pg.shop.public.a");
            assertThat(f.error()).startsWith("could not mark this table deleted: ").contains("400");
        });
        assertThat(own.firstWarnings()).containsExactly(
                "mark deleted: marked 1 table deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: pg.shop.public.b)");
    }

    @Test
    void aRefusedDeletionIsShownOnceAsTheStepsFailureNotAlsoAsAWarningLogLine() throws Exception {
        firstRun();
        String id = server.entity("table", "pg.shop.public.a").get("id").asText();
        server.failNext("DELETE /v1/tables/" + id, 400);
        CapturedLogs logs = CapturedLogs.logger(DeletedEntityMarker.class);
        try (logs) {
            Status own = run(DATABASE_DEFAULTS, true, records(List.of("public"), List.of("c", "d", "e")));
            assertThat(own.failures()).isEqualTo(1);
        }

        assertThat(logs.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .isEmpty();
        assertThat(logs.events()).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .startsWith("could not mark table pg.shop.public.a deleted: "));
    }

    @Test
    void whatMarkingDidStaysAmongTheWarningsShownAfterThousandsOfOthers() throws Exception {
        firstRun();
        Status own = new Status();
        try (MetadataRestSink sink = sink(ServiceCategory.DATABASE, DATABASE_DEFAULTS, new Status(), own)) {
            for (EntityRequest record : records(List.of("public"), List.of("c", "d", "e"))) {
                sink.write(record);
                for (String owner : List.of("role_x", "role_y", "role_z")) { // more than the details kept
                    own.warning(record.key(), "owner " + owner + " is neither a user nor a team in OpenMetadata; left out");
                }
            }
            sink.complete(true);
        }

        assertThat(own.firstWarnings()).hasSize(Status.KEPT_DETAILS + 1).last().isEqualTo("mark deleted: marked 2"
                + " tables deleted, no longer read from the source: dropped, or excluded by the workflow's settings"
                + " (first: pg.shop.public.a)");
    }

    @Test
    void aDeletionTheBotMayNotMakeIsThatEntitysFailureNamingThePermissionNotTheToken() throws Exception {
        firstRun();
        String id = server.entity("table", "pg.shop.public.a").get("id").asText();
        server.failNext("DELETE /v1/tables/" + id, 403);

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public"), List.of("c", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.public.b");
        assertThat(own.firstFailures()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("pg.shop.public.a");
            assertThat(f.error()).isEqualTo("could not mark this table deleted: the ingestion bot may not delete it"
                    + " (DELETE /v1/tables/" + id + " answered 403: Principal: CatalogPrincipal{name='ingestion-bot'}"
                    + " operations [Delete] not allowed); allow the Delete operation on tables to the ingestion bot's"
                    + " role in OpenMetadata, or set source.sourceConfig.config.markDeletedTables: false");
        });
    }

    @Test
    void aListTheBotMayNotReadSkipsThatSchemaNamingThePermission() throws Exception {
        firstRun();
        server.failNext("GET /v1/tables", 403); // the first list: schema "public"

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of("a", "b", "d", "e")));

        assertThat(server.deleted("table")).containsExactly("pg.shop.sales.c");
        assertThat(own.failures()).isZero();
        assertThat(own.firstWarnings()).first().asString().isEqualTo("pg.shop.public: could not list its tables to"
                + " mark deleted ones, so none was: the ingestion bot may not list them (GET /v1/tables answered 403:"
                + " Principal: CatalogPrincipal{name='ingestion-bot'} operations [ViewAll] not allowed); allow the"
                + " ViewAll operation on tables to the ingestion bot's role in OpenMetadata, or set"
                + " source.sourceConfig.config.markDeletedTables: false");
    }

    @Test
    void aStopWhileMarkingStartsNoFurtherDeletionAndSaysWhatIsLeft() throws Exception {
        firstRun();
        server.clearCalls();
        // SIGTERM as the first deletion is answered: the server's own call log is the event.
        stop = () -> server.calls().stream().anyMatch(c -> c.method().equals("DELETE"));

        Status own = run(DATABASE_DEFAULTS, true, records(List.of("public", "sales"), List.of("a", "b", "e")));

        // Four tables are gone at the source (c, d in each schema); one was deleted before the stop.
        assertThat(server.deleted("table")).containsExactly("pg.shop.public.c");
        assertThat(server.calls().stream().filter(c -> c.method().equals("DELETE")).count()).isEqualTo(1);
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.path()).startsWith("/v1/tables?databaseSchema=pg.shop.sales"));
        assertThat(own.firstWarnings()).containsExactly(
                "mark deleted: stopped while marking deleted entities; 1 listed for deletion was left live; a later run"
                        + " that ends normally marks what is left",
                "mark deleted: marked 1 table deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: pg.shop.public.c)");
    }

    // Dashboards and their data models: both listed per service (?service=<name>), by the same code.

    /** A DashboardMetadata policy with the given data-model flags (null: OpenMetadata's default, true). */
    private static MarkDeletedPolicy dashboards(Boolean includeDataModels, Boolean markDeletedDataModels) {
        return MarkDeletedPolicy.of(new DashboardMetadataConfig(null, null, null, null, null, null, null, null,
                includeDataModels, markDeletedDataModels, null, null, null));
    }

    /** The given dashboards and data models of service {@code pg}, as a dashboard source emits them. */
    private static List<EntityRequest> dashboardRecords(List<String> dashboards, List<String> models) {
        List<EntityRequest> records = new ArrayList<>();
        models.forEach(m -> records.add(new CreateDashboardDataModelRequest(m, null, null, null, null, "pg",
                "MicroStrategy", "MicroStrategyDataset", null, List.of(Column.of("id", DataType.INT, 1)), null)));
        dashboards.forEach(d -> records.add(new CreateDashboardRequest(d, null, null, null, null, List.of(),
                "Dashboard", "pg", null, null)));
        return records;
    }

    private static final List<String> MODELS = List.of("m1", "m2", "m3", "m4", "m5");

    private Status dashboardRun(MarkDeletedPolicy policy, boolean succeeded, List<String> dashboards,
                                List<String> models) throws Exception {
        return dashboardRun(policy, succeeded, dashboards, models, new Status());
    }

    private Status dashboardRun(MarkDeletedPolicy policy, boolean succeeded, List<String> dashboards,
                                List<String> models, Status source) throws Exception {
        return run(ServiceCategory.DASHBOARD, policy, succeeded, dashboardRecords(dashboards, models), source);
    }

    private void firstDashboardRun() throws Exception {
        dashboardRun(dashboards(null, null), true, List.of("sales", "hr"), MODELS);
        assertThat(server.count("dashboardDataModel")).isEqualTo(5);
        assertThat(server.deleted("dashboardDataModel")).isEmpty();
        server.clearCalls();
    }

    @Test
    void theDefaultsMarkDashboardsAndDataModels() {
        assertThat(dashboards(null, null).entityTypes()).containsExactlyInAnyOrder("dashboard", "dashboardDataModel");
    }

    @Test
    void dataModelsTheServerHasForTheServiceButTheRunDidNotEmitAreSoftDeleted() throws Exception {
        firstDashboardRun();

        Status own = dashboardRun(dashboards(null, null), true, List.of("sales"), List.of("m2", "m3", "m5"));

        // m1 is on the first page of two, m4 on the second: the list is followed to its end.
        assertThat(server.deleted("dashboardDataModel")).containsExactly("pg.model.m1", "pg.model.m4");
        assertThat(server.entity("dashboardDataModel", "pg.model.m2").has("deleted")).isFalse();
        assertThat(server.deleted("dashboard")).containsExactly("pg.hr");
        assertThat(own.firstWarnings()).containsExactly(
                "mark deleted: marked 1 dashboard deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: pg.hr)",
                "mark deleted: marked 2 dashboard data models deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: pg.model.m1)");
        assertThat(own.failures()).isZero();
        String id = server.entity("dashboardDataModel", "pg.model.m4").get("id").asText();
        assertThat(server.calls()).extracting(OpenMetadataStandIn.Call::line)
                .contains("GET /v1/dashboard/datamodels?service=pg&limit=100", "DELETE /v1/dashboard/datamodels/" + id)
                .anySatisfy(line -> assertThat(line).startsWith("GET /v1/dashboard/datamodels?service=pg&limit=100&after="))
                .noneSatisfy(line -> assertThat(line).contains("hardDelete"));
        // Soft-deleted models are gone from the default list: an identical run deletes nothing more.
        server.clearCalls();
        dashboardRun(dashboards(null, null), true, List.of("sales"), List.of("m2", "m3", "m5"));
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void withMarkDeletedDataModelsFalseNoDataModelIsDeleted() throws Exception {
        firstDashboardRun();
        MarkDeletedPolicy off = dashboards(null, false);
        assertThat(off.entityTypes()).containsExactly("dashboard");

        dashboardRun(off, true, List.of("sales", "hr"), List.of("m1"));

        assertThat(server.deleted("dashboardDataModel")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.path()).startsWith("/v1/dashboard/datamodels?"))
                .noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void withIncludeDataModelsFalseNoDataModelIsDeleted() throws Exception {
        firstDashboardRun();
        MarkDeletedPolicy notIngested = dashboards(false, true);
        assertThat(notIngested.entityTypes()).containsExactly("dashboard");

        // Data models not ingested: the source emits none of them.
        dashboardRun(notIngested, true, List.of("sales", "hr"), List.of());

        assertThat(server.deleted("dashboardDataModel")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.path()).startsWith("/v1/dashboard/datamodels?"))
                .noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void aFailedDashboardRunDeletesNoDataModel() throws Exception {
        firstDashboardRun();

        dashboardRun(dashboards(null, null), false, List.of("sales"), List.of("m1"));

        assertThat(server.deleted("dashboardDataModel")).isEmpty();
        assertThat(server.deleted("dashboard")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }

    @Test
    void aDashboardRunWhoseSourceFailedOnSomethingDeletesNoDataModel() throws Exception {
        firstDashboardRun();
        Status source = new Status();
        source.failed(new StepError("hr", "HTTP 500 reading the dossier definition", null));

        Status own = dashboardRun(dashboards(null, null), true, List.of("sales"), List.of("m1"), source);

        assertThat(own.firstWarnings()).singleElement().asString()
                .startsWith("mark deleted: none marked: the source failed on 1 entity (first: hr)");
        assertThat(server.deleted("dashboardDataModel")).isEmpty();
        assertThat(server.calls()).noneSatisfy(c -> assertThat(c.method()).isEqualTo("DELETE"));
    }
}
