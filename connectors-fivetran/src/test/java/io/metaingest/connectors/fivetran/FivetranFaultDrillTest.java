package io.metaingest.connectors.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metaingest.api.ConnectionException;
import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.StepError;
import io.metaingest.api.config.PipelineMetadataConfig;
import io.metaingest.api.entity.CreatePipelineRequest;
import io.metaingest.testkit.faults.DrillLedger;
import io.metaingest.testkit.faults.Fault;
import io.metaingest.testkit.faults.FaultPlan;
import io.metaingest.testkit.faults.FaultProxy;
import io.metaingest.toolkit.RetryPolicy;
import io.metaingest.toolkit.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The standard Fivetran account (250 connectors, lineage on) behind a {@link FaultProxy}: every
 * pipeline is emitted once with exactly its clean-run records, or a failure names it (or its group)
 * and the cause; the run ends in bounded time with fast retries and a capped {@code Retry-After}.
 */
class FivetranFaultDrillTest {

    /** 4 attempts, 5..40 ms backoff, Retry-After capped at 20 ms, 250 ms per request. */
    static final RetryPolicy DRILL = new RetryPolicy(4, Duration.ofMillis(5), Duration.ofMillis(40),
            Duration.ofMillis(20), Duration.ofMillis(250));
    private static final Duration BOUND = Duration.ofSeconds(60);
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

    private static List<Result<EntityRequest>> run(String hostPort, RetryPolicy policy) throws Exception {
        FivetranConnection connection = FivetranConnection.of(FivetranFixtures.API_KEY, FivetranFixtures.API_SECRET,
                hostPort).withPaging(25, 4);
        FivetranClient client = new FivetranClient(connection, TestSupport.HTTP, TestSupport.MAPPER, Sleeper.SYSTEM, policy);
        try (FivetranPipelineSource source = new FivetranPipelineSource(connection, CONFIG, TestSupport.context(), client,
                new FivetranLineage(client), TestSupport.CLOCK);
             Stream<Result<EntityRequest>> results = source.read()) {
            return results.toList();
        }
    }

    @Test
    void everyPipelineIsEmittedOnceOrItsFailureNamesTheCause() throws Exception {
        try (FivetranServer server = new FivetranServer(FivetranFixtures.standard())) {
            List<Result<EntityRequest>> clean = run(server.hostPort(), DRILL);
            assertThat(LEDGER.entities(clean)).hasSize(250);

            FaultPlan plan = FaultPlan.seeded("Fivetran drill", 0.3, Duration.ofMillis(300));
            try (FaultProxy proxy = FaultProxy.start(URI.create(server.hostPort()), plan)) {
                long start = System.nanoTime();
                Object outcome = assertTimeoutPreemptively(BOUND, () -> {
                    try {
                        return run(proxy.uri().toString(), DRILL);
                    } catch (ConnectionException e) {
                        return e;
                    }
                }, plan.replayHint());
                if (outcome instanceof ConnectionException e) {
                    // The very first call failed for good: the run ends as a connection failure naming the cause.
                    assertThat(e.getMessage()).as(plan.replayHint()).containsPattern(DrillLedger.HTTP_CAUSE);
                    return;
                }
                @SuppressWarnings("unchecked")
                List<Result<EntityRequest>> faulted = (List<Result<EntityRequest>>) outcome;
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.println("Fivetran drill: " + proxy.requests() + " requests, faults " + proxy.injected()
                        + ", " + LEDGER.entities(faulted).size() + " of 250 pipelines emitted, "
                        + DrillLedger.failures(faulted).size() + " failures, " + took.toMillis() + " ms");
                assertThat(LEDGER.problems(clean, faulted)).as(plan.replayHint()).isEmpty();
                assertThat(proxy.injected()).as(plan.replayHint()).containsOnlyKeys(Fault.values());
                assertThat(proxy.upstreamFailures()).isZero();
            }
        }
    }
}
