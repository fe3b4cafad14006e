package io.metaingest.toolkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.api.entity.TableColumnJoin;
import io.metaingest.api.entity.TableJoinsRequest;
import io.metaingest.api.entity.TableJoinsRequest.ColumnJoins;
import io.metaingest.api.entity.TableJoinsRequest.JoinedWith;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Joins from parsed statements to OpenMetadata's TableJoins, per table and day. */
class TableJoinCountsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-04");
    private final QueryParser parser = new QueryParser();

    /** The joins of {@code sql}, tables under {@code svc.db}, unquoted columns lower-cased. */
    private Map<String, List<TableColumnJoin>> joins(String sql) {
        ParsedQuery.Tables t = (ParsedQuery.Tables) parser.parse(sql);
        return TableQueries.joins(t.joins(), table -> table.name().startsWith("tmp") ? null : "svc.db." + table.schemaAndName(),
                c -> c.quoted() ? c.name() : c.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void eachJoinCountsForBothColumnsOncePerRun() {
        TableJoinCounts counts = new TableJoinCounts();
        String join = "SELECT 1 FROM s.orders o JOIN s.customers c ON c.ID = o.customer_id";
        counts.add(DAY, joins(join), 3);
        counts.add(DAY, joins(join + " JOIN s.customers c2 ON c2.id = o.customer_id"), 1);
        counts.add(DAY.plusDays(1), joins("SELECT 1 FROM s.orders JOIN s.invoices USING (order_id)"), 2);

        assertThat(counts.columnJoins(DAY, "svc.db.s.orders")).containsExactly(new ColumnJoins("customer_id",
                List.of(new JoinedWith("svc.db.s.customers.id", 5))));
        assertThat(counts.columnJoins(DAY, "svc.db.s.customers")).containsExactly(new ColumnJoins("id",
                List.of(new JoinedWith("svc.db.s.orders.customer_id", 5))));
        List<TableJoinsRequest> requests = counts.requests();
        assertThat(requests).extracting(TableJoinsRequest::key).containsExactly("svc.db.s.customers@2026-03-04",
                "svc.db.s.orders@2026-03-04", "svc.db.s.invoices@2026-03-05", "svc.db.s.orders@2026-03-05");
        assertThat(requests.get(3)).satisfies(r -> {
            assertThat(r.dayCount()).isEqualTo(1);
            assertThat(r.directTableJoins()).isEmpty();
            assertThat(r.columnJoins()).containsExactly(new ColumnJoins("order_id",
                    List.of(new JoinedWith("svc.db.s.invoices.order_id", 2))));
        });
        assertThat(counts.columnJoins(DAY, "svc.db.s.invoices")).isEmpty();
    }

    @Test
    void aJoinWithATableNotCountedIsLeftOut() {
        assertThat(joins("SELECT 1 FROM s.orders o JOIN s.tmp_x t ON t.id = o.id")).isEmpty();
        assertThat(joins("SELECT 1 FROM s.orders o JOIN s.orders p ON p.parent_id = o.id"))
                .containsOnlyKeys("svc.db.s.orders").extractingByKey("svc.db.s.orders").asList().hasSize(2);
    }
}
