package io.metaingest.toolkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement shapes and what the parser finds in each: reads, writes, and unparsable text. */
class QueryParserTest {

    private final QueryParser parser = new QueryParser();

    private ParsedQuery.Tables tables(String sql) {
        ParsedQuery q = parser.parse(sql);
        assertThat(q).as(sql).isInstanceOf(ParsedQuery.Tables.class);
        return (ParsedQuery.Tables) q;
    }

    private static List<String> names(List<TableName> tables) {
        return tables.stream().map(TableName::written).toList();
    }

    private void check(String sql, List<String> reads, List<String> writes) {
        ParsedQuery.Tables t = tables(sql);
        assertThat(names(t.reads())).as("reads of %s", sql).containsExactlyElementsOf(reads);
        assertThat(names(t.writes())).as("writes of %s", sql).containsExactlyElementsOf(writes);
    }

    @Test
    void anUnparsableQuerysReasonSaysWhereParsingStoppedWithoutTheTokenListOrALiteral() {
        ParsedQuery parsed = parser.parse("INSERT INTO t VALUES ('Leak-Me-456' ,, )");

        assertThat(parsed).isInstanceOfSatisfying(ParsedQuery.Unparsable.class, u -> assertThat(u.reason())
                .startsWith("Encountered unexpected token").contains("line 1, column")
                .doesNotContain("Was expecting").doesNotContain("Leak"));
        assertThat(parser.parse("SELECT * FROM t WHERE a = 'Leak-Me' 'x' ,")).isInstanceOfSatisfying(
                ParsedQuery.Unparsable.class, u -> assertThat(u.reason()).doesNotContain("Leak"));
    }

    /** pg_stat_statements writes date '2024-03-01' as date $1: such a query is read, not left out. */
    @Test
    void aTypedLiteralWhoseConstantIsAParameterIsRead() {
        check("select count(*) from public.orders where created > date $1 and updated < timestamp $2"
                + " and age < interval $3", List.of("public.orders"), List.of());
        check("INSERT INTO sales.daily SELECT * FROM sales.orders WHERE day = DATE $1", List.of("sales.orders"),
                List.of("sales.daily"));
        assertThat(parser.parse("SELECT FROM WHERE date $1")).isInstanceOfSatisfying(ParsedQuery.Unparsable.class,
                u -> assertThat(u.reason()).as("the grammar's token names mean nothing to a user").doesNotContain("<S_"));
    }

    @Test
    void selectsWithJoinsAndSubqueries() {
        check("SELECT * FROM sales.orders", List.of("sales.orders"), List.of());
        check("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id"
                + " LEFT JOIN crm.accounts a ON a.id = c.account_id",
                List.of("sales.orders", "sales.customers", "crm.accounts"), List.of());
        check("SELECT * FROM (SELECT id FROM sales.orders WHERE total > (SELECT avg(total) FROM sales.orders_archive)) x"
                + " WHERE x.id IN (SELECT order_id FROM sales.returns)",
                List.of("sales.orders", "sales.orders_archive", "sales.returns"), List.of());
        check("SELECT 1 FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.id = a.id)", List.of("a", "b"), List.of());
        check("SELECT id FROM a UNION ALL SELECT id FROM b", List.of("a", "b"), List.of());
        check("SELECT 1", List.of(), List.of());
    }

    @Test
    void commonTableExpressionsAreNotTables() {
        check("WITH recent AS (SELECT * FROM sales.orders WHERE ordered_at > now() - interval '1 day'),"
                + " big AS (SELECT * FROM recent WHERE total > 100)"
                + " SELECT * FROM big JOIN sales.customers c ON c.id = big.customer_id",
                List.of("sales.orders", "sales.customers"), List.of());
        check("WITH src AS (SELECT * FROM staging.events) INSERT INTO warehouse.events SELECT * FROM src",
                List.of("staging.events"), List.of("warehouse.events"));
        check("INSERT INTO warehouse.events WITH src AS (SELECT * FROM staging.events) SELECT * FROM src",
                List.of("staging.events"), List.of("warehouse.events"));
    }

