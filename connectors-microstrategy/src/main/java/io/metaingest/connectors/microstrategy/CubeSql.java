package io.metaingest.connectors.microstrategy;

import io.metaingest.toolkit.sql.ParsedQuery;
import io.metaingest.toolkit.sql.QueryParser;
import io.metaingest.toolkit.sql.TableName;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the warehouse tables out of the SQL a cube runs. MicroStrategy's SQL view is not one
 * statement: it may hold several passes, create and drop intermediate tables, and end with a
 * bracketed "Analytical engine calculation steps" note. The note is cut here; the toolkit's
 * {@link QueryParser} reads the statements, and tables the SQL creates itself are not sources
 * ({@link ParsedQuery.Tables#sources()}).
 */
final class CubeSql {

    private static final QueryParser PARSER = new QueryParser();

    private CubeSql() {
    }

    /**
     * The source tables, each as its name parts ({@code [database, schema, table]} when fully
     * qualified), quotes removed, sorted by name so that runs are reproducible.
     *
     * @throws UnparsableSqlException when the SQL cannot be parsed
     */
    static List<List<String>> sourceTables(String sql) throws UnparsableSqlException {
        ParsedQuery parsed = PARSER.parse(withoutEngineNotes(sql));
        if (parsed instanceof ParsedQuery.Unparsable unparsable) {
            throw new UnparsableSqlException(unparsable.reason());
        }
        Map<String, List<String>> sorted = new TreeMap<>();
        for (TableName table : ((ParsedQuery.Tables) parsed).sources()) {
            sorted.put(String.join(".", table.parts()), table.parts());
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

    /** A cube's SQL that the parser cannot read; the message is the parser's one-line reason. */
    static final class UnparsableSqlException extends Exception {

        private static final long serialVersionUID = 1L;

        UnparsableSqlException(String reason) {
            super(reason);
        }
    }
}
