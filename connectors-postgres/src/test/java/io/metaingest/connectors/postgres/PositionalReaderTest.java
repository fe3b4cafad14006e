package io.metaingest.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows read by position, the positions found by label once per result set. */
class PositionalReaderTest {

    private final TestPg pg = TestPg.get();

    private record Pair(int a, String b) {
    }

    private static Cursor.RowMapper<Pair> reader() {
        return new CatalogRows.PositionalReader<>("a", "b") {
            @Override
            Pair read(ResultSet rs, int[] at) throws SQLException {
                return new Pair(rs.getInt(at[0]), rs.getString(at[1]));
            }
        };
    }

    private static <T> List<T> all(Connection c, String sql, Cursor.RowMapper<T> mapper) throws SQLException {
        try (Cursor<T> cursor = Cursor.open(c, sql, mapper)) {
            return cursor.stream().toList();
        }
    }

    @Test
    void oneReaderOverResultSetsWithTheirColumnsInAnotherOrder() throws Exception {
        String db = pg.database("positional_reader", false, "SELECT 1");
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false);
            Cursor.RowMapper<Pair> mapper = reader();
            assertThat(all(c, "SELECT n AS a, 'x' || n AS b FROM generate_series(1, 3) n", mapper))
                    .containsExactly(new Pair(1, "x1"), new Pair(2, "x2"), new Pair(3, "x3"));
            assertThat(all(c, "SELECT 'y' AS b, 7 AS ignored, 2 AS a", mapper)).containsExactly(new Pair(2, "y"));
        }
    }

    @Test
    void theCatalogReadersFindTheirColumnsInTheirQueries() throws Exception {
        String db = pg.database("positional_catalog", false,
                "CREATE TABLE p (id int PRIMARY KEY, name text NOT NULL); COMMENT ON COLUMN p.name IS 'who';"
                        + "CREATE TABLE c (id int REFERENCES p (id))");
        try (Connection c = pg.jdbc(db)) {
            c.setAutoCommit(false);
            SchemaScope scope = SchemaScope.of(null);
            List<CatalogRows.Relation> relations = all(c, CatalogQueries.relations(scope, true), CatalogRows.Relation.reader());
            assertThat(relations).extracting(CatalogRows.Relation::name).containsExactly("p", "c");
            List<CatalogRows.ColumnRow> columns = all(c, CatalogQueries.columns(scope, true), CatalogRows.ColumnRow.reader());
            assertThat(columns).extracting(CatalogRows.ColumnRow::name).containsExactly("id", "name", "id");
            assertThat(columns.get(1).notNull()).isTrue();
            assertThat(columns.get(1).typid()).isEqualTo(25L); // text
            assertThat(all(c, CatalogQueries.COLUMN_COMMENTS, CatalogRows.ColumnComment::read))
                    .containsExactly(new CatalogRows.ColumnComment(relations.get(0).oid(), 2, "who"));
            List<CatalogRows.ConstraintRow> constraints = all(c, CatalogQueries.constraints(scope, true),
                    CatalogRows.ConstraintRow.reader());
            assertThat(constraints).extracting(CatalogRows.ConstraintRow::type).containsExactly("p", "f");
            assertThat(constraints.get(1).refTable()).isEqualTo("p");
            assertThat(constraints.get(1).refColumns()).containsExactly("id");
        }
    }
}
