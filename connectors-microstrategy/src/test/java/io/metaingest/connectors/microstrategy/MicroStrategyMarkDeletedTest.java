package io.metaingest.connectors.microstrategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaingest.api.Fqn;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.openmetadata.OpenMetadataStandIn;
import io.metaingest.runtime.Mappers;
import io.metaingest.runtime.Metaingest;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import io.metaingest.runtime.registry.ServiceSpecRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing end to end: the connector through the real runtime into the OpenMetadata stand-in.
 * Deleted dashboards and data models: two runs, with a dossier deleted in MicroStrategy between
 * them. Dossier 3 of the small fixtures is the only one reading the "imported" cube, so its data
 * model goes with it. And table lineage whose SQL names a table in another case than the server.
 */
class MicroStrategyMarkDeletedTest {

    private static final String TOKEN = "mstr-bot-jwt";
    private static final String SERVICE = "mstr_prod";
    private static final String DOSSIER = MstrFixtures.id("dossier", 3);

    @TempDir
    Path dir;
    private MstrFixtures fixtures;
    private MstrServer mstr;
    private OpenMetadataStandIn openMetadata;

    @BeforeEach
    void start() throws Exception {
        fixtures = MstrFixtures.small().healthy();
        mstr = new MstrServer(fixtures);
        openMetadata = new OpenMetadataStandIn(TOKEN);
        openMetadata.maxPageSize(2); // six data models: the list spans three pages
    }

    @AfterEach
    void stop() {
        openMetadata.close();
        mstr.close();
    }

    /** One run into the stand-in, with {@code sourceConfig} added to the DashboardMetadata config. */
    private RunResult run(String sourceConfig) throws Exception {
        Path file = Files.createTempFile(dir, "mstr", ".yaml");
        Files.writeString(file, """
                source:
                  type: microstrategy
                  serviceName: %s
                  serviceConnection:
                    config: {type: MicroStrategy, hostPort: "%s", username: %s, password: "%s"}
                  sourceConfig:
                    config: {type: DashboardMetadata%s}
                sink: {type: metadata-rest, config: {}}
                """.formatted(SERVICE, mstr.hostPort(), MstrFixtures.USERNAME, MstrFixtures.PASSWORD, sourceConfig)
                + openMetadata.workflowConfigYaml(TOKEN));
        Metaingest runtime = new Metaingest(ServiceSpecRegistry.of(new MicroStrategySpec()), Mappers.standard(),
                Clock.systemUTC(), System::getenv);
        RunResult result = runtime.run(runtime.load(file), Optional.empty(),
                new PrintStream(new ByteArrayOutputStream()), false);
        StepSummary sink = result.steps().get(result.steps().size() - 1);
        assertThat(sink.failures()).as(result.toString()).isEmpty();
        assertThat(result.state()).as(result.toString()).isIn(RunState.SUCCESS, RunState.PARTIAL_SUCCESS);
        return result;
    }

    private String modelOf(String cubeKey) {
        return CreateDashboardDataModelRequest.fqn(SERVICE, fixtures.cubes.get(cubeKey).id());
    }

    private void firstRunThenDeleteTheDossier() throws Exception {
        run("");
        assertThat(openMetadata.count("dashboardDataModel")).isEqualTo(6);
        assertThat(openMetadata.deleted("dashboardDataModel")).isEmpty();
        fixtures.deleteDossier(DOSSIER);
    }

    @Test
    void aDataModelNoDossierReadsAnyMoreIsSoftDeletedWithItsDashboard() throws Exception {
        firstRunThenDeleteTheDossier();

        RunResult second = run("");

        assertThat(openMetadata.deleted("dashboard")).containsExactly(Fqn.build(SERVICE, DOSSIER));
        assertThat(openMetadata.deleted("dashboardDataModel")).containsExactly(modelOf("imported"));
        // Models that remaining dossiers still read are kept.
        assertThat(openMetadata.entity("dashboardDataModel", modelOf("retail")).has("deleted")).isFalse();
        assertThat(second.steps().get(second.steps().size() - 1).warningDetails()).contains(
                "mark deleted: marked 1 dashboard data model deleted, no longer read from the source: dropped, or excluded by the workflow's settings (first: "
                        + modelOf("imported") + ")");
    }

    @Test
    void withMarkDeletedDataModelsFalseOnlyTheDashboardIsDeleted() throws Exception {
        firstRunThenDeleteTheDossier();

        run(", markDeletedDataModels: false");

        assertThat(openMetadata.deleted("dashboard")).containsExactly(Fqn.build(SERVICE, DOSSIER));
        assertThat(openMetadata.deleted("dashboardDataModel")).isEmpty();
    }

    /**
     * The cube's SQL names {@code WH.RETAIL.FACT_SALES} unquoted; the Postgres service holds
     * {@code wh.retail.fact_sales}. The edge reaches the server, found ignoring case as OpenMetadata
     * finds lineage tables.
     */
    @Test
    void tableLineageReachesATableTheServerNamesInAnotherCase() throws Exception {
        MstrFixtures.Cube retail = fixtures.cubes.get("retail");
        fixtures.cubes.put("retail", new MstrFixtures.Cube(retail.id(), retail.name(),
                "select a11.CATEGORY_ID, sum(a11.TOT_DOLLAR_SALES) from WH.RETAIL.FACT_SALES a11 group by a11.CATEGORY_ID",
                null));
        ObjectNode table = openMetadata.seed("table", "warehouse_pg.wh.retail.fact_sales",
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", "fact_sales"));

        run(", lineageInformation: {dbServiceNames: [warehouse_pg]}");

        String model = openMetadata.entity("dashboardDataModel", modelOf("retail")).get("id").asText();
        assertThat(openMetadata.lineage()).contains(table.get("id").asText() + "->" + model);
    }
}
