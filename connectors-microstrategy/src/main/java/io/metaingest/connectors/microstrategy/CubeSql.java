package io.metaingest.connectors.microstrategy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads the warehouse tables out of the SQL a cube runs. MicroStrategy's SQL view is not one
 * statement: it may hold several passes, create and drop intermediate tables, and end with a
 * bracketed "Analytical engine calculation steps" note. The note is cut, each statement is parsed,
 * and tables the SQL creates itself are not sources.
 */
final class CubeSql {

    private CubeSql() {
    }

    /**
     * The source tables, each as its name parts ({@code [database, schema, table]} when fully
     * qualified), quotes removed, sorted by name so that runs are reproducible.
     *
     * @throws JSQLParserException when the SQL cannot be parsed
     */
    static List<List<String>> sourceTables(String sql) throws JSQLParserException {
        Statements statements = CCJSqlParserUtil.parseStatements(withoutEngineNotes(sql));
        Set<String> created = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        for (Statement statement : statements) {
            if (statement instanceof Drop) {
                continue;
            }
            if (statement instanceof CreateTable create) {
                created.add(normalize(create.getTable().getFullyQualifiedName()));
                if (create.getSelect() == null) {
                    continue;
                }
            }
            for (String table : new TablesNamesFinder<Void>().getTables(statement)) {
                sources.add(normalize(table));
            }
        }
        sources.removeAll(created);
        Map<String, List<String>> sorted = new TreeMap<>();
        for (String name : sources) {
            List<String> parts = parts(name);
            sorted.put(String.join(".", parts), parts);
        }
        return List.copyOf(sorted.values());
    }

    /** Removes bracketed engine notes ("[Analytical engine calculation steps: ...]") and pass headers. */
    static String withoutEngineNotes(String sql) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean lineStart = true;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (depth == 0 && lineStart && c == '[') {
                depth = 1;
                continue;
            }
            if (depth > 0) {
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                continue;
            }
            out.append(c);
            if (c == '\n') {
                lineStart = true;
            } else if (!Character.isWhitespace(c)) {
                lineStart = false;
            }
        }
        return out.toString().strip();
    }

    private static String normalize(String name) {
        return name.strip();
    }

    /** Splits {@code a.b.c} on dots outside quotes and strips the quotes of each part. */
    static List<String> parts(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    part.append(c);
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == '.') {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        return List.copyOf(parts);
    }
}
