package io.metaingest.toolkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The join conditions {@link QueryParser#parse} finds between tables' columns. */
class JoinsTest {

    private final QueryParser parser = new QueryParser();

    private List<String> joins(String sql) {
        ParsedQuery q = parser.parse(sql);
        assertThat(q).as(sql).isInstanceOf(ParsedQuery.Tables.class);
        return ((ParsedQuery.Tables) q).joins().stream().map(j -> name(j.left()) + " = " + name(j.right())).toList();
    }

    private static String name(ColumnName c) {
        return c.table().written() + "." + c.name();
    }

    @Test
    void equalitiesInOnBetweenAliasedTablesNameTheTablesColumns() {
        assertThat(joins("SELECT o.id FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id"
                + " LEFT JOIN crm.accounts a ON a.id = c.account_id AND a.active"))
                .containsExactly("sales.customers.id = sales.orders.customer_id",
                        "crm.accounts.id = sales.customers.account_id");
        assertThat(joins("SELECT 1 FROM orders JOIN customers ON orders.customer_id = customers.id"))
                .containsExactly("orders.customer_id = customers.id");
    }

    @Test
    void usingAndImplicitJoinsInWhereCount() {
        assertThat(joins("SELECT 1 FROM orders JOIN invoices USING (order_id)"))
                .containsExactly("orders.order_id = invoices.order_id");
        assertThat(joins("SELECT 1 FROM orders o, customers c WHERE o.customer_id = c.id AND o.total > 3"))
                .containsExactly("orders.customer_id = customers.id");
    }

    @Test
    void eachOccurrenceCountsAndJoinsInSubqueriesAndWritesAreFound() {
        assertThat(joins("INSERT INTO report SELECT o.id FROM orders o JOIN customers c ON o.customer_id = c.id"
                + " WHERE o.id IN (SELECT o2.id FROM orders o2 JOIN customers c2 ON o2.customer_id = c2.id)"))
                .containsExactly("orders.customer_id = customers.id", "orders.customer_id = customers.id");
    }

    @Test
    void conditionsThatAreNotBetweenTwoTablesColumnsAreLeftOut() {
        assertThat(joins("SELECT 1 FROM orders o JOIN customers c ON customer_id = id")).as("unqualified").isEmpty();
        assertThat(joins("SELECT 1 FROM orders o JOIN customers c ON o.customer_id = 3")).isEmpty();
        assertThat(joins("SELECT 1 FROM orders o JOIN customers c ON o.customer_id < c.id")).as("not an equality").isEmpty();
        assertThat(joins("WITH recent AS (SELECT * FROM orders) SELECT 1 FROM recent r JOIN customers c"
                + " ON r.customer_id = c.id")).as("a common table expression is no table (its columns are unknown)").isEmpty();
        assertThat(joins("SELECT 1 FROM orders")).isEmpty();
    }
}
