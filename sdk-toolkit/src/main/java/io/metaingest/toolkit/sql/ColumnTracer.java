package io.metaingest.toolkit.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Follows columns through a parsed statement: which source columns feed each column a statement
 * writes ({@link #written}), and which columns its joins compare ({@link #joins}). Table aliases,
 * column aliases, common table expressions and subqueries in FROM are followed to the tables they
 * read; an expression (a function, CASE, arithmetic) comes from every column it uses; UNION branches
 * are merged by position. {@code *} and {@code t.*} are expanded with the {@link ColumnCatalog} only.
 * A column that cannot be traced to exactly one relation (unknown, or ambiguous among several) is
 * left out, and a select list that cannot be lined up ({@code *} of an unknown table) gives no
 * column lineage at all: nothing is guessed. Subqueries inside expressions are not followed, except
 * the scalar subquery an UPDATE's SET assigns from.
 */
final class ColumnTracer {

    /** A column of a select's output: its name (null when unnamed) and the columns it comes from. */
    private record Output(String name, boolean quoted, Set<ColumnName> sources) {
    }

    /**
     * A relation of a FROM clause: a table ({@code table} set), or a subquery or common table
     * expression ({@code table} null); {@code columns} null when unknown.
     */
    private record Relation(String alias, TableName table, List<Output> columns) {
    }

    private final ColumnCatalog catalog;

    ColumnTracer(ColumnCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * For each table {@code statement} fills from a query (INSERT ... SELECT, CREATE TABLE AS, SELECT INTO)
     * or from other tables (UPDATE's SET, MERGE's UPDATE and INSERT), its column sources.
     */
    List<WrittenColumns> written(Statement statement) {
        if (statement instanceof Insert insert && insert.getSelect() != null && insert.getTable() != null) {
            Map<String, Relation> ctes = ctes(insert.getWithItemsList(), Map.of());
            List<Output> outputs = outputs(insert.getSelect(), ctes);
            TableName target = QueryParser.tableName(insert.getTable());
            List<ColumnName> columns = new ArrayList<>();
            if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
                insert.getColumns().forEach(c -> columns.add(column(target, c.getColumnName())));
            } else {
                catalog.columns(target).orElse(List.of()).forEach(name -> columns.add(new ColumnName(target, name, true)));
            }
            return one(target, columns, outputs, outputs != null && outputs.size() <= columns.size());
        }
        if (statement instanceof CreateTable create && create.getSelect() != null && create.getTable() != null) {
            return named(QueryParser.tableName(create.getTable()), create.getColumns(), outputs(create.getSelect(), Map.of()));
        }
        if (statement instanceof PlainSelect plain && plain.getIntoTables() != null && plain.getIntoTables().size() == 1) {
            return named(QueryParser.tableName(plain.getIntoTables().get(0)), null, outputs(plain, Map.of()));
        }
        if (statement instanceof Update update && update.getTable() != null && update.getUpdateSets() != null) {
            return updated(update);
        }
        if (statement instanceof Merge merge && merge.getTable() != null && merge.getFromItem() != null
                && merge.getOperations() != null) {
            return merged(merge);
        }
        return List.of();
    }

    /**
     * UPDATE's SET columns from the other tables it reads (UPDATE ... FROM, MySQL's UPDATE ... JOIN,
     * a scalar subquery): {@code UPDATE t SET a = s.x FROM s} gives {@code s.x -> t.a}. The target's
     * own columns ({@code SET a = a + 1}) are no lineage.
     */
    private List<WrittenColumns> updated(Update update) {
        Map<String, Relation> ctes = ctes(update.getWithItemsList(), Map.of());
        TableName target = QueryParser.tableName(update.getTable());
        List<Relation> relations = new ArrayList<>();
        relations.add(relation(update.getTable(), ctes));
        joined(update.getStartJoins(), relations, ctes);
        if (update.getFromItem() != null) {
            relations.add(relation(update.getFromItem(), ctes));
        }
        joined(update.getJoins(), relations, ctes);
        Map<ColumnName, Set<ColumnName>> sources = new LinkedHashMap<>();
        for (UpdateSet set : update.getUpdateSets()) {
            assigned(target, set, relations, ctes, sources);
        }
        return fed(target, sources);
    }

    /**
     * MERGE's columns from its USING relation: the SET of each WHEN MATCHED THEN UPDATE and the VALUES
     * of each WHEN NOT MATCHED THEN INSERT (lined up with its column list, or the catalog's columns).
     */
    private List<WrittenColumns> merged(Merge merge) {
        Map<String, Relation> ctes = ctes(merge.getWithItemsList(), Map.of());
        TableName target = QueryParser.tableName(merge.getTable());
        List<Relation> relations = List.of(relation(merge.getTable(), ctes), relation(merge.getFromItem(), ctes));
        Map<ColumnName, Set<ColumnName>> sources = new LinkedHashMap<>();
        for (MergeOperation operation : merge.getOperations()) {
            if (operation instanceof MergeUpdate update && update.getUpdateSets() != null) {
                for (UpdateSet set : update.getUpdateSets()) {
                    assigned(target, set, relations, ctes, sources);
                }
            } else if (operation instanceof MergeInsert insert && insert.getValues() != null) {
                List<ColumnName> columns = new ArrayList<>();
                if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
                    insert.getColumns().forEach(c -> columns.add(column(target, c.getColumnName())));
                } else {
                    catalog.columns(target).orElse(List.of()).forEach(n -> columns.add(new ColumnName(target, n, true)));
                }
                List<? extends Expression> values = insert.getValues();
                if (values.size() == columns.size()) {
                    for (int i = 0; i < values.size(); i++) {
                        add(sources, columns.get(i), valueSources(values.get(i), relations, ctes), target);
                    }
                }
            }
        }
        return fed(target, sources);
    }

    private void joined(List<Join> joins, List<Relation> relations, Map<String, Relation> ctes) {
        if (joins != null) {
            joins.forEach(j -> relations.add(relation(j.getFromItem(), ctes)));
        }
    }

    /**
     * One SET item's sources: {@code a = expr} each, or {@code (a, b) = (SELECT x, y ...)} by position; a
     * list that does not line up gives none.
     */
    private void assigned(TableName target, UpdateSet set, List<Relation> relations, Map<String, Relation> ctes,
                          Map<ColumnName, Set<ColumnName>> sources) {
        List<Column> columns = set.getColumns() == null ? List.of() : set.getColumns();
        List<? extends Expression> values = set.getValues() == null ? List.of() : set.getValues();
        if (columns.size() > 1 && values.size() == 1 && values.get(0) instanceof ParenthesedSelect sub) {
            List<Output> outputs = sub.getSelect() == null ? null : outputs(sub.getSelect(), ctes);
            if (outputs != null && outputs.size() == columns.size()) {
                for (int i = 0; i < columns.size(); i++) {
                    add(sources, column(target, columns.get(i).getColumnName()), outputs.get(i).sources(), target);
                }
            }
            return;
        }
        if (values.size() == columns.size()) {
            for (int i = 0; i < columns.size(); i++) {
                add(sources, column(target, columns.get(i).getColumnName()),
                        valueSources(values.get(i), relations, ctes), target);
            }
        }
    }

    /** The columns a value comes from: a scalar subquery's one output, or the columns the expression uses. */
    private Set<ColumnName> valueSources(Expression value, List<Relation> relations, Map<String, Relation> ctes) {
        if (value instanceof ParenthesedSelect sub) {
            List<Output> outputs = sub.getSelect() == null ? null : outputs(sub.getSelect(), ctes);
            return outputs != null && outputs.size() == 1 ? outputs.get(0).sources() : Set.of();
        }
        Set<ColumnName> out = new LinkedHashSet<>();
        columnsOf(value).forEach(c -> out.addAll(resolve(c, relations)));
        return out;
    }

    /** Adds {@code from} to {@code to}'s sources, without the written table's own columns. */
    private static void add(Map<ColumnName, Set<ColumnName>> sources, ColumnName to, Set<ColumnName> from,
                            TableName target) {
        Set<ColumnName> others = new LinkedHashSet<>();
        from.stream().filter(c -> !c.table().written().equals(target.written())).forEach(others::add);
        if (!others.isEmpty()) {
            sources.computeIfAbsent(to, k -> new LinkedHashSet<>()).addAll(others);
        }
    }

    private static List<WrittenColumns> fed(TableName target, Map<ColumnName, Set<ColumnName>> sources) {
        return sources.isEmpty() ? List.of() : List.of(new WrittenColumns(target, sources));
    }

    /** A created table's columns: those the statement lists, or the select's output names. */
    private List<WrittenColumns> named(TableName target, List<String> listed, List<Output> outputs) {
        if (outputs == null) {
            return List.of();
        }
        List<ColumnName> columns = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Output out = outputs.get(i);
            if (listed != null && !listed.isEmpty()) {
                columns.add(i < listed.size() ? column(target, listed.get(i)) : null);
            } else {
                columns.add(out.name() == null ? null : new ColumnName(target, out.name(), out.quoted()));
            }
        }
        return one(target, columns, outputs, listed == null || listed.isEmpty() || listed.size() == outputs.size());
    }

    /** Lines {@code outputs} up with {@code columns} by position; nothing when {@code aligned} is false. */
    private static List<WrittenColumns> one(TableName target, List<ColumnName> columns, List<Output> outputs,
                                            boolean aligned) {
        if (outputs == null || !aligned) {
            return List.of();
        }
        Map<ColumnName, Set<ColumnName>> sources = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            ColumnName to = columns.get(i);
            if (to != null && !outputs.get(i).sources().isEmpty()) {
                sources.computeIfAbsent(to, k -> new LinkedHashSet<>()).addAll(outputs.get(i).sources());
            }
        }
        return sources.isEmpty() ? List.of() : List.of(new WrittenColumns(target, sources));
    }

    /**
     * The join conditions of one SELECT: {@code a.x = b.y} in its ON and WHERE clauses, and the columns of
     * {@code USING (...)}, between columns traced to two different table columns.
     */
    List<ColumnJoin> joins(PlainSelect plain) {
        List<Relation> relations = new ArrayList<>();
        List<ColumnJoin> out = new ArrayList<>();
        if (plain.getFromItem() == null) {
            return out;
        }
        relations.add(relation(plain.getFromItem(), Map.of()));
        List<Expression> conditions = new ArrayList<>();
        for (Join join : plain.getJoins() == null ? List.<Join>of() : plain.getJoins()) {
            Relation right = relation(join.getFromItem(), Map.of());
            if (join.getUsingColumns() != null) {
                for (Column using : join.getUsingColumns()) {
                    Optional<ColumnName> l = single(resolve(unqualified(using), relations));
                    Optional<ColumnName> r = single(resolve(unqualified(using), List.of(right)));
                    if (l.isPresent() && r.isPresent() && !l.get().equals(r.get())) {
                        out.add(new ColumnJoin(l.get(), r.get()));
                    }
                }
            }
            relations.add(right);
            if (join.getOnExpressions() != null) {
                conditions.addAll(join.getOnExpressions());
            }
        }
        if (plain.getWhere() != null) {
            conditions.add(plain.getWhere());
        }
        for (Expression condition : conditions) {
            for (EqualsTo equals : equalities(condition)) {
                if (equals.getLeftExpression() instanceof Column a && equals.getRightExpression() instanceof Column b
                        && a.getTable() != null && b.getTable() != null) {
                    Optional<ColumnName> l = single(resolve(a, relations));
                    Optional<ColumnName> r = single(resolve(b, relations));
                    if (l.isPresent() && r.isPresent() && !l.get().equals(r.get())) {
                        out.add(new ColumnJoin(l.get(), r.get()));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<ColumnName> single(Set<ColumnName> columns) {
        return columns.size() == 1 ? Optional.of(columns.iterator().next()) : Optional.empty();
    }

    private static Column unqualified(Column column) {
        return new Column(column.getColumnName());
    }

    /** The common table expressions of a WITH list, each seeing those before it. */
    private Map<String, Relation> ctes(List<WithItem<?>> items, Map<String, Relation> outer) {
        if (items == null || items.isEmpty()) {
            return outer;
        }
        Map<String, Relation> ctes = new LinkedHashMap<>(outer);
        for (WithItem<?> item : items) {
            String name = key(item.getAliasName());
            List<Output> outputs = item.getSelect() == null ? null : outputs(item.getSelect(), ctes);
            if (outputs != null && item.getWithItemList() != null && !item.getWithItemList().isEmpty()) {
                outputs = renamed(outputs, item.getWithItemList().stream().map(i -> i.getExpression().toString()).toList());
            }
            ctes.put(name, new Relation(name, null, outputs));
        }
        return ctes;
    }

    /** Outputs renamed by position ({@code WITH c (a, b) AS ...}); null when the counts differ. */
    private static List<Output> renamed(List<Output> outputs, List<String> names) {
        if (names.size() != outputs.size()) {
            return null;
        }
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Output(QueryParser.unquote(names.get(i)), quoted(names.get(i)), outputs.get(i).sources()));
        }
        return out;
    }

    /** The output columns of a query, or null when they cannot be lined up. */
    private List<Output> outputs(Select select, Map<String, Relation> outer) {
        Map<String, Relation> ctes = ctes(select.getWithItemsList(), outer);
        if (select instanceof ParenthesedSelect parenthesed) {
            return parenthesed.getSelect() == null ? null : outputs(parenthesed.getSelect(), ctes);
        }
        if (select instanceof SetOperationList union) {
            List<Output> merged = null;
            for (Select branch : union.getSelects()) {
                List<Output> outputs = outputs(branch, ctes);
                if (outputs == null || merged != null && merged.size() != outputs.size()) {
                    return null;
                }
                if (merged == null) {
                    merged = new ArrayList<>(outputs);
                } else {
                    for (int i = 0; i < merged.size(); i++) {
                        Set<ColumnName> sources = new LinkedHashSet<>(merged.get(i).sources());
                        sources.addAll(outputs.get(i).sources());
                        merged.set(i, new Output(merged.get(i).name(), merged.get(i).quoted(), sources));
                    }
                }
            }
            return merged;
        }
        if (!(select instanceof PlainSelect plain)) {
            return null; // VALUES and the like: no columns read
        }
        List<Relation> relations = new ArrayList<>();
        if (plain.getFromItem() != null) {
            relations.add(relation(plain.getFromItem(), ctes));
        }
        if (plain.getJoins() != null) {
            plain.getJoins().forEach(j -> relations.add(relation(j.getFromItem(), ctes)));
        }
        List<Output> outputs = new ArrayList<>();
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns all) {
                Relation r = find(all.getTable(), relations);
                if (r == null || r.columns() == null) {
                    return null;
                }
                outputs.addAll(r.columns());
            } else if (e instanceof AllColumns) {
                for (Relation r : relations) {
                    if (r.columns() == null) {
                        return null;
                    }
                    outputs.addAll(r.columns());
                }
            } else {
                Set<ColumnName> sources = new LinkedHashSet<>();
                columnsOf(e).forEach(c -> sources.addAll(resolve(c, relations)));
                Alias alias = item.getAlias();
                String written = alias != null ? alias.getName() : e instanceof Column c ? c.getColumnName() : null;
                outputs.add(new Output(written == null ? null : QueryParser.unquote(written), quoted(written), sources));
            }
        }
        return outputs;
    }

    /** A FROM item as a relation: a table (or a common table expression of that name), a subquery, or unknown. */
    private Relation relation(FromItem item, Map<String, Relation> ctes) {
        String alias = item.getAlias() == null ? null : key(item.getAlias().getName());
        if (item instanceof Table table) {
            Relation cte = table.getSchemaName() == null ? ctes.get(key(table.getName())) : null;
            if (cte != null) {
                return new Relation(alias != null ? alias : cte.alias(), null, cte.columns());
            }
            TableName name = QueryParser.tableName(table);
            List<Output> columns = catalog.columns(name).map(names -> names.stream()
                    .map(n -> new Output(n, true, Set.of(new ColumnName(name, n, true)))).toList()).orElse(null);
            return new Relation(alias != null ? alias : key(table.getName()), name, columns);
        }
        if (item instanceof ParenthesedSelect sub) {
            return new Relation(alias, null, sub.getSelect() == null ? null : outputs(sub.getSelect(), ctes));
        }
        return new Relation(alias, null, null);
    }

    /** The relation a qualifier names: by alias, or by the table's name (and schema, when given). */
    private static Relation find(Table qualifier, List<Relation> relations) {
        if (qualifier == null || qualifier.getName() == null) {
            return null;
        }
        String name = key(qualifier.getName());
        String schema = qualifier.getSchemaName() == null ? null : QueryParser.unquote(qualifier.getSchemaName());
        Relation found = null;
        for (Relation r : relations) {
            boolean match = name.equals(r.alias()) && (schema == null || r.table() != null
                    && r.table().schema() != null && r.table().schema().equalsIgnoreCase(schema));
            if (match) {
                if (found != null) {
                    return null; // two relations answer to the name: ambiguous
                }
                found = r;
            }
        }
        return found;
    }

    /** The source columns {@code column} names among {@code relations}: one table column, an output's sources, or none. */
    private static Set<ColumnName> resolve(Column column, List<Relation> relations) {
        String name = QueryParser.unquote(column.getColumnName());
        if (name == null) {
            return Set.of();
        }
        boolean quoted = quoted(column.getColumnName());
        if (column.getTable() != null && column.getTable().getName() != null) {
            Relation r = find(column.getTable(), relations);
            if (r == null) {
                return Set.of();
            }
            if (r.columns() == null) {
                return r.table() == null ? Set.of() : Set.of(new ColumnName(r.table(), name, quoted));
            }
            return named(r, name, quoted).map(Output::sources).orElse(Set.of());
        }
        Output match = null;
        int matches = 0;
        List<Relation> unknown = new ArrayList<>();
        for (Relation r : relations) {
            if (r.columns() == null) {
                unknown.add(r);
            } else {
                Optional<Output> o = named(r, name, quoted);
                if (o.isPresent()) {
                    match = o.get();
                    matches++;
                }
            }
        }
        if (matches == 1 && unknown.isEmpty()) {
            return match.sources();
        }
        if (matches == 0 && unknown.size() == 1 && unknown.get(0).table() != null) {
            return Set.of(new ColumnName(unknown.get(0).table(), name, quoted)); // the one table it can be in
        }
        return Set.of();
    }

    private static Optional<Output> named(Relation r, String name, boolean quoted) {
        List<Output> found = r.columns().stream().filter(o -> o.name() != null
                && ColumnName.sameName(o.name(), o.quoted(), name, quoted)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** The columns an expression uses, without those of subqueries inside it (they read their own tables). */
    private static List<Column> columnsOf(Expression e) {
        List<Column> out = new ArrayList<>();
        e.accept(new Walker() {
            @Override
            public <S> Void visit(Column column, S context) {
                out.add(column);
                return null;
            }
        }, null);
        return out;
    }

    private static List<EqualsTo> equalities(Expression e) {
        List<EqualsTo> out = new ArrayList<>();
        e.accept(new Walker() {
            @Override
            public <S> Void visit(EqualsTo equals, S context) {
                out.add(equals);
                return super.visit(equals, context);
            }
        }, null);
        return out;
    }

    /** JSqlParser's expression walker, kept out of subqueries. */
    private static class Walker extends ExpressionVisitorAdapter<Void> {
        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            return null;
        }

        @Override
        public <S> Void visit(Select select, S context) {
            return null;
        }
    }

    private static boolean quoted(String written) {
        return written != null && !written.isEmpty() && "\"`[".indexOf(written.charAt(0)) >= 0;
    }

    private static ColumnName column(TableName table, String written) {
        return new ColumnName(table, QueryParser.unquote(written), quoted(written));
    }

    /** A relation name or alias as compared: unquoted, and lower-cased unless quoted. */
    private static String key(String written) {
        String name = QueryParser.unquote(written);
        return name == null ? null : quoted(written) ? name : name.toLowerCase(Locale.ROOT);
    }
}
