package io.metaingest.connectors.dbtcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.testkit.faults.DrillLedger;
import io.metaingest.testkit.faults.FaultDrill;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The standard dbt Cloud account (160 jobs in two projects, runs, Discovery lineage) behind the
 * testkit's fault proxy, Administrative and Discovery API alike: every job is emitted once as a
 * pipeline with exactly its clean-run statuses and lineage, or a failure names it (its runs, its
 * lineage) or the listing it was in, with the cause; the run ends in bounded time.
 */
class DbtCloudFaultDrillTest {

    private static final PipelineMetadataConfig CONFIG = TestSupport.config(null, true, List.of("warehouse"));

    /** A job is covered by a failure of its own ("{fqn} runs", "{fqn} lineage") or of a jobs listing. */
    private static final DrillLedger LEDGER = new DrillLedger(CreatePipelineRequest.class::isInstance,
            DbtCloudFaultDrillTest::covers, DrillLedger.HTTP_CAUSE);

    private static boolean covers(String pipelineFqn, StepError failure) {
        return failure.name().startsWith(pipelineFqn + " ") || failure.name().startsWith("jobs of ");
    }

    private static List<Result<EntityRequest>> run(URI base, boolean faulted) throws Exception {
        DbtCloudConnection connection = DbtCloudConnection.of(base.toString(), base + "/graphql",
                DbtCloudFixtures.ACCOUNT, DbtCloudFixtures.TOKEN).withLimits(10, 4);
        DbtCloudClient client = new DbtCloudClient(connection, TestSupport.HTTP, TestSupport.MAPPER,
                faulted ? FaultDrill.RETRIES : RetryPolicy.DEFAULT,
                faulted ? FaultDrill.CLOCK : Sleeper.SYSTEM);
        // A failed job listing ends the read (the run fails) after its failure was emitted: the ledger checks that.
        return io.metaingest.testkit.SourceRead.of(new DbtCloudPipelineSource(connection, CONFIG, TestSupport.context(), client))
                .results();
    }

    @Test
    void everyJobIsEmittedOnceOrItsFailureNamesTheCause() throws Exception {
        try (DbtCloudServer server = new DbtCloudServer(DbtCloudFixtures.standard())) {
            FaultDrill.Summary drill = FaultDrill.run("dbt Cloud drill", URI.create(server.host()), 0.3,
                    Duration.ofMillis(500), Duration.ofSeconds(60), LEDGER, DbtCloudFaultDrillTest::run);
            assertThat(drill.cleanEntities()).isEqualTo(160);
        }
    }
}
