package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.LifeCycle.AccessDetails;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table-usage stage's staged queries → a table's life cycle. */
class TableLifeCyclesTest {

    @Test
    void onlyAStrictlyLaterTimeReplacesTheOneKeptForAnAspect() {
        EntityReference alice = EntityReference.byName("user", "alice");
        List<TableUsageCount> days = List.of(
                new TableUsageCount("pg.db.s.t", "2026-11-28", 2, "pg", List.of(
                        new TableUsageCount.SqlQuery("SELECT * FROM t", 1, List.of("alice", "bob"), 1.0),
                        new TableUsageCount.SqlQuery("SELECT a FROM t", 1, List.of("bob"), 1.0)), List.of()),
                new TableUsageCount("pg.db.s.t", "2026-11-27", 2, "pg", List.of(
                        new TableUsageCount.SqlQuery("SELECT b FROM t", 1, List.of("bob"), 1.0),
                        new TableUsageCount.SqlQuery("INSERT INTO t VALUES (1)", 1, List.of(), 1.0),
                        new TableUsageCount.SqlQuery("DROP TABLE t", 1, List.of("bob"), 1.0)), List.of()));

        assertThat(TableLifeCycles.of("pg.db.s.t", days)).hasValueSatisfying(request -> {
            assertThat(request.table()).isEqualTo(EntityReference.byFqn("table", "pg.db.s.t"));
            // The 28th's first read (an equal time does not replace it, an earlier one neither); its first user.
            assertThat(request.lifeCycle()).isEqualTo(new LifeCycle(null,
                    new AccessDetails(1795737600000L, null, null), new AccessDetails(1795824000000L, alice, null)));
        });
    }

    @Test
    void aTableWhoseQueriesShowNoAspectHasNoLifeCycle() {
        assertThat(TableLifeCycles.of("pg.db.s.t", List.of(new TableUsageCount("pg.db.s.t", "2026-11-28", 1, "pg",
                List.of(new TableUsageCount.SqlQuery("DROP TABLE t", 1, List.of(), 1.0)), List.of())))).isEmpty();
    }
}
