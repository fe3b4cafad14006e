package io.metaingest.connectors.microstrategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.StepError;
import io.metaingest.api.entity.CreateChartRequest;
import io.metaingest.api.entity.CreateDashboardDataModelRequest;
import io.metaingest.api.entity.CreateDashboardRequest;
import io.metaingest.testkit.faults.DrillLedger;
import io.metaingest.testkit.faults.FaultDrill;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The standard MicroStrategy Library (two projects, 130 dossiers with charts, datasets and cube SQL)
 * behind the testkit's fault proxy, login and logout included: every dashboard, chart and data model
 * is emitted once with exactly its clean-run records, or a failure names it (its dossier, its project's
 * search) with the cause; the run ends in bounded time.
 */
class MicroStrategyFaultDrillTest {

    private static final String MODEL_PREFIX = CreateDashboardDataModelRequest.fqn(TestSupport.SERVICE, "");

    private static final DrillLedger LEDGER = new DrillLedger(r -> r instanceof CreateDashboardRequest
            || r instanceof CreateChartRequest || r instanceof CreateDashboardDataModelRequest,
            MicroStrategyFaultDrillTest::covers, DrillLedger.HTTP_CAUSE);

    /**
     * A failed dossier ("{dashboard fqn} ({title})") covers its dashboard and charts (named
     * "{dossier id}_…") and, as datasets are shared between dossiers, any data model; a failed
     * project search covers everything.
     */
    private static boolean covers(String key, StepError failure) {
        String name = failure.name();
        if (name.startsWith("project ") && name.endsWith(" dossier search")) {
            return true;
        }
        int paren = name.indexOf(" (");
        if (paren < 0) {
            return key.startsWith(MODEL_PREFIX) && key.equals(name);
        }
        String dashboard = name.substring(0, paren);
        return key.equals(dashboard) || key.startsWith(dashboard + "_") || key.startsWith(MODEL_PREFIX);
    }

    private static List<io.metaingest.api.Result<EntityRequest>> run(URI base, boolean faulted) throws Exception {
        MicroStrategyConnection connection = MicroStrategyConnection.of(base.toString(), MstrFixtures.USERNAME,
                MstrFixtures.PASSWORD).withThreads(4);
        MicroStrategyClient client = new MicroStrategyClient(connection, TestSupport.HTTP, TestSupport.MAPPER,
                faulted ? FaultDrill.RETRIES : RetryPolicy.DEFAULT,
                faulted ? FaultDrill.CLOCK : Sleeper.SYSTEM);
        // A failed dossier search ends the read (the run fails) after its failure was emitted: the ledger checks that.
        return io.metaingest.testkit.SourceRead.of(TestSupport.source(client, connection, TestSupport.config(List.of("warehouse_pg"))))
                .results();
    }

    @Test
    void everyDashboardChartAndDataModelIsEmittedOnceOrItsFailureNamesTheCause() throws Exception {
        try (MstrServer server = new MstrServer(MstrFixtures.standard())) {
            FaultDrill.Summary drill = FaultDrill.run("MicroStrategy drill", URI.create(server.hostPort()), 0.3,
                    Duration.ofMillis(500), Duration.ofSeconds(60), LEDGER, MicroStrategyFaultDrillTest::run);
            assertThat(drill.cleanEntities()).isGreaterThan(130);
        }
    }
}
