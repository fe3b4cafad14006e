package io.metaingest.connectors.microstrategy;

import static io.metaingest.connectors.microstrategy.TestSupport.config;
import static io.metaingest.connectors.microstrategy.TestSupport.connection;
import static io.metaingest.connectors.microstrategy.TestSupport.of;
import static io.metaingest.connectors.microstrategy.TestSupport.readAll;
import static io.metaingest.connectors.microstrategy.TestSupport.records;
import static io.metaingest.connectors.microstrategy.TestSupport.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.FilterPattern;
import io.metaingest.api.Result;
import io.metaingest.api.config.DashboardMetadataConfig;
import io.metaingest.api.config.LineageInformation;
import io.metaingest.api.entity.AddLineageRequest;
import io.metaingest.api.entity.ChartType;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.api.entity.EntityReference;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The dashboard source against the local server at scale: mapping, failures, filters, session. */
class MicroStrategyDashboardSourceTest {

    private static final List<String> DB = List.of("warehouse_pg");
    @AutoClose
    private MstrServer server;

    /** Starts {@link #server} on {@code fixtures} and reads everything it serves, as {@link #readServer()}. */
    private List<Result<EntityRequest>> readServing(MstrFixtures fixtures) throws Exception {
        server = new MstrServer(fixtures);
        return readServer();
    }

    /** Reads everything {@link #server} serves, with lineage into {@link #DB}, as a run would. */
    private List<Result<EntityRequest>> readServer() throws Exception {
        return readAll(source(connection(server), config(DB)));
    }

    @Test
    void readsTwoProjectsOfOneHundredThirtyDossiersAndRecordsTheBrokenOne() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        List<Result<EntityRequest>> results = readServing(fixtures);

