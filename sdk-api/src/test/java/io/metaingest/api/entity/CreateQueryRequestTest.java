package io.metaingest.api.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CreateQueryRequestTest {

    private static final long DAY = 1_795_910_400_000L; // 2026-11-29T00:00Z

    @Test
    void aQueryIsNamedByItsTextItsTableAndItsDayNotByAHashAlone() {
        CreateQueryRequest query = new CreateQueryRequest("SELECT *\n  FROM orders\n WHERE id = $1", DAY, 2.0, null,
                List.of(EntityReference.byFqn("table", "local_pg.shop.public.orders")), "local_pg");

        assertThat(query.key()).isEqualTo("query \"SELECT * FROM orders WHERE id = $1\" on local_pg.shop.public.orders"
                + " (2026-11-29, #" + Integer.toHexString(query.query().hashCode()) + ")");
    }

    @Test
    void aLongQueryIsShortenedAndTwoWithTheSameBeginningStayApart() {
        String common = "SELECT customer_id, sum(total) FROM orders JOIN customers USING (customer_id) ";
        List<EntityReference> tables = List.of(EntityReference.byFqn("table", "pg.shop.public.orders"),
                EntityReference.byFqn("table", "pg.shop.public.customers"));
        CreateQueryRequest one = new CreateQueryRequest(common + "GROUP BY 1", DAY + 3_600_000L, null, null, tables, "pg");
        CreateQueryRequest two = new CreateQueryRequest(common + "GROUP BY 1 ORDER BY 2", DAY + 3_600_000L, null, null,
                tables, "pg");

        assertThat(one.key()).startsWith("query \"" + common.substring(0, 60) + "…\" on pg.shop.public.orders and 1 more"
                + " (2026-11-29T01:00:00Z, #");
        assertThat(one.key()).isNotEqualTo(two.key());
    }
}
