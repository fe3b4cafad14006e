package io.metaingest.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.EntityRequest;
import io.metaingest.api.Result;
import io.metaingest.api.entity.CreateDatabaseRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's accounting of an entity the faulted run emitted and the clean run did not. */
class DrillLedgerTest {

    private static final DrillLedger LEDGER = new DrillLedger(e -> true,
            (key, failure) -> failure.name().equals(key), DrillLedger.HTTP_CAUSE);

    private static Result<EntityRequest> database(String name) {
        return Result.ok(new CreateDatabaseRequest(name, null, null, "svc", null, null, null));
    }

    @Test
    void anEntityOnlyTheFaultedRunEmitsIsAProblemUnlessANoticeNamingAFaultCoversIt() {
        List<Result<EntityRequest>> clean = List.of(database("a"));

        // Nothing explains "b": an invented entity.
        assertThat(LEDGER.problems(clean, List.of(database("a"), database("b"))))
                .containsExactly("svc.b: emitted but not in the fixture (no failure or warning naming a fault covers it)");
        // A warning about "b" that names no fault does not explain it either.
        assertThat(LEDGER.problems(clean, List.of(database("a"), database("b"),
                Result.warning("svc.b", "its lineage was left out"))))
                .containsExactly("svc.b: emitted but not in the fixture (no failure or warning naming a fault covers it)");
        // The clean run left "b" out on an answer the fault hid (its 404): the warning naming the 503 covers it.
        assertThat(LEDGER.problems(clean, List.of(database("a"), database("b"),
                Result.warning("svc.b", "GET /b/schemas: HTTP 503 (after 3 attempts); ingested without lineage"))))
                .isEmpty();
    }
}
