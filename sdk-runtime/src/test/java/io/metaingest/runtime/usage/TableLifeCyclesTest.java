package io.metaingest.runtime.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.EntityReference;
import io.metaingest.api.entity.LifeCycle;
import io.metaingest.api.entity.LifeCycle.AccessDetails;
import io.metaingest.api.entity.LifeCycle.Aspect;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableLifeCyclesTest {

    @Test
    void aQuerysKindIsItsStatementsFirstKeyword() {
        assertThat(TableLifeCycles.aspectOf("create table t as select 1")).contains(Aspect.CREATED);
        assertThat(TableLifeCycles.aspectOf("  -- nightly load\n/* job 7 */ INSERT INTO t SELECT 1")).contains(Aspect.UPDATED);
        for (String write : List.of("UPDATE t SET a = 1", "delete from t", "MERGE INTO t USING s ON true",
                "TRUNCATE t", "ALTER TABLE t ADD c int")) {
            assertThat(TableLifeCycles.aspectOf(write)).as(write).contains(Aspect.UPDATED);
        }
        assertThat(TableLifeCycles.aspectOf("(SELECT created_at FROM t)")).contains(Aspect.ACCESSED);
        assertThat(TableLifeCycles.aspectOf("SHOW TABLES")).contains(Aspect.ACCESSED);
        assertThat(TableLifeCycles.aspectOf("WITH x AS (SELECT 1) SELECT * FROM x")).contains(Aspect.ACCESSED);
        assertThat(TableLifeCycles.aspectOf("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x")).contains(Aspect.UPDATED);
        // 1.6's life cycle has no "deleted"; a statement of no known kind shows nothing.
        assertThat(TableLifeCycles.aspectOf("DROP TABLE t")).isEmpty();
        assertThat(TableLifeCycles.aspectOf("COPY t TO STDOUT")).isEmpty();
        assertThat(TableLifeCycles.aspectOf("")).isEmpty();
    }

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