    @Test
    void insertSelectAndCreateTableAs() {
        check("INSERT INTO analytics.customer_ltv (customer_id, lifetime_value)\n"
                + "SELECT c.customer_id, coalesce(sum(o.total), $1)\nFROM sales.customers c\n"
                + "LEFT JOIN sales.orders o ON o.customer_id = c.customer_id\nGROUP BY c.customer_id",
                List.of("sales.customers", "sales.orders"), List.of("analytics.customer_ltv"));
        check("INSERT INTO t (a) VALUES (1), (2)", List.of(), List.of("t"));
        check("INSERT INTO t SELECT * FROM t WHERE a > 1", List.of("t"), List.of("t"));
        check("-- built nightly\nCREATE TABLE analytics.daily_sales AS\n"
                + "SELECT date_trunc('day', o.ordered_at) AS sales_day, count(*) FROM sales.orders o GROUP BY 1",
                List.of("sales.orders"), List.of("analytics.daily_sales"));
        check("CREATE TABLE IF NOT EXISTS s.t (id int PRIMARY KEY, c int REFERENCES s.other (id))",
                List.of(), List.of("s.t"));
        check("CREATE MATERIALIZED VIEW analytics.mv AS SELECT * FROM sales.orders", List.of("sales.orders"),
                List.of("analytics.mv"));
        check("CREATE OR REPLACE VIEW v AS SELECT a.x FROM a JOIN b ON a.id = b.id", List.of("a", "b"), List.of("v"));
        check("SELECT * INTO archive.old_orders FROM sales.orders WHERE ordered_at < '2020-01-01'",
                List.of("sales.orders"), List.of("archive.old_orders"));
    }

    @Test
    void updateDeleteAndMerge() {
        check("UPDATE sales.orders o SET total = s.total FROM staging.totals s WHERE s.id = o.id",
                List.of("staging.totals"), List.of("sales.orders"));
        check("UPDATE t SET a = (SELECT max(a) FROM t2) WHERE b IN (SELECT b FROM t3)", List.of("t2", "t3"), List.of("t"));
        check("DELETE FROM sales.orders o USING sales.cancelled c WHERE c.id = o.id",
                List.of("sales.cancelled"), List.of("sales.orders"));
        check("DELETE FROM t WHERE id IN (SELECT id FROM gone)", List.of("gone"), List.of("t"));
        check("MERGE INTO warehouse.customers t USING staging.customers s ON t.id = s.id"
                + " WHEN MATCHED THEN UPDATE SET name = s.name"
                + " WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)",
                List.of("staging.customers"), List.of("warehouse.customers"));
        check("TRUNCATE TABLE staging.events", List.of(), List.of("staging.events"));
    }

    @Test
    void quotedAndQualifiedNames() {
        ParsedQuery.Tables t = tables("SELECT * FROM \"My Schema\".\"Order \"\"Lines\"\"\" JOIN shop.sales.orders o ON true"
                + " JOIN Mixed.Case m ON true");
        assertThat(t.reads()).containsExactly(
                new TableName(null, "My Schema", "Order \"Lines\"", "\"My Schema\".\"Order \"\"Lines\"\"\""),
                new TableName("shop", "sales", "orders", "shop.sales.orders"),
                new TableName(null, "Mixed", "Case", "Mixed.Case"));
        assertThat(t.reads().get(0).qualified()).isTrue();
        assertThat(t.reads().get(0).schemaAndName()).isEqualTo("My Schema.Order \"Lines\"");
        TableName bare = tables("SELECT * FROM orders").reads().get(0);
        assertThat(bare.qualified()).isFalse();
        assertThat(bare.schemaAndName()).isEqualTo("orders");
        assertThat(bare.schema()).isNull();
    }

    @Test
    void postgresNormalizedTextParses() {
        // pg_stat_statements replaces constants with $n and keeps casts and comments.
        check("/* app */ SELECT count(*) FROM sales.orders WHERE status = $1 AND created::date > $2::date",
                List.of("sales.orders"), List.of());
        check("SELECT p.name, s.quantity FROM inventory.products p JOIN inventory.stock_levels s"
                + " ON s.product_id = p.product_id", List.of("inventory.products", "inventory.stock_levels"), List.of());
    }

    @Test
    void statementsThatMoveNoRowsHaveNoTables() {
        for (String sql : List.of("SET search_path = sales", "COMMIT", "SELECT now()", "CREATE INDEX i ON t (a)",
                "GRANT SELECT ON t TO bob", "COMMENT ON TABLE s.t IS 'x'", "ALTER TABLE s.t ADD COLUMN c int",
                "DROP TABLE s.t")) {
            check(sql, List.of(), List.of());
        }
    }

    @Test
    void severalStatementsAreUnited() {
        check("INSERT INTO a SELECT * FROM b; INSERT INTO c SELECT * FROM d", List.of("b", "d"), List.of("a", "c"));
    }

