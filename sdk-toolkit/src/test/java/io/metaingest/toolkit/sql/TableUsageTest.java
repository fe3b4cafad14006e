package io.metaingest.toolkit.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableUsageTest {

    static final LocalDate MON = LocalDate.of(2026, 3, 2);
    static final LocalDate TUE = LocalDate.of(2026, 3, 3);

    @Test
    void countsPerTableAndDayWithTheQueries() {
        TableUsage usage = new TableUsage();
        usage.add(TUE, "q1", List.of("db.s.orders", "db.s.customers"), 2);
        usage.add(MON, "q2", List.of("db.s.orders"), 1);
        usage.add(TUE, "q3", List.of("db.s.orders", "db.s.orders"), 5); // named twice, counted once
        usage.add(TUE, "q1", List.of("db.s.orders"), 1);

        assertThat(usage.results()).containsExactly(
                new TableUsage.Daily(MON, "db.s.orders", 1, List.of(new TableUsage.QueryCount("q2", 1))),
                new TableUsage.Daily(TUE, "db.s.customers", 2, List.of(new TableUsage.QueryCount("q1", 2))),
                new TableUsage.Daily(TUE, "db.s.orders", 8, List.of(new TableUsage.QueryCount("q1", 3),
                        new TableUsage.QueryCount("q3", 5))));
    }

    @Test
    void mergesAnotherAggregation() {
        TableUsage a = new TableUsage();
        a.add(MON, "q", List.of("t"), 1);
        TableUsage b = new TableUsage();
        b.add(MON, "q", List.of("t"), 2);
        b.add(MON, "r", List.of("u"), 4);
        a.addAll(b);
        assertThat(a.results()).extracting(TableUsage.Daily::table, TableUsage.Daily::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t", 3L), org.assertj.core.groups.Tuple.tuple("u", 4L));
        assertThat(new TableUsage().isEmpty()).isTrue();
        assertThat(a.isEmpty()).isFalse();
    }

    @Test
    void countFitsOpenMetadatasIntAndRejectsNegativeTimes() {
        TableUsage usage = new TableUsage();
        usage.add(MON, "q", List.of("t"), Long.MAX_VALUE);
        assertThat(usage.results().get(0).countAsInt()).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> usage.add(MON, "q", List.of("t"), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
