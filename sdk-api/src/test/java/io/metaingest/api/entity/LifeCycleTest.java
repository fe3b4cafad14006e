package io.metaingest.api.entity;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.LifeCycle.AccessDetails;
import io.metaingest.api.entity.LifeCycle.Aspect;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifeCycleTest {

    @Test
    void aQuerysKindIsItsStatementsFirstKeyword() {
        assertThat(LifeCycle.aspectOf("create table t as select 1")).contains(Aspect.CREATED);
        assertThat(LifeCycle.aspectOf("  -- nightly load\n/* job 7 */ INSERT INTO t SELECT 1")).contains(Aspect.UPDATED);
        for (String write : List.of("UPDATE t SET a = 1", "delete from t", "MERGE INTO t USING s ON true",
                "TRUNCATE t", "ALTER TABLE t ADD c int")) {
            assertThat(LifeCycle.aspectOf(write)).as(write).contains(Aspect.UPDATED);
        }
        assertThat(LifeCycle.aspectOf("(SELECT created_at FROM t)")).contains(Aspect.ACCESSED);
        assertThat(LifeCycle.aspectOf("SHOW TABLES")).contains(Aspect.ACCESSED);
        assertThat(LifeCycle.aspectOf("WITH x AS (SELECT 1) SELECT * FROM x")).contains(Aspect.ACCESSED);
        assertThat(LifeCycle.aspectOf("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x")).contains(Aspect.UPDATED);
        // 1.6's life cycle has no "deleted"; a statement of no known kind shows nothing.
        assertThat(LifeCycle.aspectOf("DROP TABLE t")).isEmpty();
        assertThat(LifeCycle.aspectOf("COPY t TO STDOUT")).isEmpty();
        assertThat(LifeCycle.aspectOf("")).isEmpty();
    }

    @Test
    void anEqualOrEarlierTimeKeepsWhatWasSeenFirst() {
        LifeCycle first = LifeCycle.NONE.withQuery("SELECT 1 FROM t", 2_000L, "alice");

        assertThat(first.withQuery("SELECT 2 FROM t", 2_000L, "bob")).isEqualTo(first);
        assertThat(first.withQuery("SELECT 3 FROM t", 1_000L, "bob")).isEqualTo(first);
        assertThat(first.withQuery("SELECT 4 FROM t", 3_000L, null).accessed()).isEqualTo(new AccessDetails(3_000L, null, null));
        assertThat(first.withQuery("DROP TABLE t", 9_000L, "bob")).isEqualTo(first);
        assertThat(first.withQuery("INSERT INTO t VALUES (1)", 1_000L, "bob")).isEqualTo(new LifeCycle(null,
                new AccessDetails(1_000L, EntityReference.byName("user", "bob"), null), first.accessed()));
    }
    @Test
    void onlyTheAspectsLaterThanTheStoredOnesAreNewer() {
        AccessDetails day1 = new AccessDetails(1_000L, null, "etl");
        AccessDetails day2 = new AccessDetails(2_000L, null, "etl");
        AccessDetails day3 = new AccessDetails(3_000L, EntityReference.byName("user", "bob"), null);
        LifeCycle stored = new LifeCycle(day1, day1, day3);
        // The run saw no creation, a later update and an earlier read: only the update is newer.
        LifeCycle run = new LifeCycle(null, day2, day2);

        assertThat(run.newerThan(stored)).isEqualTo(new LifeCycle(null, day2, null));
        // An equal time is not newer; an aspect the server lacks is.
        assertThat(new LifeCycle(day1, day1, day3).newerThan(stored).isEmpty()).isTrue();
        assertThat(run.newerThan(LifeCycle.NONE)).isEqualTo(run);
        assertThat(run.newerThan(new LifeCycle(day3, null, null))).isEqualTo(run);
    }
}
