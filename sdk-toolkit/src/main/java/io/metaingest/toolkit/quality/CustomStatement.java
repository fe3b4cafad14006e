package io.metaingest.toolkit.quality;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tableCustomSQLQuery}'s {@code sqlExpression} made ready to be read as a sub-query: without what
 * may end it (semicolons, comments, white space), which inside parentheses would break valid SQL (a final
 * {@code -- comment} swallowed the closing parenthesis). Strings ({@code '...'}, {@code E'...'},
 * {@code $tag$...$tag$}), quoted names and comments are skipped as a whole, so a {@code ;} or {@code --}
 * inside them is text. A second statement after a {@code ;} is refused: it could not be one sub-query.
 */
final class CustomStatement {

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z_0-9]*)?\\$");

    private CustomStatement() {
    }

    /**
     * The statement of {@code sql} without its end.
     *
     * @throws BadParameterException when {@code sql} holds more than one statement
     */
    static String body(String sql, String testCase) throws BadParameterException {
        int n = sql.length();
        int end = 0;
        boolean ended = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && next == '-') {
                int line = sql.indexOf('\n', i);
                i = line < 0 ? n : line + 1;
            } else if (c == '/' && next == '*') {
                i = commentEnd(sql, i);
            } else if (c == ';') {
                ended = true;
                i++;
            } else {
                if (ended) {
                    throw new BadParameterException("tableCustomSQLQuery test case " + testCase + ": its sqlExpression"
                            + " holds more than one statement (another begins after a ';': "
                            + shown(sql.substring(i)) + "); write one SELECT");
                }
                i = tokenEnd(sql, i);
                end = i;
            }
        }
        return sql.substring(0, end);
    }

    /** Where the token starting at {@code i} ends: a whole string, quoted name or dollar-quoted text, else one character. */
    private static int tokenEnd(String sql, int i) {
        char c = sql.charAt(i);
        char before = i > 0 ? sql.charAt(i - 1) : 0;
        if (c == '\'') {
            // E'...' escapes with backslashes; a plain string only doubles its quote.
            boolean escapes = (before == 'E' || before == 'e') && (i < 2 || !nameChar(sql.charAt(i - 2)));
            return quoteEnd(sql, i, '\'', escapes);
        }
        if (c == '"') {
            return quoteEnd(sql, i, '"', false);
        }
        if (c == '$' && !nameChar(before)) {
            Matcher tag = DOLLAR_TAG.matcher(sql).region(i, sql.length());
            if (tag.lookingAt()) {
                int close = sql.indexOf(tag.group(), tag.end());
                return close < 0 ? sql.length() : close + tag.group().length();
            }
        }
        return i + 1;
    }

    private static int quoteEnd(String sql, int start, char quote, boolean escapes) {
        int j = start + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (escapes && c == '\\') {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    return j + 1;
                }
            } else {
                j++;
            }
        }
        return sql.length(); // unclosed: the server says so
    }

    /** The end of the (nested, as PostgreSQL and the standard nest them) block comment at {@code start}. */
    private static int commentEnd(String sql, int start) {
        int depth = 0;
        int j = start;
        while (j + 1 < sql.length()) {
            if (sql.charAt(j) == '/' && sql.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else if (sql.charAt(j) == '*' && sql.charAt(j + 1) == '/') {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return sql.length();
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** A statement as a one-line message shows it: its white space as single spaces, at most 200 characters. */
    static String shown(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
