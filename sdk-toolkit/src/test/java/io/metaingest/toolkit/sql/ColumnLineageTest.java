package io.metaingest.toolkit.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The source columns of each written column, as {@link QueryParser#columnLineage} traces them. */
class ColumnLineageTest {

    private final QueryParser parser = new QueryParser();

    /** A catalog of a few tables; names are the tables' written names. */
    private static final Map<String, List<String>> TABLES = Map.of(
            "s", List.of("x", "y", "z"),
            "t", List.of("a", "b", "c"),
            "orders", List.of("id", "customer_id", "total"),
            "customers", List.of("id", "name"));
    private static final ColumnCatalog CATALOG = table -> Optional.ofNullable(TABLES.get(table.written()));

    /** {@code target.column -> [table.column, ...]}, sorted, for one statement. */
    private Map<String, List<String>> lineage(String sql, ColumnCatalog catalog) {
        Map<String, List<String>> out = new TreeMap<>();
        for (WrittenColumns written : parser.columnLineage(sql, catalog)) {
            written.sources().forEach((to, from) -> out.put(written.table().written() + "." + to.name(),
                    from.stream().map(c -> c.table().written() + "." + c.name()).sorted().toList()));
        }
        return out;
    }

    @Test
    void insertWithAColumnListTakesEachSelectedExpressionsColumns() {
        assertThat(lineage("INSERT INTO t(a, b) SELECT x, y + z FROM s", ColumnCatalog.NONE))
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y", "s.z")));
    }

    @Test
    void insertWithoutAColumnListLinesUpWithTheTargetsColumnsFromTheCatalogOnly() {
        assertThat(lineage("INSERT INTO t SELECT x, y FROM s", CATALOG))
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y")));
        assertThat(lineage("INSERT INTO t SELECT x, y FROM s", ColumnCatalog.NONE)).isEmpty();
        assertThat(lineage("INSERT INTO t SELECT x, y, z, x FROM s", CATALOG)).as("more values than columns").isEmpty();
    }

    @Test
    void createTableAsNamesColumnsByAliasOrColumnAndFollowsTableAliases() {
        assertThat(lineage("CREATE TABLE report AS SELECT o.id AS order_id, upper(c.name) AS who, o.total,"
                + " o.total * 2 FROM orders o JOIN customers c ON c.id = o.customer_id", ColumnCatalog.NONE))
                .as("an expression without a name is left out")
                .isEqualTo(Map.of("report.order_id", List.of("orders.id"), "report.who", List.of("customers.name"),
                        "report.total", List.of("orders.total")));
        assertThat(lineage("CREATE TABLE report (k, v) AS SELECT x, y FROM s", ColumnCatalog.NONE))
                .isEqualTo(Map.of("report.k", List.of("s.x"), "report.v", List.of("s.y")));
    }

    @Test
    void selectIntoCreatesTheTableFromTheSelectedColumns() {
        assertThat(lineage("SELECT x AS k, coalesce(y, z) AS v INTO archive FROM s", ColumnCatalog.NONE))
                .isEqualTo(Map.of("archive.k", List.of("s.x"), "archive.v", List.of("s.y", "s.z")));
    }

    @Test
    void caseAndFunctionsOverSeveralColumnsComeFromAllOfThem() {
        assertThat(lineage("INSERT INTO t (a) SELECT CASE WHEN s.x > 0 THEN s.y ELSE lower(s.z) END FROM s",
                ColumnCatalog.NONE)).isEqualTo(Map.of("t.a", List.of("s.x", "s.y", "s.z")));
    }

    @Test
    void commonTableExpressionsAndSubqueriesArePassedThroughToTheirTables() {
        assertThat(lineage("WITH big AS (SELECT id AS oid, total FROM orders WHERE total > 100)"
                + " INSERT INTO t (a, b) SELECT q.oid, q.total FROM (SELECT oid, total FROM big) q", ColumnCatalog.NONE))
                .isEqualTo(Map.of("t.a", List.of("orders.id"), "t.b", List.of("orders.total")));
        assertThat(lineage("INSERT INTO t (a) WITH c (k) AS (SELECT x FROM s) SELECT k FROM c", ColumnCatalog.NONE))
                .isEqualTo(Map.of("t.a", List.of("s.x")));
    }

    @Test
    void unionBranchesAreMergedByPosition() {
        assertThat(lineage("INSERT INTO t (a, b) SELECT x, y FROM s UNION ALL SELECT id, name FROM customers",
                ColumnCatalog.NONE)).isEqualTo(Map.of("t.a", List.of("customers.id", "s.x"),
                "t.b", List.of("customers.name", "s.y")));
    }

    @Test
    void starsAreExpandedOnlyWhenTheCatalogKnowsTheTable() {
        assertThat(lineage("INSERT INTO t SELECT * FROM s", CATALOG))
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y"), "t.c", List.of("s.z")));
        assertThat(lineage("CREATE TABLE copy AS SELECT c.*, o.total FROM customers c JOIN orders o"
                + " ON o.customer_id = c.id", CATALOG)).isEqualTo(Map.of("copy.id", List.of("customers.id"),
                "copy.name", List.of("customers.name"), "copy.total", List.of("orders.total")));
        assertThat(lineage("INSERT INTO t (a, b) SELECT *, x FROM s", ColumnCatalog.NONE)).as("cannot be lined up")
                .isEmpty();
    }

    @Test
    void unresolvableOrAmbiguousColumnsAreLeftOutNeverGuessed() {
        // Two tables and no catalog: "x" could be either's.
        assertThat(lineage("INSERT INTO t (a, b) SELECT x, o.total FROM s JOIN orders o ON o.id = s.y",
                ColumnCatalog.NONE)).isEqualTo(Map.of("t.b", List.of("orders.total")));
        // With the catalog "x" is only s's, and "id" is both tables': left out.
        assertThat(lineage("INSERT INTO t (a, b) SELECT x, id FROM s JOIN customers c ON c.name = s.y "
                + "JOIN orders o ON o.customer_id = c.id", CATALOG)).isEqualTo(Map.of("t.a", List.of("s.x")));
        assertThat(lineage("INSERT INTO t (a) SELECT nosuch.x FROM s", ColumnCatalog.NONE)).isEmpty();
        assertThat(lineage("INSERT INTO t (a) SELECT 1", ColumnCatalog.NONE)).isEmpty();
        assertThat(lineage("INSERT INTO t VALUES (1, 2)", CATALOG)).isEmpty();
        assertThat(lineage("INSERT INTO t (a) SELECT (SELECT max(x) FROM s)", ColumnCatalog.NONE))
                .as("a subquery in an expression is not followed").isEmpty();
        assertThat(parser.columnLineage("INSERT INTO t SELECT FROM WHERE", CATALOG)).isEmpty();
        assertThat(parser.columnLineage(null, CATALOG)).isEmpty();
    }

    @Test
    void updateSetsColumnsFromTheOtherTablesItReadsNeverFromItsOwn() {
        assertThat(lineage("UPDATE t SET a = s.x, b = b + s.y, c = 0 FROM s WHERE s.z = t.c", ColumnCatalog.NONE))
                .as("FROM; the target's own b and a constant are no sources")
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y")));
        assertThat(lineage("UPDATE t AS tt SET a = x FROM s ss WHERE ss.z = tt.c", CATALOG))
                .as("unqualified, resolved by the catalog through aliases").isEqualTo(Map.of("t.a", List.of("s.x")));
        assertThat(lineage("UPDATE t SET a = x FROM s WHERE s.z = t.c", ColumnCatalog.NONE))
                .as("unqualified among two unknown tables: left out").isEmpty();
        assertThat(lineage("UPDATE t JOIN s ON s.z = t.c SET t.a = s.x", ColumnCatalog.NONE))
                .as("MySQL's UPDATE ... JOIN").isEqualTo(Map.of("t.a", List.of("s.x")));
        assertThat(lineage("UPDATE t SET a = (SELECT max(x) FROM s WHERE s.z = t.c)", ColumnCatalog.NONE))
                .as("a scalar subquery").isEqualTo(Map.of("t.a", List.of("s.x")));
        assertThat(lineage("UPDATE t SET (a, b) = (SELECT x, y FROM s WHERE s.z = t.c)", ColumnCatalog.NONE))
                .as("a row of columns from one subquery, by position")
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y")));
        assertThat(lineage("WITH big AS (SELECT id, total FROM orders) UPDATE t SET a = big.total FROM big"
                + " WHERE big.id = t.c", ColumnCatalog.NONE)).as("through a CTE")
                .isEqualTo(Map.of("t.a", List.of("orders.total")));
        assertThat(lineage("UPDATE t SET a = a + 1", CATALOG)).as("only its own columns").isEmpty();
    }

    @Test
    void mergeTakesTheUpdatedAndInsertedColumnsFromItsUsingRelation() {
        assertThat(lineage("MERGE INTO t USING s ON t.a = s.x WHEN MATCHED THEN UPDATE SET b = s.y"
                + " WHEN NOT MATCHED THEN INSERT (a, b, c) VALUES (s.x, s.y, s.z || 'n')", ColumnCatalog.NONE))
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y"), "t.c", List.of("s.z")));
        assertThat(lineage("MERGE INTO t AS tgt USING (SELECT id AS k, total FROM orders) AS src ON tgt.a = src.k"
                + " WHEN MATCHED THEN UPDATE SET c = tgt.c + src.total", ColumnCatalog.NONE))
                .as("a subquery's outputs, through its alias; the target's own column is no source")
                .isEqualTo(Map.of("t.c", List.of("orders.total")));
        assertThat(lineage("MERGE INTO t USING s ON t.a = s.x WHEN NOT MATCHED THEN INSERT VALUES (s.x, s.y, s.z)",
                CATALOG)).as("no column list: the catalog's columns")
                .isEqualTo(Map.of("t.a", List.of("s.x"), "t.b", List.of("s.y"), "t.c", List.of("s.z")));
        assertThat(lineage("MERGE INTO t USING s ON t.a = s.x WHEN NOT MATCHED THEN INSERT VALUES (s.x, s.y, s.z)",
                ColumnCatalog.NONE)).as("no column list and no catalog").isEmpty();
        assertThat(lineage("MERGE INTO t USING s ON t.a = s.x WHEN MATCHED THEN DELETE", ColumnCatalog.NONE)).isEmpty();
    }

    @Test
    void quotedNamesAreKeptExactAndMarkedSo() {
        WrittenColumns written = parser.columnLineage("INSERT INTO t (\"A b\", c) SELECT s.\"X\", Y FROM s",
                ColumnCatalog.NONE).get(0);
        assertThat(written.sources().keySet()).extracting(ColumnName::name, ColumnName::quoted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A b", true), org.assertj.core.groups.Tuple.tuple("c", false));
        assertThat(written.sources().values().stream().flatMap(java.util.Set::stream)
                .map(c -> c.name() + ":" + c.quoted()).collect(Collectors.toList())).containsExactly("X:true", "Y:false");
    }
}