        List<CreateDashboardRequest> dashboards = records(results, CreateDashboardRequest.class);
        assertThat(fixtures.dossierCount()).isEqualTo(130);
        assertThat(dashboards).hasSize(129);
        List<Result.Failed<EntityRequest>> failures = of(results, Result.Failed.class).stream()
                .map(f -> (Result.Failed<EntityRequest>) f).toList();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.error().name()).startsWith("mstr_prod." + fixtures.brokenDossierId);
            assertThat(f.error().error()).contains("GET /MicroStrategyLibrary/api/v2/dossiers/" + fixtures.brokenDossierId
                    + "/definition: the MicroStrategy API answered HTTP 500 ERR001", "object is corrupt",
                    "ticket c0ffee00c0ffee00c0ffee00c0ffee00", "after 4 attempts");
        });
        assertThat(of(results, Result.Filtered.class)).hasSize(2)
                .allSatisfy(f -> assertThat(((Result.Filtered<?>) f).reason()).contains("not a dossier"));

        CreateDashboardRequest first = dashboards.get(0);
        String firstId = MstrFixtures.id("dossier", 0);
        assertThat(first.name()).isEqualTo(firstId);
        assertThat(first.displayName()).isEqualTo("Sandbox 000");
        assertThat(first.sourceUrl()).isEqualTo(server.hostPort() + "/MicroStrategyLibrary/app/"
                + MstrFixtures.TUTORIAL_ID + "/" + firstId);
        assertThat(first.project()).isEqualTo("MicroStrategy Tutorial");
        assertThat(first.dashboardType()).isEqualTo("Dashboard");
        assertThat(dashboards).filteredOn(d -> d.project().equals("Human Resources Analysis Module")).hasSize(60);

        List<CreateChartRequest> charts = records(results, CreateChartRequest.class);
        Set<String> names = charts.stream().map(CreateChartRequest::name).collect(Collectors.toSet());
        assertThat(names).as("chart names are unique within the service").hasSize(charts.size());
        Set<String> omNames = new HashSet<>();
        charts.forEach(c -> omNames.add(c.name().substring(c.name().indexOf('_') + 1)));
        assertThat(omNames).as("OpenMetadata's {pageKey}{vizKey} alone would collide").hasSizeLessThan(20);
        assertThat(first.charts()).isNotEmpty().allSatisfy(fqn -> assertThat(fqn).startsWith("mstr_prod." + firstId + "_"));
        Set<String> chartFqns = charts.stream().map(c -> "mstr_prod." + c.name()).collect(Collectors.toSet());
        assertThat(dashboards.stream().flatMap(d -> d.charts().stream())).allSatisfy(f -> assertThat(chartFqns).contains(f));
        // dossier 0: one chapter, one page (W37), visualizations W38 (grid) and W39 (kpi)
        assertThat(charts).filteredOn(c -> c.name().startsWith(firstId)).extracting(CreateChartRequest::name,
                CreateChartRequest::chartType, CreateChartRequest::displayName).containsExactly(
                org.assertj.core.groups.Tuple.tuple(firstId + "_W37W38", ChartType.TABLE, "Revenue by grid"),
                org.assertj.core.groups.Tuple.tuple(firstId + "_W37W39", ChartType.TEXT, "Cost by kpi"));
        assertThat(charts).filteredOn(c -> c.displayName().endsWith("custom d3 sunburst"))
                .isNotEmpty().allSatisfy(c -> assertThat(c.chartType()).isEqualTo(ChartType.OTHER));
        Map<String, Long> perDossier = charts.stream().collect(Collectors.groupingBy(c -> c.name().substring(0, 32), Collectors.counting()));
        assertThat(perDossier.values()).as("multi-chapter definitions").contains(2L, 4L, 6L);

        assertThat(server.logins()).isEqualTo(1);
        assertThat(server.logouts()).isEqualTo(1);
        assertThat(server.openSessions()).isZero();
        assertThat(server.seen()).filteredOn(s -> !s.key().equals("login"))
                .allSatisfy(s -> assertThat(s.token()).isNotNull())
                .allSatisfy(s -> assertThat(s.cookie()).startsWith("JSESSIONID="));
        assertThat(server.seen()).filteredOn(s -> s.key().startsWith("definition/") || s.key().startsWith("search/"))
                .allSatisfy(s -> assertThat(s.projectId()).isNotNull());
        assertThat(server.seen()).extracting(MstrServer.Seen::key).startsWith("login", "sessions/PUT", "projects")
                .endsWith("logout");
    }

    @Test
    void datasetsBecomeDataModelsOnceWithTableLineageAndWarningsNamingWhatCannotBeResolved() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        List<Result<EntityRequest>> results = readServing(fixtures);

        List<CreateDashboardDataModelRequest> models = records(results, CreateDashboardDataModelRequest.class);
        assertThat(models).extracting(CreateDashboardDataModelRequest::displayName).containsExactlyInAnyOrder(
                "Retail Sales Cube", "Inventory Cube", "Call Center Cube", "Imported Budget Spreadsheet",
                "Workforce Cube", "Salaries (free-form SQL)");
        assertThat(models).allSatisfy(m -> {
            assertThat(m.dataModelType()).isEqualTo("MicroStrategyDataset");
            assertThat(m.serviceType()).isEqualTo("MicroStrategy");
            assertThat(m.columns()).extracting(c -> c.name()).containsExactly("Category", "Cost");
        });
        List<AddLineageRequest> edges = records(results, AddLineageRequest.class);
        Map<String, Set<String>> upstream = edges.stream()
                .filter(e -> e.edge().fromEntity().type().equals("table"))
                .collect(Collectors.groupingBy(e -> e.edge().toEntity().fullyQualifiedName(),
                        Collectors.mapping(e -> e.edge().fromEntity().fullyQualifiedName(), Collectors.toSet())));
        String retail = "mstr_prod.model." + fixtures.cubes.get("retail").id();
        String inventory = "mstr_prod.model." + fixtures.cubes.get("inventory").id();
        String ffsql = "mstr_prod.model." + fixtures.cubes.get("ffsql").id();
        assertThat(upstream.get(retail)).containsExactlyInAnyOrder("warehouse_pg.warehouse.sales.order_fact",
                "warehouse_pg.warehouse.sales.lu_category");
        assertThat(upstream.get(inventory)).as("the temporary ZZMD00 is not a source").containsExactlyInAnyOrder(
                "warehouse_pg.warehouse.inventory.inventory_q1", "warehouse_pg.warehouse.inventory.lu_item");
        assertThat(upstream.get(ffsql)).containsExactly("warehouse_pg.hr.payroll.salaries");
        assertThat(upstream).hasSize(4);
        assertThat(edges).filteredOn(e -> e.edge().toEntity().type().equals("dashboard"))
                .as("one edge per dataset of every dossier read").hasSize(129 + 33);

        List<String> warnings = of(results, Result.Warning.class).stream().map(w -> ((Result.Warning<?>) w).message()).toList();
        // Each says what its tables' names lack: the schema-qualified one has its schema, only the database is missing.
        String callCenter = "dataset Call Center Cube (" + fixtures.cubes.get("unqualified").id() + "): cannot resolve ";
        assertThat(warnings).contains(callCenter + "ITEM_EMP_SLS in warehouse_pg: the cube's SQL names no database and"
                + " schema for them, so no lineage to them", callCenter + "sales.LU_CALL_CTR in warehouse_pg: the cube's"
                + " SQL names no database for them, so no lineage to them");
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("Imported Budget Spreadsheet", "SQL"));
        // Once per project that uses the cube (the SQL view is project-scoped): retail's in both, the rest in one.
        assertThat(server.seen()).filteredOn(s -> s.key().startsWith("sqlView/")).as("each cube's SQL read once per project")
                .hasSize(6 + 1);
    }

    @Test
    void aSessionThatExpiresMidRunLogsInOnceMoreAndLosesNothing() throws Exception {
        server = new MstrServer(MstrFixtures.standard());
        server.expireSessionAfter(40);
        List<Result<EntityRequest>> results = readServer();

        assertThat(records(results, CreateDashboardRequest.class)).hasSize(129);
        assertThat(of(results, Result.Failed.class)).hasSize(1);
        assertThat(server.logins()).isEqualTo(2);
        assertThat(server.logouts()).isEqualTo(1);
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void aSecondExpiryOfTheSameCallIsFinalAndNamesTheVendorCode() throws Exception {
        server = new MstrServer(MstrFixtures.small());
        String key = "definition/" + MstrFixtures.id("dossier", 0);
        server.faultAlways(key, MstrServer.error(401, "session-expired.json"));
        List<Result<EntityRequest>> results = readServer();

        List<String> errors = of(results, Result.Failed.class).stream().map(f -> ((Result.Failed<?>) f).error().error()).toList();
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("HTTP 401 ERR009", "session has expired"));
        assertThat(server.seen()).filteredOn(s -> s.key().equals(key)).hasSize(2);
        assertThat(server.logins()).isEqualTo(2);
        assertThat(server.logouts()).isEqualTo(1);
    }

    @Test
    void logsOutWhenTheRunFailsAfterLogin() {
        server = new MstrServer(MstrFixtures.small());
        server.faultAlways("projects", MstrServer.error(403, "internal.json", "Insufficient privileges (ERR014)"));
        MicroStrategyDashboardSource source = source(connection(server), config(DB));
        assertThatThrownBy(() -> readAll(source)).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("MicroStrategy denied access: HTTP 403 (ERR001: Insufficient privileges (ERR014)")
                .satisfies(e -> assertThat(((ConnectionException) e).reason()).isEqualTo(ConnectionException.Reason.PERMISSION));
        assertThat(server.logins()).isEqualTo(1);
        assertThat(server.logouts()).isEqualTo(1);
        assertThat(server.openSessions()).isZero();
    }

    @Test
    void aRefusedLoginIsAConnectionFailureWithTheVendorMessage() {
        server = new MstrServer(MstrFixtures.small(), MstrFixtures.USERNAME, "another-password");
        MicroStrategyDashboardSource source = source(connection(server), config(DB));
        assertThatThrownBy(() -> readAll(source)).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("MicroStrategy refused the credentials: HTTP 401 (ERR003: Login failed. Check the user name and password.")
                .hasMessageContaining("check source.serviceConnection.config.username, source.serviceConnection.config.password and source.serviceConnection.config.loginMode")
                .hasMessageNotContaining(MstrFixtures.PASSWORD);
        assertThat(server.logouts()).isZero();
    }

    @Test
    void aConfiguredProjectIsReadByNameAndAnUnknownOneIsNamed() throws Exception {
        server = new MstrServer(MstrFixtures.small());
        List<Result<EntityRequest>> results = readAll(source(connection(server).withProject("Human Resources Analysis Module"),
                config(DB)));
        assertThat(records(results, CreateDashboardRequest.class)).hasSize(3)
                .allSatisfy(d -> assertThat(d.project()).isEqualTo("Human Resources Analysis Module"));
        assertThat(server.seen()).extracting(MstrServer.Seen::key).contains("project/Human%20Resources%20Analysis%20Module")
                .doesNotContain("projects");

        MicroStrategyDashboardSource unknown = source(connection(server).withProject("Nope"), config(DB));
        // The server answered ERR004 (not found): the project is missing, not the API, so hostPort is not blamed.
        assertThatThrownBy(() -> readAll(unknown)).isInstanceOfSatisfying(ConnectionException.class, e -> {
            assertThat(e.reason()).isEqualTo(ConnectionException.Reason.NOT_FOUND);
            // The server's message names the project, so the line does not name it a second time.
            assertThat(e.getMessage()).isEqualTo("MicroStrategy at " + server.hostPort() + " answered ERR004:"
                    + " Project 'Nope' not found or not loaded (ticket 0a1b2c3d4e5f60718293a4b5c6d7e8f9);"
                    + " check source.serviceConnection.config.projectName: write the project's name as MicroStrategy"
                    + " shows it (a project the user can open), or leave it out to read every project");
        });
        assertThat(server.logouts()).isEqualTo(2);
    }

    /** Each pattern of the user's that let nothing through says so at the end; one that let some through says nothing. */
    @Test
    void aFilterPatternThatLetsNothingThroughSaysSo() throws Exception {
        server = new MstrServer(MstrFixtures.standard());
        List<Result<EntityRequest>> results = readAll(source(connection(server), config(
                FilterPattern.including("^Revnue"), FilterPattern.including("^Revenue"), null, DB)));
        assertThat(records(results, CreateDashboardRequest.class)).isEmpty();
        List<Result.Warning<?>> warnings = of(results, Result.Warning.class).stream().map(w -> (Result.Warning<?>) w).toList();
        assertThat(warnings).filteredOn(w -> w.name().startsWith("source.sourceConfig.config."))
                .singleElement().satisfies(w -> {
                    assertThat(w.name()).isEqualTo("source.sourceConfig.config.dashboardFilterPattern");
                    assertThat(w.message()).startsWith("let none of the ").contains(" dossiers it was asked about through"
                            + " (includes [^Revnue])");
                });
    }

    /** A data model serves many dossiers: the warning counts data models, not their uses. */
    @Test
    void aDataModelPatternThatLetsNoneThroughCountsDataModelsNotTheirUses() throws Exception {
        long models = records(readServing(MstrFixtures.standard()), CreateDashboardDataModelRequest.class)
                .stream().map(CreateDashboardDataModelRequest::name).distinct().count();
        server.close();
        server = new MstrServer(MstrFixtures.standard());
        DashboardMetadataConfig all = config(DB);
        List<Result<EntityRequest>> results = readAll(source(connection(server), new DashboardMetadataConfig(null, null,
                null, null, null, all.lineageInformation(), null, FilterPattern.including("^Salse"), null, null, null, null,
                null)));
        assertThat(models).isGreaterThan(1);
        List<String> messages = results.stream().filter(r -> r instanceof Result.Warning<?>)
                .map(r -> ((Result.Warning<EntityRequest>) r).message())
                .filter(m -> m.contains("data models it was asked about")).toList();
        assertThat(messages).singleElement().asString()
                .startsWith("let none of the " + models + " data models it was asked about through");
    }

    @Test
    void filterPatternsDropProjectsDossiersAndCharts() throws Exception {
        server = new MstrServer(MstrFixtures.standard());
        List<Result<EntityRequest>> results = readAll(source(connection(server), config(
                FilterPattern.excluding("^sandbox"), FilterPattern.excluding("^Cost"),
                FilterPattern.excluding("^Human"), DB)));
        List<CreateDashboardRequest> dashboards = records(results, CreateDashboardRequest.class);
        assertThat(dashboards).hasSize(70 - 14 - 1).allSatisfy(d -> {
            assertThat(d.project()).isEqualTo("MicroStrategy Tutorial");
            assertThat(d.displayName()).doesNotStartWith("Sandbox");
        });
        assertThat(records(results, CreateChartRequest.class)).isNotEmpty()
                .allSatisfy(c -> assertThat(c.displayName()).startsWith("Revenue"));
        List<String> reasons = of(results, Result.Filtered.class).stream().map(f -> ((Result.Filtered<?>) f).reason()).toList();
        assertThat(reasons).filteredOn(r -> r.startsWith("projectFilterPattern")).hasSize(1);
        assertThat(reasons).filteredOn(r -> r.startsWith("dashboardFilterPattern")).hasSize(14);
        assertThat(reasons).filteredOn(r -> r.startsWith("chartFilterPattern")).isNotEmpty();
        assertThat(server.seen()).noneMatch(s -> MstrFixtures.HR_ID.equals(s.projectId()));
    }

    @Test
    void aDataModelFilterDropsThoseModelsWithTheirLineageAndIncludeDataModelsFalseDropsThemAll() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        server = new MstrServer(fixtures);
        DashboardMetadataConfig all = config(DB);
        DashboardMetadataConfig noRetail = new DashboardMetadataConfig(null, null, null, null, null,
                all.lineageInformation(), null, FilterPattern.excluding("^Retail"), null, null, null, null, null);
        List<Result<EntityRequest>> results = readAll(source(connection(server), noRetail));

        String retail = "mstr_prod.model." + fixtures.cubes.get("retail").id();
        assertThat(records(results, CreateDashboardDataModelRequest.class)).extracting(CreateDashboardDataModelRequest::displayName)
                .hasSize(5).doesNotContain("Retail Sales Cube");
        // No edge may name a data model that is not written: the server would refuse it.
        assertThat(records(results, AddLineageRequest.class)).noneMatch(e -> e.edge().toEntity().fullyQualifiedName().equals(retail)
                || e.edge().fromEntity().fullyQualifiedName().equals(retail));
        assertThat(of(results, Result.Filtered.class)).filteredOn(f -> ((Result.Filtered<?>) f).reason().startsWith("dataModel"))
                .singleElement().satisfies(f -> assertThat(((Result.Filtered<?>) f).reason())
                        .startsWith("dataModelFilterPattern: data model").contains(fixtures.cubes.get("retail").id()));
        assertThat(records(results, CreateDashboardRequest.class)).hasSize(129);

        DashboardMetadataConfig none = new DashboardMetadataConfig(null, null, null, null, null, all.lineageInformation(),
                null, null, false, null, null, null, null);
        List<Result<EntityRequest>> withoutModels = readAll(source(connection(server), none));
        assertThat(records(withoutModels, CreateDashboardDataModelRequest.class)).isEmpty();
        assertThat(records(withoutModels, AddLineageRequest.class)).isEmpty();
        assertThat(records(withoutModels, CreateDashboardRequest.class)).hasSize(129);
    }

    @Test
    void includeOwnersPutsTheDossiersOwnerOnItsDashboardByNameAndNothingByDefault() throws Exception {
        MstrFixtures fixtures = MstrFixtures.build(2, 1);
        String ownerless = MstrFixtures.id("dossier", 1);
        fixtures.searchResults.get(MstrFixtures.TUTORIAL_ID).stream()
                .filter(r -> r.get("id").asText().equals(ownerless)).findFirst().orElseThrow().remove("owner");
        server = new MstrServer(fixtures);
        DashboardMetadataConfig withOwners = new DashboardMetadataConfig(null, null, null, true, null,
                new LineageInformation(DB, null), null);

        List<CreateDashboardRequest> owned = records(readAll(source(connection(server), withOwners)),
                CreateDashboardRequest.class);
        assertThat(owned).hasSize(2); // dossier 2 is the broken one
        assertThat(owned).filteredOn(d -> !d.name().equals(ownerless)).singleElement()
                .satisfies(d -> assertThat(d.owners()).containsExactly(EntityReference.byName("user", "Administrator")));
        assertThat(owned).filteredOn(d -> d.name().equals(ownerless)).singleElement()
                .satisfies(d -> assertThat(d.owners()).as("a dossier without an owner").isNull());

        assertThat(config(DB).includeOwners()).as("OpenMetadata's default for DashboardMetadata").isFalse();
        assertThat(records(readServer(), CreateDashboardRequest.class))
                .hasSize(2).allSatisfy(d -> assertThat(d.owners()).isNull());
    }

    @Test
    void withoutDatabaseServicesThereIsOneWarningAndNoTableLineage() throws Exception {
        server = new MstrServer(MstrFixtures.small());
        List<Result<EntityRequest>> results = readAll(source(connection(server), config(List.of())));
        assertThat(records(results, AddLineageRequest.class)).allSatisfy(e ->
                assertThat(e.edge().fromEntity().type()).isEqualTo("dashboardDataModel"));
        assertThat(of(results, Result.Warning.class)).singleElement().satisfies(w ->
                assertThat(((Result.Warning<?>) w).name()).isEqualTo("source.sourceConfig.config.lineageInformation.dbServiceNames"));
    }

    /**
     * A cube whose SQL the server will not give (500 after the retries): its data model is still emitted, without SQL
     * and table lineage, and a warning names the call; the other cubes keep their lineage.
     */
    @Test
    void aCubeWhoseSqlFailsIsEmittedWithoutSqlAndAWarningNamingTheCall() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        String retail = fixtures.cubes.get("retail").id();
        server = new MstrServer(fixtures);
        server.faultAlways("sqlView/" + retail, MstrServer.internal("SQL engine unavailable"));
        List<Result<EntityRequest>> results = readServer();

        assertThat(records(results, CreateDashboardDataModelRequest.class)).filteredOn(m -> m.name().equals(retail))
                .singleElement().satisfies(m -> assertThat(m.sql()).isNull());
        List<AddLineageRequest> edges = records(results, AddLineageRequest.class);
        assertThat(edges).filteredOn(e -> e.edge().toEntity().fullyQualifiedName().equals("mstr_prod.model." + retail))
                .isEmpty();
        assertThat(edges).filteredOn(e -> e.edge().toEntity().fullyQualifiedName().equals("mstr_prod.model."
                + fixtures.cubes.get("inventory").id())).hasSize(2);
        List<String> warnings = of(results, Result.Warning.class).stream().map(w -> ((Result.Warning<?>) w).message()).toList();
        assertThat(warnings).filteredOn(w -> w.contains(retail)).singleElement().asString()
                .startsWith("dataset Retail Sales Cube (" + retail + "): its SQL is unavailable, no table lineage: ")
                .contains("SQL engine unavailable");
        // The fixture's one broken dossier is its only failure: the cube's SQL is none.
        List<String> failures = of(results, Result.Failed.class).stream().map(f -> ((Result.Failed<?>) f).error().error())
                .toList();
        assertThat(failures).noneMatch(e -> e.contains("sqlView"));
    }

    @Test
    void aFailingSearchIsOneFailureForItsProjectTheNextProjectIsReadAndThenTheReadFails() throws Exception {
        server = new MstrServer(MstrFixtures.standard());
        server.faultAlways("search/" + MstrFixtures.TUTORIAL_ID, MstrServer.internal("Search service unavailable"));
        io.metaingest.testkit.SourceRead<EntityRequest> read = io.metaingest.testkit.SourceRead.of(source(connection(server), config(DB)));
        List<Result<EntityRequest>> results = read.results();
        // The Tutorial's dossiers were never listed: the run must not end as a success.
        assertThat(read.incomplete()).isNotNull().hasMessageStartingWith("could not list the dossiers of project"
                        + " MicroStrategy Tutorial (" + MstrFixtures.TUTORIAL_ID + "): ")
                .hasMessageContaining("HTTP 500 ERR001: Search service unavailable")
                .hasMessageEndingWith("; its dossiers not yet listed were not read (and mark-deleted was skipped);"
                        + " to leave the project out, exclude it with source.sourceConfig.config.projectFilterPattern");
        assertThat(records(results, CreateDashboardRequest.class)).hasSize(60)
                .allSatisfy(d -> assertThat(d.project()).isEqualTo("Human Resources Analysis Module"));
        List<String> failures = of(results, Result.Failed.class).stream()
                .map(f -> ((Result.Failed<?>) f).error().name() + ": " + ((Result.Failed<?>) f).error().error()).toList();
        assertThat(failures).singleElement().asString().startsWith("project MicroStrategy Tutorial (" + MstrFixtures.TUTORIAL_ID
                + ") dossier search: ").contains("HTTP 500 ERR001: Search service unavailable");
        assertThat(server.logouts()).isEqualTo(1);
    }

    /**
     * A project the server lists as not loaded (status -1, offline) cannot be searched: skipped as one
     * failure naming it and projectFilterPattern (so its dashboards are not marked deleted), the other
     * project read, the read not broken off by it.
     */
    @Test
    void aProjectThatIsNotLoadedIsSkippedAsOneFailureNamingProjectFilterPattern() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        fixtures.projects.stream().filter(p -> p.path("id").asText().equals(MstrFixtures.TUTORIAL_ID))
                .forEach(p -> p.put("status", -1));
        server = new MstrServer(fixtures);
        io.metaingest.testkit.SourceRead<EntityRequest> read = io.metaingest.testkit.SourceRead.of(source(connection(server), config(DB)));
        List<Result<EntityRequest>> results = read.results();

        assertThat(read.incomplete()).isNull();
        assertThat(of(results, Result.Failed.class)).singleElement().satisfies(f -> {
            assertThat(((Result.Failed<?>) f).error().name()).isEqualTo("MicroStrategy Tutorial");
            assertThat(((Result.Failed<?>) f).error().error()).isEqualTo("project MicroStrategy Tutorial ("
                    + MstrFixtures.TUTORIAL_ID + ") is not loaded on the Intelligence Server (status -1, offline), so"
                    + " its dossiers were not read (and mark-deleted was skipped); load it, or leave it out with"
                    + " source.sourceConfig.config.projectFilterPattern");
        });
        assertThat(records(results, CreateDashboardRequest.class)).hasSize(60)
                .allSatisfy(d -> assertThat(d.project()).isEqualTo("Human Resources Analysis Module"));
        assertThat(server.seen()).noneMatch(s -> s.key().equals("search/" + MstrFixtures.TUTORIAL_ID));
    }

    /** A loaded project whose search still answers 400 ERR001 "not loaded": the run fails, the line names the way out. */
    @Test
    void aSearchRefusedAsNotLoadedFailsTheReadNamingProjectFilterPattern() throws Exception {
        server = new MstrServer(MstrFixtures.standard());
        server.faultAlways("search/" + MstrFixtures.TUTORIAL_ID, MstrServer.Reply.json(400, "{\"code\":\"ERR001\","
                + "\"message\":\"Project 'MicroStrategy Tutorial' is not loaded\",\"ticketId\":\"0a1b2c3d\"}"));
        io.metaingest.testkit.SourceRead<EntityRequest> read = io.metaingest.testkit.SourceRead.of(source(connection(server), config(DB)));
        read.results();
        assertThat(read.incomplete()).isNotNull().hasMessage("could not list the dossiers of project MicroStrategy Tutorial ("
                + MstrFixtures.TUTORIAL_ID + "): GET /MicroStrategyLibrary/api/searches/results: HTTP 400 ERR001: Project"
                + " 'MicroStrategy Tutorial' is not loaded (ticket 0a1b2c3d); its dossiers not yet listed were not read"
                + " (and mark-deleted was skipped); to leave the project out, exclude it with"
                + " source.sourceConfig.config.projectFilterPattern");
    }

    /**
     * Search pages that overlap (the server repeats two results of the page before): the listing
     * shifted while it was read, so dossiers may have been skipped. The run must not end well (then
     * mark-deleted would run); every dossier read is still emitted.
     */
    @Test
    void overlappingSearchPagesEndTheReadAsIncompleteAndEveryDossierReadIsEmitted() throws Exception {
        server = new MstrServer(MstrFixtures.standard()).overlapSearchPages(2);
        io.metaingest.testkit.SourceRead<EntityRequest> read = io.metaingest.testkit.SourceRead.of(source(connection(server), config(DB)));
        List<Result<EntityRequest>> results = read.results();
        assertThat(read.incomplete()).isNotNull().hasMessageStartingWith("could not list the dossiers of project ")
                .hasMessageContaining("the listing is incomplete: the vendor listed ")
                .hasMessageContaining("and 1 more listing not read");
        assertThat(records(results, CreateDashboardRequest.class)).as("129 and the broken one, each once").hasSize(129)
                .extracting(CreateDashboardRequest::name).doesNotHaveDuplicates();
        List<String> failed = of(results, Result.Failed.class).stream()
                .map(f -> ((Result.Failed<?>) f).error().name()).toList();
        assertThat(failed).filteredOn(name -> name.endsWith("dossier search")).hasSize(2);
    }

    /**
     * A dataset shared by dossiers of two projects, named differently in the second: the data model is
     * the first dossier's (project order, then dossier order) even when the second dossier's read
     * finishes first, which the server forces by answering the first definition only after the
     * shared cube's SQL was served to the second.
     */
    @Test
    void aSharedDatasetIsTheFirstListedDossiersWhicheverReadFinishesFirst() throws Exception {
        MstrFixtures fixtures = MstrFixtures.build(1, 1);
        String first = MstrFixtures.id("dossier", 0);
        String second = MstrFixtures.id("dossier", 1);
        MstrFixtures.Cube retail = fixtures.cubes.get("retail");
        fixtures.definitions.get(second).withArray("datasets").forEach(ds -> {
            if (ds.get("id").asText().equals(retail.id())) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) ds).put("name", "Retail (HR copy)");
            }
        });
        server = new MstrServer(fixtures).answerAfter("definition/" + first, "sqlView/" + retail.id());
        List<Result<EntityRequest>> results = readServer();

        assertThat(server.seen()).filteredOn(seen -> seen.key().equals("sqlView/" + retail.id()))
                .as("the second dossier's read went first").first()
                .satisfies(seen -> assertThat(seen.projectId()).isEqualTo(MstrFixtures.HR_ID));
        assertThat(records(results, CreateDashboardDataModelRequest.class)).filteredOn(m -> m.name().equals(retail.id()))
                .singleElement().satisfies(m -> {
                    assertThat(m.displayName()).isEqualTo("Retail Sales Cube");
                    assertThat(m.project()).isEqualTo("MicroStrategy Tutorial");
                });
        assertThat(of(results, Result.Failed.class)).isEmpty();
    }
}
