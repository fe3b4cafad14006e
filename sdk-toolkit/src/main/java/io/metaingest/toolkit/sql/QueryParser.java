package io.metaingest.toolkit.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Finds the tables a SQL statement reads and writes, with a real SQL parser (JSqlParser), never with
 * regular expressions: see {@link ParsedQuery.Tables} for what counts as a read and a write. A text
 * of several statements separated by {@code ;} is analysed as a whole (the union of its statements);
 * {@link ParsedQuery.Tables#sources()} leaves out the tables such a script creates and then reads.
 * Names may be quoted with {@code "}, {@code `} or, when the text does not parse otherwise, {@code []}.
 * Names are returned as written; resolving an unqualified name (search_path, default schema) is the
 * caller's business, since only the server knows it.
 *
 * <p>Parsing never throws: a statement the parser cannot read, or one that takes longer than the
 * time limit (some inputs make any backtracking parser slow), is a {@link ParsedQuery.Unparsable}
 * with one line saying why. Thread-safe: instances hold no state between calls.
 *
 * <pre>{@code
 * ParsedQuery q = new QueryParser().parse("INSERT INTO sales.totals SELECT * FROM sales.orders");
 * if (q instanceof ParsedQuery.Tables t) {
 *     t.writes(); // [sales.totals]
 *     t.reads();  // [sales.orders]
 * } else if (q instanceof ParsedQuery.Unparsable u) {
 *     status.warning(name, "cannot parse: " + u.reason());
 * }
 * }</pre>
 */
public final class QueryParser {

    /** How long one text may take to parse before it is given up as unparsable. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 5_000;

    /** Longest reason kept from the parser's message: enough to say where it stopped. */
    private static final int REASON_LENGTH = 300;

    private final long timeoutMillis;

    /** A parser with {@link #DEFAULT_TIMEOUT_MILLIS}. */
    public QueryParser() {
        this(DEFAULT_TIMEOUT_MILLIS);
    }

    /** A parser that gives up on a text after {@code timeoutMillis}. */
    public QueryParser(long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive: " + timeoutMillis);
        }
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * The tables {@code sql} reads and writes, or why it cannot be parsed.
     *
     * @param sql one statement (or several separated by {@code ;}); may be null
     */
    public ParsedQuery parse(String sql) {
        if (sql == null || sql.isBlank()) {
            return new ParsedQuery.Unparsable("empty statement");
        }
        Statements statements;
        try {
            statements = read(sql);
        } catch (Unreadable e) {
            return new ParsedQuery.Unparsable(e.getMessage());
        }
        Map<String, TableName> reads = new LinkedHashMap<>();
        Map<String, TableName> writes = new LinkedHashMap<>();
        Map<String, TableName> created = new LinkedHashMap<>();
        List<ColumnJoin> joins = new ArrayList<>();
        for (Statement statement : statements) {
            try {
                analyse(statement, reads, writes, joins);
                for (Table t : creates(statement)) {
                    TableName name = tableName(t);
                    created.putIfAbsent(name.written(), name);
                }
            } catch (RuntimeException | StackOverflowError e) {
                return new ParsedQuery.Unparsable("cannot analyse " + kind(statement) + ": " + reason(e));
            }
        }
        return new ParsedQuery.Tables(new ArrayList<>(reads.values()), new ArrayList<>(writes.values()),
                new ArrayList<>(created.values()), joins);
    }

    /**
     * For each table {@code sql} fills from a query ({@code INSERT ... SELECT} with or without a column
     * list, {@code CREATE TABLE ... AS}, {@code SELECT ... INTO}) or from other tables ({@code UPDATE ... SET}
     * from {@code FROM}, a join or a scalar subquery; {@code MERGE}'s {@code UPDATE SET} and {@code INSERT
     * VALUES} from its {@code USING} relation), the source columns of each of its columns (see
     * {@link WrittenColumns}); the written table's own columns are never its sources. {@code catalog} expands {@code *} and gives the target columns of
     * an {@code INSERT} without a list; what cannot be traced is left out. Never throws: a text that does
     * not parse, or a statement the tracing does not cover, has none.
     *
     * @param sql one statement or several separated by {@code ;}; may be null
     */
    public List<WrittenColumns> columnLineage(String sql, ColumnCatalog catalog) {
        if (sql == null || sql.isBlank()) {
            return List.of();
        }
        Statements statements;
        try {
            statements = read(sql);
        } catch (Unreadable e) {
            return List.of();
        }
        ColumnTracer tracer = new ColumnTracer(catalog);
        List<WrittenColumns> out = new ArrayList<>();
        for (Statement statement : statements) {
            try {
                out.addAll(tracer.written(statement));
            } catch (RuntimeException | StackOverflowError e) {
                // A form the tracing does not cover: that statement has no column lineage, its tables keep theirs.
            }
        }
        return out;
    }

    /** Why a text could not be read, as {@link ParsedQuery.Unparsable#reason()} says it. */
    private static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The statements of {@code sql}, never empty. */
    /**
     * A typed literal whose constant a query log replaced by a parameter ({@code date '2024-03-01'} becomes
     * {@code date $1} in pg_stat_statements), which the parser does not read as a literal.
     */
    private static final java.util.regex.Pattern TYPED_PARAMETER = java.util.regex.Pattern.compile(
            "(?i)\\b(date|time|timetz|timestamp|timestamptz|interval)\\s+(\\$\\d+)");

    private Statements read(String sql) throws Unreadable {
        Statements statements;
        try {
            statements = statements(sql, false);
        } catch (JSQLParserException e) {
            java.util.regex.Matcher typed = TYPED_PARAMETER.matcher(sql);
            if (typed.find() && !timedOut(e)) {
                // The same literal as a cast, which reads the same tables and columns.
                try {
                    return read(typed.replaceAll("CAST($2 AS $1)"));
                } catch (Unreadable again) {
                    throw new Unreadable(reason(e));
                }
            }
            if (!sql.contains("[") || timedOut(e)) {
                throw new Unreadable(reason(e));
            }
            // [dbo].[t] (SQL Server, Sybase) reads as array access unless asked for; arrays stay the default.
            try {
                statements = statements(sql, true);
            } catch (JSQLParserException | RuntimeException | StackOverflowError again) {
                throw new Unreadable(reason(e));
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new Unreadable("parser error: " + reason(e));
        }
        if (statements == null || statements.isEmpty()) {
            throw new Unreadable("no statement found");
        }
        return statements;
    }

    private Statements statements(String sql, boolean squareBracketQuotes) throws JSQLParserException {
        return CCJSqlParserUtil.parseStatements(sql,
                parser -> parser.withTimeOut(timeoutMillis).withSquareBracketQuotation(squareBracketQuotes));
    }

    private static void analyse(Statement statement, Map<String, TableName> reads, Map<String, TableName> writes,
                                List<ColumnJoin> joins) {
        if (!movesRows(statement)) {
            return; // COMMENT ON, ALTER, DROP, GRANT, SET, ...: they name tables but read and write no rows
        }
        List<Table> targets = targets(statement);
        Finder finder = new Finder();
        Set<String> found;
        try {
            found = finder.getTables(statement);
        } catch (UnsupportedOperationException e) {
            // A form JSqlParser's walker does not cover: the targets stay writes, nothing is a read.
            found = Set.of();
        }
        Map<String, Integer> targetOccurrences = new HashMap<>();
        for (Table t : targets) {
            TableName name = tableName(t);
            writes.putIfAbsent(name.written(), name);
            targetOccurrences.merge(name.written(), 1, Integer::sum);
        }
        for (String written : finder.inOrder()) {
            if (!found.contains(written)) {
                continue; // the name of a common table expression
            }
            // A target is also a read only when the statement names it again (INSERT INTO t ... FROM t).
            if (finder.occurrences(written) > targetOccurrences.getOrDefault(written, 0)) {
                reads.putIfAbsent(written, tableName(finder.table(written)));
            }
        }
        // Only joins between tables: a common table expression's name is not one.
        for (ColumnJoin join : finder.joins()) {
            if (found.contains(join.left().table().written()) && found.contains(join.right().table().written())) {
                joins.add(join);
            }
        }
    }

    /** Whether a statement reads or writes table rows: queries, DML, CREATE TABLE / VIEW. */
    private static boolean movesRows(Statement statement) {
        return statement instanceof Select || statement instanceof Insert || statement instanceof Update
                || statement instanceof Delete || statement instanceof Merge || statement instanceof CreateTable
                || statement instanceof CreateView || statement instanceof Truncate
                || statement instanceof net.sf.jsqlparser.statement.upsert.Upsert;
    }

    /** The tables a statement creates or changes. */
    private static List<Table> targets(Statement statement) {
        List<Table> out = new ArrayList<>();
        if (statement instanceof Insert insert) {
            out.add(insert.getTable());
        } else if (statement instanceof Update update) {
            out.add(update.getTable());
        } else if (statement instanceof Delete delete) {
            if (delete.getTables() != null && !delete.getTables().isEmpty()) {
                out.addAll(delete.getTables()); // DELETE t1, t2 FROM ... (MySQL)
            } else {
                out.add(delete.getTable());
            }
        } else if (statement instanceof Merge merge) {
            out.add(merge.getTable());
        } else if (statement instanceof CreateTable create) {
            out.add(create.getTable());
        } else if (statement instanceof CreateView view) {
            out.add(view.getView());
        } else if (statement instanceof net.sf.jsqlparser.statement.upsert.Upsert upsert) {
            out.add(upsert.getTable());
        } else if (statement instanceof Truncate truncate) {
            out.addAll(truncate.getTables() != null ? truncate.getTables() : List.of(truncate.getTable()));
        } else if (statement instanceof PlainSelect plain) {
            // SELECT ... INTO new_table FROM ... creates a table, like CREATE TABLE AS.
            if (plain.getIntoTables() != null) {
                out.addAll(plain.getIntoTables());
            }
        }
        out.removeIf(t -> t == null);
        return out;
    }

    /** The tables a statement brings into being: CREATE TABLE / VIEW and SELECT ... INTO targets. */
    private static List<Table> creates(Statement statement) {
        if (statement instanceof CreateTable || statement instanceof CreateView
                || statement instanceof PlainSelect plain && plain.getIntoTables() != null) {
            return targets(statement);
        }
        return List.of();
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String kind(Statement statement) {
        return statement == null ? "statement" : statement.getClass().getSimpleName();
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        // Where the parser stopped, without the list of tokens it expected instead (JSqlParser's "Was expecting"),
        // and without the literal it stopped at: a query log's literal may be a password.
        String line = message == null ? t.getClass().getSimpleName()
                : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").replaceFirst("^([\\w.$]+Exception: )+", "")
                .replaceFirst("(?s)[.,;]?\\s*\\b(Was expecting|Expected)\\b.*$", "").replaceAll("'(?:[^']|'')*'?", "'…'")
                // Without the grammar's token names ("$1" <S_PARAMETER>): they mean nothing to a user.
                .replaceAll("\\s*<[A-Z_]+>", "").trim();
        return line.length() > REASON_LENGTH ? line.substring(0, REASON_LENGTH) + "..." : line;
    }

    /** A {@link Table} as a {@link TableName}: parts unquoted, the written form kept. */
    static TableName tableName(Table table) {
        return new TableName(unquote(table.getDatabaseName()), unquote(table.getSchemaName()),
                unquote(table.getName()), table.getFullyQualifiedName());
    }

    /** Removes SQL's delimiters: "x" (doubled quotes inside), `x` and [x]. */
    static String unquote(String part) {
        if (part == null || part.isEmpty()) {
            return null;
        }
        int last = part.length() - 1;
        if (part.length() >= 2 && part.charAt(0) == '"' && part.charAt(last) == '"') {
            return part.substring(1, last).replace("\"\"", "\"");
        }
        if (part.length() >= 2 && part.charAt(0) == '`' && part.charAt(last) == '`') {
            return part.substring(1, last).replace("``", "`");
        }
        if (part.length() >= 2 && part.charAt(0) == '[' && part.charAt(last) == ']') {
            return part.substring(1, last);
        }
        return part;
    }

    /**
     * JSqlParser's walker, which already leaves out the names of common table expressions; it also
     * remembers each name's {@link Table} and how many times the statement names it.
     */
    private static final class Finder extends TablesNamesFinder<Void> {

        private final Map<String, Table> tables = new LinkedHashMap<>();
        private final Map<String, Integer> occurrences = new HashMap<>();
        private final ColumnTracer tracer = new ColumnTracer(ColumnCatalog.NONE);
        private final List<ColumnJoin> joins = new ArrayList<>();

        /** Every SELECT of the statement, subqueries included, passes here: its joins are noted on the way. */
        @Override
        public <S> Void visit(PlainSelect plainSelect, S context) {
            joins.addAll(tracer.joins(plainSelect));
            return super.visit(plainSelect, context);
        }

        /** The join conditions of every SELECT met, tables as written (common table expressions included). */
        List<ColumnJoin> joins() {
            return joins;
        }

        @Override
        protected String extractTableName(Table table) {
            String name = super.extractTableName(table);
            tables.putIfAbsent(name, table);
            occurrences.merge(name, 1, Integer::sum);
            return name;
        }

        /** Every name met, CTE names included, in the order the walker met them. */
        Set<String> inOrder() {
            return tables.keySet();
        }

        Table table(String name) {
            return tables.get(name);
        }

        int occurrences(String name) {
            return occurrences.getOrDefault(name, 0);
        }
    }
}
