package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaingest.toolkit.sql.ParsedQuery;
import io.metaingest.toolkit.sql.TableName;
import org.junit.jupiter.api.Test;

/** REFRESH MATERIALIZED VIEW names its view, as a write, in every form PostgreSQL accepts. */
class RefreshStatementTest {

    private static TableName view(String sql) {
        ParsedQuery.Tables tables = RefreshStatement.parse(sql).orElseThrow();
        assertThat(tables.reads()).isEmpty();
        assertThat(tables.created()).isEmpty();
        assertThat(tables.writes()).hasSize(1);
        return tables.writes().get(0);
    }

    @Test
    void theViewIsNamedAsWrittenWithItsPartsUnquoted() {
        assertThat(view("REFRESH MATERIALIZED VIEW analytics.monthly_revenue"))
                .isEqualTo(new TableName(null, "analytics", "monthly_revenue", "analytics.monthly_revenue"));
        assertThat(view("refresh materialized view concurrently mv with no data;"))
                .isEqualTo(new TableName(null, null, "mv", "mv"));
        assertThat(view("REFRESH MATERIALIZED VIEW shop.\"My Schema\".\"Odd\"\"View\" WITH DATA"))
                .isEqualTo(new TableName("shop", "My Schema", "Odd\"View", "shop.\"My Schema\".\"Odd\"\"View\""));
        assertThat(view("  REFRESH\n  MATERIALIZED VIEW\tsales.totals  ")).extracting(TableName::schemaAndName)
                .isEqualTo("sales.totals");
    }

    @Test
    void otherStatementsAreLeftToTheParser() {
        assertThat(RefreshStatement.parse("SELECT * FROM mv")).isEmpty();
        assertThat(RefreshStatement.parse("REFRESH MATERIALIZED VIEW mv; DELETE FROM t")).isEmpty();
        assertThat(RefreshStatement.parse("CREATE MATERIALIZED VIEW mv AS SELECT 1")).isEmpty();
        assertThat(RefreshStatement.parse(null)).isEmpty();
    }
}