    @Test
    void aScriptsSourcesLeaveOutTheTablesItCreatesItself() {
        ParsedQuery.Tables t = tables("create table ZZMD00 (ITEM_ID INTEGER, WJXBFS1 FLOAT);\n"
                + "insert into ZZMD00 select a11.ITEM_ID, sum(a11.EOH_QTY) from dw.inv.stock a11 group by a11.ITEM_ID;\n"
                + "create temporary table tmp_items as select * from dw.inv.items;\n"
                + "select i.name, z.WJXBFS1 from ZZMD00 z join \"tmp_items\" i on i.id = z.ITEM_ID"
                + " join dw.inv.lu_item l on l.id = i.id;\n"
                + "select * into scratch.copy from dw.inv.prices; select * from scratch.copy;\n"
                + "drop table ZZMD00; drop table tmp_items");
        assertThat(names(t.created())).containsExactly("ZZMD00", "tmp_items", "scratch.copy");
        assertThat(names(t.writes())).containsExactly("ZZMD00", "tmp_items", "scratch.copy");
        assertThat(names(t.reads())).contains("ZZMD00", "\"tmp_items\"", "scratch.copy");
        // Quoted or not, a name the script created is its own intermediate, not a source.
        assertThat(names(t.sources())).containsExactly("dw.inv.stock", "dw.inv.items", "dw.inv.lu_item",
                "dw.inv.prices");
        // Changing a table is not creating it: the target of an INSERT alone stays outside the script.
        ParsedQuery.Tables insert = tables("insert into dw.a select * from dw.b; select * from dw.a");
        assertThat(insert.created()).isEmpty();
        assertThat(names(insert.sources())).containsExactly("dw.b", "dw.a");
    }

    @Test
    void namePartsKeepTheDotsInsideQuotes() {
        TableName t = tables("SELECT * FROM \"my.db\".sales.\"order fact\"").reads().get(0);
        assertThat(t.parts()).containsExactly("my.db", "sales", "order fact");
        assertThat(tables("SELECT * FROM `tutorial`.`dbo`.`LU_DAY`").reads().get(0).parts())
                .containsExactly("tutorial", "dbo", "LU_DAY");
        assertThat(tables("SELECT * FROM [dw].[dbo].[t]").reads().get(0).parts()).containsExactly("dw", "dbo", "t");
        // Brackets are tried only when the text does not parse otherwise, so arrays keep working.
        assertThat(names(tables("SELECT tags[1] FROM shop.items WHERE tags[2] = 'x'").reads()))
                .containsExactly("shop.items");
        assertThat(((ParsedQuery.Unparsable) parser.parse("SELECT * FROM [dw].[t] WHERE")).reason())
                .startsWith("Encountered unexpected token");
        assertThat(tables("SELECT * FROM sales.t").reads().get(0).parts()).containsExactly("sales", "t");
        assertThat(tables("SELECT * FROM t").reads().get(0).parts()).containsExactly("t");
    }

    @Test
    void unparsableTextIsAResultNotAnException() {
        for (String sql : List.of("SELEC * FROM t", "SELECT * FROM WHERE", "this is not sql", "INSERT INTO", "")) {
            ParsedQuery q = parser.parse(sql);
            assertThat(q).as(sql).isInstanceOf(ParsedQuery.Unparsable.class);
            assertThat(((ParsedQuery.Unparsable) q).reason()).as(sql).isNotBlank().doesNotContain("\n");
        }
        assertThat(parser.parse(null)).isEqualTo(new ParsedQuery.Unparsable("empty statement"));
        assertThat(((ParsedQuery.Unparsable) parser.parse("SELECT * FROM WHERE")).reason())
                .startsWith("Encountered unexpected token").contains("line 1, column");
    }

    @Test
    void aTextThatTakesTooLongIsUnparsable() {
        StringBuilder sql = new StringBuilder("SELECT 1 FROM t0");
        for (int i = 1; i < 3_000; i++) {
            sql.append(" UNION SELECT ").append(i).append(" FROM t").append(i);
        }
        sql.append(" WHERE [a] = 1"); // a timeout is final: no second try with [bracket] names
        ParsedQuery q = new QueryParser(1).parse(sql.toString());
        assertThat(q).isInstanceOf(ParsedQuery.Unparsable.class);
        assertThat(((ParsedQuery.Unparsable) q).reason()).containsIgnoringCase("time");
    }

    @Test
    void touchedListsEachTableOnceWritesFirst() {
        assertThat(names(tables("INSERT INTO t SELECT * FROM t JOIN u ON true").touched())).containsExactly("t", "u");
    }
}
