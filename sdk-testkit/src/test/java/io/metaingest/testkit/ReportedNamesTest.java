package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaingest.api.StepError;
import io.metaingest.runtime.exec.RunResult;
import io.metaingest.runtime.exec.RunState;
import io.metaingest.runtime.exec.StepSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which names of filtered and failed entities tell the run report's reader which entity it was. */
class ReportedNamesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "{\"entityType\":\"table\",\"entity\":{\"name\":\"orders\",\"columns\":[],"
            + "\"databaseSchema\":\"svc.shop.sales\"}}";

    @Test
    void anFqnInTheServiceTheServiceADescriptionAndTheStepsOwnNamePass() {
        KitRun run = run("svc", List.of("svc.shop.sales.orders: excluded", "svc.shop: not in databaseFilterPattern",
                "query \"select 1: x\" on svc.shop (2026-01-01, #1f): touches no table"),
                List.of("svc", "shop-source", "tables of svc.shop.sales"), List.of());
        assertThat(ReportedNames.problems(List.of(run))).isEmpty();
    }

    /** A service whose name holds a dot is quoted in its entities' FQNs: those are in the service too. */
    @Test
    void anFqnOfAServiceWhoseNameHoldsADotPasses() {
        KitRun run = run("my.svc", List.of("\"my.svc\".shop.sales.orders: excluded"), List.of(), List.of());
        assertThat(ReportedNames.problems(List.of(run))).isEmpty();
    }

    @Test
    void aBareNameOrAnFqnWithoutItsServiceFailsOnceNamingTheEntityMeant() throws Exception {
        KitRun written = run("svc", List.of(), List.of(), List.of(JSON.readTree(TABLE)));
        KitRun filtered = run("svc", List.of("orders: tableFilterPattern", "shop.sales.orders: excluded"),
                List.of("orders"), List.of());
        assertThat(ReportedNames.problems(List.of(written, filtered, filtered))).containsExactly(
                "the metadata-1 run's source filtered 'orders', which is not an FQN in service 'svc': give"
                        + " Result.filtered the entity's fully qualified name (here table svc.shop.sales.orders), as"
                        + " OpenMetadata's database sources do, so the run report tells which entity it was",
                "the metadata-1 run's source filtered 'shop.sales.orders', which is not an FQN in service 'svc': give"
                        + " Result.filtered the entity's fully qualified name (here table svc.shop.sales.orders), as"
                        + " OpenMetadata's database sources do, so the run report tells which entity it was",
                "the metadata-1 run's source failed 'orders', which is not an FQN in service 'svc': give"
                        + " Result.failed the entity's fully qualified name (here table svc.shop.sales.orders), as"
                        + " OpenMetadata's database sources do, so the run report tells which entity it was");
    }

    /** A bare name holding dots is one part of its FQN, where it is quoted. */
    @Test
    void aBareNameHoldingDotsNamesTheEntityMeant() throws Exception {
        KitRun written = run("svc", List.of(), List.of(), List.of(JSON.readTree(TABLE.replace("\"orders\"", "\"q1.orders\""))));
        KitRun filtered = run("svc", List.of("q1.orders: tableFilterPattern"), List.of(), List.of());
        assertThat(ReportedNames.problems(List.of(written, filtered))).singleElement().asString()
                .contains("filtered 'q1.orders', which is not an FQN in service 'svc'")
                .contains("(here table svc.shop.sales.\"q1.orders\")");
    }

    @Test
    void aSecretInANameIsMasked() {
        KitRun run = new KitRun("metadata-1", result("svc", List.of(), List.of("k3y")), List.of(), List.of(), Map.of(),
                List.of("k3y"), null);
        assertThat(ReportedNames.problems(List.of(run))).singleElement().asString()
                .contains("failed '<the secret>'").doesNotContain("k3y");
    }

    private static KitRun run(String service, List<String> filtered, List<String> failed, List<JsonNode> records) {
        return new KitRun("metadata-1", result(service, filtered, failed), List.of(), records, Map.of(), List.of(), null);
    }

    private static RunResult result(String service, List<String> filtered, List<String> failed) {
        StepSummary source = new StepSummary("shop-source", 1, 0, 0, failed.size(), filtered.size(), 100,
                failed.stream().map(n -> new StepError(n, "could not read", null)).toList(), List.of(), filtered);
        return new RunResult("run", service, "shop-source", RunState.SUCCESS, 100, 90, Instant.EPOCH, Instant.EPOCH,
                null, false, List.of(source), List.of(), List.of(), null, null);
    }
}
