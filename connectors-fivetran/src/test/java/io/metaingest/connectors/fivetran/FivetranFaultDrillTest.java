package io.metaingest.connectors.fivetran;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The standard Fivetran account (250 connectors, lineage on) behind the testkit's fault proxy: every
 * pipeline is emitted once with exactly its clean-run records, or a failure names it (or its group)
 * and the cause; the run ends in bounded time with fast retries and each {@code Retry-After} obeyed on the drill's
 * short clock.
 */
class FivetranFaultDrillTest {

    private static final PipelineMetadataConfig CONFIG = TestSupport.config(null, true, List.of("analytics"));

    /** A pipeline's records are covered by a failure naming it, its group, or the groups listing. */
    private static final DrillLedger LEDGER = new DrillLedger(CreatePipelineRequest.class::isInstance,
            FivetranFaultDrillTest::covers, DrillLedger.HTTP_CAUSE);

    private static boolean covers(String pipelineFqn, StepError failure) {
        String name = failure.name();
        if (name.equals(pipelineFqn) || name.equals("groups")) {
            return true;
        }
        // "group {id} ({name}) connectors" or "… destination"; the pipeline is service.{groupId}_{connectorId}.
        return name.startsWith("group ") && pipelineFqn.startsWith(TestSupport.context().serviceName() + "."
                + name.substring("group ".length(), name.indexOf(' ', "group ".length())) + "_");
    }

    private static List<Result<EntityRequest>> run(URI base, boolean faulted) throws Exception {
        FivetranConnection connection = FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                base.toString()).withPaging(25, 4);
        FivetranClient client = new FivetranClient(connection, TestSupport.HTTP, TestSupport.MAPPER, faulted ? FaultDrill.CLOCK : Sleeper.SYSTEM,
                faulted ? FaultDrill.RETRIES : RetryPolicy.DEFAULT);
        try (FivetranPipelineSource source = new FivetranPipelineSource(connection, CONFIG, TestSupport.context(), client,
                new FivetranLineage(client), TestSupport.CLOCK);
             Stream<Result<EntityRequest>> results = source.read()) {
            List<Result<EntityRequest>> out = new java.util.ArrayList<>();
            try {
                results.forEach(out::add);
            } catch (io.metaingest.api.IncompleteReadException e) {
                // A listing failed: its failure, naming the group, is among the results already, and the
                // run would end as failed here; the ledger still checks what was emitted.
                assertThat(out).anyMatch(r -> r instanceof Result.Failed<EntityRequest> f
                        && f.error().error().equals(e.getMessage().replaceAll(" \\(and \\d+ more listings?.*$", "")));
            }
            return out;
        }
    }

    @Test
    void everyPipelineIsEmittedOnceOrItsFailureNamesTheCause() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            FaultDrill.Summary drill = FaultDrill.run("Fivetran drill", URI.create(server.hostPort()), 0.3,
                    Duration.ofMillis(500), Duration.ofSeconds(60), LEDGER, FivetranFaultDrillTest::run);
            // conn_077's schema config answers 404: deleted during the run, so filtered, not emitted.
            assertThat(drill.cleanEntities()).isEqualTo(250 - 1);
        }
    }
}
