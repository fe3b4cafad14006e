package io.metaingest.connectors.microstrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Source tables out of MicroStrategy's SQL views. */
class CubeSqlTest {

    @Test
    void everyFixtureCubeParsesToItsSourceTables() throws Exception {
        MstrFixtures fixtures = MstrFixtures.standard();
        assertThat(CubeSql.sourceTables(fixtures.cubes.get("retail").sqlView())).containsExactly(
                List.of("warehouse", "sales", "lu_category"), List.of("warehouse", "sales", "order_fact"));
        assertThat(CubeSql.sourceTables(fixtures.cubes.get("inventory").sqlView())).containsExactly(
                List.of("warehouse", "inventory", "inventory_q1"), List.of("warehouse", "inventory", "lu_item"));
        assertThat(CubeSql.sourceTables(fixtures.cubes.get("unqualified").sqlView())).containsExactly(
                List.of("ITEM_EMP_SLS"), List.of("sales", "LU_CALL_CTR"));
        assertThat(CubeSql.sourceTables(fixtures.cubes.get("ffsql").freeFormSql())).containsExactly(
                List.of("hr", "payroll", "salaries"));
    }

    @Test
    void backtickQuotedNamesAndEngineNotesAsInTheVendorDocs() throws Exception {
        String sql = "select\tdistinct `pa11`.`MONTH_OF_YEAR`  `MONTH_OF_YEAR`\nfrom\t`tutorial`.`dbo`.`ORDER_DETAIL`\t`a11`\n"
                + "\tjoin\t`tutorial`.`dbo`.`LU_DAY`\t`a12`\n\t  on \t(`a11`.`ORDER_DATE` = `a12`.`DAY_DATE`)\n\n"
                + "[Analytical engine calculation steps:\n\t1.  Calculate metric: <Cost Growth>\n\t2.  Perform cross-tabbing\n]\n";
        assertThat(CubeSql.withoutEngineNotes(sql)).doesNotContain("Analytical engine");
        assertThat(CubeSql.sourceTables(sql)).containsExactly(List.of("tutorial", "dbo", "LU_DAY"),
                List.of("tutorial", "dbo", "ORDER_DETAIL"));
    }

    @Test
    void quotedPartsKeepTheirDots() throws Exception {
        assertThat(CubeSql.sourceTables("select * from \"my.db\".sales.\"order fact\""))
                .containsExactly(List.of("my.db", "sales", "order fact"));
        assertThat(CubeSql.sourceTables("select a11.x from [dw].[dbo].[t] a11")).containsExactly(List.of("dw", "dbo", "t"));
    }

    @Test
    void textThatIsNotSqlIsAParseError() {
        assertThatThrownBy(() -> CubeSql.sourceTables("this is not ( sql")).isInstanceOf(CubeSql.UnparsableSqlException.class);
    }
}
