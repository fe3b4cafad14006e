package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaingest.connectors.postgres.CatalogRows.ColumnComment;
import io.metaingest.connectors.postgres.CatalogRows.ColumnRow;
import io.metaingest.connectors.postgres.CatalogRows.ColumnType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column types asked once per distinct type and typmod, on the connection that reads the catalog. */
class ColumnTypesTest {

    private final TestPg pg = TestPg.get();

    private static ColumnRow column(int attnum, long typid, int typmod) {
        return new ColumnRow(1, attnum, "c" + attnum, false, typid, typmod, null, null, null, null, true, null);
    }

    private static long oid(Connection c, String type) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT '" + type + "'::regtype::oid")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void domainsArraysAndTypmodsAreResolvedBetweenTheRowsOfAnOpenCursor() throws Exception {
        String db = pg.database("column_types", false,
                "CREATE DOMAIN code AS varchar(16); CREATE TABLE t (a code, b varchar(30)[], c numeric(12, 2))");
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false);
            long code = oid(c, "code");
            long varcharArray = oid(c, "varchar[]");
            long numeric = oid(c, "numeric");
            ColumnTypes types = new ColumnTypes(c, CatalogQueries.allTypes(SchemaScope.of(null)));
            // The fallback without an exported snapshot reads every cursor on the same connection.
            List<Integer> read = new ArrayList<>();
            try (Cursor<Integer> open = Cursor.open(c, "SELECT n FROM generate_series(1, 5000) n", rs -> rs.getInt(1))) {
                read.add(open.poll());
                types.learn(List.of(column(1, code, -1), column(2, varcharArray, 34), column(3, numeric, 786438),
                        column(4, numeric, 786438)));
                for (Integer n = open.poll(); n != null; n = open.poll()) {
                    read.add(n);
                }
            }
            assertThat(read).hasSize(5000).startsWith(1).endsWith(5000);

            ColumnType domain = types.of(column(9, code, -1));
            assertThat(domain.display()).isEqualTo("code");
            assertThat(domain.typname()).isEqualTo("varchar");
            assertThat(domain.typmod()).isEqualTo(20); // the domain's own varchar(16)
            ColumnType array = types.of(column(9, varcharArray, 34));
            assertThat(array.display()).isEqualTo("character varying(30)[]");
            assertThat(array.typcategory()).isEqualTo("A");
            assertThat(array.elemTypname()).isEqualTo("varchar");
            assertThat(types.of(column(9, numeric, 786438)).display()).isEqualTo("numeric(12,2)");
            assertThatThrownBy(() -> types.of(column(9, numeric, -1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("column c9");
        }
    }

    @Test
    void aTypeThatIsNotInTheCatalogFailsOnlyTheColumnThatUsesIt() throws Exception {
        String db = pg.database("column_types_missing", false, "SELECT 1");
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false);
            ColumnTypes types = new ColumnTypes(c, CatalogQueries.allTypes(SchemaScope.of(null)));
            types.learn(List.of(column(1, 4_000_000_000L, -1), column(2, oid(c, "int4"), -1)));
            assertThat(types.of(column(2, oid(c, "int4"), -1)).typname()).isEqualTo("int4");
            assertThatThrownBy(() -> types.of(column(1, 4_000_000_000L, -1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("4000000000");
        }
    }

    @Test
    void afterAFewTablesWithNewTypesEveryTypeOfTheScopeIsReadInOneQuery() throws Exception {
        int tables = ColumnTypes.LOOKUPS + 8;
        StringBuilder ddl = new StringBuilder();
        for (int i = 0; i < tables; i++) {
            ddl.append("CREATE TYPE e").append(i).append(" AS ENUM ('a'); CREATE TABLE t").append(i)
                    .append(" (v e").append(i).append(", n numeric(").append(i + 2).append(", 1));");
        }
        String db = pg.database("column_types_many", false, ddl.toString());
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false);
            ColumnTypes types = new ColumnTypes(c, CatalogQueries.allTypes(SchemaScope.of(null)));
            long numeric = oid(c, "numeric");
            for (int i = 0; i < tables; i++) {
                int typmod = ((i + 2) << 16) + 1 + 4;
                List<ColumnRow> table = List.of(column(1, oid(c, "e" + i), -1), column(2, numeric, typmod));
                types.learn(table);
                assertThat(types.of(table.get(0)).display()).isEqualTo("e" + i);
                assertThat(types.of(table.get(1)).display()).isEqualTo("numeric(" + (i + 2) + ",1)");
            }
            assertThat(types.queries()).isEqualTo(ColumnTypes.LOOKUPS + 1);
        }
    }

    @Test
    void columnsArePutInAttnumOrderAndGivenTheirComments() {
        List<ColumnRow> columns = new ArrayList<>(List.of(column(3, 23, -1), column(1, 23, -1), column(2, 23, -1)));
        List<ColumnRow> ordered = PostgresMetadataSource.inColumnOrder(columns,
                List.of(new ColumnComment(1, 2, "second"), new ColumnComment(1, 7, "dropped since")));
        assertThat(ordered).extracting(ColumnRow::attnum).containsExactly(1, 2, 3);
        assertThat(ordered).extracting(ColumnRow::comment).containsExactly(null, "second", null);
    }
}
