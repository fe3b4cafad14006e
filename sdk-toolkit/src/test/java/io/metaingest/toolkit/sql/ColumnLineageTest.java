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
    void quotedNamesAreKeptExactAndMarkedSo() {
        WrittenColumns written = parser.columnLineage("INSERT INTO t (\"A b\", c) SELECT s.\"X\", Y FROM s",
                ColumnCatalog.NONE).get(0);
        assertThat(written.sources().keySet()).extracting(ColumnName::name, ColumnName::quoted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A b", true), org.assertj.core.groups.Tuple.tuple("c", false));
        assertThat(written.sources().values().stream().flatMap(java.util.Set::stream)
                .map(c -> c.name() + ":" + c.quoted()).collect(Collectors.toList())).containsExactly("X:true", "Y:false");
    }
}
